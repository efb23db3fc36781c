// Encrypted whole clusters: encrypt-to with globals: true and several
// databases, end to end. The bundle run as the runner runs it, two real
// servers (roles belong to a cluster), the real @actions/artifact against the
// local artifact services, and Debian's `age` binary decrypting what the
// action wrote.
import assert from 'node:assert/strict'
import { createHash } from 'node:crypto'
import { mkdir, mkdtemp, readdir, readFile, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { after, before, describe, test } from 'node:test'
import {
  ageDecrypt,
  ageKeygen,
  ensureAge,
  type AgeKey
} from '../../test-support/age.ts'
import type {
  ArtifactBackend,
  StepEnvOptions
} from '../../test-support/artifact-backend.ts'
import { seedRealistic } from '../../test-support/fixtures.ts'
import {
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
  visibleLog,
  type StepRun
} from '../../test-support/run-action.ts'
import {
  assertSameDatabase,
  databases,
  roles,
  unzipList,
  twoClusters,
  type TwoClusters
} from '../../test-support/cluster.ts'

const REPO = 'octo/vault'
const AGE_MAGIC = 'age-encryption.org/v1\n'
const OWNER_PASSWORD = 'Owner-pw-7Hk3'
const LOWPRIV_PASSWORD = 'Lowpriv-pw-2Vd8'
// names as users give them: mixed case with a space, and a plain one
const SHOP = 'Shop Main'
const BILLING = 'billing'
const FILES = ['Shop Main.dump.age', 'billing.dump.age', 'globals.sql.age']
// what plaintext of a dump or of the globals script would hold
const PLAINTEXT = [
  'PGDMP',
  'PostgreSQL database dump',
  'PostgreSQL database cluster dump',
  'CREATE ROLE',
  'SCRAM-SHA-256'
]

let source: TestServer
let target: TestServer
let backend: ArtifactBackend
let dir: string
let clusters: TwoClusters | undefined
let alice: AgeKey
let mallory: AgeKey
const runId = 7100

const skip = EXTERNAL ? 'PG_DUMPER_TEST_URL gives one server only' : false

before(async () => {
  if (skip) return
  // before any server starts: without age, fail in seconds naming the package
  await ensureAge()
  clusters = await twoClusters('pg-dumper-age-cluster-')
  ;({ source, target, backend, dir } = clusters)
  ;[alice, mallory] = await Promise.all(
    ['alice', 'mallory'].map(name => ageKeygen(dir, name))
  )
  await source.psql(
    'postgres',
    `CREATE ROLE "App_Owner" LOGIN PASSWORD '${OWNER_PASSWORD}';
     CREATE ROLE "Mixed Case Reader" NOLOGIN;
     GRANT "Mixed Case Reader" TO "App_Owner";
     CREATE ROLE lowpriv LOGIN PASSWORD '${LOWPRIV_PASSWORD}';
     CREATE DATABASE "${SHOP}" OWNER "App_Owner";
     CREATE DATABASE ${BILLING};`
  )
  await seedRealistic(source, SHOP)
  await source.psql(
    BILLING,
    `CREATE SCHEMA "Ledger";
     CREATE TABLE "Ledger".entries(id int PRIMARY KEY, amount numeric);
     INSERT INTO "Ledger".entries SELECT g, g * 2.5 FROM generate_series(1, 300) g;`
  )
})
after(() => clusters?.stop())

/** A step in its own workspace, which is also its RUNNER_TEMP and TMPDIR. */
async function step(
  inputs: Record<string, string>,
  job?: Partial<StepEnvOptions>
): Promise<StepRun & { cwd: string }> {
  const cwd = await mkdtemp(join(dir, 'ws-'))
  await mkdir(join(cwd, 'tmp'))
  const env = {
    ...(job
      ? backend.env({ repository: REPO, runId, jobId: 'job', ...job })
      : {}),
    RUNNER_TEMP: cwd,
    TMPDIR: join(cwd, 'tmp')
  }
  const ran = await runAction({ ...pgBinDirInput(), ...inputs }, { cwd, env })
  return { ...ran, cwd }
}

/** Every file under a folder, recursively. */
async function filesUnder(folder: string): Promise<string[]> {
  const entries = await readdir(folder, {
    recursive: true,
    withFileTypes: true
  })
  return entries.filter(e => e.isFile()).map(e => join(e.parentPath, e.name))
}

/** Asserts no file under `folder` holds plaintext of a dump or of the roles. */
async function assertNoPlaintext(folder: string, allowed: string[] = []) {
  for (const file of await filesUnder(folder)) {
    if (allowed.includes(file)) continue
    const bytes = await readFile(file)
    for (const text of PLAINTEXT)
      assert.ok(!bytes.includes(text), `plaintext (${text}) at ${file}`)
  }
}

function assertKeyNeverShown(ran: StepRun, key: AgeKey) {
  const secret = key.identity.slice('AGE-SECRET-KEY-1'.length, -4)
  for (const [where, text] of [
    ['log', visibleLog(ran)],
    ['outputs', JSON.stringify(ran.outputs)],
    ['summary', ran.summary]
  ]) {
    assert.ok(!text.includes(secret), `the secret key appears in the ${where}`)
  }
}

const sha256 = (bytes: Buffer) =>
  createHash('sha256').update(bytes).digest('hex')

describe('encrypted whole clusters', { skip }, () => {
  test('two databases and their roles (with password hashes) go up as age files only, each of which age decrypts to a whole dump or globals script', async () => {
    const dump = await step(
      {
        mode: 'dump',
        connection: source.uri('postgres'),
        dbname: `${SHOP}, ${BILLING}`,
        globals: 'true',
        'role-passwords': 'true',
        'encrypt-to': alice.recipient,
        'artifact-name': 'cluster'
      },
      { jobId: 'backup' }
    )
    assert.equal(dump.exitCode, 0, dump.stdout)
    const folder = join(dump.cwd, 'backup')
    assert.equal(dump.outputs.file, folder)
    assert.deepEqual((await readdir(folder)).sort(), FILES)
    for (const name of FILES) {
      const head = (await readFile(join(folder, name))).subarray(0, 22)
      assert.equal(head.toString(), AGE_MAGIC, `${name} is an age file`)
    }
    // the outputs describe the age files
    const globals = join(folder, 'globals.sql.age')
    assert.equal(dump.outputs['globals-file'], globals)
    const dumps = JSON.parse(dump.outputs.dumps) as {
      database: string
      file: string
      sha256: string
      size: number
    }[]
    assert.deepEqual(
      dumps.map(d => [d.database, d.file]),
      [
        [SHOP, join(folder, 'Shop Main.dump.age')],
        [BILLING, join(folder, 'billing.dump.age')]
      ]
    )
    for (const d of dumps) {
      const bytes = await readFile(d.file)
      assert.equal(d.size, bytes.length, `size of ${d.file}`)
      assert.equal(d.sha256, sha256(bytes), `sha256 of ${d.file}`)
    }
    const ages = await Promise.all(FILES.map(f => readFile(join(folder, f))))
    assert.equal(
      Number(dump.outputs.size),
      ages.reduce((sum, b) => sum + b.length, 0)
    )
    // the artifact holds the three age files, and no plaintext
    assert.equal(dump.outputs['artifact-format'], 'zip')
    const blob = await backend.readBlob(Number(dump.outputs['artifact-id']))
    assert.deepEqual(await unzipList(blob.bytes), FILES)
    for (const text of PLAINTEXT)
      assert.ok(!blob.bytes.includes(text), `plaintext (${text}) uploaded`)
    await assertNoPlaintext(dump.cwd)
    assert.match(
      dump.summary,
      /Encryption.*age, to 1 recipient: every file is an age file \(globals\.sql\.age too\)/s
    )
    assert.match(dump.summary, /globals\.sql\.age<\/code>: roles .*App_Owner/s)
    assert.ok(!visibleLog(dump).includes('SCRAM-SHA-256'), 'a hash in the log')

    // the age binary decrypts each: whole dumps, and the whole globals script
    const plain = await mkdtemp(join(dir, 'plain-'))
    for (const d of dumps) {
      const out = join(plain, `${d.database}.dump`)
      const decrypted = await ageDecrypt(alice.keyFile, d.file, out)
      assert.equal(decrypted.code, 0, decrypted.stderr)
      const list = await run(clientTool('pg_restore'), ['--list', out])
      assert.equal(list.code, 0, list.stderr)
      assert.match(list.stdout, /TABLE/)
    }
    const script = join(plain, 'globals.sql')
    const decrypted = await ageDecrypt(alice.keyFile, globals, script)
    assert.equal(decrypted.code, 0, decrypted.stderr)
    const text = await readFile(script, 'utf8')
    assert.match(text, /^CREATE ROLE "App_Owner";$/m)
    assert.match(text, /^CREATE ROLE "Mixed Case Reader";$/m)
    assert.match(
      text,
      /^ALTER ROLE "App_Owner" WITH .* PASSWORD 'SCRAM-SHA-256\$/m
    )
    assert.match(text, /^-- PostgreSQL database cluster dump complete$/m)
    const wrong = await ageDecrypt(mallory.keyFile, globals, join(plain, 'x'))
    assert.notEqual(wrong.code, 0, 'another key decrypts the globals')
  })

  test('a restore with a wrong or a missing decrypt-key fails with DecryptionFailed and restores nothing', async () => {
    const was = { roles: await roles(target), dbs: await databases(target) }
    for (const [key, why] of [
      [mallory.identity, /is not the secret key of any of its recipients/],
      ['', /set decrypt-key to the secret key/]
    ] as const) {
      for (const globals of ['', 'false']) {
        const restore = await step(
          {
            mode: 'restore',
            connection: target.uri('postgres'),
            'artifact-name': 'cluster',
            'create-database': 'true',
            'decrypt-key': key,
            globals
          },
          { jobId: 'integration' }
        )
        assert.equal(restore.exitCode, 1, restore.stdout)
        const error = errorLine(restore)
        assert.match(error, /DecryptionFailed: /)
        assert.match(
          error,
          globals === 'false'
            ? /Shop Main\.dump\.age is age/
            : /globals\.sql\.age is age/
        )
        assert.match(error, why)
        assert.match(error, /Nothing was restored/)
        if (key) assertKeyNeverShown(restore, mallory)
        await assertNoPlaintext(restore.cwd)
      }
    }
    assert.deepEqual(
      { roles: await roles(target), dbs: await databases(target) },
      was,
      'no role or database was made'
    )
  })

  test('a restore with decrypt-key brings the roles back first, then each database into its namesake, decrypting as it reads', async () => {
    const restore = await step(
      {
        mode: 'restore',
        connection: target.uri('postgres'),
        'artifact-name': 'cluster',
        'create-database': 'true',
        'decrypt-key': alice.identity
      },
      { jobId: 'integration' }
    )
    assert.equal(restore.exitCode, 0, restore.stdout)
    assert.equal(restore.outputs.databases, `${SHOP},${BILLING}`)
    assert.match(
      restore.stdout,
      /Decrypted .*globals\.sql\.age \(age\) in memory/
    )
    assert.match(
      restore.stdout,
      /Roles created: App_Owner, Mixed Case Reader, lowpriv; already there: /
    )
    assert.match(restore.summary, /age, decrypted as it was read/)
    assertKeyNeverShown(restore, alice)
    // the download folder held only age files, and nothing plain was left
    await assertNoPlaintext(restore.cwd)
    await assertSameDatabase(source, target, SHOP)
    await assertSameDatabase(source, target, BILLING)
    assert.equal(
      await target.psql(
        'postgres',
        `SELECT pg_has_role('App_Owner', 'Mixed Case Reader', 'MEMBER')`
      ),
      't'
    )
    // the hash came along: the role logs in with its source password
    const login = await run(
      clientTool('psql'),
      [
        '-X',
        '-At',
        '-c',
        'SELECT current_user',
        '-d',
        `host=${target.host} port=${target.port} user=App_Owner dbname=${BILLING}`
      ],
      { env: clientEnv(OWNER_PASSWORD) }
    )
    assert.equal(login.code, 0, login.stderr)
    assert.equal(login.stdout.trim(), 'App_Owner')
  })

  test('one plain database with its roles: a kept plaintext dump beside, globals.sql.age only, restored from file', async () => {
    const dump = await step({
      mode: 'dump',
      connection: source.uri(BILLING),
      format: 'plain',
      globals: 'true',
      'encrypt-to': alice.recipient,
      file: 'out/billing.sql'
    })
    assert.equal(dump.exitCode, 0, dump.stdout)
    const out = join(dump.cwd, 'out')
    assert.deepEqual((await readdir(out)).sort(), [
      'billing.sql',
      'billing.sql.age',
      'globals.sql.age'
    ])
    assert.equal(dump.outputs.file, join(out, 'billing.sql.age'))
    assert.equal(dump.outputs['globals-file'], join(out, 'globals.sql.age'))
    // only the plaintext dump asked for is plain: the roles are not
    await assertNoPlaintext(dump.cwd, [join(out, 'billing.sql')])

    const into = await target.createDatabase('billing_copy')
    const restore = await step({
      mode: 'restore',
      connection: target.uri(into),
      file: join(out, 'billing.sql.age'),
      globals: 'true',
      'decrypt-key': alice.identity
    })
    assert.equal(restore.exitCode, 0, restore.stdout)
    assert.match(
      restore.stdout,
      /Applying the roles and tablespaces of .*globals\.sql\.age first/
    )
    assert.match(
      restore.stdout,
      /Roles created: none; already there: .*App_Owner/
    )
    assert.equal(
      await target.psql(into, 'SELECT count(*) FROM "Ledger".entries'),
      '300'
    )
  })

  test('a database whose age file is damaged in a late chunk fails the restore of several with DecryptionFailed before any role or database is made', async () => {
    await source.psql(
      'postgres',
      `CREATE ROLE "Cut_Role" NOLOGIN; CREATE DATABASE big_one;`
    )
    // many 64 KiB chunks: only the first one was authenticated before
    await source.psql(
      'big_one',
      `CREATE TABLE rows_a(id int PRIMARY KEY, payload text);
       INSERT INTO rows_a SELECT g, md5(g::text) FROM generate_series(1, 100000) g;`
    )
    const dump = await step({
      mode: 'dump',
      connection: source.uri('postgres'),
      dbname: `big_one, ${BILLING}`,
      globals: 'true',
      'encrypt-to': alice.recipient
    })
    assert.equal(dump.exitCode, 0, dump.stdout)
    const folder = dump.outputs.file
    const damaged = join(folder, 'big_one.dump.age')
    const bytes = await readFile(damaged)
    assert.ok(bytes.length > 4 * 64 * 1024, 'several chunks')
    bytes[bytes.length - 200] ^= 0x01
    await writeFile(damaged, bytes)

    const was = { roles: await roles(target), dbs: await databases(target) }
    const restore = await step({
      mode: 'restore',
      connection: target.uri('postgres'),
      file: folder,
      'create-database': 'true',
      'decrypt-key': alice.identity
    })
    assert.equal(restore.exitCode, 1, restore.stdout)
    assert.match(
      errorLine(restore),
      /DecryptionFailed: .*big_one\.dump\.age is age-encrypted but cannot be decrypted: it is corrupt or cut short \(invalid tag\)\. Nothing was restored\./
    )
    assert.deepEqual(
      { roles: await roles(target), dbs: await databases(target) },
      was,
      'a role or database was made'
    )
    assertKeyNeverShown(restore, alice)
    await assertNoPlaintext(restore.cwd)
  })

  test('pg_dumpall failing under encryption says why, and leaves nothing', async () => {
    const dump = await step({
      mode: 'dump',
      connection: `postgresql://lowpriv:${LOWPRIV_PASSWORD}@${source.host}:${source.port}/${BILLING}`,
      dbname: `${BILLING}, postgres`,
      globals: 'true',
      'role-passwords': 'true',
      'encrypt-to': alice.recipient
    })
    assert.equal(dump.exitCode, 1, dump.stdout)
    assert.match(
      errorLine(dump),
      /PgDumpFailed: Dumping the roles and tablespaces failed\. Role passwords are read from pg_authid/
    )
    assert.deepEqual(await readdir(dump.cwd), ['tmp'])
    assert.deepEqual(await readdir(join(dump.cwd, 'tmp')), [])
  })
})
