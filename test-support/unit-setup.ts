// `npm run test:unit`'s preload (node --import): the unit files run there in
// one process (--test-isolation=none), so the modules they share load once,
// and Node keeps the compiled modules between runs (its compile cache). What
// one file leaves in process.env or the working folder, a later file would
// see: a test that leaves either changed fails, naming what it left, and the
// run goes on from the state it began with.
import { enableCompileCache } from 'node:module'
import { after, afterEach, beforeEach } from 'node:test'

enableCompileCache()

interface State {
  env: Record<string, string | undefined>
  cwd: string
}

const now = (): State => ({ env: { ...process.env }, cwd: process.cwd() })

/** What differs from `was`: the variables by name, and the folder. */
function changedSince(was: State): string[] {
  const is = now()
  const names = new Set([...Object.keys(was.env), ...Object.keys(is.env)])
  const variables = [...names]
    .filter(name => was.env[name] !== is.env[name])
    .sort()
    .map(name => `process.env.${name}`)
  return was.cwd === is.cwd ? variables : [...variables, 'the working folder']
}

function restore(state: State): void {
  for (const name of Object.keys(process.env))
    if (!(name in state.env)) delete process.env[name]
  Object.assign(process.env, state.env)
  process.chdir(state.cwd)
}

const start = now()
const ONE_PROCESS =
  'every unit file runs in this one process (--test-isolation=none): ' +
  'restore what a test changes when it ends, and scope a hook that changes ' +
  'it to a describe() (a file-level hook runs around every file’s tests)'

/** Fails when what ran before left things as they were not at the start. */
function checkStart(where: string): void {
  const left = changedSince(start)
  if (left.length === 0) return
  restore(start)
  throw new Error(`${where} left ${left.join(', ')} changed; ${ONE_PROCESS}`)
}

// Only top-level tests: a suite's tests may share what its hooks set up.
const topLevel = (t: { name: string; fullName: string }) =>
  t.fullName === t.name

beforeEach(t => {
  if (topLevel(t)) checkStart('a test, hook or file run before this test')
})

afterEach(t => {
  if (topLevel(t)) checkStart('this test')
})

after(() => {
  try {
    checkStart('a test, hook or file')
  } catch (error) {
    // a failing root hook does not fail the run by itself
    process.exitCode = 1
    throw error
  }
})
