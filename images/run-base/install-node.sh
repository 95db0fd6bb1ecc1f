#!/bin/sh
# install-node.sh SPEC ROOT [--runtime-only|--with-headers]: installs one Node.js at image build time, from
# $NODEJS_ORG_MIRROR (nodejs.org's layout: index.json, vX.Y.Z/SHASUMS256.txt, the tarballs).
# SPEC is `lts` (the newest LTS release), a major (`22`: its newest release) or an exact `v22.11.0`.
# The tarball's SHA-256 must match its line in SHASUMS256.txt; the tree lands in ROOT/<version>,
# and the version is printed. --runtime-only keeps just bin/node (the supervisor needs no npm);
# --with-headers keeps include/node too, where node-gyp finds them offline (the build image).
# Needs curl, jq and sha256sum (the build stage that runs it installs them and is thrown away).
set -eu

spec=$1
root=$2
mode=${3:-}
mirror=${NODEJS_ORG_MIRROR:-https://nodejs.org/dist}
mirror=${mirror%/}

case $(uname -m) in
  x86_64) arch=x64 ;;
  aarch64) arch=arm64 ;;
  *) echo "install-node: no Node.js build for $(uname -m)" >&2; exit 1 ;;
esac

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

fetch() { curl -fsSL --retry 3 --connect-timeout 20 -o "$2" "$1"; }

fetch "$mirror/index.json" "$work/index.json"
# The newest release built for this platform that the spec names, by version (not by the
# index's order); parsed as JSON, so any spacing a mirror writes is fine.
version=$(jq -r --arg spec "$spec" --arg file "linux-$arch" '
  [.[] | select(any(.files[]?; . == $file))]
  | sort_by(.version | ltrimstr("v") | split(".") | map(tonumber? // 0)) | reverse
  | map(select(
      if $spec == "lts" then (.lts != false and .lts != null)
      elif ($spec | startswith("v")) then .version == $spec
      else (.version | startswith("v" + $spec + "."))
      end))
  | .[0].version // empty' "$work/index.json") || {
  echo "install-node: $mirror/index.json is not a nodejs.org release index" >&2
  exit 1
}
if [ -z "$version" ]; then
  echo "install-node: no release for \"$spec\" on linux-$arch in $mirror/index.json" >&2
  exit 1
fi

name="node-$version-linux-$arch.tar.gz"
fetch "$mirror/$version/SHASUMS256.txt" "$work/SHASUMS256.txt"
grep "^[0-9a-f]\{64\}  $name\$" "$work/SHASUMS256.txt" >"$work/expected" || {
  echo "install-node: $mirror/$version/SHASUMS256.txt has no line for $name" >&2
  exit 1
}
fetch "$mirror/$version/$name" "$work/$name"
(cd "$work" && sha256sum -c --quiet expected) || {
  echo "install-node: $name does not match its SHA-256 in SHASUMS256.txt" >&2
  exit 1
}

mkdir -p "$work/tree"
tar -xzf "$work/$name" -C "$work/tree" --strip-components=1 --no-same-owner
rm -rf "$work/tree/share" "$work/tree/CHANGELOG.md" "$work/tree/README.md"
if [ "$mode" != --with-headers ]; then rm -rf "$work/tree/include"; fi
if [ "$mode" = --runtime-only ]; then
  rm -rf "$work/tree/lib" "$work/tree/bin/npm" "$work/tree/bin/npx" "$work/tree/bin/corepack"
fi
"$work/tree/bin/node" --version >/dev/null
mkdir -p "$root"
mv "$work/tree" "$root/$version"
echo "$version"
