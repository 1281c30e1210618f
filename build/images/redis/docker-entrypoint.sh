#!/bin/sh
# Entrypoint of the offline redis test image (Debian's redis-server), following the official image's
# contract: `IMAGE --flag ...` or `IMAGE x.conf` run redis-server; as root it chowns /data and drops to the
# redis user; protected mode is off (the official image compiles it off: Docker's network is the boundary).
# Passwords come from the command line or, better, `--aclfile /run/secrets/...` (a Swarm secret).
set -eu

case ${1:-} in
  -* | *.conf) set -- redis-server "$@" ;;
esac

if [ "${1:-}" = redis-server ]; then
  if [ "$(id -u)" = 0 ]; then
    find . \! -user redis -exec chown redis '{}' +
    exec setpriv --reuid=redis --regid=redis --init-groups "$0" "$@"
  fi
  shift
  set -- redis-server --protected-mode no "$@"
fi

umask 0077
exec "$@"
