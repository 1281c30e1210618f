#!/usr/bin/env bash
# Redeploy under load: samples/Api (2 web replicas) deployed over SSH to the local swarm behind its own Caddy edge;
# a client (2 workers, build/bench/LoadBench = the end-to-end tests' LoadClient) measures steady state, then keeps
# sending requests through Caddy while v2 is deployed. One run, both sides measured by the same client.
# Prints markdown rows: failed requests out of the total during the redeploy (goal 0), p99 latency during the
# redeploy against steady state (goal ratio <= 2). Needs build/env.sh up; cleans up what it deployed.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
source "$here/lib.sh"
# shellcheck disable=SC1091
source "${SUPERDEPLOY_ENV_STATE:-/var/tmp/superdeploy-env}/env"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_CLI_USE_MSBUILD_SERVER=0 MSBUILDDISABLENODEREUSE=1

id=$(head -c 3 /dev/urandom | od -An -tx1 | tr -d ' \n')
project=bench-$id
app=load-$id
host=$app.bench.localhost
work=$(mktemp -d /tmp/superdeploy-bench-load-XXXXXX)
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }
http_port=$(free_port)
https_port=$(free_port)

cleanup() {
  docker stack rm "$app" "$project-edge" >/dev/null 2>&1 || true
  for _ in $(seq 60); do
    [ -z "$(docker ps -aq --filter "label=com.docker.stack.namespace=$app")$(docker ps -aq --filter "label=com.docker.stack.namespace=$project-edge")" ] && break
    sleep 1
  done
  docker network rm "$project-net" >/dev/null 2>&1 || true
  docker volume ls -q --filter "name=$project-edge" | xargs -r docker volume rm >/dev/null 2>&1 || true
  docker config ls -q --filter "name=$project-edge-caddyfile" | xargs -r docker config rm >/dev/null 2>&1 || true
  docker config ls -q --filter "name=superdeploy-release-$app-" | xargs -r docker config rm >/dev/null 2>&1 || true
  docker image ls -q "$SUPERDEPLOY_TEST_REGISTRY/$project/$app" | xargs -r docker image rm -f >/dev/null 2>&1 || true
  rm -rf "$work"
}
trap cleanup EXIT

version="0.1.0-bench.$(date -u +%Y%m%d%H%M%S).$id"
bash "$root/build/pack.sh" "$version" "$work/feed" >/dev/null
cp -r "$root/samples/Api" "$work/Api"
rm -rf "$work/Api/bin" "$work/Api/obj"
sed -i "s|<SuperDeployDomain>api.demo.localhost</SuperDeployDomain>|<SuperDeployDomain>$host</SuperDeployDomain>|" "$work/Api/Api.csproj"
use_packed_sdk "$work" "$version" "$work/feed"

deploy() { # $1 = tag
  dotnet publish "$work/Api" -t:SuperDeploy -nologo -nodeReuse:false -tl:off \
    -p:SuperDeployProject="$project" -p:SuperDeployApp="$app" -p:SuperDeployImageTag="$1" \
    -p:SuperDeployHost="$SUPERDEPLOY_TEST_SSH_TARGET" -p:SuperDeploySshPort="$SUPERDEPLOY_TEST_SSH_PORT" \
    -p:SuperDeploySshIdentityFile="$SUPERDEPLOY_TEST_SSH_IDENTITY" -p:SuperDeployKnownHostsFile="$SUPERDEPLOY_TEST_KNOWN_HOSTS" \
    -p:ContainerBaseImage="$SUPERDEPLOY_TEST_ASPNET_IMAGE" -p:SuperDeployRegistry="$SUPERDEPLOY_TEST_REGISTRY" \
    -p:SuperDeployCaddyImage="$SUPERDEPLOY_TEST_CADDY_IMAGE" \
    -p:SuperDeployEdgeHttpPort="$http_port" -p:SuperDeployEdgeHttpsPort="$https_port" >"$work/deploy-$1.log" 2>&1 \
    || { echo "deploy $1 failed:" >&2; cat "$work/deploy-$1.log" >&2; exit 1; }
}

deploy v1
# Build the client first, so its compile does not overlap the measurement.
dotnet build "$here/LoadBench" -c Release -nologo -v:q -nodeReuse:false >/dev/null
sed -i 's/"v1"/"v2"/' "$work/Api/AppVersion.cs"
dotnet "$here/LoadBench/bin/Release/net10.0/LoadBench.dll" "http://127.0.0.1:$http_port/" "$host" "${STEADY_REQUESTS:-2000}" \
  "$work/ready" "$work/stop" >"$work/rows.md" 2>"$work/load.log" &
load=$!
for _ in $(seq 600); do [ -e "$work/ready" ] || ! kill -0 "$load" 2>/dev/null && break; sleep 0.5; done
[ -e "$work/ready" ] || { echo "the load client did not start:" >&2; cat "$work/load.log" >&2; exit 1; }
deploy v2
touch "$work/stop"
wait "$load" || { echo "the load client failed:" >&2; cat "$work/load.log" >&2; exit 1; }
cat "$work/rows.md"
sed 's/^/<!-- /; s/$/ -->/' "$work/load.log"
