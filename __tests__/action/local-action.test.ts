// The action's source run by @github/local-action, as `npm run local-action`
// runs it: src/action/main.ts must export run(), and nothing of ours may need
// what local-action's stubs of @actions/core and @actions/artifact lack.
import assert from 'node:assert/strict'
import { execFile } from 'node:child_process'
import { createHash } from 'node:crypto'
import { existsSync } from 'node:fs'
import { mkdir, mkdtemp, readFile, stat, writeFile } from 'node:fs/promises'
import { delimiter, dirname, join } from 'node:path'
import { after, before, test } from 'node:test'
import { stripVTControlCharacters } from 'node:util'
import { parse } from 'yaml'
import { seededServer, type SeededServer } from '../../test-support/fixtures.ts'
import type { TestServer } from '../../test-support/pg-server.ts'
import { pgBinDirInput, repoRoot } from '../../test-support/run-action.ts'
import {
  ACTION_DEFAULTS,
  baseEnv,
  inputEnv,
  inputVariable
} from '../../test-support/runner-env.ts'

const localAction = join(repoRoot, 'node_modules/.bin/local-action')

let seeded: SeededServer
let server: TestServer
let db: string
let dir: string

before(async () => {
  seeded = await seededServer({
    database: 'local_action',
    seed: 'CREATE TABLE t AS SELECT g AS id FROM generate_series(1, 50) g',
    tempPrefix: 'pg-dumper-local-action-'
  })
  ;({ server, db, dir } = seeded)
})
after(() => seeded?.stop())

/** What one local-action run printed, and the outputs it listed. */
interface LocalRun {
  exitCode: number
  log: string
  /** from local-action's `::set-output name=…::…` lines */
  outputs: Record<string, string>
  /** the Action Outputs section it ends with */
  outputSection: string
  work: string
}

/**
 * A .env line dotenv reads back as it is: in single quotes or backticks
 * (double quotes would expand \n), whichever the value does not hold.
 */
function envLine(key: string, value: string): string {
  const quote = ["'", '`'].find(q => !value.includes(q))
  assert.ok(
    quote && !/[\n\r]|\\$/.test(value),
    `${key} cannot go in a .env: ${value}`
  )
  return `${key}=${quote}${value}${quote}`
}

/**
 * Runs `local-action . src/action/main.ts <.env>` from the repository root
 * (it finds the packages to stub with `npm ls` there), the .env holding the
 * inputs (and every action.yml default, as the runner sets them) and `env`.
 */
async function localRun(
  inputs: Record<string, string>,
  env: (work: string) => Promise<Record<string, string>> = () =>
    Promise.resolve({})
): Promise<LocalRun> {
  const work = await mkdtemp(join(dir, 'run-'))
  const dotenv = join(work, '.env')
  assert.doesNotMatch(dotenv, /\s/, 'local-action cannot take this path')
  const vars = {
    ACTIONS_STEP_DEBUG: 'false',
    GITHUB_STEP_SUMMARY: join(work, 'summary.md'),
    GITHUB_WORKSPACE: work,
    RUNNER_TEMP: work,
    ...inputEnv({ 'install-client': 'never', ...pgBinDirInput(), ...inputs }),
    ...(await env(work))
  }
  await writeFile(
    dotenv,
    Object.entries(vars)
      .map(([k, v]) => envLine(k, v))
      .join('\n') + '\n'
  )
  const { exitCode, stdout, stderr } = await new Promise<{
    exitCode: number
    stdout: string
    stderr: string
  }>(resolvePromise => {
    execFile(
      process.execPath,
      // its bin joins these into a shell command unquoted: no spaces
      [localAction, '.', 'src/action/main.ts', dotenv],
      {
        cwd: repoRoot,
        env: {
          ...baseEnv(),
          // local-action starts `npm exec tsx`, whose `env node` must be this
          // Node, not an older one first on the PATH
          PATH: [
            dirname(process.execPath),
            join(repoRoot, 'node_modules/.bin'),
            process.env.PATH
          ].join(delimiter),
          FORCE_COLOR: '0',
          // tsx keeps its cache and IPC pipes in $TMPDIR/tsx-<uid>: in the
          // run's folder, removed with it, not a /tmp/tsx-0 left behind
          TMPDIR: work
        },
        timeout: 180_000,
        maxBuffer: 64 * 1024 * 1024
      },
      (error, stdout, stderr) =>
        resolvePromise({
          exitCode: error
            ? typeof error.code === 'number'
              ? error.code
              : 1
            : 0,
          stdout,
          stderr
        })
    )
  })
  const log = stripVTControlCharacters(stdout + stderr)
  const outputs: Record<string, string> = {}
  for (const [, name, value] of log.matchAll(
    /^::set-output name=([^:]+)::(.*)$/gm
  ))
    outputs[name] = value
  const outputSection = log.split(/^\s*Action Outputs\s*$/m)[1] ?? ''
  return { exitCode, log, outputs, outputSection, work }
}

const errors = (run: LocalRun) =>
  run.log.split('\n').filter(line => line.startsWith('::error::'))

test('local-action runs a dump to a file and lists the file and sha256 outputs', async () => {
  const file = join(dir, 'local-dump.dump')
  const run = await localRun({
    mode: 'dump',
    connection: server.uri(db),
    file
  })
  assert.equal(run.exitCode, 0, run.log)
  assert.match(run.log, /Running Action/)
  // tsx kept its temp folder in the run's, not /tmp/tsx-<uid> left behind
  const uid = process.geteuid?.() ?? 0
  assert.ok(existsSync(join(run.work, `tsx-${uid}`)), 'no tsx folder in TMPDIR')
  assert.deepEqual(errors(run), [], run.log)
  const bytes = await readFile(file)
  assert.equal(
    bytes.subarray(0, 5).toString('latin1'),
    'PGDMP',
    'not a custom archive'
  )
  const sha256 = createHash('sha256').update(bytes).digest('hex')
  assert.equal(run.outputs.file, file, run.log)
  assert.equal(run.outputs.sha256, sha256)
  assert.equal(run.outputs.size, String(bytes.length))
  assert.match(run.outputs['server-version'] ?? '', /^\d+\.\d+/)
  for (const value of [file, sha256]) {
    assert.ok(run.outputSection.includes(value), run.outputSection)
  }
  assert.ok(!run.log.includes(server.password), 'password in the log')
  const summary = await readFile(join(run.work, 'summary.md'), 'utf8')
  assert.match(summary, /pg-dumper: Dump succeeded/)
})

test('local-action reports a bad mode input as the InputError, setting no output', async () => {
  const run = await localRun({ mode: 'bogus', connection: server.uri(db) })
  assert.equal(run.exitCode, 0, run.log)
  assert.deepEqual(errors(run), [
    "::error::InputError: Invalid 'mode' input 'bogus'. Expected one of: dump, restore."
  ])
  assert.deepEqual(run.outputs, {})
  assert.match(run.outputSection, /No outputs were set!/)
})

test('local-action keeps the dump as an artifact through its @actions/artifact stub', async () => {
  // the stub exports no ArtifactNotFoundError and throws its own class of
  // that name when checking that no artifact 'local.dump' exists yet
  const run = await localRun(
    {
      mode: 'dump',
      connection: server.uri(db),
      file: join(dir, 'local.dump'),
      'artifact-name': 'local.dump'
    },
    async work => {
      // where the stub writes <name>.zip; it does not create the folder
      const artifacts = join(work, 'artifacts')
      await mkdir(artifacts)
      return {
        LOCAL_ACTION_WORKSPACE: work,
        LOCAL_ACTION_ARTIFACT_PATH: artifacts,
        // any value: our runtime check wants them, the stub uses neither
        ACTIONS_RUNTIME_TOKEN: 'local',
        ACTIONS_RESULTS_URL: 'http://localhost/',
        GITHUB_REPOSITORY: 'octo/local',
        GITHUB_RUN_ID: '1'
      }
    }
  )
  assert.equal(run.exitCode, 0, run.log)
  assert.deepEqual(errors(run), [], run.log)
  assert.equal(run.outputs['artifact-id'], '1', run.log)
  assert.equal(run.outputs['artifact-format'], 'file')
  assert.ok((await stat(join(run.work, 'artifacts/local.dump.zip'))).size > 0)
})

test('.env.example sets every input of action.yml, at its default', async () => {
  const action = parse(
    await readFile(join(repoRoot, 'action.yml'), 'utf8')
  ) as { inputs: Record<string, unknown> }
  const example = await readFile(join(repoRoot, '.env.example'), 'utf8')
  const set = new Map(
    [...example.matchAll(/^(INPUT_[\w.-]+)=(.*)$/gm)].map(([, k, v]) => [k, v])
  )
  for (const name of Object.keys(action.inputs)) {
    const value = set.get(inputVariable(name))
    assert.notEqual(value, undefined, `${inputVariable(name)} missing`)
    if (name in ACTION_DEFAULTS)
      assert.equal(value, ACTION_DEFAULTS[name], name)
  }
  assert.deepEqual(
    [...set.keys()].filter(
      k => !Object.keys(action.inputs).some(n => inputVariable(n) === k)
    ),
    [],
    'variables for no input'
  )
})
