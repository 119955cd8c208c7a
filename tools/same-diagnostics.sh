#!/usr/bin/env bash
# Whether two builds of graphdoc report the same diagnostics and the same model for every shared
# doc set: the other half of tools/same-output.sh, for a change meant to leave the output as it is.
#
#   tools/same-diagnostics.sh OLD_GRAPHDOC NEW_GRAPHDOC [CORPUS]
#
# For each doc set of CORPUS (default ../shared/corpus): the stdout and stderr of `parse`, the
# stderr of `generate --notes`, and `model --format full`. Exits 1 and prints the first
# differences when they differ.
set -uo pipefail
old=$(realpath "$1") new=$(realpath "$2")
root=$(realpath "$(dirname "$0")/..")
corpus=$(realpath "${3:-$root/../shared/corpus}")
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

for side in old new; do
    bin=${!side}
    mkdir -p "$work/$side"
    for set in "$corpus"/*/; do
        n=$(basename "$set")
        "$bin" parse "$set" > "$work/$side/$n.parse.out" 2> "$work/$side/$n.parse.err"
        "$bin" generate --docs "$set" --out "$work/gen" --notes > /dev/null 2> "$work/$side/$n.gen.err"
        rm -rf "$work/gen"
        "$bin" model --format full "$set" > "$work/$side/$n.model.json" 2> /dev/null
    done
done
if diff -r "$work/old" "$work/new" > "$work/diff"; then
    echo "same diagnostics and models: $(find "$work/new" -type f | wc -l) files, $(du -sh "$work/new" | cut -f1)"
else
    head -40 "$work/diff"
    echo "the diagnostics or models differ ($(grep -c '^diff ' "$work/diff") files)"
    exit 1
fi
