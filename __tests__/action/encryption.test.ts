// Encrypted dumps end to end: the bundle run as the runner runs it, a real
// server with the realistic fixture, the real @actions/artifact against the
// local backend, and Debian's `age` binary both ways: age decrypts what the
// action wrote, and the action restores what `age -r` encrypted.
import assert from 'node:assert/strict'
import { lstatSync, watch } from 'node:fs'
import {
  mkdir,
  mkdtemp,
  readdir,
  readFile,
  stat,
  writeFile
} from 'node:fs/promises'
import { join } from 'node:path'
import { after, before, describe, test } from 'node:test'
import {
  ageDecrypt,
  ageEncrypt,
  ageKeygen,
  ensureAge,
  type AgeKey
} from '../../test-support/age.ts'
import type { StepEnvOptions } from '../../test-support/artifact-backend.ts'
import { dataChecksums, schemaSnapshot } from '../../test-support/compare.ts'
import {
  pgDump,
  seededServer,
  seedRealistic,
  type SeededServerWithArtifacts
} from '../../test-support/fixtures.ts'
import {
  errorLine,
  pgBinDirInput,
  runAction,
  visibleLog,
  type StepRun
} from '../../test-support/run-action.ts'
import { eventPayload } from '../../test-support/runner-env.ts'

const REPO = 'octo/shop'
const AGE_MAGIC = 'age-encryption.org/v1\n'

let seeded: SeededServerWithArtifacts
let alice: AgeKey
let bob: AgeKey
let mallory: AgeKey
let nextRun = 5000

before(async () => {
  // before any server starts: without age, fail in seconds naming the package
  await ensureAge()
  seeded = await seededServer({
    database: 'age_src',
    seed: seedRealistic,
    tempPrefix: 'pg-dumper-age-',
    artifacts: {}
  })
  const { dir } = seeded
  ;[alice, bob, mallory] = await Promise.all(
    ['alice', 'bob', 'mallory'].map(name => ageKeygen(dir, name))
  )
})
after(() => seeded?.stop())

/** A step in its own workspace (also its RUNNER_TEMP), in run `runId`. */
async function step(
  inputs: Record<string, string>,
  job?: Partial<StepEnvOptions> & { runId: number },
  extraEnv: Record<string, string> = {}
): Promise<StepRun & { cwd: string }> {
  const cwd = await mkdtemp(join(seeded.dir, 'ws-'))
  const env = {
    ...(job
      ? seeded.backend.env({ repository: REPO, jobId: 'job', ...job })
      : {}),
    RUNNER_TEMP: cwd,
    ...extraEnv
  }
  const ran = await runAction({ ...pgBinDirInput(), ...inputs }, { cwd, env })
  return { ...ran, cwd }
}

/** Every file under a folder, recursively. */
async function filesUnder(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true })
  return entries.filter(e => e.isFile()).map(e => join(e.parentPath, e.name))
}

/** Asserts no file under `dir` holds plaintext of a dump (pg_dump's magic, SQL, or a fixture row). */
async function assertNoPlaintext(dir: string, allowed: string[] = []) {
  for (const file of await filesUnder(dir)) {
    if (allowed.includes(file)) continue
    const bytes = await readFile(file)
    assert.ok(
      !bytes.includes('PGDMP') && !bytes.includes('PostgreSQL database dump'),
      `plaintext dump left at ${file}`
    )
  }
}

/** Asserts the key text appears nowhere the run wrote: log, outputs, summary. */
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

const snapshot = async (db: string) => ({
  schema: await schemaSnapshot(seeded.server, db),
  data: Object.fromEntries(await dataChecksums(seeded.server, db))
})

describe('encrypted dumps', () => {
  for (const format of ['custom', 'plain'] as const) {
    test(`a ${format} dump goes up as an age file that the age binary decrypts, and restores from the artifact`, async () => {
      const { server, db, backend, dir } = seeded
      const runId = nextRun++
      const name = format === 'custom' ? 'shop.dump.age' : 'shop.sql.age'
      const dump = await step(
        {
          mode: 'dump',
          connection: server.uri(db),
          format,
          'artifact-name': name,
          'encrypt-to': `# the team's keys\n${alice.recipient}\n\n${bob.recipient}\n`
        },
        { runId, jobId: 'backup' },
        await eventPayload(dir, 'public')
      )
      assert.equal(dump.exitCode, 0, dump.stdout)
      assert.equal(dump.outputs.file, join(dump.cwd, name))
      const local = await readFile(dump.outputs.file)
      assert.equal(local.subarray(0, AGE_MAGIC.length).toString(), AGE_MAGIC)
      // the outputs and the artifact describe the age file
      assert.equal(Number(dump.outputs.size), local.length)
      assert.equal(dump.outputs['artifact-format'], 'file')
      assert.equal(dump.outputs['artifact-digest'], dump.outputs.sha256)
      const blob = await backend.readBlob(Number(dump.outputs['artifact-id']))
      assert.ok(blob.bytes.equals(local), 'the artifact is the age file')
      assert.match(dump.summary, /Encryption.*age, to 2 recipients/s)
      // encrypted: no warning about the public repository
      assert.doesNotMatch(dump.stdout, /This repository is public/)
      // nothing in plaintext anywhere the step wrote (workspace = RUNNER_TEMP)
      await assertNoPlaintext(dump.cwd)

      // standard age: each recipient's key opens it with the age binary
      for (const key of [alice, bob]) {
        const out = join(dir, `${format}-${key.recipient.slice(4, 12)}.out`)
        const opened = await ageDecrypt(key.keyFile, dump.outputs.file, out)
        assert.equal(opened.code, 0, opened.stderr)
        const head = (await readFile(out)).subarray(0, 64).toString('latin1')
        assert.ok(
          format === 'custom'
            ? head.startsWith('PGDMP')
            : head.includes('PostgreSQL database dump'),
          head
        )
      }
      const refused = await ageDecrypt(
        mallory.keyFile,
        dump.outputs.file,
        join(dir, 'mallory.out')
      )
      assert.notEqual(refused.code, 0)

      const target = await server.createDatabase(`age_${format}_target`)
      const restore = await step(
        {
          mode: 'restore',
          connection: server.uri(target),
          'artifact-name': name,
          'decrypt-key': bob.keyText
        },
        { runId, jobId: 'integration' }
      )
      assert.equal(restore.exitCode, 0, restore.stdout)
      assert.equal(restore.outputs.sha256, dump.outputs.sha256)
      assert.match(restore.summary, /age, decrypted as it was read/)
      assert.deepEqual(await snapshot(target), await snapshot(db))
      assertKeyNeverShown(restore, bob)
      await assertNoPlaintext(restore.cwd)
    })
  }

  test('restores, from file, what `age -r` encrypted: a custom and a plain dump of pg_dump', async () => {
    const { server, db, dir } = seeded
    for (const [format, flag] of [
      ['custom', '--format=custom'],
      ['plain', '--format=plain']
    ] as const) {
      const plain = join(dir, `by-age-${format}.dump`)
      await pgDump(server, db, [flag, `--file=${plain}`, '--no-owner'])
      const ws = await mkdtemp(join(dir, 'ws-'))
      const encrypted = join(ws, `fixture-${format}.age`)
      await ageEncrypt([alice.recipient], plain, encrypted)
      const target = await server.createDatabase(`by_age_${format}`)
      const restore = await runAction(
        {
          ...pgBinDirInput(),
          mode: 'restore',
          connection: server.uri(target),
          file: encrypted,
          'decrypt-key': alice.identity,
          // pg_restore reads a stream with one job: said, not failed
          jobs: '2'
        },
        { cwd: ws, env: { RUNNER_TEMP: ws } }
      )
      assert.equal(restore.exitCode, 0, restore.stdout)
      if (format === 'custom') {
        assert.match(restore.stdout, /decrypted as a stream.*one job/)
      }
      assert.deepEqual(await snapshot(target), await snapshot(db))
      assertKeyNeverShown(restore, alice)
      await assertNoPlaintext(ws)
    }
  })

  test('an age file without decrypt-key, or with a key it was not encrypted to, fails with DecryptionFailed and restores nothing', async () => {
    const { server, db, dir } = seeded
    const plain = join(dir, 'for-errors.dump')
    await pgDump(server, db, ['--format=custom', `--file=${plain}`])
    const encrypted = join(dir, 'for-errors.dump.age')
    await ageEncrypt([alice.recipient], plain, encrypted)
    const target = await server.createDatabase('age_refused')
    for (const [inputs, message] of [
      [{}, /DecryptionFailed: .*is age-encrypted.*set decrypt-key/],
      [
        { 'decrypt-key': mallory.identity },
        /DecryptionFailed: .*decrypt-key is not the secret key of any of its recipients/
      ]
    ] as const) {
      const restore = await step({
        mode: 'restore',
        connection: server.uri(target),
        file: encrypted,
        ...inputs
      })
      assert.equal(restore.exitCode, 1, restore.stdout)
      assert.match(errorLine(restore), message)
      assert.doesNotMatch(restore.stdout + restore.stderr, /\n\s+at /)
      assertKeyNeverShown(restore, mallory)
      assert.equal(
        await server.psql(
          target,
          "SELECT count(*) FROM pg_namespace WHERE nspname NOT LIKE 'pg\\_%' AND nspname NOT IN ('public', 'information_schema')"
        ),
        '0'
      )
    }
  })

  test('a corrupt age file fails the restore with DecryptionFailed', async () => {
    const { server, db, dir } = seeded
    const plain = join(dir, 'for-corrupt.dump')
    await pgDump(server, db, ['--format=custom', `--file=${plain}`])
    const encrypted = join(dir, 'corrupt.dump.age')
    await ageEncrypt([alice.recipient], plain, encrypted)
    const bytes = await readFile(encrypted)
    bytes[Math.floor(bytes.length / 2)] ^= 0x40
    await writeFile(encrypted, bytes)
    const target = await server.createDatabase('age_corrupt')
    const restore = await step({
      mode: 'restore',
      connection: server.uri(target),
      file: encrypted,
      'decrypt-key': alice.identity,
      'single-transaction': 'true'
    })
    assert.equal(restore.exitCode, 1, restore.stdout)
    assert.match(errorLine(restore), /DecryptionFailed: .*corrupt or cut short/)
  })

  describe('a multi-chunk age file cut short or altered late', () => {
    // two tables: the big one's rows fill many 64 KiB age chunks and come
    // before the small one's, so a stream decrypted as it is restored would
    // apply the big table before it reached the damaged end
    let big: string
    before(async () => {
      const { server } = seeded
      big = await server.createDatabase('age_big')
      await server.psql(
        big,
        `CREATE SCHEMA big;
         CREATE TABLE big.a_rows(id int PRIMARY KEY, payload text);
         INSERT INTO big.a_rows SELECT g, md5(g::text) FROM generate_series(1, 200000) g;
         CREATE TABLE big.z_tail(id int);
         INSERT INTO big.z_tail VALUES (1), (2);`
      )
    })

    const damages = {
      'cut short': (bytes: Buffer) => bytes.subarray(0, bytes.length - 30000),
      'with one byte flipped in a late chunk': (bytes: Buffer) => {
        const altered = Buffer.from(bytes)
        altered[altered.length - 200] ^= 0x01
        return altered
      }
    }

    for (const format of ['custom', 'plain'] as const) {
      for (const [damage, apply] of Object.entries(damages)) {
        test(`a ${format} dump ${damage} fails with DecryptionFailed before anything is restored: no table, no row, no database made`, async () => {
          const { server, dir } = seeded
          const plain = join(dir, `big-${format}.dump`)
          await pgDump(server, big, [
            `--format=${format}`,
            '--compress=0',
            `--file=${plain}`,
            '--no-owner'
          ])
          assert.ok((await stat(plain)).size > 4 * 64 * 1024, 'several chunks')
          const ws = await mkdtemp(join(dir, 'ws-'))
          const encrypted = join(ws, `big-${format}.age`)
          await ageEncrypt([alice.recipient], plain, encrypted)
          await writeFile(encrypted, apply(await readFile(encrypted)))
          const target = await server.createDatabase(`age_cut_${format}`)
          const missing = `age_never_${format}_${damage.length}`
          const cases: Record<string, string>[] = [
            { connection: server.uri(target) },
            // the target is made only once the file was authenticated
            {
              connection: server.uri(target),
              databases: missing
            }
          ]
          for (const inputs of cases) {
            const restore = await runAction(
              {
                ...pgBinDirInput(),
                mode: 'restore',
                file: encrypted,
                'decrypt-key': alice.identity,
                ...inputs
              },
              { cwd: ws, env: { RUNNER_TEMP: ws } }
            )
            assert.equal(restore.exitCode, 1, restore.stdout)
            assert.match(
              errorLine(restore),
              /DecryptionFailed: .*is age-encrypted but cannot be decrypted: it is corrupt or cut short \(invalid tag\)\. Nothing was restored\./
            )
            assert.doesNotMatch(restore.stdout, /Using (pg_restore|psql) /)
            assertKeyNeverShown(restore, alice)
            await assertNoPlaintext(ws)
          }
          assert.equal(
            await server.psql(
              target,
              "SELECT count(*) FROM pg_class WHERE relnamespace::regnamespace::text NOT IN ('pg_catalog', 'information_schema', 'pg_toast')"
            ),
            '0',
            'a table or sequence of the dump was created'
          )
          assert.equal(
            await server.psql(
              target,
              "SELECT count(*) FROM pg_namespace WHERE nspname = 'big'"
            ),
            '0'
          )
          assert.equal(
            await server.psql(
              'postgres',
              `SELECT count(*) FROM pg_database WHERE datname = '${missing}'`
            ),
            '0',
            'the databases target was created'
          )
        })
      }
    }
  })

  test('with exclude-schemas, the edited table of contents of an encrypted dump reaches pg_restore through a FIFO: no file appears in RUNNER_TEMP or TMPDIR while it restores', async () => {
    const { server, db, dir } = seeded
    const plain = join(dir, 'for-exclude.dump')
    await pgDump(server, db, ['--format=custom', `--file=${plain}`])
    const ws = await mkdtemp(join(dir, 'ws-'))
    const encrypted = join(ws, 'exclude.dump.age')
    await ageEncrypt([alice.recipient], plain, encrypted)
    const temps = [join(ws, 'runner-temp'), join(ws, 'tmp')]
    await Promise.all(temps.map(t => mkdir(t)))
    const target = await server.createDatabase('age_exclude')
    // the target's own extension is left out of the list too
    await server.psql(target, 'CREATE EXTENSION citext')
    // every path made under the temp folders, and what it was when made
    const made: { path: string; kind: string }[] = []
    const watchers = temps.map(t =>
      watch(t, { recursive: true }, (_event, name) => {
        if (!name) return
        const path = join(t, name)
        try {
          const s = lstatSync(path)
          const kind = s.isFIFO() ? 'fifo' : s.isDirectory() ? 'dir' : 'file'
          made.push({ path, kind })
        } catch {
          // removed already: its creation was seen when it was made
        }
      })
    )
    let restore: StepRun
    try {
      restore = await runAction(
        {
          ...pgBinDirInput(),
          mode: 'restore',
          connection: server.uri(target),
          file: encrypted,
          'decrypt-key': alice.identity,
          'exclude-schemas': 'staging',
          'runner-debug': ''
        },
        {
          cwd: ws,
          env: { RUNNER_TEMP: temps[0], TMPDIR: temps[1], RUNNER_DEBUG: '1' }
        }
      )
    } finally {
      for (const w of watchers) w.close()
    }
    assert.equal(restore.exitCode, 0, restore.stdout)
    const useList = /pg_restore .*--use-list=(\S+)/.exec(restore.stdout)
    assert.ok(useList, 'pg_restore ran with --use-list')
    assert.match(useList[1], /\/dump\.fifo$/)
    assert.ok(
      made.some(m => m.kind === 'fifo'),
      `the FIFOs were seen: ${JSON.stringify(made)}`
    )
    assert.deepEqual(
      made.filter(m => m.kind === 'file'),
      [],
      'a file was written while the dump was restored'
    )
    assert.equal(
      await server.psql(
        target,
        "SELECT string_agg(nspname, ',' ORDER BY nspname) FROM pg_namespace WHERE nspname IN ('audit', 'staging')"
      ),
      'audit'
    )
    assertKeyNeverShown(restore, alice)
    await assertNoPlaintext(ws)
  })

  test('file without .age keeps the plaintext dump as asked, beside the age file uploaded', async () => {
    const { server, db, backend } = seeded
    const dump = await step(
      {
        mode: 'dump',
        connection: server.uri(db),
        file: 'nightly.dump',
        'artifact-name': 'nightly',
        'encrypt-to': alice.recipient
      },
      { runId: nextRun++ }
    )
    assert.equal(dump.exitCode, 0, dump.stdout)
    assert.equal(dump.outputs.file, join(dump.cwd, 'nightly.dump.age'))
    const kept = await readFile(join(dump.cwd, 'nightly.dump'))
    assert.equal(kept.subarray(0, 5).toString(), 'PGDMP')
    const age = await readFile(dump.outputs.file)
    assert.equal(age.subarray(0, AGE_MAGIC.length).toString(), AGE_MAGIC)
    assert.equal(dump.outputs['artifact-format'], 'zip')
    assert.match(dump.stdout, /zipped at level 0 \(stored: it is age-encrypted/)
    const blob = await backend.readBlob(Number(dump.outputs['artifact-id']))
    assert.ok(!blob.bytes.includes('PGDMP'), 'no plaintext in the artifact')
    await assertNoPlaintext(dump.cwd, [join(dump.cwd, 'nightly.dump')])
  })

  test('a public repository gets a warning on a dump uploaded without encrypt-to; a private one does not', async () => {
    const { server, db, dir } = seeded
    for (const visibility of ['public', 'private'] as const) {
      const dump = await step(
        {
          mode: 'dump',
          connection: server.uri(db),
          'artifact-name': `plain-${visibility}.dump`
        },
        { runId: nextRun++ },
        await eventPayload(dir, visibility)
      )
      assert.equal(dump.exitCode, 0, dump.stdout)
      const warned = /::warning::This repository is public: .*Set 'encrypt-to'/
      if (visibility === 'public') assert.match(dump.stdout, warned)
      else assert.doesNotMatch(dump.stdout, warned)
    }
  })

  test('bad encrypt-to, a directory format, and a bad decrypt-key are InputErrors naming the input, the key never shown', async () => {
    const { server, db } = seeded
    const cases: [Record<string, string>, RegExp][] = [
      [
        { 'encrypt-to': `${alice.recipient}\nage1notakey` },
        /InputError: Invalid 'encrypt-to' input: recipient 2 \('age1notakey'\) is not a valid age public key\. Expected age public keys/
      ],
      [
        { 'encrypt-to': alice.identity },
        /InputError: Invalid 'encrypt-to' input: recipient 1 \(AGE-SECRET-KEY-…\) is a secret key/
      ],
      [
        { 'encrypt-to': alice.recipient, format: 'directory' },
        /InputError: The 'encrypt-to' input encrypts one stream.*set 'format' to custom or plain/
      ],
      [
        { mode: 'restore', file: 'x.dump', 'decrypt-key': alice.recipient },
        /InputError: Invalid 'decrypt-key' input: it is a public key/
      ],
      [
        {
          mode: 'restore',
          file: 'x.dump',
          'decrypt-key': `${alice.identity.slice(0, -3)}QQQ`
        },
        /InputError: Invalid 'decrypt-key' input: it is not a valid age secret key/
      ]
    ]
    for (const [inputs, message] of cases) {
      const ran = await step({
        mode: 'dump',
        connection: server.uri(db),
        ...inputs
      })
      assert.equal(ran.exitCode, 1, ran.stdout)
      assert.match(errorLine(ran), message)
      assertKeyNeverShown(ran, alice)
      assert.deepEqual(await readdir(ran.cwd), [], 'nothing was written')
    }
  })

  test('an encrypted dump that fails leaves nothing behind, and says why', async () => {
    const { server } = seeded
    const dump = await step({
      mode: 'dump',
      connection: server.uri('no_such_database'),
      'encrypt-to': alice.recipient,
      'wait-timeout': '0'
    })
    assert.equal(dump.exitCode, 1, dump.stdout)
    assert.match(errorLine(dump), /PgDumpFailed: .*no_such_database/)
    assert.deepEqual(await readdir(dump.cwd), [])
  })

  test('the pg_restore that reads the dump back gets the decrypted stream through a FIFO, never a file: its command line names no plaintext', async () => {
    const { server, db } = seeded
    const dump = await step(
      {
        mode: 'dump',
        connection: server.uri(db),
        'encrypt-to': alice.recipient,
        'runner-debug': ''
      },
      undefined,
      { RUNNER_DEBUG: '1' }
    )
    assert.equal(dump.exitCode, 0, dump.stdout)
    assert.match(dump.stdout, /pg_dump .*--file=\S*dump\.fifo/)
    assert.match(dump.stdout, /pg_restore --format=custom .*dump\.fifo/)
    assert.match(
      dump.stdout,
      /Verified: the age file decrypts, every chunk authenticated/
    )
    assert.deepEqual(await readdir(dump.cwd), ['backup.dump.age'])
    const size = (await stat(join(dump.cwd, 'backup.dump.age'))).size
    assert.equal(Number(dump.outputs.size), size)
  })
})
