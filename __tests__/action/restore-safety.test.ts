// Restores that never half-apply in silence: all-or-nothing with
// single-transaction, clean over existing objects, create-database for a
// missing target, refusals of impossible combinations — and dumps that are
// read back before they take their name.
import assert from 'node:assert/strict'
import { mkdtemp, readdir, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { after, before, describe, test } from 'node:test'
import { dataChecksums } from '../../test-support/compare.ts'
import {
  errorLine,
  pgBinDirInput,
  runAction,
  runStepIn
} from '../../test-support/run-action.ts'
import { seededServer, type SeededServer } from '../../test-support/fixtures.ts'
import type { TestServer } from '../../test-support/pg-server.ts'

let seeded: SeededServer
let server: TestServer
let source: string
let dir: string
let customDump: string
let plainDump: string

const step = (inputs: Record<string, string>, env?: Record<string, string>) =>
  runStepIn(dir, inputs, env)
/** How @actions/core escapes a workflow command's value. */
const escapeCommand = (value: string) =>
  value.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A')
const tables = (db: string) =>
  server.psql(
    db,
    "SELECT coalesce(string_agg(tablename, ',' ORDER BY tablename), '') FROM pg_tables WHERE schemaname = 'public'"
  )

before(async () => {
  seeded = await seededServer({
    database: 'safety',
    // pg_restore creates aaa_first before zzz_last: a target holding zzz_last
    // fails half way through unless the restore is one transaction
    seed: `CREATE TABLE aaa_first(id int PRIMARY KEY);
    INSERT INTO aaa_first SELECT generate_series(1, 100);
    CREATE TABLE zzz_last(id int PRIMARY KEY, v text);
    INSERT INTO zzz_last SELECT g, 'source ' || g FROM generate_series(1, 50) g;`,
    tempPrefix: 'pg-dumper-safety-'
  })
  ;({ server, db: source, dir } = seeded)
  const custom = await step({ mode: 'dump', connection: server.uri(source) })
  const plain = await step({
    mode: 'dump',
    connection: server.uri(source),
    format: 'plain'
  })
  customDump = custom.outputs.file
  plainDump = plain.outputs.file
  assert.match(
    custom.stdout,
    /Verified: pg-dumper read the whole archive back itself while pg_dump wrote it \(\d+ entries, every data block inflated to its end\)/
  )
  assert.match(
    plain.stdout,
    /Verified: the SQL ends with pg_dump's completion line/
  )
})
after(() => seeded?.stop())

/** A target that already has its own zzz_last with one row. */
async function occupiedTarget(): Promise<string> {
  const db = await server.createDatabase('occupied')
  await server.psql(
    db,
    `CREATE TABLE zzz_last(id int PRIMARY KEY, v text); INSERT INTO zzz_last VALUES (1, 'mine');`
  )
  return db
}

describe('single-transaction', () => {
  for (const [format, file] of [
    ['custom', () => customDump],
    ['plain', () => plainDump]
  ] as const) {
    test(`a failed ${format} restore leaves the target exactly as it was`, async () => {
      const db = await occupiedTarget()
      const run = await step({
        mode: 'restore',
        connection: server.uri(db),
        file: file(),
        'single-transaction': 'true'
      })
      assert.equal(run.exitCode, 1)
      assert.match(
        errorLine(run),
        /::error::PgRestoreFailed: (pg_restore|psql) reported 1 error\(s\):.*already exists/
      )
      assert.equal(await tables(db), 'zzz_last', 'aaa_first was rolled back')
      assert.equal(
        await server.psql(db, "SELECT string_agg(v, ',') FROM zzz_last"),
        'mine'
      )
    })
  }

  test('without it, the same restore half-applies (which is why it exists)', async () => {
    const db = await occupiedTarget()
    const run = await step({
      mode: 'restore',
      connection: server.uri(db),
      file: customDump
    })
    assert.equal(run.exitCode, 1)
    assert.equal(await tables(db), 'aaa_first,zzz_last')
  })
})

describe('clean and create-database', () => {
  test('clean drops the dumped objects first, so a restore over them succeeds', async () => {
    const db = await occupiedTarget()
    const run = await step({
      mode: 'restore',
      connection: server.uri(db),
      file: customDump,
      clean: 'true'
    })
    assert.equal(run.exitCode, 0, run.stdout)
    assert.match(run.stdout, /pg_restore --no-owner --clean --if-exists /)
    assert.deepEqual(
      await dataChecksums(server, db),
      await dataChecksums(server, source)
    )
  })

  test('restoring over existing objects without clean names them and the way out', async () => {
    const db = await occupiedTarget()
    const run = await step({
      mode: 'restore',
      connection: server.uri(db),
      file: customDump
    })
    assert.match(
      errorLine(run),
      /The target database already holds objects the dump creates: relation zzz_last.*Restore with clean to drop them first/
    )
  })

  test('create-database creates a missing target, then restores into it', async () => {
    const name = `created_${process.pid}`
    const run = await step({
      mode: 'restore',
      connection: server.uri(name),
      file: customDump,
      'create-database': 'true'
    })
    assert.equal(run.exitCode, 0, run.stdout)
    assert.match(
      run.stdout,
      new RegExp(`Created the database ${name} \\(create-database\\)`)
    )
    assert.deepEqual(
      await dataChecksums(server, name),
      await dataChecksums(server, source)
    )
    // a second time it exists: nothing to create
    const again = await step({
      mode: 'restore',
      connection: server.uri(name),
      file: customDump,
      'create-database': 'true',
      clean: 'true'
    })
    assert.equal(again.exitCode, 0, again.stdout)
    assert.doesNotMatch(again.stdout, /Created the database/)
    await server.dropDatabase(name)
  })

  test('without create-database, a missing target fails before restoring', async () => {
    const run = await step({
      mode: 'restore',
      connection: server.uri('never_created'),
      file: customDump
    })
    assert.equal(run.exitCode, 1)
    assert.match(
      errorLine(run),
      /PgRestoreFailed: Could not connect to never_created: the database does not exist/
    )
  })
})

describe('impossible combinations are refused before anything runs', () => {
  const cases: {
    name: string
    inputs: () => Record<string, string>
    error: RegExp
  }[] = [
    {
      name: 'single-transaction with ignore-errors',
      inputs: () => ({
        file: customDump,
        'single-transaction': 'true',
        'ignore-errors': 'true'
      }),
      error:
        /PgRestoreCommandError: single-transaction makes the restore all or nothing: it cannot also ignore errors\./
    },
    {
      name: 'single-transaction with several jobs',
      inputs: () => ({
        file: customDump,
        'single-transaction': 'true',
        jobs: '2'
      }),
      error:
        /PgRestoreCommandError: pg_restore cannot restore in a single transaction with several jobs/
    },
    {
      name: 'clean with a plain SQL dump',
      inputs: () => ({ file: plainDump, clean: 'true' }),
      error:
        /PgRestoreCommandError: clean needs an archive \(custom, directory or tar\)/
    },
    {
      name: 'a non-boolean clean',
      inputs: () => ({ file: customDump, clean: 'maybe' }),
      error:
        /InputError: Invalid 'clean' input 'maybe'\. Expected one of: true, false\./
    }
  ]
  for (const c of cases) {
    test(`refuses ${c.name}`, async () => {
      const db = await server.createDatabase('refused')
      const run = await step({
        mode: 'restore',
        connection: server.uri(db),
        ...c.inputs()
      })
      assert.equal(run.exitCode, 1)
      assert.match(errorLine(run), c.error)
      assert.doesNotMatch(
        run.stdout,
        /\$ \S*(pg_restore|psql) --no-(owner|psqlrc) (?!--tuples-only)/,
        'no restore ran'
      )
      assert.equal(await tables(db), '')
    })
  }
})

describe('secrets from everywhere are masked', () => {
  test('a service file’s password and PGPASSWORD are registered before anything is logged', async () => {
    const cwd = await mkdtemp(join(dir, 'svc-'))
    const serviceFile = join(cwd, 'pg_service.conf')
    await writeFile(
      serviceFile,
      `[safety]\nhost=${server.host}\nport=${server.port}\nuser=${server.user}\npassword=${server.password}\ndbname=${source}\n`
    )
    const run = await runAction(
      {
        mode: 'dump',
        service: 'safety',
        'service-file': serviceFile,
        ...pgBinDirInput()
      },
      { cwd, env: { PGPASSWORD: 'env-secret-never-shown' } }
    )
    assert.equal(run.exitCode, 0, run.stdout)
    const masks = run.stdout
      .split('\n')
      .filter(l => l.startsWith('::add-mask::'))
    assert.ok(
      masks.includes(`::add-mask::${escapeCommand(server.password)}`),
      'service file password masked'
    )
    assert.ok(
      masks.includes('::add-mask::env-secret-never-shown'),
      'PGPASSWORD masked'
    )
    const firstMask = run.stdout.indexOf('::add-mask::')
    assert.ok(
      firstMask < run.stdout.indexOf('::group::'),
      'masked before anything else is logged'
    )
    assert.deepEqual((await readdir(cwd)).sort(), [
      'backup.dump',
      'pg_service.conf'
    ])
  })
})
