# Shared helpers for the benchmark scripts: timing and medians. Sourced, not run.
now_ms() { echo $(( $(date +%s%N) / 1000000 )); }

# time_ms CMD...: runs CMD quietly, prints its wall time in ms; fails the script if CMD fails.
time_ms() {
  local start end
  start=$(now_ms)
  "$@" >/dev/null 2>&1 || { echo "benchmark command failed: $*" >&2; "$@" >&2 || true; exit 1; }
  end=$(now_ms)
  echo $(( end - start ))
}

median() { printf '%s\n' "$@" | sort -n | awk '{a[NR]=$1} END {print (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}'; }

ratio() { awk -v a="$1" -v b="$2" 'BEGIN {printf "%.3f", a/b}'; }
