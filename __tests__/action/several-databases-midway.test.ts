// A restore of several databases that fails on one of them (#19, point 12)
// says which one failed, which were restored before it and which were not
// attempted: the bundle run as the runner runs it, on a real server.
import assert from 'node:assert/strict'
import { mkdtemp, readdir, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { after, before, test } from 'node:test'
import { startServer, type TestServer } from '../../test-support/pg-server.ts'
import { errorLine, runStepIn } from '../../test-support/run-action.ts'

const NAMES = ['alpha', 'beta', 'gamma']

let server: TestServer
let dir: string

before(async () => {
  server = await startServer()
  dir = await mkdtemp(join(tmpdir(), 'pg-dumper-midway-'))
  for (const name of NAMES) {
    await server.psql('postgres', `CREATE DATABASE ${name}`)
    await server.psql(
      name,
      'CREATE TABLE t(id int PRIMARY KEY); INSERT INTO t SELECT generate_series(1, 50)'
    )
  }
})
after(async () => {
  await server?.stop()
  await rm(dir, { recursive: true, force: true })
})

const exists = (name: string) =>
  server.psql(
    'postgres',
    `SELECT count(*) FROM pg_database WHERE datname = '${name}'`
  )

test('a restore of three databases that fails on the second names it, the one restored before it and the one not attempted', async () => {
  const dump = await runStepIn(dir, {
    mode: 'dump',
    connection: server.uri('postgres'),
    dbname: NAMES.join('\n'),
    file: 'backup'
  })
  assert.equal(dump.exitCode, 0, dump.stdout)
  const folder = join(dump.cwd, 'backup')
  assert.deepEqual((await readdir(folder)).sort(), [
    'alpha.dump',
    'beta.dump',
    'gamma.dump'
  ])

  // alpha and gamma are gone; beta still holds the table its dump creates
  await server.psql('postgres', 'DROP DATABASE alpha; DROP DATABASE gamma')
  const restore = await runStepIn(dir, {
    mode: 'restore',
    connection: server.uri('postgres'),
    file: folder,
    'create-database': 'true'
  })
  assert.equal(restore.exitCode, 1, restore.stdout)
  const error = errorLine(restore)
  assert.match(
    error,
    new RegExp(
      `^::error::PgRestoreFailed: Restoring the 3 databases of ${folder} stopped at beta \\(the 2nd\\): ` +
        'alpha was restored before it, gamma was not attempted\\.%0A'
    )
  )
  // the cause follows: beta already holds the table
  assert.match(error, /already holds objects the dump creates: relation t\./)
  assert.equal(await server.psql('alpha', 'SELECT count(*) FROM t'), '50')
  assert.equal(await exists('gamma'), '0')
})
