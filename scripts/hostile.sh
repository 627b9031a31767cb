#!/usr/bin/env bash
# The hostile-peer and load figures (docs/hostile.md): the generated client against hostile servers, the generated
# server against a slowloris and a trickled body (server::serve against axum::serve), and load against a
# hand-written axum server. About five minutes; not part of `cargo test` or CI.
#   scripts/hostile.sh                      print the report
#   scripts/hostile.sh --write docs/hostile.md   rewrite the measured part of the document
#   scripts/hostile.sh --quick              2,000 slowloris connections, one load round
#   scripts/hostile.sh --only client|server|load
set -euo pipefail
cd "$(dirname "$0")/.."
# 8,000 slow connections need as many descriptors in the client and in the server.
ulimit -n 20000 2>/dev/null || echo "warning: ulimit -n is $(ulimit -n); the slowloris may fail to connect" >&2
cargo build --release --quiet -p oagen-e2e --bin hostile
exec target/release/hostile "$@"
