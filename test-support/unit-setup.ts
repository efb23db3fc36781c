// `npm run test:unit`'s preload (node --import): the unit files run there in
// one process (--test-isolation=none), so the modules they share load once,
// and Node keeps the compiled modules between runs (its compile cache). What
// one file leaves in process.env or the working folder, a later file would
// see: the run fails naming the file and what it left, and goes on from the
// state it began with.
import { enableCompileCache } from 'node:module'
import { relative } from 'node:path'
import { after, beforeEach } from 'node:test'

enableCompileCache()

const start = { env: { ...process.env }, cwd: process.cwd() }

/** What differs from the start: the variables by name, and the folder. */
function changedSinceStart(): string[] {
  const env = { ...process.env }
  const names = new Set([...Object.keys(start.env), ...Object.keys(env)])
  const variables = [...names]
    .filter(name => start.env[name] !== env[name])
    .sort()
    .map(name => `process.env.${name}`)
  return process.cwd() === start.cwd
    ? variables
    : [...variables, 'the working folder']
}

function restoreStart(): void {
  for (const name of Object.keys(process.env))
    if (!(name in start.env)) delete process.env[name]
  Object.assign(process.env, start.env)
  process.chdir(start.cwd)
}

/** Fails when what `ran` left things otherwise than they were at the start. */
function checkLeftovers(ran: string): void {
  const left = changedSinceStart()
  if (left.length === 0) return
  restoreStart()
  throw new Error(
    `${ran} left ${left.join(', ')} changed. Every unit file runs in this ` +
      'one process (--test-isolation=none): a test restores what it changes ' +
      'before it ends, and a hook that changes it belongs in a describe() ' +
      '(a hook at the top of a file runs around every file’s tests).'
  )
}

/** The file whose tests are running: a file's tests run one after another. */
let current: string | undefined
const named = (file: string) => relative(start.cwd, file)

beforeEach(t => {
  if (t.filePath === current) return
  const ran =
    current === undefined
      ? 'The top level or a top-level hook of a test file'
      : named(current)
  current = t.filePath
  checkLeftovers(ran)
})

after(() => {
  try {
    checkLeftovers(current === undefined ? 'The test files' : named(current))
  } catch (error) {
    // a failing hook of the root does not fail the run by itself
    process.exitCode = 1
    throw error
  }
})
