// Whole clusters: roles and tablespaces dumped with pg_dumpall beside the
// dump (globals: true), several databases in one step (dbname: a, b), and
// both brought back into another server: the bundle run as the runner runs
// it, real servers with roles, the real @actions/artifact against the local
// artifact services.
import assert from 'node:assert/strict'
import {
  chmod,
  chown,
  mkdir,
  mkdtemp,
  readdir,
  readFile,
  rm,
  symlink,
  writeFile
} from 'node:fs/promises'
import { join } from 'node:path'
import { after, before, describe, test } from 'node:test'
import type {
  ArtifactBackend,
  StepEnvOptions
} from '../../test-support/artifact-backend.ts'
import { seedRealistic } from '../../test-support/fixtures.ts'
import { serverOwner } from '../../test-support/pg-server/server-tool.ts'
import {
  clientBinDir,
  clientEnv,
  clientTool,
  EXTERNAL,
  run,
  type TestServer
} from '../../test-support/pg-server.ts'
import {
  errorLine,
  pgBinDirInput,
  runAction,
  runCli,
  visibleLog,
  type StepRun
} from '../../test-support/run-action.ts'
import {
  assertSameDatabase,
  roles,
  unzipList,
  twoClusters,
  type TwoClusters
} from '../../test-support/cluster.ts'

const REPO = 'octo/cluster'
const OWNER_PASSWORD = 'Owner-pw-4Tq9'
const LOWPRIV_PASSWORD = 'Lowpriv-pw-8Zr2'
// two databases with names as users give them: one mixed case with a space
const SHOP = 'Shop Main'
const BILLING = 'billing'

let source: TestServer
let target: TestServer
let backend: ArtifactBackend
let dir: string
let clusters: TwoClusters | undefined
let nextRun = 5000

// the tests need two clusters (roles belong to a cluster, not a database)
const skip = EXTERNAL ? 'PG_DUMPER_TEST_URL gives one server only' : false

before(async () => {
  if (skip) return
  clusters = await twoClusters('pg-dumper-globals-')
  ;({ source, target, backend, dir } = clusters)
  // a tablespace both clusters have, each in its own folder
  await chmod(dir, 0o755)
  await source.psql(
    'postgres',
    `CREATE TABLESPACE "Fast_Disk" LOCATION '${await tablespaceDir('fast-source')}'`
  )
  await target.psql(
    'postgres',
    `CREATE TABLESPACE "Fast_Disk" LOCATION '${await tablespaceDir('fast-target')}'`
  )
  await source.psql(
    'postgres',
    `CREATE ROLE "App_Owner" LOGIN PASSWORD '${OWNER_PASSWORD}';
     CREATE ROLE reader NOLOGIN;
     CREATE ROLE "Mixed Case Reader" NOLOGIN;
     GRANT reader TO "App_Owner";
     COMMENT ON ROLE reader IS 'read-only
access';
     CREATE ROLE lowpriv LOGIN PASSWORD '${LOWPRIV_PASSWORD}';
     CREATE DATABASE "${SHOP}" OWNER "App_Owner";
     CREATE DATABASE ${BILLING};`
  )
  await seedRealistic(source, SHOP)
  await source.psql(
    BILLING,
    `CREATE SCHEMA "Ledger";
     CREATE TABLE "Ledger".entries(id int PRIMARY KEY, amount numeric);
     INSERT INTO "Ledger".entries SELECT g, g * 2.5 FROM generate_series(1, 300) g;
     GRANT CONNECT ON DATABASE ${BILLING} TO lowpriv;
     GRANT USAGE ON SCHEMA "Ledger" TO lowpriv;
     GRANT SELECT ON "Ledger".entries TO lowpriv;`
  )
  // a role the target already has when the globals are applied
  await target.psql('postgres', 'CREATE ROLE reader NOLOGIN')
})
after(() => clusters?.stop())

/** A folder for a tablespace, owned by the servers' OS user. */
async function tablespaceDir(name: string): Promise<string> {
  const path = join(dir, name)
  await mkdir(path)
  const owner = await serverOwner()
  if (owner) await chown(path, owner.uid, owner.gid)
  return path
}

/** A step in its own workspace; with `job`, against the artifact services. */
async function step(
  inputs: Record<string, string>,
  job?: Partial<StepEnvOptions> & { runId: number }
): Promise<StepRun & { cwd: string }> {
  const cwd = await mkdtemp(join(dir, 'ws-'))
  const env = job
    ? {
        ...backend.env({ repository: REPO, jobId: 'job', ...job }),
        RUNNER_TEMP: cwd
      }
    : undefined
  const run = await runAction(
    { ...pgBinDirInput(), ...inputs },
    { cwd, ...(env && { env }) }
  )
  return { ...run, cwd }
}

describe('globals and several databases', { skip }, () => {
  test('dumps roles without passwords and two databases into one artifact, and another job restores them into their namesakes', async () => {
    const runId = nextRun++
    const dump = await step(
      {
        mode: 'dump',
        connection: source.uri('postgres'),
        dbname: `${SHOP}\n${BILLING}`,
        globals: 'true',
        'artifact-name': 'cluster'
      },
      { runId, jobId: 'backup' }
    )
    assert.equal(dump.exitCode, 0, dump.stdout)
    const folder = join(dump.cwd, 'backup')
    assert.equal(dump.outputs.file, folder)
    assert.deepEqual((await readdir(folder)).sort(), [
      'Shop Main.dump',
      'billing.dump',
      'globals.sql'
    ])
    assert.equal(dump.outputs['globals-file'], join(folder, 'globals.sql'))
    const dumps = JSON.parse(dump.outputs.dumps) as {
      database: string
      file: string
      sha256: string
      size: number
    }[]
    assert.deepEqual(
      dumps.map(d => [d.database, d.file]),
      [
        [SHOP, join(folder, 'Shop Main.dump')],
        [BILLING, join(folder, 'billing.dump')]
      ]
    )
    for (const d of dumps) assert.match(d.sha256, /^[0-9a-f]{64}$/)
    assert.equal(dump.outputs['artifact-format'], 'zip')

    // no password hash anywhere: not in the script, not in the artifact
    const script = await readFile(join(folder, 'globals.sql'), 'utf8')
    assert.match(script, /^CREATE ROLE "App_Owner";$/m)
    assert.match(script, /^CREATE ROLE "Mixed Case Reader";$/m)
    assert.doesNotMatch(script, /PASSWORD|SCRAM-SHA-256|md5[0-9a-f]{32}/)
    const blob = await backend.readBlob(Number(dump.outputs['artifact-id']))
    assert.deepEqual(await unzipList(blob.bytes), [
      'Shop Main.dump',
      'billing.dump',
      'globals.sql'
    ])
    assert.ok(!blob.bytes.includes('SCRAM-SHA-256'), 'a hash in the artifact')
    assert.match(dump.summary, /Database Shop Main/)
    assert.match(dump.summary, /without passwords/)

    const restore = await step(
      {
        mode: 'restore',
        connection: target.uri('postgres'),
        'artifact-name': 'cluster',
        'create-database': 'true'
      },
      { runId, jobId: 'integration' }
    )
    assert.equal(restore.exitCode, 0, restore.stdout)
    assert.equal(restore.outputs.databases, `${SHOP},${BILLING}`)
    assert.match(
      restore.stdout,
      new RegExp(
        `Roles created: App_Owner, Mixed Case Reader, lowpriv; already there: ${target.user}, reader`
      )
    )
    assert.match(
      restore.summary,
      new RegExp(
        `already there <code>${target.user}</code>, <code>reader</code>`
      )
    )
    assert.equal(
      await roles(target),
      ['App_Owner', 'Mixed Case Reader', 'lowpriv', target.user, 'reader']
        .sort()
        .join(',')
    )
    // the membership came along; the password did not
    assert.equal(
      await target.psql(
        'postgres',
        `SELECT pg_has_role('App_Owner', 'reader', 'MEMBER'), rolpassword IS NULL FROM pg_authid WHERE rolname = 'App_Owner'`
      ),
      't|t'
    )
    await assertSameDatabase(source, target, SHOP)
    await assertSameDatabase(source, target, BILLING)
  })

  test('role-passwords: true keeps the hashes beside a file, and the role logs in on the target with its password', async () => {
    const dump = await step({
      mode: 'dump',
      connection: source.uri(BILLING),
      globals: 'true',
      'role-passwords': 'true',
      file: 'out/billing.dump'
    })
    assert.equal(dump.exitCode, 0, dump.stdout)
    const globals = join(dump.cwd, 'out', 'globals.sql')
    assert.equal(dump.outputs['globals-file'], globals)
    assert.equal(dump.outputs.file, join(dump.cwd, 'out', 'billing.dump'))
    assert.match(
      await readFile(globals, 'utf8'),
      /^ALTER ROLE "App_Owner" WITH .* PASSWORD 'SCRAM-SHA-256\$/m
    )
    assert.ok(!visibleLog(dump).includes('SCRAM-SHA-256'), 'a hash in the log')

    await target.psql('postgres', 'DROP ROLE IF EXISTS "App_Owner"')
    const into = await target.createDatabase('billing_copy')
    const restore = await step({
      mode: 'restore',
      connection: target.uri(into),
      file: globals.replace('globals.sql', 'billing.dump')
    })
    assert.equal(restore.exitCode, 0, restore.stdout)
    assert.match(restore.stdout, /Roles created: App_Owner;/)
    assert.match(
      restore.stdout,
      new RegExp(
        `${target.user}, the role this restore connects as, kept its attributes and password`
      )
    )
    assert.equal(
      await target.psql(into, 'SELECT count(*) FROM "Ledger".entries'),
      '300'
    )
    // the hash restored works: the role connects with its source password
    const login = await run(
      clientTool('psql'),
      [
        '-X',
        '-At',
        '-c',
        'SELECT current_user',
        '-d',
        `host=${target.host} port=${target.port} user=App_Owner dbname=${into}`
      ],
      { env: clientEnv(OWNER_PASSWORD) }
    )
    assert.equal(login.code, 0, login.stderr)
    assert.equal(login.stdout.trim(), 'App_Owner')
  })

  test('a non-superuser dumps the roles without passwords, and is told why with role-passwords: true', async () => {
    const connection = `postgresql://lowpriv:${LOWPRIV_PASSWORD}@${source.host}:${source.port}/${BILLING}`
    const denied = await step({
      mode: 'dump',
      connection,
      globals: 'true',
      'role-passwords': 'true'
    })
    assert.equal(denied.exitCode, 1, denied.stdout)
    assert.match(
      errorLine(denied),
      /PgDumpFailed: Dumping the roles and tablespaces failed\. Role passwords are read from pg_authid, which only a superuser may read \(role-passwords: true\)\. Connect as a superuser, or leave role-passwords false/
    )
    assert.match(errorLine(denied), /permission denied for table pg_authid/)
    assert.deepEqual(await readdir(denied.cwd), [], 'nothing left behind')

    const allowed = await step({ mode: 'dump', connection, globals: 'true' })
    assert.equal(allowed.exitCode, 0, allowed.stdout)
    assert.match(
      await readFile(join(allowed.cwd, 'globals.sql'), 'utf8'),
      /^CREATE ROLE lowpriv;$/m
    )
    assert.ok(!visibleLog(allowed).includes(LOWPRIV_PASSWORD))
  })

  test('a globals script with a meta-command pg_dumpall never writes is refused before anything runs', async () => {
    const dump = await step({
      mode: 'dump',
      connection: source.uri(BILLING),
      globals: 'true'
    })
    assert.equal(dump.exitCode, 0, dump.stdout)
    const globals = join(dump.cwd, 'globals.sql')
    const marker = join(dump.cwd, 'ran')
    await writeFile(
      globals,
      (await readFile(globals, 'utf8')).replace(
        'CREATE ROLE lowpriv;',
        `CREATE ROLE lowpriv; \\! touch ${marker}\nCREATE ROLE "Sneaky";`
      )
    )
    const before = await roles(target)
    const restore = await step({
      mode: 'restore',
      connection: target.uri('postgres'),
      file: join(dump.cwd, 'backup.dump'),
      'allow-meta-commands': 'true'
    })
    assert.equal(restore.exitCode, 1, restore.stdout)
    assert.match(
      errorLine(restore),
      /PgRestoreCommandError: The roles and tablespaces script .*globals\.sql holds psql meta-commands pg_dumpall does not write \(line \d+: \\!\)/
    )
    assert.deepEqual(
      await readdir(dump.cwd).then(f => f.includes('ran')),
      false
    )
    assert.equal(await roles(target), before)
  })

  test('several databases cannot go into the copies of databases', async () => {
    const input = await step({
      mode: 'restore',
      connection: target.uri('postgres'),
      dbname: `${BILLING}, other`,
      databases: 'copy_1, copy_2',
      file: 'x'
    })
    assert.equal(input.exitCode, 1)
    assert.match(
      errorLine(input),
      /InputError: The 'dbname' input names several databases, each restored into its namesake, and 'databases' restores one dump into several copies/
    )

    const dump = await step({
      mode: 'dump',
      connection: source.uri('postgres'),
      dbname: `"${SHOP}", ${BILLING}`,
      format: 'plain'
    })
    assert.equal(dump.exitCode, 0, dump.stdout)
    assert.deepEqual((await readdir(join(dump.cwd, 'backup'))).sort(), [
      'Shop Main.sql',
      'billing.sql'
    ])
    const restore = await step({
      mode: 'restore',
      connection: target.uri('postgres'),
      file: join(dump.cwd, 'backup'),
      databases: 'copy_1, copy_2'
    })
    assert.equal(restore.exitCode, 1, restore.stdout)
    assert.match(
      errorLine(restore),
      /PgRestoreCommandError: .*backup holds the dumps of several databases \(Shop Main, billing\), each restored into its namesake, so they cannot all go into the copies copy_1, copy_2/
    )
  })

  test('an error other than an existing role or tablespace fails the restore, naming it, before any database is restored', async () => {
    const location = await tablespaceDir('slow-source')
    await source.psql(
      'postgres',
      `CREATE TABLESPACE slow_disk LOCATION '${location}'`
    )
    let dump: StepRun & { cwd: string }
    try {
      dump = await step({
        mode: 'dump',
        connection: source.uri(BILLING),
        globals: 'true'
      })
    } finally {
      await source.psql('postgres', 'DROP TABLESPACE slow_disk')
    }
    assert.equal(dump.exitCode, 0, dump.stdout)
    assert.match(
      dump.summary,
      /tablespaces <code>Fast_Disk<\/code>, <code>slow_disk<\/code>/
    )
    // the folder is gone: the target cannot make the tablespace there
    await rm(location, { recursive: true })
    const restore = await step({
      mode: 'restore',
      connection: target.uri('never_restored'),
      file: join(dump.cwd, 'backup.dump'),
      'create-database': 'true'
    })
    assert.equal(restore.exitCode, 1, restore.stdout)
    const error = errorLine(restore)
    assert.match(
      error,
      /PgRestoreFailed: Applying the roles and tablespaces of .*globals\.sql failed, and nothing was restored;/
    )
    assert.match(
      error,
      /A tablespace's LOCATION must exist on the target server's machine/
    )
    assert.match(error, /slow-source" does not exist/)
    assert.equal(
      await target.psql(
        'postgres',
        "SELECT count(*) FROM pg_database WHERE datname = 'never_restored'"
      ),
      '0'
    )
  })

  test('a folder of several databases restores from file, only the one dbname names', async () => {
    const dump = await step({
      mode: 'dump',
      connection: source.uri('postgres'),
      dbname: `${SHOP},${BILLING}`,
      format: 'directory',
      jobs: '2',
      file: 'nightly'
    })
    assert.equal(dump.exitCode, 0, dump.stdout)
    assert.deepEqual((await readdir(join(dump.cwd, 'nightly'))).sort(), [
      'Shop Main.dir',
      'billing.dir'
    ])
    await target.psql('postgres', `DROP DATABASE IF EXISTS ${BILLING}`)
    const restore = await step({
      mode: 'restore',
      connection: target.uri('postgres'),
      file: join(dump.cwd, 'nightly'),
      dbname: BILLING,
      'create-database': 'true'
    })
    assert.equal(restore.exitCode, 0, restore.stdout)
    assert.equal(restore.outputs.databases, BILLING)
    const dumps = JSON.parse(restore.outputs.dumps) as { database: string }[]
    assert.deepEqual(
      dumps.map(d => d.database),
      [BILLING]
    )
    await assertSameDatabase(source, target, BILLING)

    const unknown = await step({
      mode: 'restore',
      connection: target.uri('postgres'),
      file: join(dump.cwd, 'nightly'),
      dbname: 'nowhere'
    })
    assert.equal(unknown.exitCode, 1)
    assert.match(
      errorLine(unknown),
      /PgRestoreCommandError: dbname names nowhere, which .*nightly holds no dump of \(it holds Shop Main, billing\)/
    )

    const required = await step({
      mode: 'restore',
      connection: target.uri('postgres'),
      file: join(dump.cwd, 'nightly'),
      globals: 'true'
    })
    assert.equal(required.exitCode, 1)
    assert.match(
      errorLine(required),
      /PgRestoreCommandError: globals: true asks for the roles and tablespaces, but there is no globals\.sql in .*nightly\./
    )
  })

  test('the CLI dumps the globals beside the file with --globals, and --no-globals restores without them', async () => {
    const cwd = await mkdtemp(join(dir, 'cli-'))
    const bin = pgBinDirInput()['pg-bin-dir']
    const binArgs = bin ? ['--pg-bin-dir', bin] : []
    const dump = await runCli(
      ['-p', source.uri(BILLING), ...binArgs, 'dump', 'b.dump', '--globals'],
      { cwd }
    )
    assert.equal(dump.exitCode, 0, dump.stderr)
    assert.match(
      dump.stdout,
      new RegExp(`globals-file: ${join(cwd, 'globals.sql')}`)
    )
    await target.psql('postgres', 'DROP ROLE IF EXISTS lowpriv')
    const into = await target.createDatabase('cli_billing')
    const restore = await runCli(
      ['-p', target.uri(into), ...binArgs, 'restore', 'b.dump', '--no-globals'],
      { cwd }
    )
    assert.equal(restore.exitCode, 0, restore.stderr)
    assert.doesNotMatch(restore.stderr, /Roles created/)
    assert.equal(
      await target.psql(
        'postgres',
        "SELECT count(*) FROM pg_roles WHERE rolname = 'lowpriv'"
      ),
      '0'
    )
  })

  test('a restore as a role that may not create superusers fails naming the privileges, before any database', async () => {
    const dump = await step({
      mode: 'dump',
      connection: source.uri(BILLING),
      globals: 'true'
    })
    assert.equal(dump.exitCode, 0, dump.stdout)
    await target.psql(
      'postgres',
      `CREATE ROLE deployer LOGIN CREATEROLE CREATEDB PASSWORD '${LOWPRIV_PASSWORD}'`
    )
    const restore = await step({
      mode: 'restore',
      connection: `postgresql://deployer:${LOWPRIV_PASSWORD}@${target.host}:${target.port}/deployer_db`,
      file: join(dump.cwd, 'backup.dump'),
      'create-database': 'true'
    })
    assert.equal(restore.exitCode, 1, restore.stdout)
    const error = errorLine(restore)
    assert.match(
      error,
      /PgRestoreFailed: Applying the roles and tablespaces of .*globals\.sql failed, and nothing was restored;/
    )
    assert.match(
      error,
      /Creating roles needs CREATEROLE, and roles with SUPERUSER, REPLICATION or BYPASSRLS, and tablespaces, a superuser: apply them as a superuser, or set globals: false to restore the databases alone/
    )
    // PostgreSQL 16 words it 'permission denied to alter role'
    assert.match(
      error,
      /must be superuser|permission denied to (create|alter) role/
    )
    assert.ok(!visibleLog(restore).includes(LOWPRIV_PASSWORD))
    assert.equal(
      await target.psql(
        'postgres',
        "SELECT count(*) FROM pg_database WHERE datname = 'deployer_db'"
      ),
      '0'
    )

    const without = await step({
      mode: 'restore',
      connection: `postgresql://deployer:${LOWPRIV_PASSWORD}@${target.host}:${target.port}/deployer_db`,
      file: join(dump.cwd, 'backup.dump'),
      'create-database': 'true',
      globals: 'false'
    })
    assert.equal(without.exitCode, 0, without.stdout)
    assert.equal(
      await target.psql('deployer_db', 'SELECT count(*) FROM "Ledger".entries'),
      '300'
    )
  })

  test('one database with its globals goes up in one zip, and a restore from it applies them first', async () => {
    const runId = nextRun++
    const dump = await step(
      {
        mode: 'dump',
        connection: source.uri(BILLING),
        globals: 'true',
        'artifact-name': 'billing.dump'
      },
      { runId, jobId: 'backup' }
    )
    assert.equal(dump.exitCode, 0, dump.stdout)
    assert.equal(dump.outputs['artifact-format'], 'zip')
    assert.match(
      dump.stdout,
      /Uploading backup\.dump, globals\.sql zipped at level 0/
    )
    const blob = await backend.readBlob(Number(dump.outputs['artifact-id']))
    assert.deepEqual(await unzipList(blob.bytes), [
      'backup.dump',
      'globals.sql'
    ])

    await target.psql('postgres', 'DROP ROLE IF EXISTS lowpriv')
    const into = await target.createDatabase('billing_from_zip')
    const restore = await step(
      {
        mode: 'restore',
        connection: target.uri(into),
        'artifact-name': 'billing.dump'
      },
      { runId, jobId: 'integration' }
    )
    assert.equal(restore.exitCode, 0, restore.stdout)
    assert.match(restore.stdout, /Roles created: [^;]*\blowpriv\b[^;]*;/)
    assert.equal(restore.outputs['globals-file'].endsWith('/globals.sql'), true)
    assert.equal(
      await target.psql(into, 'SELECT count(*) FROM "Ledger".entries'),
      '300'
    )
  })

  test('a client folder without pg_dumpall fails naming it, before anything is written', async () => {
    const from = clientBinDir() ?? '/usr/lib/postgresql/15/bin'
    const bin = await mkdtemp(join(dir, 'bin-'))
    for (const tool of ['pg_dump', 'pg_restore', 'psql'])
      await symlink(join(from, tool), join(bin, tool))
    const run = await step({
      mode: 'dump',
      connection: source.uri(BILLING),
      globals: 'true',
      'pg-bin-dir': bin
    })
    assert.equal(run.exitCode, 1, run.stdout)
    assert.match(errorLine(run), /PgDumpCommandError: Cannot run pg_dumpall: /)
    assert.match(errorLine(run), new RegExp(`${bin}/pg_dumpall`))
    assert.deepEqual(await readdir(run.cwd), [])
  })

  test('pg_dumpall gets the password through its environment, never its command line', async () => {
    // the real pg_dumpall, behind a script that records how it was started
    const from = clientBinDir() ?? '/usr/lib/postgresql/15/bin'
    const bin = await mkdtemp(join(dir, 'bin-'))
    for (const tool of ['pg_dump', 'pg_restore', 'psql'])
      await symlink(join(from, tool), join(bin, tool))
    await writeFile(
      join(bin, 'pg_dumpall'),
      `#!/bin/sh\nprintf '%s\\0' "$@" > '${bin}/argv'\nenv > '${bin}/env'\nexec '${from}/pg_dumpall' "$@"\n`,
      { mode: 0o755 }
    )
    const run = await step({
      mode: 'dump',
      connection: source.uri(BILLING),
      globals: 'true',
      'pg-bin-dir': bin
    })
    assert.equal(run.exitCode, 0, run.stdout)
    const argv = (await readFile(join(bin, 'argv'), 'utf8')).split('\0')
    assert.ok(argv.includes('--globals-only'), argv.join(' '))
    assert.ok(
      !argv.some(a => a.includes(source.password)),
      'the password on the command line'
    )
    const env = (await readFile(join(bin, 'env'), 'utf8')).split('\n')
    assert.ok(env.includes(`PGPASSWORD=${source.password}`))
  })
})
