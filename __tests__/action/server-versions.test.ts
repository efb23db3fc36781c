// Real servers of several majors against the client this machine has: the
// bundle picks a client that can talk to each, round-trips what it can,
// names the mismatch where it cannot, and warns before restoring into an
// older server.
import assert from 'node:assert/strict'
import { readFileSync } from 'node:fs'
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { after, before, describe, test, type TestContext } from 'node:test'
import { clientVersion } from '../../src/core/client/search.ts'
import {
  errorLine,
  repoRoot,
  runAction
} from '../../test-support/run-action.ts'
import {
  AVAILABLE_MAJORS,
  ensurePostgres,
  EXTERNAL,
  startServer,
  type TestServer
} from '../../test-support/pg-server.ts'

const skip = EXTERNAL ? 'needs servers of several majors started here' : false
const servers = new Map<number, TestServer>()
let dir: string
let client: { major: number; text: string; binDir: string }

/** The majors of the pg-server-<N> packages package.json lists (optional: linux-x64 only). */
const PACKAGED_MAJORS = Object.keys(
  (
    JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8')) as {
      optionalDependencies?: Record<string, string>
    }
  ).optionalDependencies ?? {}
)
  .map(name => Number(/^pg-server-(\d+)$/.exec(name)?.[1]))
  .filter(major => Number.isInteger(major))

/** A server older (or newer) than the client, or undefined after skipping t with why. */
function serverOtherThanClient(
  t: TestContext,
  side: 'older' | 'newer'
): number | undefined {
  const major = AVAILABLE_MAJORS.find(m =>
    side === 'older' ? m < client.major : m > client.major
  )
  if (major === undefined)
    t.skip(
      `needs a server ${side} than the client (${client.text}); installed: ${AVAILABLE_MAJORS.join(', ') || 'none'}`
    )
  return major
}

/** The server of the client's major, or undefined after skipping t. */
function serverOfClientMajor(t: TestContext): TestServer | undefined {
  const server = servers.get(client.major)
  if (!server)
    t.skip(
      `needs a server of the client's major (${client.major}); installed: ${AVAILABLE_MAJORS.join(', ') || 'none'}`
    )
  return server
}

before(async () => {
  if (skip) return
  dir = await mkdtemp(join(tmpdir(), 'pg-dumper-majors-'))
  const binDir = (await ensurePostgres()).client.bin
  const v = await clientVersion(binDir)
  client = { major: v.major, text: v.text, binDir }
  for (const major of AVAILABLE_MAJORS) {
    const server = await startServer({ major })
    servers.set(major, server)
    const db = await server.createDatabase('majors')
    await server.psql(
      db,
      `CREATE TABLE t(id int PRIMARY KEY, label text);
      INSERT INTO t SELECT g, 'row ' || g FROM generate_series(1, 30) g;`
    )
    ;(server as TestServer & { db?: string }).db = db
  }
})
after(async () => {
  await Promise.all([...servers.values()].map(s => s.stop()))
  if (dir) await rm(dir, { recursive: true, force: true })
})

const dbOf = (s: TestServer) => (s as TestServer & { db: string }).db

async function dump(
  server: TestServer,
  extra: Record<string, string> = {},
  env: Record<string, string> = {}
) {
  const cwd = await mkdtemp(join(dir, 'ws-'))
  const run = await runAction(
    {
      mode: 'dump',
      connection: server.uri(dbOf(server)),
      'install-client': 'never',
      ...extra
    },
    { cwd, env }
  )
  return { run, cwd }
}

describe('servers of several majors', { skip }, () => {
  // a pg-server-<N> package npm did not install (not linux-x64) is skipped, not failed
  for (const major of PACKAGED_MAJORS.filter(
    m => !AVAILABLE_MAJORS.includes(m)
  )) {
    test(
      `PostgreSQL ${major}: a round trip with a matching client, or PgClientVersionMismatch when newer than every client`,
      {
        skip: `pg-server-${major} is not installed (an optional dependency, linux-x64 only) and no system PostgreSQL ${major} server is`
      },
      () => {}
    )
  }

  for (const major of AVAILABLE_MAJORS) {
    test(`PostgreSQL ${major}: a round trip with a matching client, or PgClientVersionMismatch when newer than every client`, async () => {
      const server = servers.get(major) as TestServer
      const { run, cwd } = await dump(server)
      if (major <= client.major) {
        assert.equal(run.exitCode, 0, run.stdout)
        assert.equal(
          run.outputs['server-version'],
          server.serverVersion.split(' ')[0]
        )
        assert.equal(run.outputs['client-version'], client.text)
        assert.match(
          run.stdout,
          new RegExp(
            `Using pg_dump ${client.text} from ${client.binDir}: the oldest installed client not older than the server \\(${major}\\.\\d+\\)`
          )
        )
        const target = await server.createDatabase('majors_copy')
        const restore = await runAction(
          {
            mode: 'restore',
            connection: server.uri(target),
            file: join(cwd, 'backup.dump'),
            'install-client': 'never'
          },
          { cwd }
        )
        assert.equal(restore.exitCode, 0, restore.stdout)
        assert.equal(await server.psql(target, 'SELECT count(*) FROM t'), '30')
        assert.doesNotMatch(restore.stdout, /::warning::/)
      } else {
        assert.equal(run.exitCode, 1)
        const serverVersion = server.serverVersion.split(' ')[0]
        assert.match(
          errorLine(run),
          new RegExp(
            `::error::PgClientVersionMismatch: the server \\(${serverVersion.replace('.', '\\.')}\\) needs pg_dump ${major} or newer, ` +
              `but the PostgreSQL clients found are: ${client.text.replace('.', '\\.')} \\(${client.binDir}\\)\\. install-client is never\\. ` +
              `Fix: install postgresql-client-${major}`
          )
        )
        assert.match(run.stdout, /set pg-bin-dir to a PostgreSQL \d+ client/)
        assert.equal(
          await readFile(join(cwd, 'backup.dump')).catch(() => 'absent'),
          'absent',
          'no dump left'
        )
      }
    })
  }

  test('install-client auto where nothing can be installed says why', async t => {
    const newer = serverOtherThanClient(t, 'newer')
    if (newer === undefined) return
    // a PATH without apt-get: this machine cannot install
    const { run } = await dump(
      servers.get(newer) as TestServer,
      { 'install-client': 'auto' },
      { PATH: dirname(process.execPath) }
    )
    assert.equal(run.exitCode, 1)
    assert.match(
      errorLine(run),
      new RegExp(
        `PgClientVersionMismatch: .*needs pg_dump ${newer} or newer.*It cannot be installed here: .*apt-get`
      )
    )
  })

  test('pg-bin-dir older than the server: PgClientVersionMismatch, though pg_dump started beside the check', async t => {
    const newer = serverOtherThanClient(t, 'newer')
    if (newer === undefined) return
    const { run, cwd } = await dump(servers.get(newer) as TestServer, {
      'pg-bin-dir': client.binDir
    })
    assert.equal(run.exitCode, 1)
    assert.match(
      errorLine(run),
      new RegExp(
        `::error::PgClientVersionMismatch: the server \\(${newer}\\.\\d+\\) needs pg_dump ${newer} or newer, but pg-bin-dir ${client.binDir} holds ${client.text.replace('.', '\\.')}`
      )
    )
    // pg_dump ran (and refused the server) before the check's verdict came
    assert.match(
      run.stdout,
      /pg_dump: error: aborting because of server version mismatch/
    )
    assert.deepEqual(await readdir(cwd), [], 'nothing left in the workspace')
  })

  test('pg-version forces a major, and a missing one is named', async t => {
    const older = serverOtherThanClient(t, 'older')
    if (older === undefined) return
    const { run } = await dump(servers.get(older) as TestServer, {
      'pg-version': String(client.major + 3)
    })
    assert.equal(run.exitCode, 1)
    assert.match(
      errorLine(run),
      new RegExp(
        `PgClientVersionMismatch: .*needs pg_dump ${client.major + 3} or newer`
      )
    )
    const forced = await dump(servers.get(older) as TestServer, {
      'pg-version': String(client.major)
    })
    assert.equal(forced.run.exitCode, 0, forced.run.stdout)
    assert.match(
      forced.run.stdout,
      new RegExp(
        `Using pg_dump ${client.text} .*: PostgreSQL ${client.major} was asked for`
      )
    )
  })

  test('a restore into an older server warns first and names the errors that follow', async t => {
    const older = serverOtherThanClient(t, 'older')
    const source = older === undefined ? undefined : serverOfClientMajor(t)
    if (older === undefined || !source) return
    const { run, cwd } = await dump(source)
    assert.equal(run.exitCode, 0, run.stdout)
    const target = servers.get(older) as TestServer
    const db = await target.createDatabase('into_older')
    const restore = await runAction(
      {
        mode: 'restore',
        connection: target.uri(db),
        file: join(cwd, 'backup.dump'),
        'install-client': 'never'
      },
      { cwd }
    )
    const warning = restore.stdout
      .split('\n')
      .find(l => l.startsWith('::warning::Restoring a dump'))
    assert.ok(warning, restore.stdout)
    assert.match(
      warning,
      new RegExp(
        `a PostgreSQL ${client.major}\\.\\d+ server by pg_dump ${client.text} into PostgreSQL ${older}\\.\\d+, which is older`
      )
    )
    assert.match(restore.stdout, /Errors that usually follow:/)
    // the warning comes before pg_restore runs
    assert.ok(
      restore.stdout.indexOf('::warning::Restoring a dump') <
        restore.stdout.search(/\$ \S*pg_restore/)
    )
  })

  test('an archive newer than every pg_restore ends in PgClientVersionMismatch before restoring', async t => {
    // archive version 1.16 (pg_dump 17 and 18) is new only to an older pg_restore
    if (client.major >= 17) {
      t.skip(`pg_restore ${client.text} reads archive version 1.16`)
      return
    }
    const server = serverOfClientMajor(t)
    if (!server) return
    const { run, cwd } = await dump(server)
    assert.equal(run.exitCode, 0, run.stdout)
    const bytes = await readFile(join(cwd, 'backup.dump'))
    bytes[6] = 16 // archive version 1.16, as pg_dump 17 and 18 write
    const newer = join(cwd, 'newer.dump')
    await writeFile(newer, bytes)
    const restore = await runAction(
      {
        mode: 'restore',
        connection: server.uri(await server.createDatabase('newer_archive')),
        file: newer,
        'install-client': 'never'
      },
      { cwd }
    )
    assert.equal(restore.exitCode, 1)
    assert.match(
      errorLine(restore),
      /PgClientVersionMismatch: the dump \(made by pg_dump \S+\) needs pg_restore 17 or newer/
    )
    assert.doesNotMatch(restore.stdout, /\$ \S*pg_restore/)
  })
})
