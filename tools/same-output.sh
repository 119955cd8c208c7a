#!/usr/bin/env bash
# Whether two builds of graphdoc give the same output from every shared doc set: for a change
# meant to leave the output as it is (a faster stage, a refactor).
#
#   tools/same-output.sh OLD_GRAPHDOC NEW_GRAPHDOC [CORPUS]
#
# CORPUS defaults to ../shared/corpus. Each binary writes, into a temporary folder, the module
# tree of each doc set (all its versions), the crates of en-2021 v1.0 (with example tests) and
# ru-2023 beta (split by areas, with feature gates), and the crate of docs-input/; and for each
# doc set its reports: what `parse` prints, the diagnostics of `generate --notes` and the model
# (`model --format full`). Then the two folders are compared with `diff -r`. Exits 1 and prints
# the first differences when they differ.
set -euo pipefail
old=$(realpath "$1") new=$(realpath "$2")
root=$(realpath "$(dirname "$0")/..")
corpus=$(realpath "${3:-$root/../shared/corpus}")
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

gen() { # gen BIN OUT ARGS…: exit status 1 only says a page has an error diagnostic
    "$1" generate --out "$2" "${@:3}" >/dev/null 2>&1 || [ $? -eq 1 ]
}

for side in old new; do
    bin=${!side}
    files=$work/$side/files reports=$work/$side/reports
    mkdir -p "$files" "$reports"
    for set in "$corpus"/*/; do
        n=$(basename "$set")
        # Written to the same folder by both builds, so that no diagnostic differs by its path.
        "$bin" generate --out "$work/out" --docs "$set" --notes >/dev/null \
            2>"$reports/$n.generate.err" || [ $? -eq 1 ]
        mv "$work/out" "$files/$n"
        "$bin" parse "$set" >"$reports/$n.parse.out" 2>"$reports/$n.parse.err" || [ $? -eq 1 ]
        "$bin" model --format full "$set" >"$reports/$n.model.json" 2>/dev/null || [ $? -eq 1 ]
    done
    gen "$bin" "$files/crate-en-2021" --docs "$corpus/en-2021/api-reference/v1.0" \
        --crate g21 --example-tests
    gen "$bin" "$files/crate-ru-2023" --docs "$corpus/ru-2023/api-reference/beta" --crate gru
    gen "$bin" "$files/crate-docs-input" --docs "$root/docs-input" --crate gdi --example-tests
done
if diff -r "$work/old" "$work/new" > "$work/diff"; then
    echo "same output: $(find "$work/new/files" -type f | wc -l) files written, \
$(find "$work/new/reports" -type f | wc -l) reports (diagnostics, models), $(du -sh "$work/new" | cut -f1)"
else
    head -40 "$work/diff"
    echo "the outputs differ ($(grep -c '^diff ' "$work/diff") files)"
    exit 1
fi
