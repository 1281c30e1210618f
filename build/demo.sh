#!/usr/bin/env bash
# The main job: deploy samples/Api to the embedded default target (the local Docker engine, a one-node swarm)
# with `dotnet publish -t:SuperDeploy`, then show it answering through the Caddy edge.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"

bash build/env.sh up
# shellcheck disable=SC1091
source "${SUPERDEPLOY_ENV_STATE:-/var/tmp/superdeploy-env}/env"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_CLI_USE_MSBUILD_SERVER=0

bash build/pack.sh

# Nothing can be pulled from Docker Hub or MCR here: use the offline stand-ins env.sh built.
# MSBuild reads environment variables as properties, so these reach the project like -p: would.
export ContainerBaseImage="$SUPERDEPLOY_TEST_ASPNET_IMAGE"
export SuperDeployCaddyImage="$SUPERDEPLOY_TEST_CADDY_IMAGE"

echo
echo "== dotnet publish -t:SuperDeploy (samples/Api)"
dotnet publish samples/Api -t:SuperDeploy -nodeReuse:false

echo
echo "== curl -H 'Host: api.demo.localhost' http://127.0.0.1/  (three requests, answered by both web replicas)"
for _ in 1 2 3; do
  curl -fsS --max-time 5 -H 'Host: api.demo.localhost' http://127.0.0.1/
  echo
done

echo
echo "== dotnet build -t:SuperDeployPs (samples/Api)"
dotnet build samples/Api -t:SuperDeployPs -nodeReuse:false -v:m -nologo | grep -v -e '^\s*$' -e 'Build succeeded' -e 'Warning(s)' -e 'Error(s)' -e 'Time Elapsed'
echo
echo "Stop the app: docker stack rm api demo-edge    Stop the environment: bash build/env.sh down"
