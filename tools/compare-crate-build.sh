#!/usr/bin/env bash
# Compares what users of two graphdoc builds wait for: the crate each generates from one doc set,
# its largest source file, and `cargo check` / `cargo build` of it with dependencies already built,
# interleaved (A, B, A, B) in one run on one machine.
#
#   tools/compare-crate-build.sh GRAPHDOC_A GRAPHDOC_B DOCS [check|build]
#
# e.g. tools/compare-crate-build.sh /tmp/old/graphdoc target/release/graphdoc \
#        ../shared/corpus/en-2021/api-reference/v1.0 check
set -euo pipefail
a=$1 b=$2 docs=$3 what=${4:-check}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
export CARGO_TARGET_DIR="$work/target" CARGO_INCREMENTAL=0 RUSTFLAGS="-D warnings"
for side in a b; do
    bin=${!side}
    # Exit status 1 only says some page has an error diagnostic; the crate is written.
    "$bin" generate --docs "$docs" --out "$work/$side" --crate "graph-$side" >/dev/null 2>&1 || true
    [ -f "$work/$side/Cargo.toml" ] || { echo "error: $bin wrote no crate" >&2; exit 1; }
    echo "$side: $(find "$work/$side/src" -name '*.rs' -printf '%s %p\n' | sort -n | tail -1 | sed "s|$work/||") bytes (largest file); $(find "$work/$side/src" -name '*.rs' -exec cat {} + | wc -c) bytes in src"
done
# Dependencies first, so the timings below are the generated crate alone.
(cd "$work/a" && cargo "$what" --quiet 2>/dev/null) || true
(cd "$work/b" && cargo "$what" --quiet 2>/dev/null) || true
for round in 1 2; do
    for side in a b; do
        find "$work/$side/src" -name '*.rs' -exec touch {} +
        start=$(date +%s.%N)
        /usr/bin/time -f "%M" -o "$work/mem" bash -c "cd '$work/$side' && cargo $what --quiet"
        end=$(date +%s.%N)
        echo "round $round $side: cargo $what $(echo "$end - $start" | bc) s, peak $(( $(cat "$work/mem") / 1024 )) MB (cargo's own process tree max RSS)"
    done
done
