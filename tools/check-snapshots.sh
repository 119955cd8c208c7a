#!/usr/bin/env bash
# Fails on pending snapshots (`*.snap.new`, `*.pending-snap`) and on snapshot files no test
# referenced in the test run that wrote REFERENCES (insta appends every snapshot a test asserts
# to the file named by INSTA_SNAPSHOT_REFERENCES_FILE). The check `cargo insta test --check
# --unreferenced=reject` makes, without installing cargo-insta.
#
#   INSTA_SNAPSHOT_REFERENCES_FILE=$refs cargo test --workspace
#   tools/check-snapshots.sh "$refs"
set -euo pipefail
refs=$1
cd "$(dirname "$0")/.."
status=0
pending=$(find . -path ./target -prune -o \( -name '*.snap.new' -o -name '*.pending-snap' \) -print)
if [ -n "$pending" ]; then
    echo "error: pending snapshots (review them with cargo insta review, or delete them):" >&2
    echo "$pending" >&2
    status=1
fi
referenced=$(xargs -r -d '\n' realpath -m < "$refs" | sort -u)
all=$(find . -path ./target -prune -o -name '*.snap' -print | xargs -r realpath -m | sort -u)
unreferenced=$(comm -23 <(echo "$all") <(echo "$referenced"))
if [ -n "$unreferenced" ]; then
    echo "error: snapshot files no test asserts (delete them):" >&2
    echo "$unreferenced" >&2
    status=1
fi
[ $status -eq 0 ] && echo "snapshots: $(echo "$all" | grep -c .) files, all referenced, none pending"
exit $status
