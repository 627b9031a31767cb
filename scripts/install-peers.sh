#!/usr/bin/env bash
# Installs the peer generators the benchmark compares with, into target/peers (nothing global):
#   cargo-progenitor (crates.io) and openapi-generator-cli (PyPI; runs on the machine's Java).
set -euo pipefail
cd "$(dirname "$0")/.."
peers="$PWD/target/peers"
mkdir -p "$peers"
if [ ! -x "$peers/bin/cargo-progenitor" ]; then
  cargo install --quiet --locked --root "$peers" cargo-progenitor --version 0.15.1
fi
if [ ! -x "$peers/venv/bin/openapi-generator-cli" ]; then
  python3 -m venv "$peers/venv"
  "$peers/venv/bin/pip" install --quiet openapi-generator-cli==7.26.0
fi
command -v java >/dev/null || { echo "openapi-generator needs Java (apt-get install default-jre-headless)"; exit 1; }
echo "peers installed in $peers"
