// Proves the test harness itself: the throwaway server, the realistic fixture
// (including that audit/staging can be left out) and the comparison helpers.
import assert from 'node:assert/strict'
import { existsSync } from 'node:fs'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { after, before, describe, test } from 'node:test'
import {
  dataChecksums,
  LARGE_OBJECTS_KEY,
  schemaNames,
  schemaSnapshot
} from '../../test-support/compare.ts'
import { seedRealistic } from '../../test-support/fixtures.ts'
import {
  AVAILABLE_MAJORS,
  clientEnv,
  clientTool,
  EXTERNAL,
  run,
  serverBinDir,
  startServer,
  type RunResult,
  type TestServer
} from '../../test-support/pg-server.ts'

const EXCLUDED = ['audit', 'staging']

function isExcluded(key: string): boolean {
  return EXCLUDED.some(schema => key.startsWith(`${schema}.`))
}

async function checked(
  command: string,
  args: string[],
  password: string
): Promise<void> {
  const result = await run(command, args, { env: clientEnv(password) })
  assert.equal(result.code, 0, `${command} failed:\n${result.stderr}`)
}

void describe('test harness', () => {
  let server: TestServer
  let source: string
  let workDir: string
  let archive: string

  before(async () => {
    const started = performance.now()
    server = await startServer()
    const ms = Math.round(performance.now() - started)
    process.stderr.write(`startServer took ${ms} ms (port ${server.port})\n`)
    workDir = await mkdtemp(join(tmpdir(), 'pg-dumper-harness-'))
    archive = join(workDir, 'source.dump')
    source = await server.createDatabase('harness_src')
    await seedRealistic(server, source)
  })

  after(async () => {
    await server?.stop()
    if (workDir) await rm(workDir, { recursive: true, force: true })
  })

  void test('conninfo and uri carry the password intact', async () => {
    for (const target of [server.conninfo(source), server.uri(source)]) {
      // no PGPASSWORD: the password must come from the string itself
      const result = await run(
        clientTool('psql'),
        ['-X', '-At', '-c', 'SELECT current_database()', '-d', target],
        { env: clientEnv() }
      )
      assert.equal(result.code, 0, result.stderr)
      assert.equal(result.stdout.trim(), source)
    }
    assert.ok(!server.conninfoNoPassword(source).includes('password'))
    const url = new URL(server.uri(source))
    assert.equal(decodeURIComponent(url.password), server.password)
    assert.equal(decodeURIComponent(url.pathname.slice(1)), source)
  })

  void test('psql helper returns trimmed output and rejects on errors', async () => {
    assert.equal(await server.psql(source, 'SELECT 1; SELECT 2'), '1\n2')
    assert.equal(
      await server.psql(source, 'CREATE TEMP TABLE x (a int); SELECT 3'),
      '3'
    )
    await assert.rejects(
      server.psql(source, 'SELECT * FROM no_such_table'),
      /does not exist/
    )
    assert.ok((await server.major()) >= 13)
  })

  void test('the seeded database has every schema, mixed case included', async () => {
    assert.deepEqual(await schemaNames(server, source), [
      'Sales',
      'audit',
      'inventory',
      'public',
      'staging'
    ])
  })

  void test('data checksums are stable and see an UPDATE', async () => {
    const first = await dataChecksums(server, source)
    assert.deepEqual(await dataChecksums(server, source), first)
    for (const key of [
      '"Sales".orders',
      '"Sales".orders_2023',
      '"Sales".orders_later',
      '"Sales"."Returns"',
      '"Sales".monthly_revenue',
      '"Sales".order_number_seq',
      '"Sales".invoice_number_seq',
      'audit.change_log',
      'staging.raw_orders',
      LARGE_OBJECTS_KEY
    ]) {
      assert.ok(first.has(key), `missing ${key}`)
    }
    assert.match(first.get(LARGE_OBJECTS_KEY) ?? '', /^4:/)
    assert.equal(first.get('"Sales".invoice_number_seq'), '1:false')

    const scratch = await server.createDatabase('harness_update')
    await seedRealistic(server, scratch)
    // the fixture is deterministic: a second seed has the same data
    assert.deepEqual(await dataChecksums(server, scratch), first)
    await server.psql(
      scratch,
      `UPDATE inventory.warehouses SET name = 'Lager Zürich Süd' WHERE code = 'ZRH-1'`
    )
    const changed = await dataChecksums(server, scratch)
    const differing = [...first.keys()].filter(
      key => first.get(key) !== changed.get(key)
    )
    assert.deepEqual(differing, ['inventory.warehouses'])
    await server.dropDatabase(scratch)
  })

  void test('the schema snapshot is stable and free of volatile lines', async () => {
    const snapshot = await schemaSnapshot(server, source)
    assert.equal(await schemaSnapshot(server, source), snapshot)
    assert.match(snapshot, /CREATE SCHEMA "Sales";/)
    assert.match(snapshot, /ATTACH PARTITION "Sales"\.orders_2023 /)
    assert.doesNotMatch(snapshot, /^(--|SET |\\restrict|\\unrestrict)/m)
  })

  void test('password authentication is required', async t => {
    if (server.external) {
      t.skip('depends on the external server pg_hba.conf')
      return
    }
    const attempt = (password?: string) =>
      run(
        clientTool('psql'),
        [
          '-X',
          '-w',
          '-At',
          '-c',
          'SELECT 1',
          '-d',
          server.conninfoNoPassword()
        ],
        { env: clientEnv(password) }
      )
    const wrong = await attempt('not-the-password')
    assert.notEqual(wrong.code, 0)
    assert.match(wrong.stderr, /password authentication failed/)
    const none = await attempt()
    assert.notEqual(none.code, 0)
    assert.match(none.stderr, /no password supplied/)
    const right = await attempt(server.password)
    assert.equal(right.code, 0, right.stderr)
  })

  void test('a custom-format round trip is exact', async () => {
    await checked(
      clientTool('pg_dump'),
      ['-Fc', '-f', archive, '-d', server.conninfoNoPassword(source)],
      server.password
    )
    const target = await server.createDatabase('harness_full')
    await checked(
      clientTool('pg_restore'),
      ['--exit-on-error', '-d', server.conninfoNoPassword(target), archive],
      server.password
    )
    assert.equal(
      await schemaSnapshot(server, target),
      await schemaSnapshot(server, source)
    )
    assert.deepEqual(
      await dataChecksums(server, target),
      await dataChecksums(server, source)
    )
  })

  void test('leaving out audit and staging restores with zero errors', async () => {
    const expected = new Map(
      [...(await dataChecksums(server, source))].filter(
        ([key]) => !isExcluded(key)
      )
    )
    const expectedSchema = await schemaSnapshot(server, source, {
      excludeSchemas: EXCLUDED
    })

    // excluded at restore time, from the full archive of the previous test
    if (!existsSync(archive)) {
      await checked(
        clientTool('pg_dump'),
        ['-Fc', '-f', archive, '-d', server.conninfoNoPassword(source)],
        server.password
      )
    }
    const atRestore = await server.createDatabase('harness_nr')
    await checked(
      clientTool('pg_restore'),
      [
        '--exit-on-error',
        ...EXCLUDED.flatMap(s => ['-N', s]),
        '-d',
        server.conninfoNoPassword(atRestore),
        archive
      ],
      server.password
    )

    // excluded at dump time, plain format through psql
    const plain = join(workDir, 'without.sql')
    await checked(
      clientTool('pg_dump'),
      [
        ...EXCLUDED.map(s => `--exclude-schema=${s}`),
        '-f',
        plain,
        '-d',
        server.conninfoNoPassword(source)
      ],
      server.password
    )
    const atDump = await server.createDatabase('harness_nd')
    await checked(
      clientTool('psql'),
      [
        '-X',
        '-q',
        '-v',
        'ON_ERROR_STOP=1',
        '-f',
        plain,
        '-d',
        server.conninfoNoPassword(atDump)
      ],
      server.password
    )

    // pg_restore -N skips the objects in a schema but still creates the
    // schema itself (and its comment), so that copy keeps them, empty
    const leftovers = await server.psql(
      atRestore,
      `SELECT count(*) FROM (
         SELECT relnamespace AS ns FROM pg_class
         UNION ALL SELECT pronamespace FROM pg_proc
         UNION ALL SELECT typnamespace FROM pg_type
       ) AS o WHERE ns::regnamespace::text IN ('audit', 'staging')`
    )
    assert.equal(leftovers, '0')
    const kept = (await schemaNames(server, atRestore)).filter(
      s => !EXCLUDED.includes(s)
    )
    assert.deepEqual(kept, ['Sales', 'inventory', 'public'])
    assert.deepEqual(await schemaNames(server, atDump), [
      'Sales',
      'inventory',
      'public'
    ])

    for (const db of [atRestore, atDump]) {
      assert.equal(
        await schemaSnapshot(server, db, { excludeSchemas: EXCLUDED }),
        expectedSchema
      )
      assert.deepEqual(await dataChecksums(server, db), expected)
      // the trigger left behind still works without audit
      const count = await server.psql(
        db,
        `UPDATE "Sales".products SET price = price + 1, updated_at = '2025-01-01 00:00:00+00' WHERE id = 1;
         SELECT count(*) FROM "Sales".price_history WHERE product_id = 1`
      )
      assert.equal(count, '1')
    }
  })

  void test('createDatabase makes unique names and dropDatabase drops them', async () => {
    const a = await server.createDatabase('Mixed Case "name"')
    const b = await server.createDatabase('Mixed Case "name"')
    assert.notEqual(a, b)
    assert.ok(a.startsWith('Mixed Case "name"'))
    const long = await server.createDatabase('x'.repeat(100))
    assert.ok(Buffer.byteLength(long) <= 63)
    const list = () =>
      server.psql(
        'postgres',
        'SELECT datname FROM pg_database ORDER BY datname'
      )
    assert.ok((await list()).split('\n').includes(a))
    for (const db of [a, b, long]) await server.dropDatabase(db)
    const after = (await list()).split('\n')
    assert.ok(![a, b, long].some(db => after.includes(db)))
  })
})

void test('stop() shuts the server down and removes its data dir', async t => {
  const server = await startServer()
  if (server.external) {
    await server.stop()
    t.skip('no data dir for an external server')
    return
  }
  const dataDir = server.dataDir ?? ''
  assert.ok(existsSync(join(dataDir, 'PG_VERSION')))
  const db = await server.createDatabase('stopme')
  await server.stop()
  assert.equal(existsSync(dataDir), false)
  await assert.rejects(server.psql(db, 'SELECT 1'))
  // a second stop is harmless
  await server.stop()
})

/** One psql -c against a server, with its password but no retries (-w). */
function tryPsql(
  server: TestServer,
  sql: string,
  extra = '',
  password: string = server.password
): Promise<RunResult> {
  return run(
    clientTool('psql'),
    [
      '-X',
      '-w',
      '-At',
      '-c',
      sql,
      '-d',
      `${server.conninfoNoPassword()} ${extra}`
    ],
    { env: clientEnv(password) }
  )
}

/** Starts a server, logs how long that took, and stops it after fn. */
async function withServer(
  label: string,
  options: Parameters<typeof startServer>[0],
  fn: (server: TestServer) => Promise<void>
): Promise<void> {
  const started = performance.now()
  const server = await startServer(options)
  const ms = Math.round(performance.now() - started)
  process.stderr.write(
    `${label}: startServer took ${ms} ms (${server.serverVersion})\n`
  )
  try {
    await fn(server)
  } finally {
    await server.stop()
  }
}

void describe('server options', () => {
  void test('AVAILABLE_MAJORS and serverBinDir agree', t => {
    if (EXTERNAL) {
      t.skip('PG_DUMPER_TEST_URL: no local server binaries needed')
      return
    }
    assert.ok(AVAILABLE_MAJORS.length > 0)
    assert.deepEqual(
      AVAILABLE_MAJORS,
      [...AVAILABLE_MAJORS].sort((a, b) => a - b)
    )
    for (const major of AVAILABLE_MAJORS) {
      const bin = serverBinDir(major)
      assert.ok(bin && existsSync(join(bin, 'initdb')), `${major}: ${bin}`)
    }
    assert.equal(serverBinDir(99), undefined)
  })

  for (const major of AVAILABLE_MAJORS) {
    void test(`PostgreSQL ${major} starts and reports its version to psql`, async t => {
      if (EXTERNAL) {
        t.skip('PG_DUMPER_TEST_URL: the major cannot be chosen')
        return
      }
      await withServer(`PostgreSQL ${major}`, { major }, async server => {
        assert.equal(server.serverMajor, major)
        assert.equal(await server.major(), major)
        // the system psql (15), whatever the server
        const result = await tryPsql(server, 'SHOW server_version')
        assert.equal(result.code, 0, result.stderr)
        assert.equal(result.stdout.trim(), server.serverVersion)
        assert.match(server.serverVersion, new RegExp(`^${major}\\.\\d+`))
        const db = await server.createDatabase(`v${major}`)
        assert.equal(await server.psql(db, 'SELECT current_database()'), db)
        await server.dropDatabase(db)
      })
    })
  }

  void test('unavailable options fail clearly', async () => {
    if (EXTERNAL) {
      for (const options of [
        { major: 15 },
        { requireTls: true },
        { deferStart: true }
      ]) {
        await assert.rejects(
          startServer(options),
          /skip this test when EXTERNAL/
        )
      }
      return
    }
    await assert.rejects(
      startServer({ major: 99 }),
      /No PostgreSQL 99 server binaries.*available: /
    )
  })

  void test('a requireTls server refuses sslmode=disable and accepts require', async t => {
    if (EXTERNAL) {
      t.skip('PG_DUMPER_TEST_URL: TLS depends on the external server')
      return
    }
    await withServer('requireTls', { requireTls: true }, async server => {
      assert.equal(server.tls, true)
      const query = 'SELECT ssl FROM pg_stat_ssl WHERE pid = pg_backend_pid()'
      const plain = await tryPsql(server, query, 'sslmode=disable')
      assert.notEqual(plain.code, 0)
      assert.match(plain.stderr, /no encryption/)
      const encrypted = await tryPsql(server, query, 'sslmode=require')
      assert.equal(encrypted.code, 0, encrypted.stderr)
      assert.equal(encrypted.stdout.trim(), 't')
      // the certificate is made for the host the helpers connect to
      const rootcert = server.tlsCertificate ?? ''
      assert.ok(existsSync(rootcert))
      const verified = await tryPsql(
        server,
        query,
        `sslmode=verify-full sslrootcert=${rootcert}`
      )
      assert.equal(verified.code, 0, verified.stderr)
      // every helper carries sslmode=require
      assert.match(server.conninfo(), / sslmode=require/)
      assert.match(server.uri(), /\?sslmode=require$/)
      assert.equal(await server.psql('postgres', query), 't')
      const db = await server.createDatabase('tls')
      await server.dropDatabase(db)
    })
  })

  void test('a deferStart server refuses connections until start()', async t => {
    if (EXTERNAL) {
      t.skip('PG_DUMPER_TEST_URL: an external server is already running')
      return
    }
    await withServer('deferStart', { deferStart: true }, async server => {
      const port = server.port
      assert.ok(port > 0)
      const early = await tryPsql(server, 'SELECT 1')
      assert.notEqual(early.code, 0)
      assert.match(early.stderr, /Connection refused/)
      // a client that waits for the server: polls until it answers
      const waiting = (async () => {
        for (;;) {
          const result = await tryPsql(server, 'SELECT 42')
          if (result.code === 0) return result.stdout.trim()
          // refused until the postmaster listens, then briefly starting up
          assert.match(
            result.stderr,
            /Connection refused|the database system is starting up/
          )
          await new Promise(resolve => setTimeout(resolve, 50))
        }
      })()
      await new Promise(resolve => setTimeout(resolve, 300))
      await server.start()
      await server.start() // running: a no-op
      assert.equal(await waiting, '42')
      assert.equal(server.port, port)
      assert.equal(await server.psql('postgres', 'SELECT 1'), '1')
    })
  })

  void test('stopServer() and start() keep the data and the port', async t => {
    if (EXTERNAL) {
      t.skip('PG_DUMPER_TEST_URL: an external server cannot be stopped')
      return
    }
    const server = await startServer()
    try {
      const port = server.port
      const db = await server.createDatabase('restart')
      await server.psql(
        db,
        `CREATE TABLE kept (v text); INSERT INTO kept VALUES ('still here')`
      )
      await server.stopServer()
      await server.stopServer() // stopped: a no-op
      assert.ok(existsSync(join(server.dataDir ?? '', 'PG_VERSION')))
      const refused = await tryPsql(server, 'SELECT 1')
      assert.match(refused.stderr, /Connection refused/)
      await server.start()
      assert.equal(server.port, port)
      assert.equal(await server.psql(db, 'SELECT v FROM kept'), 'still here')
      // a crash (immediate stop) is recovered from at the next start
      // (synchronous_commit is off: only a synchronous commit is sure to be
      // in the WAL when the server is killed)
      await server.psql(
        db,
        `SET synchronous_commit = on; INSERT INTO kept VALUES ('after restart')`
      )
      await server.stopServer({ mode: 'immediate' })
      await server.start()
      assert.equal(
        await server.psql(db, "SELECT string_agg(v, ',' ORDER BY v) FROM kept"),
        'after restart,still here'
      )
    } finally {
      await server.stop()
    }
    await assert.rejects(server.start(), /after stop\(\)/)
  })

  void test('every server has its own password', async t => {
    if (EXTERNAL) {
      t.skip('PG_DUMPER_TEST_URL: one server')
      return
    }
    const [a, b] = await Promise.all([startServer(), startServer()])
    try {
      assert.notEqual(a.password, b.password)
      const wrong = await tryPsql(a, 'SELECT 1', '', b.password)
      assert.match(wrong.stderr, /password authentication failed/)
      const right = await tryPsql(b, 'SELECT 1')
      assert.equal(right.code, 0, right.stderr)
    } finally {
      await Promise.all([a.stop(), b.stop()])
    }
  })
})
