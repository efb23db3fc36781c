// The stamp scripts/bundle.sh writes beside the bundles (dist/source-stamp.txt)
// and the check the bundle runners of test-support make with it: a bundle
// built from other sources than the current ones is refused, naming
// `npm run bundle`; one built from them passes.
import assert from 'node:assert/strict'
import {
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  writeFileSync
} from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { test } from 'node:test'
import {
  sourceStamp,
  stampedFiles,
  stampName,
  staleBundle
} from '../../scripts/source-stamp.ts'
import { repoRoot } from '../../test-support/repo-root.ts'

/** A checkout in a temporary folder: a few sources and the other inputs. */
function fakeCheckout(body: (root: string) => void) {
  const root = mkdtempSync(join(tmpdir(), 'pg-dumper-stamp-'))
  try {
    const files: Record<string, string> = {
      'src/action/main.ts': 'export const a = 1\n',
      'src/core/dump/plan.ts': 'export const b = 2\n'
    }
    for (const name of stampedFiles) files[name] = `${name}\n`
    for (const [name, text] of Object.entries(files)) {
      mkdirSync(dirname(join(root, name)), { recursive: true })
      writeFileSync(join(root, name), text)
    }
    mkdirSync(join(root, 'dist'))
    body(root)
  } finally {
    rmSync(root, { recursive: true, force: true })
  }
}

/** Writes the stamp as `npm run bundle` does, for the sources as they are. */
const bundle = (root: string) =>
  writeFileSync(join(root, 'dist', stampName), `${sourceStamp(root)}\n`)

test('a bundle built from the current sources passes', () => {
  fakeCheckout(root => {
    bundle(root)
    assert.equal(staleBundle(root), undefined)
    // line ends are hashed as \n: a CRLF checkout has the same stamp
    const main = join(root, 'src/action/main.ts')
    writeFileSync(main, readFileSync(main, 'utf8').replace(/\n/g, '\r\n'))
    assert.equal(staleBundle(root), undefined)
  })
})

test('a changed, added or removed source, or a changed lock file or tsconfig, makes the bundle stale, naming npm run bundle', () => {
  const changes: [string, (root: string) => void][] = [
    [
      'an edited source',
      r =>
        writeFileSync(join(r, 'src/core/dump/plan.ts'), 'export const b = 3\n')
    ],
    ['a new source', r => writeFileSync(join(r, 'src/action/new.ts'), '')],
    ['a removed source', r => rmSync(join(r, 'src/action/main.ts'))],
    [
      'a renamed source',
      r => {
        writeFileSync(join(r, 'src/action/main2.ts'), 'export const a = 1\n')
        rmSync(join(r, 'src/action/main.ts'))
      }
    ],
    ...stampedFiles.map((name): [string, (root: string) => void] => [
      `an edited ${name}`,
      r => writeFileSync(join(r, name), `${name} changed\n`)
    ])
  ]
  for (const [what, change] of changes) {
    fakeCheckout(root => {
      bundle(root)
      change(root)
      const stale = staleBundle(root)
      assert.ok(stale, `${what} is noticed`)
      assert.match(stale, /Run `npm run bundle`/, what)
      assert.match(stale, /dist\/ is stale/, what)
      // and a new bundle lets the tests through again
      bundle(root)
      assert.equal(staleBundle(root), undefined, `${what}, bundled again`)
    })
  }
})

test('a dist/ without a stamp is stale', () => {
  fakeCheckout(root => {
    assert.match(staleBundle(root) ?? '', /Run `npm run bundle`/)
    writeFileSync(join(root, 'dist', stampName), 'not a hash\n')
    assert.match(staleBundle(root) ?? '', /Run `npm run bundle`/)
  })
})

test('bundle.sh stamps every bundle it builds, hashing the sources before it builds', () => {
  const script = readFileSync(join(repoRoot, 'scripts/bundle.sh'), 'utf8')
  const stamp = script.indexOf('node scripts/source-stamp.ts "$work/')
  assert.ok(stamp > 0, 'bundle.sh runs source-stamp.ts')
  assert.ok(stamp < script.indexOf('tsc -p tsconfig.build.json'), 'before tsc')
  assert.match(
    script,
    /^mv "\$work\/source-stamp\.txt" "\$work\/dist\/source-stamp\.txt"$/m
  )
})

test('the bundle runners of test-support check the stamp before running dist/', () => {
  const text = ['test-support/run-action.ts', 'test-support/faults.ts']
    .map(file => readFileSync(join(repoRoot, file), 'utf8'))
    .join('\n')
  for (const runner of ['runAction', 'runCli', 'startAction', 'startCli']) {
    const start = text.search(
      new RegExp(`^export (async )?function ${runner}\\(`, 'm')
    )
    assert.ok(start >= 0, `${runner} is in test-support`)
    const body = text.slice(start, text.indexOf('\n}\n', start))
    assert.match(body, /exitIfBundleStale\(/, runner)
  }
})
