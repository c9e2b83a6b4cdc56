#!/usr/bin/env bash
# Time from saving a file to `hearth serve`'s reload event, on a generated site (10,000 pages
# unless PAGES says otherwise): medians of article edits, template edits and stylesheet edits.
# bench/run takes the same measurements on a copy of its own 10,000-page site; this runs them alone.
#   bench/serve_bench.sh            # uses ../shared/bench/gen_corpus.py beside the repository
#   PAGES=2000 bench/serve_bench.sh
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
repo="$(dirname "$here")"
pages="${PAGES:-10000}"
generator="${GEN_CORPUS:-$repo/../shared/bench/gen_corpus.py}"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

cargo build --release --quiet --manifest-path "$repo/Cargo.toml"
python3 "$generator" --pages "$pages" --out "$work/site" --flavor hearth >/dev/null
cp -r "$repo/themes" "$work/site/"
echo "hearth serve on $pages generated pages ($(nproc) cores):"
python3 "$here/serve_bench.py" "$repo/target/release/hearth" "$work/site"
