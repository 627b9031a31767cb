#!/usr/bin/env bash
# Runs every fuzz target for SECONDS each (default 60), one process at a time (the machine is shared).
#   scripts/fuzz.sh [SECONDS] [TARGET...]
# Installs cargo-fuzz (pinned) when it is missing. Works on stable Rust: `--sanitizer none` needs no nightly flags
# (libFuzzer's coverage instrumentation is plain -C options); debug assertions stay on, so overflows are found.
# New inputs go to fuzz/$FUZZ_CORPUS/<target>/ (default corpus/, not checked in), with the log beside it; crashes to
# fuzz/artifacts/<target>/. A crash becomes a
# regression file under tests/fixtures/fuzz/ (see tests/hostile_generator.rs).
set -euo pipefail
cd "$(dirname "$0")/.."
SECONDS_PER_TARGET="${1:-60}"
shift || true
TARGETS=("$@")
if [ ${#TARGETS[@]} -eq 0 ]; then
    TARGETS=(generate_yaml generate_json generate_structured)
fi
CORPUS="${FUZZ_CORPUS:-corpus}"
CARGO_FUZZ_VERSION=0.13.2
if ! cargo fuzz --version 2>/dev/null | grep -q "$CARGO_FUZZ_VERSION"; then
    echo "== installing cargo-fuzz $CARGO_FUZZ_VERSION"
    cargo install cargo-fuzz --locked --version "$CARGO_FUZZ_VERSION"
fi
cd fuzz
for t in "${TARGETS[@]}"; do
    mkdir -p "$CORPUS/$t"
    # The document targets start from the checked-in seed documents; the structured one builds its own inputs
    # from the same seeds (its input is the choice of seed and mutations), so short inputs suffice.
    seeds=(seeds)
    max_len=131072
    if [ "$t" = generate_structured ]; then seeds=(); max_len=4096; fi
    echo "== cargo fuzz run $t for ${SECONDS_PER_TARGET}s"
    status=0
    cargo fuzz run --sanitizer none "$t" "$CORPUS/$t" "${seeds[@]}" -- \
        -max_total_time="$SECONDS_PER_TARGET" -timeout=10 -rss_limit_mb=4096 -max_len="$max_len" \
        -print_final_stats=1 >"$CORPUS/$t.log" 2>&1 || status=$?
    grep -E "^(stat::number_of_executed_units|stat::peak_rss_mb|#[0-9]+ +DONE)" "$CORPUS/$t.log" || true
    if [ "$status" -ne 0 ]; then
        grep -E "panicked|ERROR|SUMMARY|Test unit written" "$CORPUS/$t.log" | head -20 || true
        echo "!! $t found a failure (fuzz/$CORPUS/$t.log, fuzz/artifacts/$t/)"
        exit 1
    fi
done
