#!/usr/bin/env bash
# Runs every test tier, in order: unit, agent, build integration, end to end on the real engine.
# Sets up what the tests need first (build/env.sh: Docker engine in swarm mode, registry, sshd, images, validators).
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"

bash build/env.sh up
# shellcheck disable=SC1091
source "${SUPERDEPLOY_ENV_STATE:-/var/tmp/superdeploy-env}/env"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_CLI_USE_MSBUILD_SERVER=0

dotnet build SuperDeploy.Build.sln -nologo -v:q -nodeReuse:false

log=$(mktemp)
status=0
for project in tests/SuperDeploy.Tests.Unit tests/SuperDeploy.Tests.Agent tests/SuperDeploy.Tests.Build tests/SuperDeploy.Tests.EndToEnd tests/SuperDeploy.Tests.Nodes; do
  [ -d "$project" ] || continue
  echo "== $project"
  dotnet test "$project" --no-build -nologo --logger "console;verbosity=normal" 2>&1 | tee -a "$log" || status=1
done

# One closing line for the whole run, summed over the projects' own totals ("Passed: N", "Failed: N", ...).
total() { awk -v key="$1:" '$1 == key && $2 ~ /^[0-9]+$/ {s += $2} END {print s + 0}' "$log"; }
passed=$(total Passed)
failed=$(total Failed)
skipped=$(total Skipped)
rm -f "$log"
[ "$failed" -eq 0 ] || status=1
echo "$passed passed, $failed failed, $skipped skipped"
exit "$status"
