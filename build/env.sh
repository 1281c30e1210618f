#!/usr/bin/env bash
# Sets up the local deployment target used by tests and demos, all on this machine and offline:
# a one-node Docker Swarm, a registry on 127.0.0.1:5000, an sshd standing in for the VM,
# locally built base images, and the Node validators. Safe to rerun; needs root.
#
#   build/env.sh [up]   start or reuse everything, write and print $STATE/env
#   build/env.sh down   stop what this script started (images and state stay)
#   build/env.sh status show what is running
set -euo pipefail

STATE=${SUPERDEPLOY_ENV_STATE:-/var/tmp/superdeploy-env}
SSH_PORT=${SUPERDEPLOY_ENV_SSH_PORT:-2222}
DEBIAN_MIRROR=${SUPERDEPLOY_ENV_DEBIAN_MIRROR:-http://deb.debian.org/debian}
REGISTRY=127.0.0.1:5000
DEBIAN_IMAGE=$REGISTRY/superdeploy/debian:bookworm
ASPNET_IMAGE=$REGISTRY/dotnet/aspnet:10.0
CADDY_IMAGE=$REGISTRY/superdeploy/caddy:2.6.2
# Stand-ins for the official postgres, redis and rabbitmq images, from Debian's packages.
POSTGRES_IMAGE=$REGISTRY/superdeploy/postgres:15
REDIS_IMAGE=$REGISTRY/superdeploy/redis:7
RABBITMQ_IMAGE=$REGISTRY/superdeploy/rabbitmq:3
# Bump when an image recipe below changes, so cached images get rebuilt.
RECIPE=2
# The same for the addon images (their build/images/* files are hashed into their labels as well).
ADDON_RECIPE=1
REPO_ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
VALIDATORS=$REPO_ROOT/build/validators
IMAGES_DIR=$REPO_ROOT/build/images
SSHD_DIR=$STATE/sshd
ROOTFS_TAR=$STATE/rootfs/bookworm-minbase.tar

export DEBIAN_FRONTEND=noninteractive
# /usr/local/bin first: a newer Docker CLI there must win over docker.io's older one.
export PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin:$PATH
# Everything here is about the local engine, whatever the caller's docker settings point at.
unset DOCKER_HOST DOCKER_CONTEXT

say() { printf 'env: %s\n' "$*"; }
die() { printf 'env: error: %s\n' "$*" >&2; exit 1; }

# shellcheck source=lib/processes.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib/processes.sh"

# ---------------------------------------------------------------- packages

# command -> Debian package that provides it. Commands, not packages, are checked, so a machine
# with Docker CE or a NodeSource node is left alone instead of getting conflicting packages.
declare -A NEEDED=(
  [dockerd]=docker.io
  [docker-registry]=docker-registry
  [sshd]=openssh-server
  [ssh-keygen]=openssh-client
  [caddy]=caddy
  [debootstrap]=debootstrap
  [ip]=iproute2
  [curl]=curl
  [jq]=jq
  [flock]=util-linux
  [node]=nodejs
  [npm]=npm
)

missing_packages() {
  local cmd
  for cmd in "${!NEEDED[@]}"; do
    command -v "$cmd" >/dev/null || echo "${NEEDED[$cmd]}"
  done
  # debootstrap of bookworm on Ubuntu needs Debian's keyring.
  [[ -e /usr/share/keyrings/debian-archive-keyring.gpg ]] || echo debian-archive-keyring
  [[ -e /etc/ssl/certs/ca-certificates.crt ]] || echo ca-certificates
}

ensure_packages() {
  local missing
  mapfile -t missing < <(missing_packages | sort -u)
  if ((${#missing[@]} == 0)); then
    say "packages: all present"
    return
  fi
  say "packages: installing ${missing[*]}"
  local apt=(apt-get -q -o DPkg::Lock::Timeout=300) log=$STATE/apt.log
  { "${apt[@]}" update && "${apt[@]}" install -y --no-install-recommends "${missing[@]}"; } >"$log" 2>&1 ||
    { tail -n 20 "$log" >&2; die "apt-get failed; see $log"; }
  stop_package_services "${missing[*]}"
}

# On systemd hosts the packages start their own caddy (:80) and registry (:5000), which would
# take the ports the tests' edge proxy and our registry need.
stop_package_services() {
  [[ -d /run/systemd/system ]] || return 0
  local pkg
  for pkg in caddy docker-registry; do
    if [[ " $1 " == *" $pkg "* ]]; then
      systemctl disable --now "$pkg" >/dev/null 2>&1 || true
    fi
  done
}

# ---------------------------------------------------------------- docker and swarm

docker_answers() { docker info >/dev/null 2>&1; }

ensure_dockerd() {
  if docker_answers; then
    say "dockerd: already running"
    return
  fi
  # A dockerd we started earlier may still be starting up; do not start a second one.
  pid_alive "$STATE/dockerd.pid" dockerd ||
    start_detached "$STATE/dockerd.pid" "$STATE/dockerd.log" dockerd
  wait_for 60 docker_answers || die "dockerd did not answer within 60 s; see $STATE/dockerd.log"
  say "dockerd: started (pid $(<"$STATE/dockerd.pid"), log $STATE/dockerd.log)"
}

ensure_swarm() {
  local state
  state=$(docker info --format '{{.Swarm.LocalNodeState}} {{.Swarm.ControlAvailable}}')
  case $state in
    "active true") say "swarm: already a manager" ;;
    inactive*)
      docker swarm init --advertise-addr 127.0.0.1 >/dev/null
      say "swarm: initialised (advertise 127.0.0.1)" ;;
    *) die "swarm: node state is '$state'; expected a manager or no swarm" ;;
  esac
}

# ---------------------------------------------------------------- registry

registry_answers() { curl -fs -o /dev/null --max-time 2 "http://$REGISTRY/v2/"; }

write_registry_config() {
  mkdir -p "$STATE/registry/data"
  cat >"$STATE/registry/config.yml" <<EOF
version: 0.1
log:
  level: warn
  accesslog:
    disabled: true
storage:
  filesystem:
    rootdirectory: $STATE/registry/data
  delete:
    enabled: true
http:
  addr: $REGISTRY
  # Only this one instance serves uploads; a fixed secret just silences the startup warning.
  secret: superdeploy-env-loopback-only
EOF
}

ensure_registry() {
  if registry_answers; then
    say "registry: already answering on $REGISTRY"
    return
  fi
  write_registry_config
  start_detached "$STATE/registry.pid" "$STATE/registry.log" docker-registry serve "$STATE/registry/config.yml"
  wait_for 30 registry_answers || die "registry did not answer within 30 s; see $STATE/registry.log"
  say "registry: started on $REGISTRY (pid $(<"$STATE/registry.pid"), data $STATE/registry/data)"
}

# ---------------------------------------------------------------- sshd (the "VM")

ensure_ssh_keys() {
  mkdir -p "$SSHD_DIR"
  chmod 700 "$SSHD_DIR"
  [[ -s $SSHD_DIR/ssh_host_ed25519_key ]] ||
    ssh-keygen -q -t ed25519 -N '' -C superdeploy-env-host -f "$SSHD_DIR/ssh_host_ed25519_key"
  [[ -s $SSHD_DIR/id_ed25519 ]] ||
    ssh-keygen -q -t ed25519 -N '' -C superdeploy-env-client -f "$SSHD_DIR/id_ed25519"
  cp "$SSHD_DIR/id_ed25519.pub" "$SSHD_DIR/authorized_keys"
  local host=127.0.0.1
  [[ $SSH_PORT == 22 ]] || host="[127.0.0.1]:$SSH_PORT"
  printf '%s %s\n' "$host" "$(cut -d' ' -f1,2 "$SSHD_DIR/ssh_host_ed25519_key.pub")" >"$SSHD_DIR/known_hosts"
}

# Writes the config; returns 0 if it changed.
write_sshd_config() {
  cat >"$SSHD_DIR/sshd_config.new" <<EOF
# Written by build/env.sh: a loopback-only sshd standing in for a deployment VM.
Port $SSH_PORT
ListenAddress 127.0.0.1
HostKey $SSHD_DIR/ssh_host_ed25519_key
PidFile $SSHD_DIR/sshd.pid
AuthorizedKeysFile $SSHD_DIR/authorized_keys
StrictModes no
PermitRootLogin prohibit-password
PubkeyAuthentication yes
PasswordAuthentication no
KbdInteractiveAuthentication no
# PAM, as on a stock host: without it sshd refuses root when root's password is locked ("!").
UsePAM yes
AllowTcpForwarding yes
AllowStreamLocalForwarding yes
PrintMotd no
SetEnv PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin
Subsystem sftp internal-sftp
EOF
  if cmp -s "$SSHD_DIR/sshd_config.new" "$SSHD_DIR/sshd_config"; then
    rm "$SSHD_DIR/sshd_config.new"
    return 1
  fi
  mv "$SSHD_DIR/sshd_config.new" "$SSHD_DIR/sshd_config"
}

port_listening() { [[ -n $(ss -Hltn "sport = :$SSH_PORT") ]]; }

ssh_docker_info() {
  ssh -i "$SSHD_DIR/id_ed25519" -o UserKnownHostsFile="$SSHD_DIR/known_hosts" \
    -o StrictHostKeyChecking=yes -o IdentitiesOnly=yes -o BatchMode=yes -o ConnectTimeout=5 \
    -p "$SSH_PORT" root@127.0.0.1 docker info </dev/null
}

ensure_sshd() {
  ensure_ssh_keys
  local changed=false
  write_sshd_config && changed=true
  if pid_alive "$SSHD_DIR/sshd.pid" sshd; then
    local pid
    pid=$(<"$SSHD_DIR/sshd.pid")
    if $changed; then
      /usr/sbin/sshd -t -f "$SSHD_DIR/sshd_config"
      # sshd re-executes itself in place (same pid) with the new config, rewriting its PidFile.
      kill -HUP "$pid"
      wait_for 10 port_listening || die "sshd did not listen on $SSH_PORT after reload; see $STATE/sshd.log"
    fi
    say "sshd: already running on 127.0.0.1:$SSH_PORT (pid $pid)"
  else
    ! port_listening ||
      die "port $SSH_PORT is taken by another process (an sshd from another state dir?); set SUPERDEPLOY_ENV_SSH_PORT"
    mkdir -p /run/sshd # privilege separation directory, normally made by the service unit
    /usr/sbin/sshd -t -f "$SSHD_DIR/sshd_config"
    # sshd daemonises itself and writes its PidFile; -E sends its log, errors included, to a file.
    setsid /usr/sbin/sshd -f "$SSHD_DIR/sshd_config" -E "$STATE/sshd.log" </dev/null >/dev/null 2>&1 9>&-
    wait_for 10 pid_alive "$SSHD_DIR/sshd.pid" sshd || die "sshd did not start; see $STATE/sshd.log"
    say "sshd: started on 127.0.0.1:$SSH_PORT (pid $(<"$SSHD_DIR/sshd.pid"), log $STATE/sshd.log)"
  fi
  wait_for 10 ssh_docker_info || die "ssh root@127.0.0.1 -p $SSH_PORT docker info failed; see $STATE/sshd.log"
  say "sshd: 'docker info' over ssh works"
}

# ---------------------------------------------------------------- base images

ensure_rootfs_tar() {
  [[ -s $ROOTFS_TAR ]] && return
  local dir=$STATE/rootfs/build
  rm -rf --one-file-system "$dir"
  mkdir -p "$dir"
  say "rootfs: debootstrap bookworm (minbase) from $DEBIAN_MIRROR"
  debootstrap --variant=minbase --include=ca-certificates,libssl3,tzdata \
    bookworm "$dir" "$DEBIAN_MIRROR" >"$STATE/debootstrap.log" 2>&1 ||
    die "debootstrap failed; see $STATE/debootstrap.log"
  rm -rf "$dir"/var/cache/apt/archives/*.deb "$dir"/var/lib/apt/lists/*
  tar --numeric-owner -C "$dir" -cf "$ROOTFS_TAR.tmp" .
  mv "$ROOTFS_TAR.tmp" "$ROOTFS_TAR"
  rm -rf --one-file-system "$dir"
  say "rootfs: cached as $ROOTFS_TAR"
}

# A fresh copy of the rootfs to add files to before importing it as an image.
unpack_rootfs() {
  rm -rf --one-file-system "$1"
  mkdir -p "$1"
  tar --numeric-owner -C "$1" -xf "$ROOTFS_TAR"
}

# Imports directory $1 as image $2 with the given Dockerfile-style --change lines.
import_dir() {
  local dir=$1 image=$2; shift 2
  local changes=() change
  for change in "$@"; do changes+=(--change "$change"); done
  tar --numeric-owner -C "$dir" -c . | docker import "${changes[@]}" - "$image" >/dev/null
  rm -rf --one-file-system "$dir"
}

# The folder holding the machine's .NET install and its newest 10.0 runtimes.
dotnet_runtime() { # $1 = Microsoft.NETCore.App | Microsoft.AspNetCore.App; prints "VERSION DIR"
  dotnet --list-runtimes | awk -v n="$1" '$1 == n && $2 ~ /^10\.0\./ { v=$2; d=$3 } END { if (v) print v, d }' |
    tr -d '[]'
}

aspnet_fingerprint() {
  echo "recipe=$RECIPE netcore=$(dotnet_runtime Microsoft.NETCore.App | cut -d' ' -f1)" \
    "aspnetcore=$(dotnet_runtime Microsoft.AspNetCore.App | cut -d' ' -f1)"
}

caddy_fingerprint() { echo "recipe=$RECIPE caddy=$(caddy version | cut -d' ' -f1)"; }

debian_fingerprint() { echo "recipe=$RECIPE"; }

build_debian() {
  ensure_rootfs_tar
  docker import --change "LABEL superdeploy.env.recipe=\"$(debian_fingerprint)\"" \
    --change 'ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin' \
    --change 'CMD ["bash"]' "$ROOTFS_TAR" "$DEBIAN_IMAGE" >/dev/null
}

build_aspnet() {
  local netcore aspnetcore
  netcore=$(dotnet_runtime Microsoft.NETCore.App)
  aspnetcore=$(dotnet_runtime Microsoft.AspNetCore.App)
  [[ -n $netcore && -n $aspnetcore ]] || die "no 10.0 Microsoft.NETCore.App and Microsoft.AspNetCore.App in 'dotnet --list-runtimes'"
  local root=${netcore#* }
  root=${root%/shared/*}
  ensure_rootfs_tar
  local dir=$STATE/build/aspnet
  unpack_rootfs "$dir"
  mkdir -p "$dir/usr/share/dotnet/shared"
  cp -a "$root/dotnet" "$root/host" "$dir/usr/share/dotnet/"
  cp -a "$root"/LICENSE.txt "$root"/ThirdPartyNotices.txt "$dir/usr/share/dotnet/" 2>/dev/null || true
  local rt
  for rt in "$netcore" "$aspnetcore"; do
    mkdir -p "$dir/usr/share/dotnet/shared/$(basename "${rt#* }")"
    cp -a "${rt#* }/${rt%% *}" "$dir/usr/share/dotnet/shared/$(basename "${rt#* }")/"
  done
  ln -sf /usr/share/dotnet/dotnet "$dir/usr/bin/dotnet"
  # Same user as the real image; the SDK's PublishContainer runs apps as $APP_UID.
  chroot "$dir" groupadd --gid 1654 app
  chroot "$dir" useradd --no-log-init --uid 1654 --gid app --create-home app
  import_dir "$dir" "$ASPNET_IMAGE" \
    "LABEL superdeploy.env.recipe=\"$(aspnet_fingerprint)\"" \
    'ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin' \
    "ENV APP_UID=1654 ASPNETCORE_HTTP_PORTS=8080 DOTNET_RUNNING_IN_CONTAINER=true DOTNET_SYSTEM_GLOBALIZATION_INVARIANT=1 DOTNET_VERSION=${netcore%% *} ASPNET_VERSION=${aspnetcore%% *}"
}

build_caddy() {
  local bin version
  bin=$(command -v caddy)
  version=$(caddy version | cut -d' ' -f1)
  [[ $version == *2.6.2* ]] || say "caddy: warning: host caddy is $version, image is still tagged 2.6.2"
  ensure_rootfs_tar
  local dir=$STATE/build/caddy
  unpack_rootfs "$dir"
  cp "$bin" "$dir/usr/bin/caddy"
  mkdir -p "$dir/etc/caddy" "$dir/usr/share/caddy" "$dir/config/caddy" "$dir/data/caddy" "$dir/srv"
  if [[ -f /etc/caddy/Caddyfile ]]; then
    cp /etc/caddy/Caddyfile "$dir/etc/caddy/Caddyfile"
  else
    printf ':80 {\n\troot * /usr/share/caddy\n\tfile_server\n}\n' >"$dir/etc/caddy/Caddyfile"
  fi
  cp /usr/share/caddy/index.html "$dir/usr/share/caddy/" 2>/dev/null || echo 'Caddy works' >"$dir/usr/share/caddy/index.html"
  # Mirrors the official caddy image: whole command in CMD, state under /config and /data.
  import_dir "$dir" "$CADDY_IMAGE" \
    "LABEL superdeploy.env.recipe=\"$(caddy_fingerprint)\"" \
    'ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin XDG_CONFIG_HOME=/config XDG_DATA_HOME=/data' \
    'WORKDIR /srv' \
    'EXPOSE 80 443 443/udp 2019' \
    'CMD ["caddy", "run", "--config", "/etc/caddy/Caddyfile", "--adapter", "caddyfile"]'
}

# ---------------------------------------------------------------- addon images (postgres, redis, rabbitmq)

# Installs Debian packages into the unpacked rootfs $1 (apt-get in a chroot: no docker build, no buildx).
# Services are kept from starting inside the chroot, and apt's caches are dropped afterwards.
chroot_apt_install() {
  local dir=$1; shift
  local log=$STATE/build/$(basename "$dir")-apt.log
  cp /etc/resolv.conf "$dir/etc/resolv.conf"
  printf '#!/bin/sh\nexit 101\n' >"$dir/usr/sbin/policy-rc.d"
  chmod +x "$dir/usr/sbin/policy-rc.d"
  local apt=(chroot "$dir" env DEBIAN_FRONTEND=noninteractive apt-get -q -o DPkg::Lock::Timeout=300)
  { "${apt[@]}" update && "${apt[@]}" install -y --no-install-recommends "$@"; } >"$log" 2>&1 ||
    { tail -n 20 "$log" >&2; die "apt-get install $* in $dir failed; see $log"; }
  "${apt[@]}" clean >/dev/null
  rm -rf "$dir"/var/lib/apt/lists/* "$dir/usr/sbin/policy-rc.d" "$dir/etc/resolv.conf"
}

# The official images run their daemons as uid/gid 999: the same ids keep volumes interchangeable.
chroot_add_user() { # $1 dir, $2 user, $3 home
  chroot "$1" groupadd --system --gid 999 "$2"
  chroot "$1" useradd --system --no-log-init --uid 999 --gid "$2" --home-dir "$3" --shell /bin/bash "$2"
}

# Hash of an addon image's recipe: its build function (and the helpers it uses) and its files under
# build/images/$1, so editing either rebuilds the image.
addon_fingerprint() {
  local code files
  code=$(declare -f "build_$1" chroot_apt_install chroot_add_user | sha256sum | cut -c1-12)
  files=$(cd "$IMAGES_DIR/$1" && find . -type f -print0 | sort -z | xargs -0 sha256sum | sha256sum | cut -c1-12)
  echo "recipe=$ADDON_RECIPE build=$code files=$files"
}

postgres_fingerprint() { addon_fingerprint postgres; }
redis_fingerprint() { addon_fingerprint redis; }
rabbitmq_fingerprint() { addon_fingerprint rabbitmq; }

build_postgres() {
  ensure_rootfs_tar
  local dir=$STATE/build/postgres
  unpack_rootfs "$dir"
  chroot_add_user "$dir" postgres /var/lib/postgresql
  # As the official image does: no cluster from the package; initdb runs in the entrypoint on first start.
  mkdir -p "$dir/etc/postgresql-common/createcluster.d"
  echo 'create_main_cluster = false' >"$dir/etc/postgresql-common/createcluster.d/superdeploy.conf"
  chroot_apt_install "$dir" postgresql-15
  # `docker import --change` knows no STOPSIGNAL (the official image's SIGINT, a fast shutdown): stacks set
  # `stop_signal: SIGINT` themselves, which the generated addon stack does for any postgres image.
  install -d -o 999 -g 999 -m 03775 "$dir/var/run/postgresql"
  install -d -o 999 -g 999 -m 00700 "$dir/var/lib/postgresql/data"
  mkdir -p "$dir/docker-entrypoint-initdb.d"
  install -m 0755 "$IMAGES_DIR/postgres/docker-entrypoint.sh" "$dir/usr/local/bin/docker-entrypoint.sh"
  import_dir "$dir" "$POSTGRES_IMAGE" \
    "LABEL superdeploy.env.recipe=\"$(postgres_fingerprint)\"" \
    'ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin:/usr/lib/postgresql/15/bin PG_MAJOR=15 PGDATA=/var/lib/postgresql/data LANG=C.UTF-8' \
    'VOLUME /var/lib/postgresql/data' \
    'ENTRYPOINT ["docker-entrypoint.sh"]' \
    'EXPOSE 5432' \
    'CMD ["postgres"]'
}

build_redis() {
  ensure_rootfs_tar
  local dir=$STATE/build/redis
  unpack_rootfs "$dir"
  chroot_add_user "$dir" redis /var/lib/redis
  chroot_apt_install "$dir" redis-server
  install -d -o 999 -g 999 -m 0755 "$dir/data"
  install -m 0755 "$IMAGES_DIR/redis/docker-entrypoint.sh" "$dir/usr/local/bin/docker-entrypoint.sh"
  import_dir "$dir" "$REDIS_IMAGE" \
    "LABEL superdeploy.env.recipe=\"$(redis_fingerprint)\"" \
    'ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin' \
    'VOLUME /data' \
    'WORKDIR /data' \
    'ENTRYPOINT ["docker-entrypoint.sh"]' \
    'EXPOSE 6379' \
    'CMD ["redis-server"]'
}

build_rabbitmq() {
  ensure_rootfs_tar
  local dir=$STATE/build/rabbitmq
  unpack_rootfs "$dir"
  chroot_add_user "$dir" rabbitmq /var/lib/rabbitmq
  chroot_apt_install "$dir" rabbitmq-server
  mkdir -p "$dir/etc/rabbitmq/conf.d"
  # The official image's defaults: log to the console, guest usable from other hosts unless a later
  # conf.d file sets default_user/default_pass.
  cat >"$dir/etc/rabbitmq/conf.d/10-defaults.conf" <<'CONF'
loopback_users.guest = false
listeners.tcp.default = 5672
default_user = guest
default_pass = guest
log.console = true
log.console.level = info
log.file = false
CONF
  rm -f "$dir/etc/rabbitmq/rabbitmq-env.conf"
  # /usr/sbin/rabbitmq-server is Debian's wrapper: it sends the log to files and stays as a shell that
  # never passes SIGTERM on (so `docker stop` would end in SIGKILL). PATH puts the real scripts first,
  # which log to the console and stop the node cleanly on SIGTERM, as in the official image.
  install -d -o 999 -g 999 -m 0755 "$dir/var/lib/rabbitmq"
  ln -sf /var/lib/rabbitmq/.erlang.cookie "$dir/root/.erlang.cookie"
  install -m 0755 "$IMAGES_DIR/rabbitmq/docker-entrypoint.sh" "$dir/usr/local/bin/docker-entrypoint.sh"
  import_dir "$dir" "$RABBITMQ_IMAGE" \
    "LABEL superdeploy.env.recipe=\"$(rabbitmq_fingerprint)\"" \
    'ENV PATH=/usr/lib/rabbitmq/bin:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin RABBITMQ_DATA_DIR=/var/lib/rabbitmq HOME=/var/lib/rabbitmq LANG=C.UTF-8' \
    'VOLUME /var/lib/rabbitmq' \
    'ENTRYPOINT ["docker-entrypoint.sh"]' \
    'EXPOSE 4369 5671 5672 15691 15692 25672' \
    'CMD ["rabbitmq-server"]'
}

local_fingerprint() {
  docker image inspect --format '{{index .Config.Labels "superdeploy.env.recipe"}}' "$1" 2>/dev/null
}

# Digest of $1 in the registry, empty if it is not there.
registry_digest() {
  local ref=$1 repo tag
  repo=${ref#"$REGISTRY"/}
  tag=${repo##*:}
  repo=${repo%:*}
  curl -fsS --max-time 5 -I \
    -H 'Accept: application/vnd.docker.distribution.manifest.v2+json' \
    -H 'Accept: application/vnd.oci.image.manifest.v1+json' \
    "http://$REGISTRY/v2/$repo/manifests/$tag" 2>/dev/null |
    tr -d '\r' | awk -F': ' 'tolower($1) == "docker-content-digest" { print $2 }'
}

in_registry() {
  local digest
  digest=$(registry_digest "$1")
  [[ -n $digest ]] && docker image inspect --format '{{join .RepoDigests " "}}' "$1" | grep -qF "@$digest"
}

# $1 image, $2 fingerprint function, $3 build function. Reuses, pulls, or builds, then pushes if
# the registry lacks this exact image.
ensure_image() {
  local image=$1 want how=found
  want=$($2)
  if [[ $(local_fingerprint "$image") != "$want" && -n $(registry_digest "$image") ]]; then
    docker pull -q "$image" >/dev/null 2>&1 && how=pulled
  fi
  if [[ $(local_fingerprint "$image") != "$want" ]]; then
    say "image: building $image"
    local old started=$SECONDS
    old=$(docker image inspect --format '{{.Id}}' "$image" 2>/dev/null || true)
    $3
    how="built in $((SECONDS - started))s"
    # The superseded build would otherwise linger as a dangling image.
    [[ -z $old ]] || docker image rm "$old" >/dev/null 2>&1 || true
  fi
  if ! in_registry "$image"; then
    docker push -q "$image" >/dev/null
    docker pull -q "$image" >/dev/null # proves the pushed image is pullable
    how+=", pushed"
  fi
  say "image: $image ($how)"
}

ensure_images() {
  ensure_image "$DEBIAN_IMAGE" debian_fingerprint build_debian
  ensure_image "$ASPNET_IMAGE" aspnet_fingerprint build_aspnet
  ensure_image "$CADDY_IMAGE" caddy_fingerprint build_caddy
  ensure_image "$POSTGRES_IMAGE" postgres_fingerprint build_postgres
  ensure_image "$REDIS_IMAGE" redis_fingerprint build_redis
  ensure_image "$RABBITMQ_IMAGE" rabbitmq_fingerprint build_rabbitmq
}

# ---------------------------------------------------------------- validators

ensure_validators() {
  local modules=$VALIDATORS/node_modules
  if [[ -f $modules/.package-lock.json && ! $VALIDATORS/package-lock.json -nt $modules/.package-lock.json ]]; then
    say "validators: node_modules up to date"
    return
  fi
  (cd "$VALIDATORS" && npm ci --no-audit --no-fund --loglevel=error >/dev/null)
  say "validators: npm ci done in $VALIDATORS"
}

# ---------------------------------------------------------------- env file

write_env_file() {
  cat >"$STATE/env" <<EOF
export SUPERDEPLOY_ENV_STATE=$STATE
export SUPERDEPLOY_TEST_REGISTRY=$REGISTRY
export DOTNET_CONTAINER_INSECURE_REGISTRIES=$REGISTRY
export SUPERDEPLOY_TEST_SSH_TARGET=root@127.0.0.1
export SUPERDEPLOY_TEST_SSH_PORT=$SSH_PORT
export SUPERDEPLOY_TEST_SSH_IDENTITY=$SSHD_DIR/id_ed25519
export SUPERDEPLOY_TEST_KNOWN_HOSTS=$SSHD_DIR/known_hosts
export SUPERDEPLOY_TEST_ASPNET_IMAGE=$ASPNET_IMAGE
export SUPERDEPLOY_TEST_CADDY_IMAGE=$CADDY_IMAGE
export SUPERDEPLOY_TEST_DEBIAN_IMAGE=$DEBIAN_IMAGE
export SUPERDEPLOY_TEST_POSTGRES_IMAGE=$POSTGRES_IMAGE
export SUPERDEPLOY_TEST_REDIS_IMAGE=$REDIS_IMAGE
export SUPERDEPLOY_TEST_RABBITMQ_IMAGE=$RABBITMQ_IMAGE
EOF
}

# ---------------------------------------------------------------- subcommands

# Serialises concurrent runs; daemons are started with fd 9 closed so they never hold the lock.
take_lock() {
  mkdir -p "$STATE"
  exec 9>"$STATE/lock"
  flock -w 900 9 || die "another build/env.sh is still running (lock $STATE/lock)"
}

cmd_up() {
  [[ $EUID -eq 0 ]] || die "run as root"
  command -v dotnet >/dev/null || die "the .NET SDK (dotnet) must be on PATH: its runtime goes into the ASP.NET image"
  take_lock
  ensure_packages
  ensure_dockerd
  ensure_swarm
  ensure_registry
  ensure_sshd
  ensure_images
  ensure_validators
  write_env_file
  say "ready in ${SECONDS}s; source $STATE/env to use it:"
  cat "$STATE/env"
  say "stop with: build/env.sh down (stops sshd, registry and dockerd started by env.sh; keeps images and state)"
}

cmd_down() {
  take_lock
  stop_pidfile sshd "$SSHD_DIR/sshd.pid" sshd
  stop_pidfile registry "$STATE/registry.pid" docker-registry
  stop_pidfile dockerd "$STATE/dockerd.pid" dockerd
}

started_by() { # $1 pidfile, $2 command name
  if pid_alive "$1" "$2"; then echo "started by env.sh, pid $(<"$1")"; else echo "not started by env.sh"; fi
}

cmd_status() {
  if docker_answers; then
    say "dockerd: running ($(started_by "$STATE/dockerd.pid" dockerd)), swarm $(docker info --format '{{.Swarm.LocalNodeState}}')"
  else
    say "dockerd: not answering"
  fi
  if registry_answers; then
    say "registry: answering on $REGISTRY ($(started_by "$STATE/registry.pid" docker-registry))"
  else
    say "registry: not answering"
  fi
  if pid_alive "$SSHD_DIR/sshd.pid" sshd; then
    say "sshd: running on 127.0.0.1:$(awk '$1 == "Port" { print $2 }' "$SSHD_DIR/sshd_config") (pid $(<"$SSHD_DIR/sshd.pid"))"
  else
    say "sshd: not running"
  fi
  local image where
  for image in "$DEBIAN_IMAGE" "$ASPNET_IMAGE" "$CADDY_IMAGE" "$POSTGRES_IMAGE" "$REDIS_IMAGE" "$RABBITMQ_IMAGE"; do
    if ! docker_answers; then
      where="dockerd down"
    elif docker image inspect "$image" >/dev/null 2>&1; then
      where=local
    else
      where="not local"
    fi
    if [[ -n $(registry_digest "$image") ]]; then where+=", in registry"; else where+=", not in registry"; fi
    say "image: $image ($where)"
  done
  if [[ -f $STATE/env ]]; then say "env file: $STATE/env"; else say "env file: none (run build/env.sh up)"; fi
}

case ${1:-up} in
  up) cmd_up ;;
  down) cmd_down ;;
  status) cmd_status ;;
  *) die "usage: build/env.sh [up|down|status]" ;;
esac
