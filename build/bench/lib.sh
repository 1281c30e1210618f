# Shared helpers for the benchmark scripts: timing, medians, the packed SDK. Sourced, not run.
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

# use_packed_sdk DIR VERSION FEED: DIR's projects resolve SuperDeploy.Sdk VERSION from FEED (global.json, NuGet.config).
use_packed_sdk() {
  printf '{ "msbuild-sdks": { "SuperDeploy.Sdk": "%s" } }\n' "$2" >"$1/global.json"
  cat >"$1/NuGet.config" <<XML
<?xml version="1.0" encoding="utf-8"?>
<configuration>
  <packageSources>
    <clear />
    <add key="nuget.org" value="https://api.nuget.org/v3/index.json" />
    <add key="bench" value="$3" />
  </packageSources>
</configuration>
XML
}
