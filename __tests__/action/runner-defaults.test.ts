// The runner sets an INPUT_* variable for every input action.yml gives a
// default, given or not. Run that way, the ordinary steps log no warning:
// a notice about an input that does not apply comes only when it was set
// to something other than its default.
import assert from 'node:assert/strict'
import { mkdtemp } from 'node:fs/promises'
import { join } from 'node:path'
import { after, before, test } from 'node:test'
import type { ArtifactBackend } from '../../test-support/artifact-backend.ts'
import {
  seededServer,
  type SeededServerWithArtifacts
} from '../../test-support/fixtures.ts'
import type { TestServer } from '../../test-support/pg-server.ts'
import {
  pgBinDirInput,
  runAction,
  type StepRun
} from '../../test-support/run-action.ts'
import { ACTION_DEFAULTS, inputEnv } from '../../test-support/runner-env.ts'

const REPO = 'octo/defaults'
let seeded: SeededServerWithArtifacts
let server: TestServer
let backend: ArtifactBackend
let source: string
let dir: string
let nextRun = 7000

before(async () => {
  seeded = await seededServer({
    database: 'defaults_src',
    seed: 'CREATE TABLE t AS SELECT g AS id FROM generate_series(1, 50) g',
    tempPrefix: 'pg-dumper-defaults-',
    artifacts: {}
  })
  ;({ server, backend, db: source, dir } = seeded)
})
after(() => seeded?.stop())

async function step(
  inputs: Record<string, string>,
  runId = nextRun++,
  cwd?: string
): Promise<StepRun & { cwd: string }> {
  const workspace = cwd ?? (await mkdtemp(join(dir, 'ws-')))
  const run = await runAction(
    { ...pgBinDirInput(), ...inputs },
    {
      cwd: workspace,
      env: {
        ...backend.env({ repository: REPO, jobId: 'job', runId }),
        RUNNER_TEMP: workspace
      }
    }
  )
  return { ...run, cwd: workspace }
}

const warnings = (run: StepRun) =>
  run.stdout.split('\n').filter(line => line.startsWith('::warning::'))

test('the harness sets every default action.yml declares, as the runner does', () => {
  const env = inputEnv({ mode: 'dump' })
  assert.ok(Object.keys(ACTION_DEFAULTS).length >= 9)
  for (const [name, value] of Object.entries(ACTION_DEFAULTS)) {
    assert.equal(env[`INPUT_${name.toUpperCase()}`], value, name)
  }
  assert.equal(env.INPUT_MODE, 'dump')
  assert.equal(inputEnv({ jobs: '4' }).INPUT_JOBS, '4')
})

test('a plain dump and its restore log no warning', async () => {
  const dump = await step({ mode: 'dump', connection: server.uri(source) })
  assert.equal(dump.exitCode, 0, dump.stdout)
  assert.deepEqual(warnings(dump), [])
  const target = await server.createDatabase('defaults_plain_target')
  const restore = await step({
    mode: 'restore',
    connection: server.uri(target),
    file: dump.outputs.file
  })
  assert.equal(restore.exitCode, 0, restore.stdout)
  assert.deepEqual(warnings(restore), [])
  assert.equal(await server.psql(target, 'SELECT count(*) FROM t'), '50')
})

test('an artifact round trip logs no warning', async () => {
  const runId = nextRun++
  const dump = await step(
    {
      mode: 'dump',
      connection: server.uri(source),
      'artifact-name': 'defaults.dump'
    },
    runId
  )
  assert.equal(dump.exitCode, 0, dump.stdout)
  assert.deepEqual(warnings(dump), [])
  const target = await server.createDatabase('defaults_artifact_target')
  const restore = await step(
    {
      mode: 'restore',
      connection: server.uri(target),
      'artifact-name': 'defaults.dump'
    },
    runId
  )
  assert.equal(restore.exitCode, 0, restore.stdout)
  assert.deepEqual(warnings(restore), [])
  assert.equal(await server.psql(target, 'SELECT count(*) FROM t'), '50')
})

test('an input set to other than its default where it does not apply is still named', async () => {
  const dump = await step({
    mode: 'dump',
    connection: server.uri(source),
    clean: 'true',
    overwrite: 'true'
  })
  assert.equal(dump.exitCode, 0, dump.stdout)
  assert.deepEqual(warnings(dump), [
    "::warning::'clean' only apply to restore.",
    "::warning::'overwrite' only apply together with 'artifact-name'."
  ])
})
