// Sanitised fixtures (issue 14, point 5): `scrub` runs SQL in a throwaway
// copy of the database and dumps the copy. The bundle is run as the runner
// runs it, on the realistic fixture owned by a non-superuser, against a real
// server and the local artifact services: the dump is masked, the source and
// its catalogue are not touched, and a failed, refused, blocked or cancelled
// scrub leaves no file, no artifact and no copy.
import assert from 'node:assert/strict'
import { execFileSync } from 'node:child_process'
import { existsSync, readFileSync } from 'node:fs'
import { mkdtemp, readdir, symlink, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { after, before, describe, test } from 'node:test'
import type { ArtifactBackend } from '../../test-support/artifact-backend.ts'
import { dataChecksums, schemaSnapshot } from '../../test-support/compare.ts'
import {
  backendCount,
  childNamed,
  HoldingSession,
  signalTwice,
  startAction,
  waitFor
} from '../../test-support/faults.ts'
import {
  REALISTIC_SQL,
  seededServer,
  type SeededServerWithArtifacts
} from '../../test-support/fixtures.ts'
import {
  clientEnv,
  clientTool,
  run,
  type TestServer
} from '../../test-support/pg-server.ts'
import {
  errorLine,
  pgBinDirInput,
  runAction,
  visibleLog,
  type StepRun
} from '../../test-support/run-action.ts'

const REPO = 'octo/fixtures'
const OWNER = 'scrub_owner'
const OWNER_PASSWORD = 'owner-Pw-4127'
const PLAIN = 'scrub_plain'
const PLAIN_PASSWORD = 'plain-Pw-9351'

const MASK = `-- every customer gets an address of example.invalid, still unique
UPDATE public.customers
   SET email = 'customer-' || id || '@example.invalid',
       phone = NULL;
UPDATE "Sales".orders SET note = NULL WHERE note IS NOT NULL;
`
/** the relations MASK changes (orders: the partitioned table and its partitions) */
const TOUCHED = new Set([
  'public.customers',
  '"Sales".orders',
  '"Sales".orders_2023',
  '"Sales".orders_2024',
  '"Sales".orders_later'
])
/** a secret a script may hold: never in a message, the log or the summary */
const SALT = 'salt-sk_live_7Qx2'
const MASKED = `SELECT count(*) FROM public.customers WHERE email LIKE '%@example.invalid'`
const UNMASKED = `SELECT count(*) FROM public.customers WHERE email NOT LIKE '%@example.invalid'`

let seeded: SeededServerWithArtifacts
let server: TestServer
let backend: ArtifactBackend
let source: string
let root: string
let nextRun = 7000
/** the source as it was seeded: schema, data, and the server's databases */
let before_: Snapshot

interface Snapshot {
  schema: string
  data: Map<string, string>
  databases: string
}

/** Seeds the realistic fixture as the owner (a non-superuser with CREATEDB). */
async function seedAsOwner(s: TestServer, db: string): Promise<void> {
  await s.psql(
    'postgres',
    `CREATE ROLE ${OWNER} LOGIN CREATEDB PASSWORD '${OWNER_PASSWORD}';
     CREATE ROLE ${PLAIN} LOGIN PASSWORD '${PLAIN_PASSWORD}';
     ALTER DATABASE "${db}" OWNER TO ${OWNER};`
  )
  const result = await run(
    clientTool('psql'),
    ['-X', '-q', '-v', 'ON_ERROR_STOP=1', '-f', REALISTIC_SQL, '-d', uri(db)],
    { env: clientEnv() }
  )
  assert.equal(result.code, 0, result.stderr)
  await s.psql(db, `GRANT SELECT ON ALL TABLES IN SCHEMA public TO ${PLAIN}`)
}

/** A connection as `role` (the owner by default). */
function uri(db: string, role = OWNER, password = OWNER_PASSWORD): string {
  const host = server.host.includes(':') ? `[${server.host}]` : server.host
  return `postgresql://${role}:${password}@${host}:${server.port}/${db}`
}

async function snapshot(db: string): Promise<Snapshot> {
  return {
    schema: await schemaSnapshot(server, db),
    data: await dataChecksums(server, db),
    databases: await server.psql(
      'postgres',
      `SELECT string_agg(datname || ' owner ' || datdba::regrole || ' ' || datallowconn || ' ' || datistemplate, ', ' ORDER BY datname) FROM pg_database`
    )
  }
}

/** The throwaway copies on the server: none once a step has ended. */
const copies = () =>
  server.psql(
    'postgres',
    `SELECT coalesce(string_agg(datname, ', '), '') FROM pg_database WHERE datname LIKE 'pg\\_dumper\\_scrub\\_%'`
  )

/** The source exactly as before: data, catalogue, and no database more. */
async function assertSourceUntouched(): Promise<void> {
  const now = await snapshot(source)
  assert.equal(now.schema, before_.schema, 'the source schema is unchanged')
  assert.deepEqual(now.data, before_.data, 'the source data is unchanged')
  assert.equal(now.databases, before_.databases, 'no database added or left')
  assert.equal(await copies(), '', 'no copy is left')
}

before(async () => {
  seeded = await seededServer({
    database: 'scrub_src',
    seed: (s, db) => {
      server = s
      return seedAsOwner(s, db)
    },
    tempPrefix: 'pg-dumper-scrub-',
    artifacts: { tokens: {} }
  })
  ;({ server, backend, db: source, dir: root } = seeded)
  before_ = await snapshot(source)
  assert.ok(Number(await server.psql(source, UNMASKED)) > 0)
})
after(() => seeded?.stop())

/** A step in a fresh workspace holding the given files, in its own run. */
async function step(
  inputs: Record<string, string>,
  files: Record<string, string> = {},
  runId = nextRun++
): Promise<StepRun & { cwd: string; runId: number }> {
  const cwd = await mkdtemp(join(root, 'ws-'))
  for (const [name, text] of Object.entries(files))
    await writeFile(join(cwd, name), text)
  const env = {
    ...backend.env({ repository: REPO, runId, jobId: 'fixtures' }),
    GITHUB_WORKSPACE: cwd,
    RUNNER_TEMP: cwd
  }
  const result = await runAction(
    { ...pgBinDirInput(), connection: uri(source), ...inputs },
    { cwd, env }
  )
  for (const secret of [OWNER_PASSWORD, PLAIN_PASSWORD, server.password])
    assert.ok(!visibleLog(result).includes(secret), 'no password in the log')
  return { ...result, cwd, runId }
}

/** Restores `file` with the action into a new database `target` (create-database). */
async function restoreInto(file: string, target: string): Promise<void> {
  const restored = await step({
    mode: 'restore',
    connection: server.uri(target),
    file,
    'create-database': 'true'
  })
  assert.equal(restored.exitCode, 0, restored.stdout)
}

/** Nothing at all in a workspace but the given files: no dump, no partial. */
async function assertOnly(cwd: string, files: string[]): Promise<void> {
  assert.deepEqual((await readdir(cwd)).sort(), [...files].sort())
}

describe('a scrubbed dump', () => {
  test('custom, to an artifact: the restore is masked, the source keeps its data and catalogue', async () => {
    const dump = await step(
      {
        mode: 'dump',
        scrub: 'scrub.sql',
        'artifact-name': 'fixture.dump'
      },
      { 'scrub.sql': MASK }
    )
    assert.equal(dump.exitCode, 0, dump.stdout)
    assert.match(
      dump.stdout,
      /Copying scrub_src\w* to the throwaway database pg_dumper_scrub_[0-9a-f]{12} to scrub it/
    )
    assert.match(
      dump.stdout,
      /Ran the scrub script scrub\.sql in pg_dumper_scrub_/
    )
    assert.match(dump.stdout, /Dropped the throwaway database pg_dumper_scrub_/)
    // it looks like a dump of the source: its name, file, outputs, summary
    assert.equal(dump.outputs.file, join(dump.cwd, 'fixture.dump'))
    assert.match(dump.summary, new RegExp(`<code>${source}</code>`))
    assert.match(
      dump.summary,
      /Scrubbed.*a throwaway copy, by <code>scrub\.sql<\/code>/
    )
    const [artifact] = backend.artifacts().filter(a => a.runId === dump.runId)
    assert.equal(artifact?.name, 'fixture.dump')
    assert.equal(dump.outputs['artifact-id'], String(artifact.id))
    await assertSourceUntouched()

    // the archive header names the copy: pg_restore --create would make it
    const list = execFileSync(
      clientTool('pg_restore'),
      ['--list', dump.outputs.file],
      {
        encoding: 'utf8'
      }
    )
    assert.match(list, /^;\s+dbname: pg_dumper_scrub_[0-9a-f]{12}$/m)

    // a restore with create-database makes the target the user names
    const target = `scrub_target_${dump.runId}`
    const restore = await step(
      {
        mode: 'restore',
        connection: server.uri(target),
        'artifact-name': 'fixture.dump',
        'create-database': 'true'
      },
      {},
      dump.runId
    )
    assert.equal(restore.exitCode, 0, restore.stdout)
    const customers = await server.psql(
      source,
      'SELECT count(*) FROM public.customers'
    )
    assert.equal(await server.psql(target, MASKED), customers)
    assert.equal(await server.psql(target, UNMASKED), '0')
    assert.equal(
      await server.psql(
        target,
        'SELECT count(*) FROM public.customers WHERE phone IS NOT NULL'
      ),
      '0'
    )
    assert.notEqual(await server.psql(source, UNMASKED), '0')
    // everything the script did not touch came across as it is
    const restored = await dataChecksums(server, target)
    for (const [name, sum] of before_.data) {
      if (TOUCHED.has(name)) continue
      assert.equal(restored.get(name), sum, name)
    }
    await server.dropDatabase(target)
  })
})

describe('a database whose name needs quoting', () => {
  test('mixed case, quotes, spaces and unicode: copied, scrubbed and dumped under its own name', async () => {
    const name = await server.createDatabase('Scrub "Src" Ünï ')
    await server.psql(
      name,
      `CREATE TABLE "Mixed"(id int PRIMARY KEY, email text);
       INSERT INTO "Mixed" SELECT g, 'p' || g || '@real.example' FROM generate_series(1, 5) g;`
    )
    const dump = await step(
      {
        mode: 'dump',
        connection: server.uri(name),
        scrub: `UPDATE "Mixed" SET email = 'p' || id || '@example.invalid';`
      },
      {}
    )
    assert.equal(dump.exitCode, 0, dump.stdout)
    assert.ok(
      dump.summary.includes('<code>Scrub &quot;Src&quot; Ünï '),
      dump.summary
    )
    const target = await server.createDatabase('scrub_quoted_target')
    await restoreInto(dump.outputs.file, target)
    assert.equal(
      await server.psql(
        target,
        `SELECT count(*) FROM "Mixed" WHERE email LIKE '%@example.invalid'`
      ),
      '5'
    )
    assert.equal(
      await server.psql(
        name,
        `SELECT count(*) FROM "Mixed" WHERE email LIKE '%@real.example'`
      ),
      '5'
    )
    assert.equal(await copies(), '')
    await server.dropDatabase(target)
    await server.dropDatabase(name)
  })
})

describe('formats and schema lists', () => {
  for (const [format, file] of [
    ['plain', 'fixture.sql'],
    ['directory', 'fixture.dir']
  ] as const) {
    test(`${format}, with exclude-schemas and inline SQL: masked, the excluded schemas absent`, async () => {
      const dump = await step({
        mode: 'dump',
        format,
        file,
        'exclude-schemas': 'audit, staging',
        scrub: MASK
      })
      assert.equal(dump.exitCode, 0, dump.stdout)
      assert.match(dump.stdout, /Ran the scrub script the SQL in scrub in /)
      assert.match(dump.summary, /by <code>inline SQL<\/code>/)
      await assertSourceUntouched()
      const target = `scrub_${format}_${dump.runId}`
      await restoreInto(dump.outputs.file, target)
      assert.equal(await server.psql(target, UNMASKED), '0')
      assert.notEqual(await server.psql(target, MASKED), '0')
      assert.equal(
        await server.psql(
          target,
          `SELECT count(*) FROM pg_namespace WHERE nspname IN ('audit', 'staging')`
        ),
        '0'
      )
      await server.dropDatabase(target)
    })
  }
})

describe('a scrub that cannot finish leaves nothing', () => {
  test('a failing script: ScrubFailed with psql’s message and line; no file, no artifact, no copy', async () => {
    const dump = await step(
      {
        mode: 'dump',
        scrub: 'scrub.sql',
        file: 'fixture.dump',
        'artifact-name': 'fixture.dump'
      },
      {
        // the first statement applies in the copy, the second fails; the
        // failing line holds a secret, which psql would quote (LINE 7: …)
        'scrub.sql': `${MASK}UPDATE public.customers\n   SET emial = md5(email || '${SALT}');\n`
      }
    )
    assert.equal(dump.exitCode, 1, dump.stdout)
    assert.match(
      errorLine(dump),
      /^::error::ScrubFailed: The scrub script scrub\.sql failed at line 7, so nothing was dumped and the throwaway copy was dropped: ERROR: {2}column "…" of relation "…" does not exist at character \d+ \(names and values are left out: the script may hold secrets\)$/
    )
    assert.doesNotMatch(errorLine(dump), /psql:/)
    for (const text of [dump.stdout, dump.stderr, dump.summary])
      assert.ok(!text.includes(SALT), 'nothing of the script is shown')
    assert.match(dump.summary, /Dump failed/)
    await assertOnly(dump.cwd, ['scrub.sql'])
    assert.deepEqual(
      backend.artifacts().filter(a => a.runId === dump.runId),
      []
    )
    assert.doesNotMatch(dump.stdout, /\$ \S*pg_dump /)
    await assertSourceUntouched()
  })

  // issue 19: psql exits 0 when the script ends its own transaction; the
  // changes before it were not kept, and the summary called the dump scrubbed
  for (const [name, script, why] of [
    ['ends in ROLLBACK', `${MASK}ROLLBACK;\n`, 'it rolled back'],
    [
      'rolls back, then begins again',
      `${MASK}ROLLBACK;\nBEGIN;\nSELECT 1;\n`,
      'it rolled back'
    ],
    [
      'commits, then rolls back what follows',
      `UPDATE "Sales".orders SET note = NULL;\nCOMMIT;\n${MASK}ROLLBACK;\n`,
      'it ended the transaction it runs in and went on outside it'
    ],
    [
      'hides notices, then rolls back',
      `SET client_min_messages = error;\n${MASK}ROLLBACK;\nSET client_min_messages = error;\n`,
      'it rolled back'
    ],
    [
      'brings its own BEGIN and COMMIT',
      `BEGIN;\n${MASK}COMMIT;\n`,
      'it ended the transaction it runs in and went on outside it'
    ]
  ]) {
    test(`a script that ${name}: ScrubFailed, nothing dumped or uploaded, no copy`, async () => {
      const dump = await step(
        {
          mode: 'dump',
          scrub: 'scrub.sql',
          file: 'fixture.sql',
          'artifact-name': 'fixture.sql'
        },
        { 'scrub.sql': script }
      )
      assert.equal(dump.exitCode, 1, dump.stdout)
      assert.ok(
        errorLine(dump).startsWith(
          `::error::ScrubFailed: The scrub script scrub.sql did not commit as one transaction (${why}`
        ),
        errorLine(dump)
      )
      assert.match(
        errorLine(dump),
        /nothing was dumped and the throwaway copy was dropped/
      )
      assert.match(dump.summary, /Dump failed/)
      assert.doesNotMatch(dump.summary, /Scrubbed/)
      assert.doesNotMatch(dump.stdout, /\$ \S*pg_dump /)
      await assertOnly(dump.cwd, ['scrub.sql'])
      assert.deepEqual(
        backend.artifacts().filter(a => a.runId === dump.runId),
        []
      )
      await assertSourceUntouched()
    })
  }

  test('a script that rolls back to a savepoint is kept: its transaction committed', async () => {
    const dump = await step(
      {
        mode: 'dump',
        scrub: 'scrub.sql',
        format: 'plain',
        file: 'fixture.sql'
      },
      {
        'scrub.sql': `SAVEPOINT s;\nUPDATE public.customers SET phone = 'kept?';\nROLLBACK TO SAVEPOINT s;\n${MASK}`
      }
    )
    assert.equal(dump.exitCode, 0, dump.stdout)
    const text = readFileSync(join(dump.cwd, 'fixture.sql'), 'utf8')
    assert.match(text, /customer-1@example\.invalid/)
    assert.doesNotMatch(text, /@Example\.COM/)
    assert.doesNotMatch(text, /kept\?/)
    await assertSourceUntouched()
  })

  test('another session on the source: ScrubCopyFailed says what to do; that session goes on', async () => {
    const holding = await HoldingSession.hold(
      server,
      source,
      'BEGIN; SELECT 1;'
    )
    try {
      const dump = await step(
        { mode: 'dump', scrub: 'scrub.sql', 'artifact-name': 'busy.dump' },
        { 'scrub.sql': MASK }
      )
      assert.equal(dump.exitCode, 1, dump.stdout)
      const error = errorLine(dump)
      assert.match(
        error,
        /^::error::ScrubCopyFailed: Cannot copy scrub_src\w* to scrub it, so nothing was dumped and scrub_src\w* was not changed: ERROR: {2}source database "scrub_src\w*" is being accessed by other users/
      )
      assert.match(error, /There is 1 other session using the database/)
      assert.match(
        error,
        /Scrub where nothing else connects: restore the database/
      )
      await assertOnly(dump.cwd, ['scrub.sql'])
      assert.deepEqual(
        backend.artifacts().filter(a => a.runId === dump.runId),
        []
      )
      assert.equal(
        await backendCount(server, 'pg-dumper-faults-lock', source),
        1,
        'the other session was not ended'
      )
    } finally {
      await holding.close()
    }
    await assertSourceUntouched()
  })

  test('a role without CREATEDB: ScrubCopyFailed names the grant', async () => {
    const dump = await step(
      {
        mode: 'dump',
        connection: uri(source, PLAIN, PLAIN_PASSWORD),
        scrub: 'scrub.sql',
        schemas: 'public'
      },
      { 'scrub.sql': MASK }
    )
    assert.equal(dump.exitCode, 1, dump.stdout)
    assert.match(
      errorLine(dump),
      /^::error::ScrubCopyFailed: Cannot copy scrub_src\w* to scrub it, .*permission denied to create database.*ALTER ROLE "scrub_plain" CREATEDB/
    )
    await assertOnly(dump.cwd, ['scrub.sql'])
    await assertSourceUntouched()
  })
})

describe('meta-commands in a scrub script', () => {
  test('refused before anything runs, unless allowed', async () => {
    const dump = await step(
      { mode: 'dump', scrub: 'scrub.sql' },
      { 'scrub.sql': `${MASK}\\! touch ran-a-shell\n` }
    )
    assert.equal(dump.exitCode, 1, dump.stdout)
    assert.match(
      errorLine(dump),
      /^::error::PgDumpCommandError: The scrub script scrub\.sql holds psql meta-commands \(line 6: \\!\), so nothing was run or dumped: .*set allow-meta-commands\.$/
    )
    assert.ok(!existsSync(join(dump.cwd, 'ran-a-shell')))
    assert.doesNotMatch(dump.stdout, /Copying/)
    await assertOnly(dump.cwd, ['scrub.sql'])
  })

  test('allowed: \\set and variables work', async () => {
    const dump = await step(
      { mode: 'dump', scrub: 'scrub.sql', 'allow-meta-commands': 'true' },
      {
        'scrub.sql': `\\set domain example.invalid\nUPDATE public.customers SET email = 'c' || id || '@' || :'domain';\n`
      }
    )
    assert.equal(dump.exitCode, 0, dump.stdout)
    const target = `scrub_meta_${dump.runId}`
    await restoreInto(dump.outputs.file, target)
    assert.equal(await server.psql(target, UNMASKED), '0')
    await server.dropDatabase(target)
    await assertSourceUntouched()
  })

  test('\\connect is refused even when allowed: the script runs in the copy only', async () => {
    const dump = await step(
      { mode: 'dump', scrub: 'scrub.sql', 'allow-meta-commands': 'true' },
      { 'scrub.sql': `\\c ${source}\n${MASK}` }
    )
    assert.equal(dump.exitCode, 1, dump.stdout)
    assert.match(
      errorLine(dump),
      /^::error::PgDumpCommandError: The scrub script scrub\.sql holds psql meta-commands \(line 1: \\c\), so nothing was run or dumped: \\connect would run the rest of the script outside the throwaway copy/
    )
    await assertSourceUntouched()
  })
})

describe('the scrub input', () => {
  test('a path that is no file, or leads out of the workspace, is an InputError before anything runs', async () => {
    const outside = join(root, 'outside.sql')
    await writeFile(outside, MASK)
    for (const [value, why] of [
      ['missing.sql', 'no such file'],
      ['.', 'it is a folder'],
      ['link.sql', 'it leads through a symlink to']
    ]) {
      const cwd = await mkdtemp(join(root, 'ws-'))
      await symlink(outside, join(cwd, 'link.sql'))
      const dump = await runAction(
        {
          ...pgBinDirInput(),
          mode: 'dump',
          connection: uri(source),
          scrub: value
        },
        { cwd, env: { GITHUB_WORKSPACE: cwd } }
      )
      assert.equal(dump.exitCode, 1, dump.stdout)
      assert.ok(
        errorLine(dump).startsWith(
          `::error::InputError: Invalid 'scrub' input '${value}': ${why}`
        ),
        errorLine(dump)
      )
      assert.match(
        errorLine(dump),
        /Expected the path of an SQL file, or SQL statements/
      )
      assert.doesNotMatch(dump.stdout, /\$ /)
    }
  })

  test('on a restore, scrub is a notice: it only applies to dump', async () => {
    const dump = await step(
      { mode: 'dump', scrub: 'scrub.sql', file: 'f.dump' },
      { 'scrub.sql': MASK }
    )
    const target = `scrub_notice_${dump.runId}`
    const restore = await step({
      mode: 'restore',
      connection: server.uri(target),
      file: dump.outputs.file,
      'create-database': 'true',
      scrub: 'scrub.sql'
    })
    assert.equal(restore.exitCode, 0, restore.stdout)
    assert.match(restore.stdout, /^::warning::'scrub' only apply to dump\.$/m)
    await server.dropDatabase(target)
  })
})

describe('cancelled while the script runs', () => {
  test('SIGTERM stops psql, drops the copy, writes and uploads nothing', async () => {
    const cwd = await mkdtemp(join(root, 'ws-'))
    await writeFile(join(cwd, 'scrub.sql'), `${MASK}SELECT pg_sleep(60);\n`)
    const runId = nextRun++
    const started = await startAction(
      {
        ...pgBinDirInput(),
        mode: 'dump',
        connection: uri(source),
        scrub: 'scrub.sql',
        'artifact-name': 'cancelled.dump'
      },
      {
        cwd,
        env: {
          ...backend.env({ repository: REPO, runId, jobId: 'fixtures' }),
          GITHUB_WORKSPACE: cwd
        }
      }
    )
    await waitFor('the scrub to sleep in the copy', async () => {
      const n = await server.psql(
        'postgres',
        `SELECT count(*) FROM pg_stat_activity WHERE datname LIKE 'pg\\_dumper\\_scrub\\_%' AND query LIKE '%pg_sleep%'`
      )
      return n === '1' && childNamed(started.pid, 'psql') !== undefined
    })
    assert.notEqual(await copies(), '', 'the copy exists while the script runs')
    // the script's psql: stopping at errors, one transaction, no password
    const psql = childNamed(started.pid, 'psql') as number
    const argv = readFileSync(`/proc/${psql}/cmdline`, 'utf8').split('\0')
    assert.ok(argv.includes('--set=ON_ERROR_STOP=1'), argv.join(' '))
    assert.ok(argv.includes('--single-transaction'), argv.join(' '))
    assert.ok(argv.includes(`--file=${join(cwd, 'scrub.sql')}`), argv.join(' '))
    assert.ok(!argv.join(' ').includes(OWNER_PASSWORD), 'no password on argv')
    started.child.kill('SIGTERM')
    const ended = await started.finished
    assert.equal(ended.exitCode, 1, ended.stdout)
    assert.match(
      errorLine(ended),
      /^::error::OperationCancelled: Cancelled by SIGTERM: psql was stopped and temporary files were removed\.$/
    )
    assert.match(
      ended.stdout,
      /Dropped the throwaway database pg_dumper_scrub_/
    )
    await assertOnly(cwd, ['scrub.sql'])
    assert.deepEqual(
      backend.artifacts().filter(a => a.runId === runId),
      []
    )
    await assertSourceUntouched()
  })
})

describe('cancelled twice while the script runs', () => {
  // issue 19: a second signal 10 ms after the first ended the step during
  // its clean-up: the copy stayed on the server, and no error was written
  for (const [signal, group] of [
    ['SIGTERM', true],
    ['SIGINT', true],
    ['SIGTERM', false],
    ['SIGINT', false]
  ] as const) {
    test(`${signal} twice 10 ms apart to the ${group ? 'process group' : 'process'}: the copy is dropped, no temporary file is left, the step fails`, async () => {
      const cwd = await mkdtemp(join(root, 'ws-'))
      const tmp = await mkdtemp(join(root, 'tmp-'))
      const runId = nextRun++
      const started = await startAction(
        {
          ...pgBinDirInput(),
          mode: 'dump',
          connection: uri(source),
          // inline SQL: a temporary file holds it while it runs
          scrub: `${MASK}SELECT pg_sleep(60);`,
          'artifact-name': 'twice.dump'
        },
        {
          cwd,
          env: {
            ...backend.env({ repository: REPO, runId, jobId: 'fixtures' }),
            GITHUB_WORKSPACE: cwd,
            TMPDIR: tmp
          },
          group
        }
      )
      try {
        await waitFor('the scrub to sleep in the copy', async () => {
          const n = await server.psql(
            'postgres',
            `SELECT count(*) FROM pg_stat_activity WHERE datname LIKE 'pg\\_dumper\\_scrub\\_%' AND query LIKE '%pg_sleep%'`
          )
          return n === '1' && childNamed(started.pid, 'psql') !== undefined
        })
        assert.deepEqual(
          (await readdir(tmp)).map(e => e.replace(/-\w{6}$/, '')),
          ['pg-dumper-scrub'],
          'the script is in a temporary folder while it runs'
        )
        await signalTwice(started.pid, signal, { group })
      } finally {
        setTimeout(() => started.child.kill('SIGKILL'), 30_000).unref()
      }
      const ended = await started.finished
      assert.equal(ended.exitCode, 1, ended.stdout)
      assert.match(
        errorLine(ended),
        new RegExp(`^::error::OperationCancelled: Cancelled by ${signal}: `)
      )
      assert.match(
        ended.stdout,
        new RegExp(`Received ${signal} while cleaning up after ${signal}`)
      )
      assert.match(
        ended.stdout,
        /Dropped the throwaway database pg_dumper_scrub_/
      )
      assert.equal(await copies(), '', 'no copy is left')
      await assertOnly(cwd, [])
      assert.deepEqual(await readdir(tmp), [], 'no temporary folder is left')
      assert.deepEqual(
        backend.artifacts().filter(a => a.runId === runId),
        []
      )
      await assertSourceUntouched()
    })
  }
})
