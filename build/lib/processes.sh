# Background processes for build/env.sh and build/env-nodes.sh (sourced; the caller defines `say`).

# Polls "$@" until it succeeds, at most $1 seconds.
wait_for() {
  local seconds=$1; shift
  local deadline=$((SECONDS + seconds))
  until "$@" >/dev/null 2>&1; do
    ((SECONDS < deadline)) || return 1
    sleep 0.2
  done
}

# Starts "$@" fully detached (own session, no inherited fds); records its pid in $1 unless $1 is "-" (the program
# writes its own pid file).
start_detached() {
  local pidfile=$1 log=$2; shift 2
  setsid "$@" </dev/null >>"$log" 2>&1 9>&- &
  [[ $pidfile == - ]] || echo $! >"$pidfile"
}

# True if the pid in $1 is alive and its command name is $2 (guards against pid reuse).
pid_alive() {
  local pid
  [[ -s $1 ]] || return 1
  pid=$(<"$1")
  [[ -r /proc/$pid/comm && $(<"/proc/$pid/comm") == "$2"* ]]
}

# Stops the process of a pid file we wrote (TERM, then KILL after 40 s); one we did not start is left alone.
stop_pidfile() {
  local name=$1 pidfile=$2 comm=$3
  if ! pid_alive "$pidfile" "$comm"; then
    rm -f "$pidfile"
    say "$name: not started here (nothing to stop)"
    return
  fi
  local pid
  pid=$(<"$pidfile")
  kill "$pid"
  if ! wait_for 40 bash -c "! kill -0 $pid"; then
    say "$name: still running after 40 s, sending SIGKILL"
    kill -9 "$pid" 2>/dev/null || true
  fi
  rm -f "$pidfile"
  say "$name: stopped (pid $pid)"
}
