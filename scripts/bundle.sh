#!/usr/bin/env bash
# Builds the committed bundles: tsc compiles src/ to lib/, ncc bundles the
# action (OUT/index.js) and the CLI (OUT/cli/index.js). Each bundle ships the
# licenses of the packages it contains beside it (OUT/licenses.txt,
# OUT/cli/licenses.txt); OUT/source-stamp.txt says which sources they were
# built from (scripts/source-stamp.ts; the tests running dist/ check it). The
# result is built in a temporary folder and swapped in at the end, so nothing
# running OUT sees it half built.
# Usage: bundle.sh [OUT] (default dist)
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$PWD/node_modules/.bin:$PATH"
out="${1:-dist}"

# Writes the licenses of every package a build bundled, from webpack's stats
# of it: ncc's own --license misses some (each split chunk overwrites the
# file, and modules webpack concatenated are left out). One entry per package
# as ncc writes them: name, license, the package's license file.
# Usage: write_licenses STATS_JSON OUT_TXT
write_licenses() {
  node --input-type=module - "$1" "$2" <<'JS'
import { readdirSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
const [statsFile, outFile] = process.argv.slice(2)
const { modules } = JSON.parse(readFileSync(statsFile, 'utf8'))
const marker = '/node_modules/'
const dirs = new Set()
for (const m of modules.flatMap(m => [m, ...(m.modules ?? [])])) {
  // an identifier is "type|loader!…!/path/of/the/file.js|hash"
  const file = m.identifier.split('!').pop().split('|')[0]
  const at = file.lastIndexOf(marker)
  if (at < 0) continue
  const parts = file.slice(at + marker.length).split('/')
  const name = parts.slice(0, parts[0].startsWith('@') ? 2 : 1).join('/')
  dirs.add(file.slice(0, at + marker.length) + name)
}
const entries = new Map()
for (const dir of dirs) {
  const pkg = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8'))
  const license =
    typeof pkg.license === 'string'
      ? pkg.license
      : pkg.license?.type ??
        ((pkg.licenses ?? []).map(l => l.type).join(' OR ') || 'UNKNOWN')
  const file = readdirSync(dir)
    .sort()
    .find(f => /^(licen[cs]e|copying)([.-].*)?$/i.test(f))
  const text = file
    ? readFileSync(join(dir, file), 'utf8').trim()
    : `(${pkg.name} ${pkg.version} ships no license file)`
  entries.set(`${pkg.name}\n${license}\n${text}\n`, pkg.name)
}
const order = (a, b) => (a < b ? -1 : a > b ? 1 : 0)
const sorted = [...entries].sort(([a, x], [b, y]) => order(x, y) || order(a, b))
writeFileSync(outFile, sorted.map(([entry]) => entry).join('\n'))
JS
}

# lib/ is a fixed path (ncc records it in the bundle): one build at a time
exec 9>.bundle.lock
flock 9
work="$(mktemp -d)"
trap 'rm -rf "$work" lib' EXIT
rm -rf lib
# hashed before building: a source edited meanwhile leaves the stamp stale
node scripts/source-stamp.ts "$work/source-stamp.txt"
tsc -p tsconfig.build.json
ncc build lib/action/index.js -o "$work/dist" --stats-out "$work/action-stats.json" --no-source-map-register --quiet
ncc build lib/cli/index.js -o "$work/dist/cli" --stats-out "$work/cli-stats.json" --no-source-map-register --quiet
write_licenses "$work/action-stats.json" "$work/dist/licenses.txt"
write_licenses "$work/cli-stats.json" "$work/dist/cli/licenses.txt"
chmod +x "$work/dist/cli/index.js"
mv "$work/source-stamp.txt" "$work/dist/source-stamp.txt"
rm -rf "$out.old"
if [ -e "$out" ]; then mv "$out" "$out.old"; fi
mv "$work/dist" "$out"
rm -rf "$out.old"
