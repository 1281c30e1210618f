#!/usr/bin/env bash
# Three test "VMs" on this machine for multi-node tests: network namespaces vm1, vm2, vm3 on a private bridge,
# each with its own Docker engine and sshd, plus the registry reachable from them. Nothing is joined into a swarm:
# that is the product's job (SuperDeployUp). The host engine and its swarm are never touched.
#
#   build/env-nodes.sh [up]   start or reuse everything, write and print $STATE/env
#   build/env-nodes.sh down   stop what this script started, forget the nodes' swarm state (cached images stay)
#   build/env-nodes.sh status show what is running
#
# Needs root and build/env.sh's registry (run `build/env.sh up` first): the nodes pull from it as 10.88.0.1:5000.
# 10.88.0.0/24 is this project's own private test network; nothing here sends traffic anywhere else.
set -euo pipefail

STATE=${SUPERDEPLOY_NODES_STATE:-/var/tmp/superdeploy-nodes}
ENV_STATE=${SUPERDEPLOY_ENV_STATE:-/var/tmp/superdeploy-env}
BRIDGE=sdnodes0
HOST_ADDRESS=10.88.0.1
PREFIX_LENGTH=24
NODES=(vm1 vm2 vm3)
declare -A ADDRESS=([vm1]=10.88.0.11 [vm2]=10.88.0.12 [vm3]=10.88.0.13)
REGISTRY=$HOST_ADDRESS:5000
MAIN_REGISTRY=127.0.0.1:5000
SSH_DIR=$STATE/ssh

export PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin:$PATH
unset DOCKER_HOST DOCKER_CONTEXT

say() { printf 'env-nodes: %s\n' "$*"; }
die() { printf 'env-nodes: error: %s\n' "$*" >&2; exit 1; }

# shellcheck source=lib/processes.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib/processes.sh"

node_dir() { echo "$STATE/$1"; }
netns_path() { echo "/var/run/netns/$1"; }
socket() { echo "$STATE/$1/docker.sock"; }
in_node() { local node=$1; shift; nsenter --net="$(netns_path "$node")" "$@"; }
node_docker() { local node=$1; shift; DOCKER_HOST="unix://$(socket "$node")" docker "$@"; }

# ---------------------------------------------------------------- network

ensure_bridge() {
  if ! ip link show "$BRIDGE" >/dev/null 2>&1; then
    ip link add "$BRIDGE" type bridge
    say "bridge: $BRIDGE created"
  fi
  ip addr show dev "$BRIDGE" | grep -qF " $HOST_ADDRESS/$PREFIX_LENGTH " ||
    ip addr add "$HOST_ADDRESS/$PREFIX_LENGTH" dev "$BRIDGE"
  ip link set "$BRIDGE" up
}

# With br_netfilter on, frames between two namespaces on the bridge pass the host's FORWARD chain, whose policy
# Docker sets to DROP: accept exactly the traffic that stays on this bridge (DOCKER-USER is the chain Docker keeps
# for rules like this one).
FORWARD_RULE=(-i "$BRIDGE" -o "$BRIDGE" -j ACCEPT)
forward_chain() { if iptables -S DOCKER-USER >/dev/null 2>&1; then echo DOCKER-USER; else echo FORWARD; fi; }

ensure_forwarding() {
  local chain
  chain=$(forward_chain)
  iptables -C "$chain" "${FORWARD_RULE[@]}" 2>/dev/null || iptables -I "$chain" "${FORWARD_RULE[@]}"
}

remove_forwarding() {
  local chain
  for chain in DOCKER-USER FORWARD; do
    while iptables -C "$chain" "${FORWARD_RULE[@]}" 2>/dev/null; do iptables -D "$chain" "${FORWARD_RULE[@]}"; done
  done
}

ensure_namespace() {
  local node=$1 address=${ADDRESS[$1]} host_end="sdn-$1"
  [[ -e $(netns_path "$node") ]] || ip netns add "$node"
  if ! in_node "$node" ip link show eth0 >/dev/null 2>&1; then
    ip link del "$host_end" >/dev/null 2>&1 || true
    ip link add "$host_end" type veth peer name "$host_end-p"
    ip link set "$host_end-p" netns "$node"
    in_node "$node" ip link set "$host_end-p" name eth0
  fi
  ip link set "$host_end" master "$BRIDGE"
  ip link set "$host_end" up
  in_node "$node" ip link set lo up
  in_node "$node" ip addr show dev eth0 | grep -qF " $address/$PREFIX_LENGTH " ||
    in_node "$node" ip addr add "$address/$PREFIX_LENGTH" dev eth0
  in_node "$node" ip link set eth0 up
  in_node "$node" ip route replace default via "$HOST_ADDRESS"
}

remove_namespace() {
  local node=$1
  ip link del "sdn-$node" >/dev/null 2>&1 || true
  if [[ -e $(netns_path "$node") ]]; then
    ip netns del "$node"
    say "$node: namespace removed"
  fi
}

# ---------------------------------------------------------------- registry (second instance, same storage)

registry_answers() { curl -fs -o /dev/null --max-time 2 "http://$1/v2/"; }

ensure_registry() {
  local main_config=$ENV_STATE/registry/config.yml root
  [[ -f $main_config ]] && registry_answers "$MAIN_REGISTRY" ||
    die "the registry of build/env.sh is not running ($MAIN_REGISTRY, $main_config); run 'bash build/env.sh up' first"
  root=$(awk '$1 == "rootdirectory:" { print $2 }' "$main_config")
  [[ -n $root ]] || die "no rootdirectory in $main_config"
  if registry_answers "$REGISTRY"; then
    say "registry: already answering on $REGISTRY"
    return
  fi
  # Same storage as the main instance, so an image pushed to $MAIN_REGISTRY is pullable as $REGISTRY/...
  # No cache section: each request reads the storage, never a stale in-memory view.
  mkdir -p "$STATE/registry"
  cat >"$STATE/registry/config.yml" <<EOF
version: 0.1
log:
  level: warn
  accesslog:
    disabled: true
storage:
  filesystem:
    rootdirectory: $root
  delete:
    enabled: true
http:
  addr: $REGISTRY
  secret: superdeploy-env-loopback-only
EOF
  start_detached "$STATE/registry.pid" "$STATE/registry.log" docker-registry serve "$STATE/registry/config.yml"
  wait_for 30 registry_answers "$REGISTRY" || die "registry did not answer on $REGISTRY within 30 s; see $STATE/registry.log"
  say "registry: started on $REGISTRY (pid $(<"$STATE/registry.pid"), storage $root)"
}

# ---------------------------------------------------------------- docker engines

docker_answers() { node_docker "$1" info >/dev/null 2>&1; }

ensure_dockerd() {
  local node=$1 dir
  dir=$(node_dir "$node")
  if docker_answers "$node"; then
    say "$node: dockerd already running (pid $(<"$dir/dockerd.pid"))"
    return
  fi
  if ! pid_alive "$dir/dockerd.pid" dockerd; then
    mkdir -p "$dir/data" "$dir/exec"
    echo '{}' >"$dir/daemon.json"
    # nsenter, not `ip netns exec` (which remounts /sys, and dockerd then finds no devices cgroup); its own UTS
    # namespace so the node's swarm host name is its name. Every path is the node's own: nothing is shared with the
    # host engine but the kernel.
    rm -f "$dir/dockerd.pid"
    start_detached - "$dir/dockerd.log" \
      nsenter --net="$(netns_path "$node")" unshare --uts sh -c 'hostname "$0" && exec "$@"' "$node" \
      dockerd --config-file "$dir/daemon.json" \
      --data-root "$dir/data" --exec-root "$dir/exec" --pidfile "$dir/dockerd.pid" \
      -H "unix://$(socket "$node")" --bridge none --iptables=false \
      --insecure-registry "$REGISTRY"
  fi
  wait_for 60 docker_answers "$node" || die "$node: dockerd did not answer within 60 s; see $dir/dockerd.log"
  say "$node: dockerd started (pid $(<"$dir/dockerd.pid"), socket $(socket "$node"))"
}

# Before stopping: leave whatever swarm the product made, so the next `up` starts from engines that joined nothing,
# and drop the containers and volumes of its tasks. Images stay.
forget_swarm() {
  local node=$1
  docker_answers "$node" || { rm -rf "$(node_dir "$node")/data/swarm"; return; }
  timeout 60 env DOCKER_HOST="unix://$(socket "$node")" docker swarm leave --force >/dev/null 2>&1 || true
  timeout 60 env DOCKER_HOST="unix://$(socket "$node")" docker container prune --force >/dev/null 2>&1 || true
  timeout 60 env DOCKER_HOST="unix://$(socket "$node")" docker volume prune --force >/dev/null 2>&1 || true
}

# ---------------------------------------------------------------- sshd per node

ensure_ssh_keys() {
  mkdir -p "$SSH_DIR"
  chmod 700 "$SSH_DIR"
  [[ -s $SSH_DIR/id_ed25519 ]] || ssh-keygen -q -t ed25519 -N '' -C superdeploy-nodes-client -f "$SSH_DIR/id_ed25519"
  cp "$SSH_DIR/id_ed25519.pub" "$SSH_DIR/authorized_keys"
  local node key
  : >"$SSH_DIR/known_hosts.new"
  for node in "${NODES[@]}"; do
    key=$(node_dir "$node")/ssh_host_ed25519_key
    mkdir -p "$(node_dir "$node")"
    [[ -s $key ]] || ssh-keygen -q -t ed25519 -N '' -C "superdeploy-nodes-$node" -f "$key"
    printf '%s %s\n' "${ADDRESS[$node]}" "$(cut -d' ' -f1,2 "$key.pub")" >>"$SSH_DIR/known_hosts.new"
  done
  mv "$SSH_DIR/known_hosts.new" "$SSH_DIR/known_hosts"
}

# Writes the node's sshd config; returns 0 if it changed.
write_sshd_config() {
  local node=$1 dir
  dir=$(node_dir "$node")
  cat >"$dir/sshd_config.new" <<EOF
# Written by build/env-nodes.sh: the sshd of test node $node; its docker talks to $node's engine.
Port 22
ListenAddress ${ADDRESS[$node]}
HostKey $dir/ssh_host_ed25519_key
PidFile $dir/sshd.pid
AuthorizedKeysFile $SSH_DIR/authorized_keys
StrictModes no
PermitRootLogin prohibit-password
PubkeyAuthentication yes
PasswordAuthentication no
KbdInteractiveAuthentication no
UsePAM yes
PrintMotd no
SetEnv PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin DOCKER_HOST=unix://$(socket "$node")
EOF
  if cmp -s "$dir/sshd_config.new" "$dir/sshd_config"; then
    rm "$dir/sshd_config.new"
    return 1
  fi
  mv "$dir/sshd_config.new" "$dir/sshd_config"
}

ssh_to() {
  local node=$1; shift
  ssh -i "$SSH_DIR/id_ed25519" -o UserKnownHostsFile="$SSH_DIR/known_hosts" -o StrictHostKeyChecking=yes \
    -o IdentitiesOnly=yes -o BatchMode=yes -o ConnectTimeout=5 "root@${ADDRESS[$node]}" "$@" </dev/null
}

ssh_docker_info() { [[ $(ssh_to "$1" docker info --format '{{.Name}}') == "$1" ]]; }

ensure_sshd() {
  local node=$1 dir changed=false
  dir=$(node_dir "$node")
  write_sshd_config "$node" && changed=true
  if pid_alive "$dir/sshd.pid" sshd; then
    if $changed; then
      /usr/sbin/sshd -t -f "$dir/sshd_config"
      kill -HUP "$(<"$dir/sshd.pid")"
    fi
    say "$node: sshd already running on ${ADDRESS[$node]}:22 (pid $(<"$dir/sshd.pid"))"
  else
    mkdir -p /run/sshd
    /usr/sbin/sshd -t -f "$dir/sshd_config"
    setsid nsenter --net="$(netns_path "$node")" /usr/sbin/sshd -f "$dir/sshd_config" -E "$dir/sshd.log" </dev/null >/dev/null 2>&1 9>&-
    wait_for 10 pid_alive "$dir/sshd.pid" sshd || die "$node: sshd did not start; see $dir/sshd.log"
    say "$node: sshd started on ${ADDRESS[$node]}:22 (pid $(<"$dir/sshd.pid"))"
  fi
  wait_for 15 ssh_docker_info "$node" || die "$node: 'ssh root@${ADDRESS[$node]} docker info' did not reach $node's engine; see $dir/sshd.log"
}

# ---------------------------------------------------------------- env file

write_env_file() {
  local node upper
  {
    echo "export SUPERDEPLOY_NODES_STATE=$STATE"
    echo "export SUPERDEPLOY_NODES_BRIDGE=$BRIDGE"
    echo "export SUPERDEPLOY_NODES_HOST_ADDRESS=$HOST_ADDRESS"
    echo "export SUPERDEPLOY_NODES_NAMES=\"${NODES[*]}\""
    echo "export SUPERDEPLOY_NODES_ADDRESSES=\"$(for node in "${NODES[@]}"; do printf '%s ' "${ADDRESS[$node]}"; done | sed 's/ $//')\""
    for node in "${NODES[@]}"; do
      upper=${node^^}
      echo "export SUPERDEPLOY_NODES_${upper}_ADDRESS=${ADDRESS[$node]}"
      echo "export SUPERDEPLOY_NODES_${upper}_SSH_TARGET=root@${ADDRESS[$node]}"
      echo "export SUPERDEPLOY_NODES_${upper}_DOCKER_HOST=unix://$(socket "$node")"
      echo "export SUPERDEPLOY_NODES_${upper}_DOCKERD_PID_FILE=$(node_dir "$node")/dockerd.pid"
    done
    echo "export SUPERDEPLOY_NODES_SSH_USER=root"
    echo "export SUPERDEPLOY_NODES_SSH_IDENTITY=$SSH_DIR/id_ed25519"
    echo "export SUPERDEPLOY_NODES_KNOWN_HOSTS=$SSH_DIR/known_hosts"
    echo "export SUPERDEPLOY_NODES_REGISTRY=$REGISTRY"
    echo "export SUPERDEPLOY_NODES_PUSH_REGISTRY=$MAIN_REGISTRY"
    echo "export SUPERDEPLOY_NODES_ASPNET_IMAGE=$REGISTRY/dotnet/aspnet:10.0"
    echo "export SUPERDEPLOY_NODES_CADDY_IMAGE=$REGISTRY/superdeploy/caddy:2.6.2"
  } >"$STATE/env"
}

# ---------------------------------------------------------------- subcommands

take_lock() {
  mkdir -p "$STATE"
  exec 9>"$STATE/lock"
  flock -w 900 9 || die "another build/env-nodes.sh is still running (lock $STATE/lock)"
}

check_tools() {
  local cmd
  for cmd in ip nsenter unshare dockerd docker docker-registry iptables curl ssh ssh-keygen /usr/sbin/sshd flock; do
    command -v "$cmd" >/dev/null || die "$cmd is missing (build/env.sh up installs docker.io, docker-registry, openssh-server, iproute2)"
  done
}

cmd_up() {
  [[ $EUID -eq 0 ]] || die "run as root"
  check_tools
  take_lock
  ensure_bridge
  ensure_forwarding
  local node
  for node in "${NODES[@]}"; do ensure_namespace "$node"; done
  say "network: $BRIDGE $HOST_ADDRESS/$PREFIX_LENGTH; $(for node in "${NODES[@]}"; do printf '%s=%s ' "$node" "${ADDRESS[$node]}"; done)"
  ensure_registry
  ensure_ssh_keys
  for node in "${NODES[@]}"; do ensure_dockerd "$node"; done
  for node in "${NODES[@]}"; do ensure_sshd "$node"; done
  write_env_file
  say "ready in ${SECONDS}s; source $STATE/env to use it:"
  cat "$STATE/env"
}

cmd_down() {
  take_lock
  local node
  for node in "${NODES[@]}"; do
    stop_pidfile "$node sshd" "$(node_dir "$node")/sshd.pid" sshd
    forget_swarm "$node"
    stop_pidfile "$node dockerd" "$(node_dir "$node")/dockerd.pid" dockerd
  done
  stop_pidfile registry "$STATE/registry.pid" docker-registry
  for node in "${NODES[@]}"; do remove_namespace "$node"; done
  remove_forwarding
  if ip link show "$BRIDGE" >/dev/null 2>&1; then
    ip link del "$BRIDGE"
    say "bridge: $BRIDGE removed"
  fi
  say "down (images kept in $STATE/vm*/data)"
}

cmd_status() {
  local node dir
  if ip link show "$BRIDGE" >/dev/null 2>&1; then say "bridge: $BRIDGE up"; else say "bridge: none"; fi
  if registry_answers "$REGISTRY"; then say "registry: answering on $REGISTRY"; else say "registry: not answering on $REGISTRY"; fi
  for node in "${NODES[@]}"; do
    dir=$(node_dir "$node")
    if [[ ! -e $(netns_path "$node") ]]; then
      say "$node: no namespace"
      continue
    fi
    if docker_answers "$node"; then
      say "$node: dockerd pid $(<"$dir/dockerd.pid"), swarm $(node_docker "$node" info --format '{{.Swarm.LocalNodeState}} {{.Swarm.NodeID}}')"
    else
      say "$node: dockerd not answering"
    fi
    if pid_alive "$dir/sshd.pid" sshd; then say "$node: sshd pid $(<"$dir/sshd.pid")"; else say "$node: sshd not running"; fi
  done
}

case ${1:-up} in
  up) cmd_up ;;
  down) cmd_down ;;
  status) cmd_status ;;
  *) die "usage: build/env-nodes.sh [up|down|status]" ;;
esac
