#!/usr/bin/env bash
# Builds the committed bundles: tsc compiles src/ to lib/, ncc bundles the
# action (dist/index.js) and the CLI (dist/cli/index.js). Usage: bundle.sh [OUT]
set -euo pipefail
cd "$(dirname "$0")/.."
out="${1:-dist}"
rm -rf lib "$out"
tsc -p tsconfig.build.json
ncc build lib/index.js -o "$out" --license licenses.txt --no-source-map-register --quiet
ncc build lib/cli/index.js -o "$out/cli" --no-source-map-register --quiet
chmod +x "$out/cli/index.js"
rm -rf lib
