// What a fixture restore asks before its tool runs, run as the runner runs
// the bundle: the target's state (its extensions, the user) comes with the
// connection check in one psql, and a custom dump whose own table of
// contents shows the target has none of its extensions is restored without
// being listed first; a target that has them still gets them left out.
import assert from 'node:assert/strict'
import { mkdtemp } from 'node:fs/promises'
import { join } from 'node:path'
import { after, before, describe, test } from 'node:test'
import { seededServer, type SeededServer } from '../../test-support/fixtures.ts'
import type { TestServer } from '../../test-support/pg-server.ts'
import {
  pgBinDirInput,
  runAction,
  type StepRun
} from '../../test-support/run-action.ts'

let seeded: SeededServer
let server: TestServer
let source: string
let dir: string

before(async () => {
  seeded = await seededServer({
    database: 'preflight_src',
    seed: `CREATE EXTENSION hstore;
    CREATE TABLE item(id int PRIMARY KEY, tags hstore);
    INSERT INTO item SELECT g, hstore('n', g::text) FROM generate_series(1, 30) g;`,
    tempPrefix: 'pg-dumper-preflight-'
  })
  ;({ server, db: source, dir } = seeded)
})
after(() => seeded?.stop())

async function step(inputs: Record<string, string>): Promise<StepRun> {
  const cwd = await mkdtemp(join(dir, 'ws-'))
  const run = await runAction({ ...pgBinDirInput(), ...inputs }, { cwd })
  assert.equal(run.exitCode, 0, run.stdout)
  return run
}

/** The commands the step ran (logged as `$ <path> <args>`, quiet ones at debug). */
const ran = (run: StepRun, tool: string, args = '') =>
  (run.stdout.match(new RegExp(`\\$ \\S*/${tool} ${args}`, 'g')) ?? []).length

async function target(name: string, setup?: string): Promise<string> {
  const db = `${name}_${process.pid}`
  await server.dropDatabase(db)
  await server.psql('postgres', `CREATE DATABASE ${db}`)
  if (setup) await server.psql(db, setup)
  return db
}

const rows = async (db: string) =>
  (await server.psql(db, 'SELECT count(*) FROM item')).trim()

describe('a fixture restore asks the target once', () => {
  let customDump: string
  let plainDump: string
  before(async () => {
    customDump = join(dir, 'fixture.dump')
    plainDump = join(dir, 'fixture.sql')
    await step({
      mode: 'dump',
      connection: server.uri(source),
      file: customDump
    })
    await step({
      mode: 'dump',
      connection: server.uri(source),
      file: plainDump,
      format: 'plain'
    })
  })

  test('custom dump into a fresh target: one psql, not listed first', async () => {
    const db = await target('preflight_fresh')
    const run = await step({
      mode: 'restore',
      connection: server.uri(db),
      file: customDump
    })
    assert.equal(ran(run, 'psql'), 1, 'the connection check only')
    assert.equal(ran(run, 'pg_restore', '--list'), 0, 'no listing')
    assert.equal(ran(run, 'pg_restore'), 1, 'the restore')
    assert.equal(await rows(db), '30')
    assert.equal(
      (
        await server.psql(
          db,
          "SELECT count(*) FROM pg_extension WHERE extname = 'hstore'"
        )
      ).trim(),
      '1'
    )
  })

  test('custom dump into a target that has the extension: listed, the extension left out, still one psql', async () => {
    const db = await target('preflight_prepared', 'CREATE EXTENSION hstore')
    const run = await step({
      mode: 'restore',
      connection: server.uri(db),
      file: customDump
    })
    assert.match(
      run.stdout,
      /Skipped, as the target already has them: extension hstore/
    )
    assert.equal(ran(run, 'pg_restore', '--list'), 1)
    assert.equal(
      ran(run, 'psql'),
      1,
      'the state came with the connection check'
    )
    assert.equal(await rows(db), '30')
  })

  test('plain dump into a target that has the extension: its section left out, no psql of its own to ask', async () => {
    const db = await target('preflight_plain', 'CREATE EXTENSION hstore')
    const run = await step({
      mode: 'restore',
      connection: server.uri(db),
      file: plainDump
    })
    assert.match(
      run.stdout,
      /Skipped, as the target already has them: extension hstore/
    )
    assert.equal(ran(run, 'psql'), 2, 'the connection check and the script')
    assert.equal(await rows(db), '30')
  })

  test('restore into new databases: the target asked after it is made', async () => {
    const [a, b] = [
      `preflight_fan_a_${process.pid}`,
      `preflight_fan_b_${process.pid}`
    ]
    const run = await step({
      mode: 'restore',
      connection: server.uri('postgres'),
      file: customDump,
      databases: `${a}, ${b}`
    })
    assert.equal(
      ran(run, 'pg_restore', '--list'),
      1,
      'listed: state not known ahead'
    )
    assert.equal(await rows(a), '30')
    assert.equal(await rows(b), '30')
    await server.dropDatabase(a)
    await server.dropDatabase(b)
  })
})
