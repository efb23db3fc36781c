// The stamp `npm run bundle` writes beside the bundles, dist/source-stamp.txt:
// a SHA-256 over what they are built from, so that the tests running dist/
// can tell, in milliseconds, whether it was built from the sources as they
// are now. Line ends are hashed as \n, so a checkout's settings do not
// change it. package.json is left out (its dependencies are pinned in
// package-lock.json): editing its scripts does not make dist/ stale.
// Usage: node scripts/source-stamp.ts OUT_FILE
import { createHash } from 'node:crypto'
import { readdirSync, readFileSync, writeFileSync } from 'node:fs'
import { join, relative, resolve, sep } from 'node:path'

/** The stamp's name in dist/. */
export const stampName = 'source-stamp.txt'

/** What the bundles are built from besides src/. */
export const stampedFiles = [
  'package-lock.json',
  'tsconfig.json',
  'tsconfig.build.json',
  'scripts/bundle.sh'
]

/** The SHA-256 (hex) over src/** and stampedFiles under root: names and contents. */
export function sourceStamp(root: string): string {
  const sources = readdirSync(join(root, 'src'), {
    recursive: true,
    withFileTypes: true
  })
    .filter(entry => entry.isFile())
    .map(entry => relative(root, join(entry.parentPath, entry.name)))
    .map(path => path.split(sep).join('/'))
  const hash = createHash('sha256')
  for (const file of [...sources, ...stampedFiles].sort()) {
    const text = readFileSync(join(root, file), 'utf8').replace(/\r\n/g, '\n')
    hash.update(`${file}\0${Buffer.byteLength(text)}\0${text}`)
  }
  return hash.digest('hex')
}

/**
 * Why the bundles in dist (default root/dist) were not built from the
 * sources under root as they are now, or undefined when they were.
 */
export function staleBundle(root: string, dist = join(root, 'dist')) {
  let stamp: string
  try {
    stamp = readFileSync(join(dist, stampName), 'utf8').trim()
  } catch {
    stamp = ''
  }
  if (stamp === sourceStamp(root)) return undefined
  const changed = ['src/', ...stampedFiles].join(', ')
  return (
    `The bundle in ${relative(root, dist) || '.'}/ is stale: it was not built ` +
    `from the current ${changed}. Run \`npm run bundle\`, then the tests ` +
    'again: they run dist/index.js and dist/cli/index.js, not src/.'
  )
}

if (import.meta.main) {
  const [out] = process.argv.slice(2)
  if (!out) throw new Error('usage: node scripts/source-stamp.ts OUT_FILE')
  writeFileSync(out, `${sourceStamp(resolve(import.meta.dirname, '..'))}\n`)
}
