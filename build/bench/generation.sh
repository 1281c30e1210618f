#!/usr/bin/env bash
# Generation scale: the core (validation and every generator) over 1, 10 and 100 apps of 10 processes each.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
dotnet run -c Release --project "$here/GenerationBench" -- "${ROUNDS:-15}" 2>/dev/null | grep -v -i warning
