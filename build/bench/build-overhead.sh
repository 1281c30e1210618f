#!/usr/bin/env bash
# Build overhead of SuperDeploy.Sdk on samples/Api: the same project built with and without the SDK,
# runs alternating so machine noise hits both sides alike. Prints medians and ratios.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
source "$here/lib.sh"
rounds=${ROUNDS:-5}

export DOTNET_CLI_USE_MSBUILD_SERVER=0 DOTNET_NOLOGO=1
bash "$root/build/pack.sh" >/dev/null

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cp -r "$root/samples" "$work/with"
cp -r "$root/samples" "$work/without"
cp -r "$root/samples" "$work/package"
sed -i '/<Sdk Name="SuperDeploy.Sdk"/d' "$work/without/Api/Api.csproj"
# The same SDK referenced as a PackageReference: no MSBuild SDK resolver in every evaluation.
version=$(sed -n 's/.*"SuperDeploy.Sdk": *"\([^"]*\)".*/\1/p' "$root/samples/global.json")
sed -i "s|<Sdk Name=\"SuperDeploy.Sdk\" />|<ItemGroup><PackageReference Include=\"SuperDeploy.Sdk\" Version=\"$version\" PrivateAssets=\"all\" /></ItemGroup>|" \
  "$work/package/Api/Api.csproj"
sed -i "s|\.\./artifacts/feed|$root/artifacts/feed|" "$work"/*/NuGet.config

build() { dotnet build "$1/Api" -nodeReuse:false -v:q; }
clean_build() { rm -rf "$1/Api/bin" "$1/Api/obj"; dotnet build "$1/Api" -nodeReuse:false -v:q; }

build "$work/with" >/dev/null; build "$work/without" >/dev/null; build "$work/package" >/dev/null

inc_with=(); inc_without=(); inc_package=(); full_with=(); full_without=()
for _ in $(seq "$rounds"); do
  inc_without+=("$(time_ms build "$work/without")")
  inc_with+=("$(time_ms build "$work/with")")
  inc_package+=("$(time_ms build "$work/package")")
  full_without+=("$(time_ms clean_build "$work/without")")
  full_with+=("$(time_ms clean_build "$work/with")")
done

m_inc_with=$(median "${inc_with[@]}"); m_inc_without=$(median "${inc_without[@]}"); m_inc_package=$(median "${inc_package[@]}")
m_full_with=$(median "${full_with[@]}"); m_full_without=$(median "${full_without[@]}")
echo "| incremental unchanged build of samples/Api | ${m_inc_without} ms | ${m_inc_with} ms | $(ratio "$m_inc_with" "$m_inc_without") | ≤ 1.02 |"
echo "| the same, SDK as a PackageReference | ${m_inc_without} ms | ${m_inc_package} ms | $(ratio "$m_inc_package" "$m_inc_without") | ≤ 1.02 |"
echo "| clean full build of samples/Api | ${m_full_without} ms | ${m_full_with} ms | $(ratio "$m_full_with" "$m_full_without") | ≤ 1.10 |"
