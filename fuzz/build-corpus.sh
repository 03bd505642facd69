#!/usr/bin/env bash
# Build the seed corpus for the fuzz targets in fuzz/corpus/check_fix/ (not committed):
# every fixture draft, every document in ../shared/seeds/, and every CommonMark spec example
# (one file each). The corpus directory is libFuzzer's working corpus, so it grows as it runs.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(dirname "$here")"
shared="${BLOGFMT_SHARED:-$root/../shared}"
out="$here/corpus/check_fix"
mkdir -p "$out"
for file in "$root"/fixtures/*/*.md; do
    cp "$file" "$out/fixture-$(basename "$(dirname "$file")")-$(basename "$file")"
done
if [ -d "$shared/seeds" ]; then
    for file in "$shared"/seeds/*; do
        [ "$(basename "$file")" = README.md ] && continue
        cp "$file" "$out/seed-$(basename "$file")"
    done
else
    echo "note: $shared/seeds not found; skipped" >&2
fi
spec="$shared/commonmark/spec-examples.json"
if [ -f "$spec" ]; then
    python3 - "$spec" "$out" <<'PY'
import json, sys, pathlib
spec, out = sys.argv[1], pathlib.Path(sys.argv[2])
for example in json.load(open(spec, encoding="utf-8")):
    (out / f"spec-{example['example']:03}.md").write_text(example["markdown"], encoding="utf-8")
PY
else
    echo "note: $spec not found; skipped" >&2
fi
echo "$(find "$out" -type f | wc -l) files in $out"
