#!/usr/bin/env bash
# Packs SuperDeploy.Sdk into a local feed and evicts that version from the NuGet global packages folder,
# so projects restoring it (samples/, tests) get the fresh package, not a cached one.
# Usage: build/pack.sh [VERSION] [FEED]   (defaults: SuperDeployVersion from Directory.Build.props, artifacts/feed)
set -euo pipefail

repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
version="${1:-$(sed -n 's:.*<SuperDeployVersion>\(.*\)</SuperDeployVersion>.*:\1:p' "$repo/Directory.Build.props" | head -n1)}"
feed="${2:-$repo/artifacts/feed}"
if [[ -z "$version" ]]; then
  echo "pack.sh: no version given and none found in Directory.Build.props" >&2
  exit 1
fi

mkdir -p "$feed"
feed="$(cd "$feed" && pwd)"
pack() { dotnet pack "$repo/src/Sdk/SuperDeploy.Sdk.csproj" -c Release -o "$feed" -p:PackageVersion="$version" -nodeReuse:false; }
# NuGet's restore can fail without logging an error while another restore shares the packages folder (seen in CI once).
pack || { echo "pack.sh: pack failed; retrying once" >&2; pack; }

packages="${NUGET_PACKAGES:-$HOME/.nuget/packages}"
rm -rf "$packages/superdeploy.sdk/$version"
echo "Packed SuperDeploy.Sdk $version into $feed"
