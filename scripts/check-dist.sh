#!/usr/bin/env bash
# Fails when the committed dist/ differs from what `npm run bundle` builds now.
set -euo pipefail
cd "$(dirname "$0")/.."
fresh="$(mktemp -d)"
trap 'rm -rf "$fresh"' EXIT
bash scripts/bundle.sh "$fresh/dist" >/dev/null
if ! diff -r dist "$fresh/dist" >"$fresh/diff.txt"; then
  echo "dist/ is out of date: run 'npm run bundle' and commit dist/." >&2
  head -n 40 "$fresh/diff.txt" >&2
  exit 1
fi
echo "dist/ matches src/."
