// What dumps and restores tell the user, run as the runner runs the bundle:
// one schema grammar with warnings for names that match nothing, kept
// objects that use an excluded schema, what a stopped plain restore
// applied, failed COPYs, the databases restored into, and tools checked
// before anything is written.
import assert from 'node:assert/strict'
import { mkdtemp, readdir, symlink, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { after, before, describe, test } from 'node:test'
import { seededServer, type SeededServer } from '../../test-support/fixtures.ts'
import { clientTool, type TestServer } from '../../test-support/pg-server.ts'
import {
  errorLine,
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
    database: 'tell_src',
    seed: `CREATE SCHEMA "TWW_od"; CREATE SCHEMA tww_app; CREATE SCHEMA scratch;
    CREATE TABLE "TWW_od".node(id int PRIMARY KEY);
    INSERT INTO "TWW_od".node SELECT generate_series(1, 20);
    CREATE TABLE scratch.tmp(id int);
    CREATE FUNCTION scratch.stamp() RETURNS trigger LANGUAGE plpgsql AS $$BEGIN RETURN NEW; END$$;
    CREATE TABLE public.item(id int PRIMARY KEY, node int REFERENCES "TWW_od".node(id));
    INSERT INTO public.item SELECT g, g FROM generate_series(1, 20) g;
    CREATE TABLE public.loose(x int);
    INSERT INTO public.loose SELECT generate_series(1, 5);
    CREATE TRIGGER stamp BEFORE INSERT ON public.item FOR EACH ROW EXECUTE FUNCTION scratch.stamp();
    CREATE VIEW tww_app.nodes AS SELECT id FROM "TWW_od".node;`,
    tempPrefix: 'pg-dumper-tell-'
  })
  ;({ server, db: source, dir } = seeded)
})
after(() => seeded?.stop())

async function step(
  inputs: Record<string, string>,
  env: Record<string, string> = {}
): Promise<StepRun & { cwd: string }> {
  const cwd = await mkdtemp(join(dir, 'ws-'))
  const run = await runAction({ ...pgBinDirInput(), ...inputs }, { cwd, env })
  return { ...run, cwd }
}

const warnings = (run: StepRun) =>
  run.stdout.split('\n').filter(l => l.startsWith('::warning::'))

async function dump(inputs: Record<string, string> = {}) {
  const run = await step({
    mode: 'dump',
    connection: server.uri(source),
    ...inputs
  })
  assert.equal(run.exitCode, 0, run.stdout)
  return run
}

const schemasOf = (db: string) =>
  server.psql(
    db,
    `SELECT string_agg(nspname, ',' ORDER BY nspname) FROM pg_namespace WHERE nspname !~ '^pg_' AND nspname <> 'information_schema'`
  )

describe('exclude-schemas: one grammar at dump and at restore', () => {
  test('a mixed-case name unquoted leaves out that schema when dumping', async () => {
    const run = await dump({
      format: 'plain',
      file: 'x.sql',
      'exclude-schemas': 'TWW_od, scratch'
    })
    const target = await server.createDatabase('tell_excl_dump')
    const restore = await step({
      mode: 'restore',
      connection: server.uri(target),
      file: run.outputs.file,
      'ignore-errors': 'true'
    })
    assert.equal(restore.exitCode, 0, restore.stdout)
    assert.equal(await schemasOf(target), 'public,tww_app')
  })

  test('a quoted name leaves out that schema when restoring, and so does a wildcard', async () => {
    const run = await dump()
    for (const [items, expected] of [
      ['"TWW_od"\nscratch\ntww_app', 'public'],
      ['TWW_*, scr?tch, tww_app', 'public']
    ]) {
      const target = await server.createDatabase('tell_excl_restore')
      const restore = await step({
        mode: 'restore',
        connection: server.uri(target),
        file: run.outputs.file,
        'exclude-schemas': items,
        'ignore-errors': 'true'
      })
      assert.equal(restore.exitCode, 0, restore.stdout)
      assert.equal(await schemasOf(target), expected, items)
    }
  })

  test('a name that matches no schema is a warning naming the schemas there are, at dump and at restore', async () => {
    const run = await dump({ 'exclude-schemas': 'tww_od' })
    assert.ok(
      warnings(run).some(w =>
        /^::warning::exclude-schemas: 'tww_od' matches no schema of tell_src\S*\. Its schemas are: TWW_od, public, scratch, tww_app\./.test(
          w
        )
      ),
      run.stdout
    )
    const target = await server.createDatabase('tell_nomatch')
    const restore = await step({
      mode: 'restore',
      connection: server.uri(target),
      file: run.outputs.file,
      'exclude-schemas': 'nothing_*'
    })
    assert.equal(restore.exitCode, 0, restore.stdout)
    assert.ok(
      warnings(restore).some(w =>
        w.startsWith(
          "::warning::exclude-schemas: 'nothing_*' matches no schema of the dump. Its schemas are: TWW_od, public, scratch, tww_app."
        )
      ),
      restore.stdout
    )
  })

  test('excluding a schema kept objects use warns at dump time, naming them', async () => {
    const run = await dump({ 'exclude-schemas': 'TWW_od\nscratch' })
    const warning = warnings(run).find(w => w.includes('Kept objects use'))
    assert.ok(warning, run.stdout)
    assert.match(warning, /the excluded schemas TWW_od, scratch/)
    assert.match(
      warning,
      /table constraint item_node_fkey on public\.item \(uses table "TWW_od"\.node\)/
    )
    assert.match(
      warning,
      /trigger stamp on public\.item \(uses function scratch\.stamp\(\)\)/
    )
    assert.match(warning, /view tww_app\.nodes \(uses table "TWW_od"\.node\)/)
    // a schema nothing kept uses: no such warning
    const quiet = await dump({ 'exclude-schemas': 'tww_app' })
    assert.deepEqual(warnings(quiet), [])
  })
})

describe('what a failed or partial restore says', () => {
  test('refused over existing objects, the advice is true: ignore-errors would duplicate rows', async () => {
    const run = await dump()
    const restore = await step({
      mode: 'restore',
      connection: server.uri(source),
      file: run.outputs.file
    })
    assert.equal(restore.exitCode, 1)
    assert.match(
      errorLine(restore),
      /Restore with clean to drop them first, or into an empty database \(create-database creates a missing one\)\. \(ignore-errors would keep the existing objects but still load the dump's rows into them, duplicating the rows of tables without a unique key\.\)/
    )
    assert.doesNotMatch(errorLine(restore), /keeps what is there/)
    // and a failed restore's summary claims no count of ignored errors
    assert.match(restore.summary, /Restore failed/)
    assert.doesNotMatch(restore.summary, /Ignored errors/)
  })

  test('a plain restore that stops at an error says what was applied, with and without single-transaction', async () => {
    const run = await dump({ format: 'plain', file: 'stop.sql' })
    for (const single of ['false', 'true']) {
      const target = await server.createDatabase('tell_stop')
      await server.psql(target, 'CREATE TABLE public.loose(x int)')
      const restore = await step({
        mode: 'restore',
        connection: server.uri(target),
        file: run.outputs.file,
        'single-transaction': single
      })
      assert.equal(restore.exitCode, 1)
      assert.match(
        errorLine(restore),
        single === 'true'
          ? /psql stopped at line \d+ of the script: the restore ran in a single transaction, so nothing of it was applied\./
          : /psql stopped at line \d+ of the script: the statements before it were applied, the rest of the script was not run\./
      )
      const applied = await schemasOf(target)
      if (single === 'true') assert.equal(applied, 'public')
      else assert.notEqual(applied, 'public')
    }
  })

  test('with ignore-errors, a COPY that failed on its rows names its table', async () => {
    const run = await dump({ format: 'plain', file: 'copy.sql' })
    const target = await server.createDatabase('tell_copy_rows')
    // a unique index the dump does not have makes the COPY of loose fail
    await server.psql(
      target,
      'CREATE TABLE public.loose(x int UNIQUE); INSERT INTO public.loose VALUES (3)'
    )
    const restore = await step({
      mode: 'restore',
      connection: server.uri(target),
      file: run.outputs.file,
      'ignore-errors': 'true'
    })
    assert.equal(restore.exitCode, 0, restore.stdout)
    assert.match(
      restore.stdout,
      /::warning::Ignored \d+ error\(s\) psql reported.*%0AThe rows of (public\.)?loose were not restored: its COPY failed\./
    )
    assert.equal(
      await server.psql(target, 'SELECT count(*) FROM public.item'),
      '20'
    )
  })

  test('with ignore-errors, a COPY that failed outright fails the step: its rows ran as SQL', async () => {
    const run = await dump({ format: 'plain', file: 'outright.sql' })
    const target = await server.createDatabase('tell_copy_outright')
    // loose exists, owned by someone else: the restoring role may not write it
    await server.psql(
      'postgres',
      `DO $$BEGIN IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'tell_other') THEN CREATE ROLE tell_other; END IF;
       IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'tell_app') THEN CREATE ROLE tell_app LOGIN PASSWORD 'tell-pw'; END IF; END$$`
    )
    await server.psql(
      'postgres',
      `ALTER DATABASE "${target}" OWNER TO tell_app`
    )
    await server.psql(
      target,
      'CREATE TABLE public.loose(x int); ALTER TABLE public.loose OWNER TO tell_other'
    )
    const host = server.host.includes(':') ? `[${server.host}]` : server.host
    const restore = await step({
      mode: 'restore',
      connection: `postgresql://tell_app:tell-pw@${host}:${server.port}/${target}`,
      file: run.outputs.file,
      'ignore-errors': 'true'
    })
    assert.equal(restore.exitCode, 1, restore.stdout)
    assert.match(
      errorLine(restore),
      /The COPY of public\.loose(, [\w.]+)* failed, so (its|their) rows were not restored and psql read them as SQL statements: the rest of the script may not have run as written/
    )
  })
})

describe('databases and tools', () => {
  test('the databases output names the database when the connection names a service', async () => {
    const run = await dump()
    const target = await server.createDatabase('tell_service')
    const serviceFile = join(dir, 'tell_service.conf')
    await writeFile(
      serviceFile,
      `[tell_target]\nhost=${server.host}\nport=${server.port}\nuser=${server.user}\npassword=${server.password}\ndbname=${target}\n`
    )
    const restore = await step({
      mode: 'restore',
      service: 'tell_target',
      'service-file': serviceFile,
      file: run.outputs.file
    })
    assert.equal(restore.exitCode, 0, restore.stdout)
    assert.equal(restore.outputs.databases, target)
  })

  test('a name repeated in databases is an InputError before anything runs', async () => {
    const run = await dump()
    const restore = await step({
      mode: 'restore',
      connection: server.uri('postgres'),
      file: run.outputs.file,
      databases: 'tell_a, tell_b, tell_a'
    })
    assert.equal(restore.exitCode, 1)
    assert.match(
      errorLine(restore),
      /::error::InputError: Invalid 'databases' input: 'tell_a' is named twice\./
    )
    assert.doesNotMatch(restore.stdout, /\$ \S*(psql|pg_restore) /)
  })

  test('a pg-bin-dir without pg_restore fails before pg_dump runs, naming it, and leaves nothing', async () => {
    const bin = await mkdtemp(join(dir, 'bin-'))
    for (const tool of ['pg_dump', 'psql'] as const)
      await symlink(clientTool(tool), join(bin, tool))
    const run = await step({
      mode: 'dump',
      connection: server.uri(source),
      'pg-bin-dir': bin
    })
    assert.equal(run.exitCode, 1)
    assert.match(
      errorLine(run),
      /PgDumpCommandError: Cannot run pg_restore: pg-bin-dir \S+ holds no pg_restore: pg-dumper runs pg_dump, pg_restore and psql from it/
    )
    assert.doesNotMatch(run.stdout, /\$ \S*pg_dump /)
    assert.deepEqual(await readdir(run.cwd), [])
  })

  test('an empty pg-bin-dir names every tool it lacks', async () => {
    const bin = await mkdtemp(join(dir, 'empty-bin-'))
    const run = await step({
      mode: 'dump',
      connection: server.uri(source),
      'pg-bin-dir': bin
    })
    assert.equal(run.exitCode, 1)
    assert.match(
      errorLine(run),
      /Cannot run pg_dump: pg-bin-dir \S+ holds no pg_dump, no pg_restore, no psql/
    )
  })
})
