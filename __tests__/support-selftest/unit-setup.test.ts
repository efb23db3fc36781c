// Proves the preload of `npm run test:unit` (test-support/unit-setup.ts):
// with every unit file in one process, a file that leaves process.env or the
// working folder changed fails the run, named, and the files after it start
// from the state the run began with. Each case runs the test runner as the
// script does, on test files written to a temporary folder.
import assert from 'node:assert/strict'
import { execFile } from 'node:child_process'
import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { after, before, test } from 'node:test'
import { repoRoot } from '../../test-support/repo-root.ts'

const PRELOAD = join(repoRoot, 'test-support/unit-setup.ts')
let dir: string

before(async () => {
  dir = await mkdtemp(join(tmpdir(), 'pg-dumper-unit-setup-'))
})
after(() => rm(dir, { recursive: true, force: true }))

/** The test files `files` (name → body) run in one process with the preload. */
async function runUnits(files: Record<string, string>) {
  const names = Object.keys(files).sort()
  for (const name of names) {
    await writeFile(
      join(dir, name),
      `import assert from 'node:assert/strict'\nimport { test } from 'node:test'\n${files[name]}\n`
    )
  }
  return new Promise<{ code: number | null; output: string }>(resolve => {
    execFile(
      process.execPath,
      [
        '--test',
        '--test-isolation=none',
        '--test-reporter=spec',
        '--import',
        PRELOAD,
        ...names
      ],
      {
        cwd: dir,
        // the runner's own test context would make it report in binary
        env: { ...process.env, NODE_TEST_CONTEXT: undefined }
      },
      (error, stdout, stderr) =>
        resolve({
          code: error ? (error.code as number | null) : 0,
          output: stdout + stderr
        })
    )
  })
}

/** A test that passes when it finds the variable unset and the folder as given. */
const untouched = () => `test('sees the environment as it began', () => {
  assert.equal(process.env.PG_DUMPER_LEAK, undefined)
  assert.equal(process.cwd(), ${JSON.stringify(dir)})
})`

test('files that restore what they change pass', async () => {
  const { code, output } = await runUnits({
    'a-clean.test.mjs': `test('sets and restores', () => {
  process.env.PG_DUMPER_LEAK = 'x'
  delete process.env.PG_DUMPER_LEAK
})`,
    'b-clean.test.mjs': untouched()
  })
  assert.equal(code, 0, output)
})

test('a file that leaves a variable set fails the run, named; the next file starts clean', async () => {
  const { code, output } = await runUnits({
    'a-leaks.test.mjs': `test('leaks', () => { process.env.PG_DUMPER_LEAK = 'x' })`,
    'b-after.test.mjs': `test('first: fails, naming the leak', () => {})\n${untouched()}`
  })
  assert.equal(code, 1, output)
  assert.match(
    output,
    /a-leaks\.test\.mjs left process\.env\.PG_DUMPER_LEAK changed\. Every unit file runs in this one process/
  )
  assert.match(output, /ℹ pass 2\n/, 'the next file saw the start again')
  assert.match(output, /ℹ fail 1\n/)
})

test('a top-level hook that changes the environment, or a change of folder, fails the run', async () => {
  const hook = await runUnits({
    'c-hook.test.mjs': `import { before } from 'node:test'
before(() => { process.env.PG_DUMPER_LEAK = 'x' })
test('runs after the hook', () => {})`
  })
  assert.equal(hook.code, 1, hook.output)
  assert.match(
    hook.output,
    /The top level or a top-level hook of a test file left process\.env\.PG_DUMPER_LEAK changed/
  )
  const folder = await runUnits({
    'd-chdir.test.mjs': `test('moves', () => { process.chdir('/') })`
  })
  assert.equal(folder.code, 1, folder.output)
  assert.match(
    folder.output,
    /d-chdir\.test\.mjs left the working folder changed/
  )
})
