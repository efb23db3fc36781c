// Restore drills (issue 23): `verify: restore` restores each dump into a
// scratch database before it takes its name and compares every table's rows
// with those counted in the dump's own snapshot. The bundle runs as the
// runner runs it against real servers: a healthy database with a
// partitioned table, a dump that pg_dump writes but that does not restore,
// a second server as `verify-connection`, an encrypted dump, a role that
// may not create databases, and a step cancelled mid-drill; none leaves a
// scratch database, and a failed drill leaves no file.
import assert from 'node:assert/strict'
import { existsSync } from 'node:fs'
import { mkdtemp, readdir, readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { after, before, describe, test } from 'node:test'
import { ageKeygen, ensureAge } from '../../test-support/age.ts'
import { startAction, waitFor } from '../../test-support/faults.ts'
import {
  seededServer,
  seedRealistic,
  type SeededServer
} from '../../test-support/fixtures.ts'
import {
  postgisMissing,
  startServer,
  type TestServer
} from '../../test-support/pg-server.ts'
import {
  errorLine,
  pgBinDirInput,
  runAction,
  visibleLog,
  type StepRun
} from '../../test-support/run-action.ts'

/**
 * pg_dump writes this, and the restore fails: the CHECK calls a function
 * whose body names `kinds` without its schema, and a restore runs with an
 * empty search_path.
 */
const UNRESTORABLE = `
CREATE TABLE public.kinds (name text PRIMARY KEY);
INSERT INTO public.kinds VALUES ('a'), ('b');
CREATE FUNCTION public.known_kind(k text) RETURNS boolean LANGUAGE sql
  AS $$ SELECT EXISTS (SELECT 1 FROM kinds WHERE name = k) $$;
CREATE TABLE public.items (id int, kind text CHECK (public.known_kind(kind)));
INSERT INTO public.items SELECT g, 'a' FROM generate_series(1, 5) g;
`

/** Enough rows that restoring them takes a while: time to cancel the step. */
const SLOW = `
CREATE TABLE public.big (id bigint, label text, at timestamptz);
INSERT INTO public.big
  SELECT g, md5(g::text), now() - g * interval '1 second'
  FROM generate_series(1, 1500000) g;
CREATE INDEX ON public.big (label);
CREATE INDEX ON public.big (at);
`

const READER = 'drill_reader'
const READER_PASSWORD = 'reader-Pw-58213'

let seeded: SeededServer
let server: TestServer
let db: string
let dir: string

/** The scratch databases on `s` right now (none once a step has ended). */
const scratch = (s: TestServer = server) =>
  s.psql(
    'postgres',
    `SELECT coalesce(string_agg(datname, ', '), '') FROM pg_database WHERE datname LIKE 'pg\\_dumper\\_drill\\_%'`
  )

/** Each ordinary table of `database` (not the system's), with its rows, counted one by one. */
async function tableRows(database: string, except = ''): Promise<number[]> {
  const tables = (
    await server.psql(
      database,
      `SELECT format('%I.%I', n.nspname, c.relname) FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
       WHERE c.relkind = 'r' AND n.nspname NOT LIKE 'pg\\_%' AND n.nspname <> 'information_schema'
       ${except ? `AND n.nspname <> '${except}'` : ''}`
    )
  )
    .split('\n')
    .filter(Boolean)
  const rows: number[] = []
  for (const table of tables)
    rows.push(
      Number(await server.psql(database, `SELECT count(*) FROM ${table}`))
    )
  return rows
}

const sum = (rows: number[]) => rows.reduce((a, b) => a + b, 0)

function dumpInputs(
  database: string,
  file: string,
  extra: Record<string, string> = {}
): Record<string, string> {
  return {
    mode: 'dump',
    connection: server.uri(database),
    file,
    verify: 'restore',
    ...pgBinDirInput(),
    ...extra
  }
}

function ok(run: StepRun): void {
  assert.equal(run.exitCode, 0, visibleLog(run))
}

before(async () => {
  seeded = await seededServer({
    database: 'drill',
    seed: seedRealistic,
    tempPrefix: 'pg-dumper-drill-'
  })
  ;({ server, db, dir } = seeded)
})

after(() => seeded?.stop())

describe('a healthy database', () => {
  test('custom, with a partitioned table: every table restored with its rows; outputs, summary and no scratch database left', async () => {
    const partitions = await server.psql(
      db,
      `SELECT count(*) FROM pg_inherits i JOIN pg_class p ON p.oid = i.inhparent WHERE p.relkind = 'p'`
    )
    assert.ok(Number(partitions) > 0, 'the fixture has a partitioned table')
    const rows = await tableRows(db)
    const file = join(dir, 'healthy.dump')
    const run = await runAction(dumpInputs(db, file), { cwd: dir })
    ok(run)
    assert.equal(run.outputs['verified-tables'], String(rows.length))
    assert.equal(run.outputs['verified-rows'], String(sum(rows)))
    assert.ok(existsSync(file))
    const log = visibleLog(run)
    // pg_dump read the snapshot the rows were counted in
    assert.match(log, /pg_dump .*--snapshot=[0-9A-F-]+/)
    assert.match(
      log,
      /Restore drill: restoring the dump into the scratch database pg_dumper_drill_[0-9a-f]+/
    )
    assert.match(log, /Dropped the scratch database pg_dumper_drill_/)
    assert.match(
      run.summary,
      new RegExp(
        `Restore drill.*${rows.length} table\\(s\\), ${sum(rows)} row\\(s\\)`,
        's'
      )
    )
    assert.equal(await scratch(), '')
  })

  test('directory with jobs and exclude-schemas: restored with jobs, only the dumped tables compared', async () => {
    const rows = await tableRows(db, 'audit')
    const file = join(dir, 'parallel')
    const run = await runAction(
      dumpInputs(db, file, {
        format: 'directory',
        jobs: '2',
        'exclude-schemas': 'audit'
      }),
      { cwd: dir }
    )
    ok(run)
    assert.equal(run.outputs['verified-tables'], String(rows.length))
    assert.equal(run.outputs['verified-rows'], String(sum(rows)))
    assert.match(visibleLog(run), /pg_restore .*--jobs=2/)
    assert.equal(await scratch(), '')
  })

  test('without verify: the read-back alone, no drill outputs', async () => {
    const file = join(dir, 'plain-old.dump')
    const run = await runAction(dumpInputs(db, file, { verify: 'archive' }), {
      cwd: dir
    })
    ok(run)
    assert.equal(run.outputs['verified-tables'], undefined)
    assert.doesNotMatch(visibleLog(run), /--snapshot|Restore drill/)
  })
})

describe('a dump that does not restore', () => {
  let broken: string
  before(async () => {
    broken = await server.createDatabase('drill_broken')
    await server.psql(broken, UNRESTORABLE)
  })

  for (const format of ['custom', 'plain'] as const) {
    test(`${format}: pg_dump succeeds, the drill fails with VerificationFailed naming the table; no file, no scratch database`, async () => {
      const work = await mkdtemp(join(dir, `broken-${format}-`))
      const file = join(work, format === 'plain' ? 'broken.sql' : 'broken.dump')
      const run = await runAction(dumpInputs(broken, file, { format }), {
        cwd: work
      })
      assert.equal(run.exitCode, 1, visibleLog(run))
      const error = errorLine(run)
      assert.match(error, /VerificationFailed: The restore drill failed/)
      assert.match(error, /public\.items: 5 row\(s\) dumped, 0 restored/)
      assert.match(error, /relation "kinds" does not exist/)
      assert.deepEqual(await readdir(work), [])
      assert.equal(await scratch(), '')
    })
  }
})

describe('a dump that fails', () => {
  test('pg_dump and the counting refused: the error says why, the scratch database made meanwhile is dropped', async () => {
    const role = 'drill_creator'
    const password = 'creator-Pw-77310'
    // may create databases, may read nothing of the database
    await server.psql(
      'postgres',
      `CREATE ROLE ${role} LOGIN CREATEDB PASSWORD '${password}'`
    )
    const host = server.host.includes(':') ? `[${server.host}]` : server.host
    const work = await mkdtemp(join(dir, 'refused-'))
    const run = await runAction(
      {
        ...dumpInputs(db, join(work, 'refused.dump')),
        connection: `postgresql://${role}:${password}@${host}:${server.port}/${db}`
      },
      { cwd: work }
    )
    assert.equal(run.exitCode, 1, visibleLog(run))
    assert.match(errorLine(run), /PgDumpFailed: .*permission denied/)
    assert.match(
      visibleLog(run),
      /Dropped the scratch database pg_dumper_drill_/
    )
    assert.equal(await scratch(), '')
    assert.deepEqual(await readdir(work), [])
  })
})

describe('a role that may not create databases', () => {
  let second: TestServer
  before(async () => {
    // reads everything (PostgreSQL 14+), may create nothing
    await server.psql(
      'postgres',
      `CREATE ROLE ${READER} LOGIN PASSWORD '${READER_PASSWORD}' IN ROLE pg_read_all_data`
    )
    await server.psql(
      db,
      `DO $$ DECLARE o oid; BEGIN
         FOR o IN SELECT oid FROM pg_largeobject_metadata LOOP
           EXECUTE format('GRANT SELECT ON LARGE OBJECT %s TO ${READER}', o);
         END LOOP; END $$`
    )
    second = await startServer()
  })
  after(() => second?.stop())

  const asReader = () => {
    const host = server.host.includes(':') ? `[${server.host}]` : server.host
    return `postgresql://${READER}:${READER_PASSWORD}@${host}:${server.port}/${db}`
  }

  test('without verify-connection: refused before dumping, naming both ways out', async () => {
    const work = await mkdtemp(join(dir, 'reader-'))
    const run = await runAction(
      {
        ...dumpInputs(db, join(work, 'r.dump'), { schemas: 'public' }),
        connection: asReader()
      },
      { cwd: work }
    )
    assert.equal(run.exitCode, 1, visibleLog(run))
    const error = errorLine(run)
    assert.match(
      error,
      /PgDumpCommandError: verify: restore restores each dump into a scratch database/
    )
    assert.match(
      error,
      new RegExp(`the role ${READER} may not create databases`)
    )
    assert.match(error, /CREATEDB/)
    assert.match(error, /verify-connection/)
    assert.doesNotMatch(visibleLog(run), /\$ \S*pg_dump /)
    assert.deepEqual(await readdir(work), [])
  })

  test('a PostGIS model its non-superuser owner dumps: refused before dumping, naming the extensions; drilled on a server where the role is a superuser', async t => {
    const missing = await postgisMissing()
    if (missing) return t.skip(missing)
    const model = `drill_gis_${process.pid}`
    await server.psql(
      'postgres',
      `CREATE ROLE drill_modeler LOGIN CREATEDB PASSWORD 'modeler-Pw-1';
       CREATE DATABASE ${model} OWNER drill_modeler`
    )
    // the DBA creates the extensions; the model belongs to its owner
    await server.psql(model, 'CREATE EXTENSION postgis')
    await server.psql(
      model,
      `SET ROLE drill_modeler;
       CREATE SCHEMA "Network";
       CREATE TABLE "Network".pipes (id int, geom public.geometry(Point, 2056));
       INSERT INTO "Network".pipes
         SELECT g, public.ST_SetSRID(public.ST_MakePoint(g, g), 2056) FROM generate_series(1, 7) g`
    )
    const host = server.host.includes(':') ? `[${server.host}]` : server.host
    const asModeler = `postgresql://drill_modeler:modeler-Pw-1@${host}:${server.port}/${model}`
    const work = await mkdtemp(join(dir, 'modeler-'))
    const refused = await runAction(
      { ...dumpInputs(model, join(work, 'm.dump')), connection: asModeler },
      { cwd: work }
    )
    assert.equal(refused.exitCode, 1, visibleLog(refused))
    const error = errorLine(refused)
    assert.match(
      error,
      /PgDumpCommandError: verify: restore restores each dump/
    )
    assert.match(error, /extensions \(postgis\)/)
    assert.match(error, /only a superuser may create them/)
    assert.match(error, /verify-connection/)
    assert.doesNotMatch(visibleLog(refused), /\$ \S*pg_dump /)
    assert.deepEqual(await readdir(work), [])
    // on a server where the role is a superuser (the second's postgres)
    const drilled = await runAction(
      {
        ...dumpInputs(model, join(work, 'm.dump')),
        connection: asModeler,
        'verify-connection': second.uri('postgres')
      },
      { cwd: work }
    )
    ok(drilled)
    assert.equal(drilled.outputs['verified-tables'], '1')
    assert.equal(drilled.outputs['verified-rows'], '7')
    assert.equal(await scratch(second), '')
  })

  test('with a second server as verify-connection: drilled there, its password masked', async () => {
    const rows = await tableRows(db)
    const work = await mkdtemp(join(dir, 'second-'))
    const run = await runAction(
      {
        ...dumpInputs(db, join(work, 'r.dump')),
        connection: asReader(),
        'verify-connection': second.uri('postgres')
      },
      { cwd: work }
    )
    ok(run)
    assert.equal(run.outputs['verified-tables'], String(rows.length))
    assert.equal(run.outputs['verified-rows'], String(sum(rows)))
    const log = visibleLog(run)
    // masked as the runner's command escapes it
    const escaped = second.password.replace(/%/g, '%25')
    assert.ok(run.stdout.includes(`::add-mask::${escaped}\n`))
    assert.ok(
      !log.includes(second.password),
      'the second server password is never shown'
    )
    // the reader may create no database on the dumped server: the drill ran on the second
    assert.match(
      log,
      new RegExp(
        `scratch database pg_dumper_drill_[0-9a-f]+ on [^ ]+:${second.port}\\b`
      )
    )
    assert.equal(await scratch(second), '')
    assert.equal(await scratch(), '')
  })
})

describe('an encrypted dump', () => {
  test('drilled from the age file, decrypted as it is read: no plaintext on disk', async () => {
    await ensureAge()
    const keys = await mkdtemp(join(dir, 'keys-'))
    const key = await ageKeygen(keys, 'alice')
    const work = await mkdtemp(join(dir, 'age-'))
    const rows = await tableRows(db)
    const run = await runAction(
      dumpInputs(db, join(work, 'secret.dump.age'), {
        'encrypt-to': key.recipient
      }),
      { cwd: work }
    )
    ok(run)
    assert.equal(run.outputs['verified-rows'], String(sum(rows)))
    assert.match(
      visibleLog(run),
      /Decrypting .*secret\.dump\.age.*\(age\) as it is read/
    )
    assert.deepEqual(await readdir(work), ['secret.dump.age'])
    assert.equal(await scratch(), '')
  })

  test('with a kept plaintext: the plaintext is drilled, then encrypted', async () => {
    await ensureAge()
    const keys = await mkdtemp(join(dir, 'keys-'))
    const key = await ageKeygen(keys, 'bob')
    const work = await mkdtemp(join(dir, 'age-kept-'))
    const rows = await tableRows(db)
    const run = await runAction(
      dumpInputs(db, join(work, 'kept.dump'), { 'encrypt-to': key.recipient }),
      { cwd: work }
    )
    ok(run)
    assert.equal(run.outputs['verified-rows'], String(sum(rows)))
    assert.deepEqual((await readdir(work)).sort(), [
      'kept.dump',
      'kept.dump.age'
    ])
    assert.equal(await scratch(), '')
  })
})

describe('composes', () => {
  test('several databases: each drilled, the outputs their sum', async () => {
    const small = await server.createDatabase('drill_small')
    await server.psql(
      small,
      `CREATE TABLE t (id int); INSERT INTO t SELECT generate_series(1, 7);`
    )
    const rows = await tableRows(db)
    const work = await mkdtemp(join(dir, 'several-'))
    const run = await runAction(
      { ...dumpInputs(db, join(work, 'all')), dbname: `${db}, ${small}` },
      { cwd: work }
    )
    ok(run)
    assert.equal(run.outputs['verified-tables'], String(rows.length + 1))
    assert.equal(run.outputs['verified-rows'], String(sum(rows) + 7))
    assert.equal(
      visibleLog(run).match(/Dropped the scratch database/g)?.length,
      2
    )
    assert.equal(await scratch(), '')
  })

  test('plain, of a database whose text reads as psql meta-commands: drilled by psql in restricted mode, nothing runs on the runner', async () => {
    const work = await mkdtemp(join(dir, 'hostile-'))
    const marker = join(work, 'ran')
    const hostile = await server.createDatabase('drill_hostile')
    // lines of the dump that start with a backslash: a comment's text, a
    // function's body, and rows COPY carries (escaped by pg_dump as data)
    await server.psql(
      hostile,
      `CREATE TABLE "Notes" (line text);
       INSERT INTO "Notes" VALUES (E'\\\\! touch ${marker}'), (E'x\n\\\\! touch ${marker}\n\\\\.');
       COMMENT ON TABLE "Notes" IS E'\n\\\\! touch ${marker}\n';
       CREATE FUNCTION f() RETURNS int LANGUAGE plpgsql AS E'BEGIN\n/*\n\\\\! touch ${marker}\n*/\nRETURN 1; END';`
    )
    const run = await runAction(
      dumpInputs(hostile, join(work, 'h.sql'), { format: 'plain' }),
      { cwd: work }
    )
    ok(run)
    assert.equal(run.outputs['verified-tables'], '1')
    assert.equal(run.outputs['verified-rows'], '2')
    // the script psql ran holds lines a meta-command would start with
    const script = await readFile(join(work, 'h.sql'), 'utf8')
    const lines = script.split('\n').filter(l => l.startsWith('\\! touch'))
    assert.ok(lines.length >= 2, script)
    // psql read the script with \restrict first
    assert.match(visibleLog(run), /\$ \S*psql .*--file=- /)
    assert.equal(existsSync(marker), false)
    assert.equal(await scratch(), '')
  })

  test('scrub: the scrubbed copy is what is drilled', async () => {
    const rows = await tableRows(db)
    const work = await mkdtemp(join(dir, 'scrub-'))
    const run = await runAction(
      dumpInputs(db, join(work, 'scrubbed.dump'), {
        // a table only the copy has: the drill counts it in the copy's snapshot
        scrub:
          'CREATE TABLE public.scrub_marker AS SELECT generate_series(1, 3) AS n;'
      }),
      { cwd: work }
    )
    ok(run)
    assert.equal(run.outputs['verified-tables'], String(rows.length + 1))
    assert.equal(run.outputs['verified-rows'], String(sum(rows) + 3))
    assert.equal(await scratch(), '')
  })
})

describe('cancelled mid-drill', () => {
  test('SIGTERM while the drill restores: OperationCancelled, no scratch database, no file', async () => {
    const slow = await server.createDatabase('drill_slow')
    await server.psql(slow, SLOW)
    const work = await mkdtemp(join(dir, 'cancel-'))
    const step = await startAction(dumpInputs(slow, join(work, 'slow.dump')), {
      cwd: work
    })
    await waitFor(
      'the drill restoring',
      async () =>
        Number(
          await server.psql(
            'postgres',
            `SELECT count(*) FROM pg_stat_activity WHERE datname LIKE 'pg\\_dumper\\_drill\\_%' AND application_name = 'pg_restore'`
          )
        ) > 0,
      120_000
    )
    // the snapshot's transaction ended with pg_dump: nothing holds back vacuum while the drill runs
    assert.equal(
      await server.psql(
        'postgres',
        `SELECT count(*) FROM pg_stat_activity WHERE datname = '${slow}' AND backend_xmin IS NOT NULL`
      ),
      '0'
    )
    step.child.kill('SIGTERM')
    const run = await step.finished
    assert.equal(run.exitCode, 1, visibleLog(run))
    assert.match(errorLine(run), /OperationCancelled/)
    assert.equal(await scratch(), '')
    assert.deepEqual(await readdir(work), [])
  })
})
