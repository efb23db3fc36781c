#!/usr/bin/env bash
# Builds the committed bundles: tsc compiles src/ to lib/, ncc bundles the
# action (OUT/index.js) and the CLI (OUT/cli/index.js). The result is built in
# a temporary folder and swapped in at the end, so nothing running OUT sees it
# half built. Usage: bundle.sh [OUT] (default dist)
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$PWD/node_modules/.bin:$PATH"
out="${1:-dist}"
# lib/ is a fixed path (ncc records it in the bundle): one build at a time
exec 9>.bundle.lock
flock 9
work="$(mktemp -d)"
trap 'rm -rf "$work" lib' EXIT
rm -rf lib
tsc -p tsconfig.build.json
ncc build lib/action/index.js -o "$work/dist" --license licenses.txt --no-source-map-register --quiet
ncc build lib/cli/index.js -o "$work/dist/cli" --no-source-map-register --quiet
chmod +x "$work/dist/cli/index.js"
rm -rf "$out.old"
if [ -e "$out" ]; then mv "$out" "$out.old"; fi
mv "$work/dist" "$out"
rm -rf "$out.old"
