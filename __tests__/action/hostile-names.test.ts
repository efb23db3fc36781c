// Names are data (#19, point 10): a database named like a connection string
// (`host=… port=… dbname=…`) is dumped, with its roles and tablespaces, and
// restored on its own server. libpq expands such a value where a tool takes
// it as a connection string; the tools must never connect to the server it
// names, nor send that server the password. Two real servers: A holds the
// database, B is the one its name points to, trusts every local connection
// and logs each one it receives.
import assert from 'node:assert/strict'
import {
  mkdtemp,
  readdir,
  readFile,
  rm,
  stat,
  writeFile
} from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { after, before, describe, test } from 'node:test'
import {
  clientBinDir,
  EXTERNAL,
  quoteIdent,
  startServer,
  type TestServer
} from '../../test-support/pg-server.ts'
import { runCli, runStepIn } from '../../test-support/run-action.ts'

let a: TestServer
let b: TestServer
let dir: string
/** A's database, named as a connection string to B */
let hostile: string
/** A's database a restore creates, named the same way */
let hostileCopy: string

const skip = EXTERNAL ? 'PG_DUMPER_TEST_URL gives one server only' : false

before(async () => {
  if (skip) return
  ;[a, b] = await Promise.all([startServer(), startServer()])
  dir = await mkdtemp(join(tmpdir(), 'pg-dumper-names-'))
  hostile = `host=127.0.0.1 port=${b.port} dbname=postgres`
  hostileCopy = `postgresql://127.0.0.1:${b.port}/postgres`
  await a.psql('postgres', 'CREATE ROLE only_on_a NOLOGIN')
  await b.psql('postgres', 'CREATE ROLE only_on_b NOLOGIN')
  await a.psql('postgres', `CREATE DATABASE ${quoteIdent(hostile)}`)
  await a.psql(
    hostile,
    'CREATE TABLE on_a(id int PRIMARY KEY); INSERT INTO on_a VALUES (1), (2)'
  )
  // B lets anyone in without a password (a dump that reached it would
  // succeed and show B's roles) and logs every connection it receives
  const hba = join(b.dataDir as string, 'pg_hba.conf')
  await writeFile(
    hba,
    `host all all 127.0.0.1/32 trust\n${await readFile(hba, 'utf8')}`
  )
  await b.psql(
    'postgres',
    'ALTER SYSTEM SET log_connections = on; SELECT pg_reload_conf()'
  )
})
after(async () => {
  if (skip) return
  await Promise.all([a.stop(), b.stop()])
  await rm(dir, { recursive: true, force: true })
})

/** How many connections B has received so far, by its log. */
async function connectionsToB(): Promise<number> {
  const log = await readFile(b.logFile as string, 'utf8')
  return log.match(/connection received:/g)?.length ?? 0
}

/** Asserts B logs a connection at all (the check below means something). */
async function assertBLogsConnections(): Promise<void> {
  const before = await connectionsToB()
  await b.psql('postgres', 'SELECT 1')
  assert.ok((await connectionsToB()) > before, 'B does not log connections')
}

describe('a database named like a connection string', { skip }, () => {
  test('is dumped with its globals from its own server, and restored there: the server its name points to sees no connection', async () => {
    await assertBLogsConnections()
    const seen = await connectionsToB()
    const dump = await runStepIn(dir, {
      mode: 'dump',
      connection: a.uri('postgres'),
      dbname: hostile,
      file: 'app.dump',
      globals: 'true'
    })
    assert.equal(dump.exitCode, 0, dump.stdout)
    const globals = await readFile(join(dump.cwd, 'globals.sql'), 'utf8')
    assert.match(globals, /^CREATE ROLE only_on_a;$/m, "A's roles")
    assert.doesNotMatch(globals, /only_on_b/, "B's roles")
    assert.deepEqual((await readdir(dump.cwd)).sort(), [
      'app.dump',
      'globals.sql'
    ])

    // restored into a database created on A, named as a URI of B
    const restore = await runStepIn(dir, {
      mode: 'restore',
      connection: a.uri('postgres'),
      dbname: hostileCopy,
      file: join(dump.cwd, 'app.dump'),
      'create-database': 'true'
    })
    assert.equal(restore.exitCode, 0, restore.stdout)
    assert.equal(
      await a.psql(hostileCopy, 'SELECT count(*) FROM on_a'),
      '2',
      'the copy on A'
    )
    assert.equal(await connectionsToB(), seen, 'B received a connection')
  })

  test('scrubbed in a throwaway copy, and among several databases: its own server only', async () => {
    const seen = await connectionsToB()
    const scrubbed = await runStepIn(dir, {
      mode: 'dump',
      connection: a.uri('postgres'),
      dbname: hostile,
      file: 'app.sql',
      format: 'plain',
      scrub: 'DELETE FROM on_a WHERE id = 2;'
    })
    assert.equal(scrubbed.exitCode, 0, scrubbed.stdout)
    const sql = await readFile(join(scrubbed.cwd, 'app.sql'), 'utf8')
    assert.match(sql, /^COPY public\.on_a \(id\) FROM stdin;\n1\n\\\.$/m)

    const several = await runStepIn(dir, {
      mode: 'dump',
      connection: a.uri('postgres'),
      dbname: `${hostile}\npostgres`,
      file: 'backup',
      globals: 'true'
    })
    assert.equal(several.exitCode, 0, several.stdout)
    const folder = join(several.cwd, 'backup')
    assert.deepEqual((await readdir(folder)).sort(), [
      'globals.sql',
      `${hostile}.dump`,
      'postgres.dump'
    ])
    const globals = await readFile(join(folder, 'globals.sql'), 'utf8')
    assert.match(globals, /^CREATE ROLE only_on_a;$/m)
    assert.doesNotMatch(globals, /only_on_b/)
    assert.equal(await connectionsToB(), seen, 'B received a connection')
  })

  test("through the CLI too: the globals are its own server's", async () => {
    const seen = await connectionsToB()
    const cwd = await mkdtemp(join(dir, 'cli-'))
    const bin = clientBinDir()
    const run = await runCli(
      [
        '-p',
        a.uri('postgres'),
        '-d',
        hostile,
        ...(bin ? ['--pg-bin-dir', bin] : []),
        'dump',
        'app.dump',
        '--globals'
      ],
      { cwd }
    )
    assert.equal(run.exitCode, 0, run.stderr)
    const globals = await readFile(join(cwd, 'globals.sql'), 'utf8')
    assert.match(globals, /^CREATE ROLE only_on_a;$/m)
    assert.doesNotMatch(globals, /only_on_b/)
    assert.ok((await stat(join(cwd, 'app.dump'))).size > 0)
    assert.equal(await connectionsToB(), seen, 'B received a connection')
  })
})
