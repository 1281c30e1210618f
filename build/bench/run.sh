#!/usr/bin/env bash
# Every benchmark, each side measured in the same run so the ratios are fair on a shared, noisy machine.
# Usage: build/bench/run.sh [build|generation|deploy|safety]...   (default: all)
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
sections=("$@")
[ ${#sections[@]} -gt 0 ] || sections=(build generation deploy safety)

for section in "${sections[@]}"; do
  case "$section" in
    build)
      echo "## Build overhead (median of ${ROUNDS:-5} alternating runs)"
      echo "| measurement | without the SDK | with the SDK | ratio | goal |"
      echo "|---|---|---|---|---|"
      bash "$here/build-overhead.sh" ;;
    generation)
      echo "## Generation scale"
      bash "$here/generation.sh" ;;
    deploy)
      [ -f "$here/deploy.sh" ] || { echo "(deploy benchmark not present)"; continue; }
      echo "## Deploy"
      bash "$here/deploy.sh" ;;
    safety)
      echo "## Redeploy under load (one run: steady state, then during the redeploy)"
      echo "| measurement | value | goal |"
      echo "|---|---|---|"
      bash "$here/deploy-under-load.sh" ;;
    *) echo "unknown section: $section" >&2; exit 2 ;;
  esac
  echo
done
