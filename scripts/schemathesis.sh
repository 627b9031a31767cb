#!/usr/bin/env bash
# Conformance run of schemathesis (PyPI) against the example server of every bundled spec.
#
# For each spec: build `generated/<spec>`'s example server (`--example <spec>-api-server`, feature `server`), start it on
# 127.0.0.1 (a free port), and run schemathesis with the checks
#   not_a_server_error, response_schema_conformance, content_type_conformance, negative_data_rejection
# over positive and negative data (all phases, bounded examples, fixed seed), then a second, positive-only pass that
# adds status_code_conformance.
#
# status_code_conformance is relaxed (left out of the first pass) only because the server answers bad requests with
# 4xx statuses the specs do not list (400, 401, 413, 415, 422 as RFC 9457 problems: none of the four specs lists a
# 400 or 422 response); for valid requests every status must be a listed one, which the second pass checks.
# One exception, reported but not enforced: healvi's path `id` is a format-less integer, which JSON Schema leaves
# unbounded and the models hold as i64 (docs/openapi-semantics #16); schemathesis generates ids beyond i64, which the
# server refuses with a 400 rather than answer about an id it cannot represent.
#
# schemathesis is installed into a virtualenv under target/ (pip; PyPI is the only network access needed).
# Environment: SCHEMATHESIS_EXAMPLES (max examples per operation and phase, default 40), SCHEMATHESIS_SEED.
set -euo pipefail
cd "$(dirname "$0")/.."

VERSION="4.32.5"
VENV="target/schemathesis-venv"
EXAMPLES="${SCHEMATHESIS_EXAMPLES:-40}"
SEED="${SCHEMATHESIS_SEED:-20240131}"
OUT="target/schemathesis"
mkdir -p "$OUT"

if ! "$VENV/bin/schemathesis" --version 2>/dev/null | grep -q "$VERSION"; then
    echo "== installing schemathesis $VERSION into $VENV"
    python3 -m venv "$VENV"
    "$VENV/bin/pip" install --quiet --disable-pip-version-check "schemathesis==$VERSION"
fi

free_port() {
    python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()'
}

SERVER_PID=""
stop_server() {
    if [[ -n "$SERVER_PID" ]]; then
        kill "$SERVER_PID" 2>/dev/null || true
        wait "$SERVER_PID" 2>/dev/null || true
        SERVER_PID=""
    fi
}
trap stop_server EXIT

# schemathesis keeps a cache of past failures (`.schemathesis/`) in its working directory: run it under target/.
ROOT="$PWD"
st() {
    local command="$1"
    local spec="$2"
    shift 2
    (cd "$OUT" && "$ROOT/$VENV/bin/schemathesis" "$command" "$ROOT/$spec" "$@")
}

CHECKS="not_a_server_error,response_schema_conformance,content_type_conformance,negative_data_rejection"
status=0
for spec in proficient corti healvi chatdash; do
    echo "== $spec: building the example server"
    cargo build --quiet -p "$spec-api" --example "$spec-api-server"
    cp "target/debug/examples/$spec-api-server" "$OUT/$spec-server"

    port="$(free_port)"
    "$OUT/$spec-server" "127.0.0.1:$port" >"$OUT/$spec-server.log" 2>&1 &
    SERVER_PID=$!
    for _ in $(seq 1 50); do
        grep -q "listening on" "$OUT/$spec-server.log" 2>/dev/null && break
        sleep 0.1
    done

    # Bearer-protected specs get a token (the example accepts any); ChatDash's `Authorization` is a plain header
    # parameter that schemathesis generates itself.
    auth=()
    case "$spec" in
        corti | healvi) auth=(-H "Authorization: Bearer conformance-token") ;;
    esac

    common=(--url "http://127.0.0.1:$port" --max-examples "$EXAMPLES" --seed "$SEED" --workers 1
        --suppress-health-check all --output-truncate true "${auth[@]}")
    echo "== $spec: schemathesis, positive and negative data: $CHECKS"
    if ! st run "specs/$spec.yaml" "${common[@]}" --checks "$CHECKS" --mode all \
        --report junit --report-junit-path "$ROOT/$OUT/$spec-all.xml"; then
        status=1
    fi
    echo "== $spec: schemathesis, positive data: $CHECKS,status_code_conformance"
    if ! st run "specs/$spec.yaml" "${common[@]}" --checks "$CHECKS,status_code_conformance" \
        --mode positive --report junit --report-junit-path "$ROOT/$OUT/$spec-positive.xml"; then
        # Every failure must be that one: ST103 with a 400 "out of range" for the path `id`, nothing else.
        report="$OUT/$spec-positive.xml"
        failures="$(grep -c '^- ST' "$report" || true)"
        expected="$(grep -c 'path parameter `id`: `[0-9-]*` is out of range' "$report" || true)"
        if [[ "$spec" == healvi && "$failures" -gt 0 && "$failures" == "$(grep -c '^- ST103' "$report")" \
            && "$failures" == "$expected" ]]; then
            echo "== $spec: integers beyond i64 refused with 400 (not listed by the spec): expected, see the header"
        else
            status=1
        fi
    fi
    stop_server
done
exit "$status"
