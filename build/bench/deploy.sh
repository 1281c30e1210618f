#!/usr/bin/env bash
# Deploy benchmark: SuperDeploy against the bare floor, both sides alternating in one run against the local engine
# (build/env.sh: one-node swarm, registry 127.0.0.1:5000), with names unique to the run and everything removed at the end.
#   (a) redeploy of a one-line change of samples/Api (AppVersion.cs) until every replica is healthy:
#       `dotnet publish -t:SuperDeploy` vs the same image build+push (`dotnet publish -t:PublishContainer`, same
#       properties) + a bare `docker stack deploy` of the generated stack with the new image + a poll until converged.
#   (b) redeploy with nothing changed: `dotnet publish -t:SuperDeploy`, whole and the deploy task alone; no container
#       may restart (the container ids of every service before and after must be equal, else the script fails). Its
#       floor is what `dotnet publish` alone costs with nothing changed (CLI, restore, evaluation, incremental build):
#       `dotnet publish -t:SuperDeploy` always runs the Publish target too.
#   (c) SuperDeployScale web 2 -> 5 until converged vs `docker service scale --detach=false`.
# Prints markdown rows `| measurement | floor | SuperDeploy | ratio | goal |`. ROUNDS (default 3) alternating rounds.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
source "$here/lib.sh"
rounds=${ROUNDS:-3}

envfile=/var/tmp/superdeploy-env/env
[ -f "$envfile" ] || { echo "deploy benchmark: $envfile is missing; run 'sudo bash build/env.sh up' first" >&2; exit 1; }
source "$envfile"
export DOTNET_CLI_USE_MSBUILD_SERVER=0 MSBUILDDISABLENODEREUSE=1 DOTNET_NOLOGO=1 DOTNET_CLI_TELEMETRY_OPTOUT=1
unset DOCKER_HOST DOCKER_CONTEXT MSBUILD_EXE_PATH MSBuildExtensionsPath MSBuildSDKsPath

id=$(head -c 32 /dev/urandom | md5sum | cut -c1-6)
project=bench-$id
sd=bsd-$id        # the app SuperDeploy deploys
floor=bfl-$id     # the same app deployed by hand
registry=$SUPERDEPLOY_TEST_REGISTRY
work=$(mktemp -d /tmp/superdeploy-bench-XXXXXX)
log=$work/log
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }
http_port=$(free_port); https_port=$(free_port)

cleanup() {
  set +e
  for stack in "$sd" "$floor" "$project-edge"; do docker stack rm "$stack" >/dev/null 2>&1; done
  for _ in $(seq 60); do
    [ -z "$(docker ps -aq --filter "label=com.docker.stack.namespace=$sd" --filter "label=com.docker.stack.namespace=$floor")$(docker ps -aq --filter "label=com.docker.stack.namespace=$project-edge")" ] && break
    sleep 1
  done
  docker ps -aq --filter "label=com.docker.swarm.service.name=$sd-release" | xargs -r docker rm -f >/dev/null 2>&1
  docker network rm "$project-net" >/dev/null 2>&1
  docker volume ls -q --filter "name=$project-edge" | xargs -r docker volume rm >/dev/null 2>&1
  docker config ls --format '{{.Name}}' | grep -E "^($project-edge-caddyfile|superdeploy-release-$sd-|superdeploy-lock-$sd\$)" | xargs -r docker config rm >/dev/null 2>&1
  docker image ls --format '{{.Repository}}:{{.Tag}}' | grep -E "/$project/" | xargs -r docker image rm >/dev/null 2>&1
  rm -rf "$work"
}
trap cleanup EXIT

fail() { echo "deploy benchmark: $*" >&2; [ -f "$log" ] && tail -60 "$log" >&2; exit 1; }

# --- the two copies of samples/Api, on a freshly packed SDK ---------------------------------------------------------
version="0.1.0-bench.$(date -u +%Y%m%d%H%M%S).$id"
bash "$root/build/pack.sh" "$version" "$work/feed" >"$log" 2>&1 || fail "build/pack.sh failed"
for side in sd floor; do
  mkdir -p "$work/$side/Api"
  cp -r "$root/samples/Api/." "$work/$side/Api/"
  rm -rf "$work/$side/Api/bin" "$work/$side/Api/obj" "$work/$side/Api/.github" "$work/$side/Api/.superdeploy"
  use_packed_sdk "$work/$side" "$version" "$work/feed"
done
# SuperDeploy's side is a git repository: a commit is the image tag, as for a user who commits, then deploys.
git -C "$work/sd" init -q
printf 'bin/\nobj/\n' >"$work/sd/.gitignore"
commit() { git -C "$work/sd" add -A && git -C "$work/sd" -c user.name=bench -c user.email=bench@localhost commit -qm "$1"; }

common=(-nologo -nodeReuse:false -tl:off "-p:SuperDeployProject=$project" "-p:ContainerBaseImage=$SUPERDEPLOY_TEST_ASPNET_IMAGE"
  "-p:SuperDeployCaddyImage=$SUPERDEPLOY_TEST_CADDY_IMAGE" "-p:SuperDeployEdgeHttpPort=$http_port" "-p:SuperDeployEdgeHttpsPort=$https_port")
sd_args=("${common[@]}" "-p:SuperDeployApp=$sd" "-p:SuperDeployRegistry=$registry")
floor_args=("${common[@]}" "-p:SuperDeployApp=$floor" "-p:ContainerRegistry=$registry" "-p:ContainerRepository=$project/$floor")
ssh_args=("-p:SuperDeployHost=$SUPERDEPLOY_TEST_SSH_TARGET" "-p:SuperDeploySshPort=$SUPERDEPLOY_TEST_SSH_PORT"
  "-p:SuperDeploySshIdentityFile=$SUPERDEPLOY_TEST_SSH_IDENTITY" "-p:SuperDeployKnownHostsFile=$SUPERDEPLOY_TEST_KNOWN_HOSTS")

set_version() { sed -i "s/Value = \"[^\"]*\"/Value = \"$2\"/" "$work/$1/Api/AppVersion.cs"; }

sd_deploy() { (cd "$work/sd/Api" && dotnet publish -t:SuperDeploy "${sd_args[@]}" "$@"); }
sd_scale() { (cd "$work/sd/Api" && dotnet msbuild -t:SuperDeployScale "-p:Scale=web=$1" "${sd_args[@]}"); }

# --- the floor: what a script without SuperDeploy does ----------------------------------------------------------------
floor_services=("${floor}_${floor}-web" "${floor}_${floor}-worker" "${floor}_${floor}-tick")

# Converged: every service has its desired tasks running, all on the new image, and its update completed.
floor_converged() {
  local image=$1 states tasks
  states=$(docker service inspect --format '{{.Spec.Name}} {{.Spec.Mode.Replicated.Replicas}} {{if .UpdateStatus}}{{.UpdateStatus.State}}{{end}}' "${floor_services[@]}") || return 1
  tasks=$(docker service ps --filter desired-state=running --format '{{.Name}} {{.CurrentState}} {{.Image}}' "${floor_services[@]}") || return 1
  awk -v image="$image" -v states="$states" '
    BEGIN { n = split(states, lines, "\n"); for (i = 1; i <= n; i++) { split(lines[i], f, " "); desired[f[1]] = f[2]; state[f[1]] = f[3] } }
    { service = $1; sub(/\.[^.]*$/, "", service); all[service]++; if ($2 == "Running" && index($NF, image) == 1) ok[service]++ }
    END { for (s in desired) if (all[s] != desired[s] || ok[s] != desired[s] || (state[s] != "" && state[s] != "completed")) exit 1 }
  ' <<<"$tasks"
}

floor_deploy() {
  local tag=$1 image="$registry/$project/$floor:$1"
  (cd "$work/floor/Api" && dotnet publish -t:PublishContainer "${floor_args[@]}" "-p:ContainerImageTag=$tag") || return 1
  sed "s|image: .*$project/$floor:build|image: $image|" "$work/floor/Api/obj/superdeploy/stack.yml" \
    | docker stack deploy --compose-file - --prune --with-registry-auth --resolve-image always --detach=true "$floor" || return 1
  local deadline=$(( SECONDS + 300 ))
  until floor_converged "$image"; do
    (( SECONDS < deadline )) || { echo "the floor's services did not converge on $image within 300 s" >&2; return 1; }
    sleep 0.5
  done
}

# timed OUT CMD...: runs CMD with its output in $log (fails the script when CMD fails), sets OUT to its wall time in ms.
timed() {
  local -n into=$1; shift
  local start end
  start=$(now_ms)
  "$@" >"$log" 2>&1 || fail "failed: $*"
  end=$(now_ms)
  into=$(( end - start ))
}

# The "✓ <step> (x.y s)" line of a deploy's output, in ms (0 when absent).
step_ms() { sed -n "s/.*✓ $1[^(]*(\([0-9.]*\) s).*/\1/p" "$log" | head -n1 | awk '{ printf "%d", $1 * 1000 }'; }

# MSBuild's task performance summary: the time of one task, in ms.
task_ms() { awk -v task="$1" '$3 == task && $2 == "ms" { printf "%d", $1 }' "$log" | head -n1; }

containers() { docker ps -q --no-trunc --filter "label=com.docker.stack.namespace=$sd" | sort; }

# --- first deploys (not timed): network, edge, both apps running v0 -------------------------------------------------
set_version sd v0; set_version floor v0; commit v0
timed first_sd sd_deploy
(cd "$work/floor/Api" && dotnet build "${floor_args[@]}") >"$log" 2>&1 || fail "building the floor's stack file failed"
timed first_floor floor_deploy f0

a_floor=(); a_sd=(); a_sd_release=(); b_floor=(); b_whole=(); b_task=(); b_find=(); b_ssh=(); c_floor=(); c_sd=()
for round in $(seq "$rounds"); do
  # (a) one-line change, alternating which side goes first.
  set_version floor "v$round"; set_version sd "v$round"; commit "v$round"
  sd_side() {
    timed t sd_deploy; a_sd+=("$t"); a_sd_release+=("$(step_ms release)")
    grep -q "✓ healthy" "$log" || fail "the redeploy did not wait for healthy replicas"
  }
  if (( round % 2 )); then
    timed t floor_deploy "f$round"; a_floor+=("$t")
    sd_side
  else
    sd_side
    timed t floor_deploy "f$round"; a_floor+=("$t")
  fi

  # (b) nothing changed: no image build, no restart.
  before=$(containers)
  timed t bash -c "cd '$work/sd/Api' && dotnet publish -nologo -nodeReuse:false -tl:off"; b_floor+=("$t")
  timed t sd_deploy -clp:PerformanceSummary; b_whole+=("$t")
  b_task+=("$(task_ms SuperDeployDeployApp)"); b_find+=("$(task_ms SuperDeployFindImage)")
  grep -q "✓ unchanged" "$log" || fail "a redeploy with nothing changed was not recognised as unchanged"
  timed t sd_deploy "${ssh_args[@]}"; b_ssh+=("$t")
  after=$(containers)
  [ "$before" == "$after" ] || fail "a redeploy with nothing changed restarted containers: $(comm -3 <(echo "$before") <(echo "$after") | wc -l) differ"
done

# (c) scale web 2 -> 5 until converged, back to 2 in between (not timed).
for round in $(seq "$rounds"); do
  timed t docker service scale --detach=false "${floor}_${floor}-web=5"; c_floor+=("$t")
  docker service scale --detach=false "${floor}_${floor}-web=2" >/dev/null 2>&1
  timed t sd_scale 5; c_sd+=("$t")
  grep -q "✓ scale $sd:web 2 → 5" "$log" || fail "SuperDeployScale did not report web 2 → 5"
  docker service scale --detach=false "${sd}_${sd}-web=2" >/dev/null 2>&1
done

m_a_floor=$(median "${a_floor[@]}"); m_a_sd=$(median "${a_sd[@]}")
without_release=(); for i in "${!a_sd[@]}"; do without_release+=("$(( a_sd[i] - a_sd_release[i] ))"); done
m_a_norel=$(median "${without_release[@]}"); m_release=$(median "${a_sd_release[@]}")
m_c_floor=$(median "${c_floor[@]}"); m_c_sd=$(median "${c_sd[@]}")
echo "| measurement (median of $rounds alternating rounds, local engine) | floor | SuperDeploy | ratio | goal |"
echo "|---|---|---|---|---|"
echo "| redeploy of a one-line change of samples/Api until every replica is healthy | ${m_a_floor} ms | ${m_a_sd} ms | $(ratio "$m_a_sd" "$m_a_floor") | ≤ 1.15 |"
echo "| the same without SuperDeploy's release step (${m_release} ms; the floor runs no release) | ${m_a_floor} ms | ${m_a_norel} ms | $(ratio "$m_a_norel" "$m_a_floor") | — |"
m_b_floor=$(median "${b_floor[@]}"); m_b_whole=$(median "${b_whole[@]}")
echo "| redeploy with nothing changed: \`dotnet publish -t:SuperDeploy\` (floor: plain \`dotnet publish\`) | ${m_b_floor} ms | ${m_b_whole} ms | $(ratio "$m_b_whole" "$m_b_floor") | ≤ 3000 ms |"
echo "| redeploy with nothing changed: the deploy task alone (SuperDeployDeployApp) | — | $(median "${b_task[@]}") ms | — | — |"
echo "| redeploy with nothing changed: the registry check of the tag (SuperDeployFindImage) | — | $(median "${b_find[@]}") ms | — | — |"
echo "| redeploy with nothing changed, over SSH (127.0.0.1:2222) | — | $(median "${b_ssh[@]}") ms | — | — |"
echo "| containers restarted by the redeploys with nothing changed | — | 0 | — | 0 |"
echo "| scale web 2 → 5 until converged | ${m_c_floor} ms | ${m_c_sd} ms | $(ratio "$m_c_sd" "$m_c_floor") | ≤ 1.10 |"
