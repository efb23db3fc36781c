// unzip-stream's Buffer() deprecation (DEP0005), which every artifact
// download printed, is kept out of the log; every other warning still shows.
// In a child Node, as the action's entry installs the filter.
import assert from 'node:assert/strict'
import { execFile } from 'node:child_process'
import { join } from 'node:path'
import { pathToFileURL } from 'node:url'
import { promisify } from 'node:util'
import { test } from 'node:test'
import { isUnzipStreamBuffer } from '../../src/action/dependency-warnings.ts'
import { repoRoot } from '../../test-support/repo-root.ts'

const filter = pathToFileURL(
  join(repoRoot, 'src/action/dependency-warnings.ts')
).href

/** What a child Node prints on stderr running `body` after the filter is installed. */
async function stderrOf(body: string): Promise<string> {
  const script = `import { quietUnzipStreamBuffer } from '${filter}'
quietUnzipStreamBuffer()
${body}`
  const { stderr } = await promisify(execFile)(process.execPath, [
    '--input-type=module',
    '--eval',
    script
  ])
  return stderr
}

const frames = (...names: string[]) =>
  [
    'Error',
    ...names.map(n => `    at ${n} (file:///dist/687.index.js:1:1)`)
  ].join('\n')

const cases: [string, string | undefined, string, boolean][] = [
  [
    'DEP0005 from the UnzipStream constructor',
    'DEP0005',
    frames('showFlaggedDeprecation', 'new Buffer', 'new UnzipStream'),
    true
  ],
  [
    'DEP0005 from a MatcherStream method',
    'DEP0005',
    frames('new Buffer', 'MatcherStream.checkDataChunk'),
    true
  ],
  [
    'DEP0005 from other code',
    'DEP0005',
    frames('new Buffer', 'readHeader'),
    false
  ],
  [
    'another deprecation from unzip-stream',
    'DEP0999',
    frames('new UnzipStream'),
    false
  ],
  ['a warning without a code', undefined, frames('new UnzipStream'), false]
]
for (const [name, code, stack, quiet] of cases) {
  test(`isUnzipStreamBuffer: ${name}: ${quiet ? 'quiet' : 'shown'}`, () => {
    assert.equal(isUnzipStreamBuffer(code, stack), quiet)
  })
}

test("unzip-stream's Buffer() is quiet; another deprecation after it still shows", async () => {
  const stderr =
    await stderrOf(`function UnzipStream() { this.data = new Buffer('') }
UnzipStream.prototype._flush = function () { return new Buffer(4) }
new UnzipStream()._flush()
process.emitWarning('this is old', 'DeprecationWarning', 'DEP0999')`)
  assert.doesNotMatch(stderr, /Buffer\(\) is deprecated|DEP0005/)
  assert.match(stderr, /\[DEP0999\] DeprecationWarning: this is old/)
})

test('Buffer() from other code still warns', async () => {
  const stderr = await stderrOf(`function readHeader() { return new Buffer(4) }
readHeader()`)
  assert.match(
    stderr,
    /\[DEP0005\] DeprecationWarning: Buffer\(\) is deprecated/
  )
})

test('a warning given as an Error, or with options, reaches Node as given', async () => {
  const stderr =
    await stderrOf(`const e = new Error('as an error'); e.name = 'CustomWarning'
process.emitWarning(e)
process.emitWarning('with options', { type: 'DeprecationWarning', code: 'DEP0998' })`)
  assert.match(stderr, /CustomWarning: as an error/)
  assert.match(stderr, /\[DEP0998\] DeprecationWarning: with options/)
})
