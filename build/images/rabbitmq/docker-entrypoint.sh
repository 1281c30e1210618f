#!/bin/sh
# Entrypoint of the offline rabbitmq test image (Debian's rabbitmq-server), following the official image's
# contract: as root it chowns /var/lib/rabbitmq and drops to the rabbitmq user; configuration comes from
# /etc/rabbitmq/rabbitmq.conf and /etc/rabbitmq/conf.d/*.conf (the official image rejects the old
# RABBITMQ_DEFAULT_PASS_FILE; default_user/default_pass/default_vhost go in a conf.d file, e.g. a Swarm
# secret mounted there). The node name is rabbit@<hostname>: give the service a fixed hostname, or the
# data directory changes with every new container.
set -eu

case ${1:-} in
  rabbitmq*)
    if [ "$(id -u)" = 0 ]; then
      if [ "$1" = rabbitmq-server ]; then
        find /var/lib/rabbitmq \! -user rabbitmq -exec chown rabbitmq '{}' +
      fi
      exec setpriv --reuid=rabbitmq --regid=rabbitmq --init-groups "$0" "$@"
    fi
    ;;
esac

exec "$@"
