// Dumps larger than the runner's disk, to S3 and back, as the runner runs
// the bundle: the workspace, RUNNER_TEMP and TMPDIR on a 4 MiB tmpfs while
// the dump is about 25 MB. A custom dump and an age-encrypted plain one go
// from pg_dump to a multipart upload of several parts, verified as they
// pass; the custom one streams back into a restore; a dump stopped midway
// leaves no object and no unfinished upload. Needs root (mount).
import assert from 'node:assert/strict'
import { execFileSync } from 'node:child_process'
import { createHash } from 'node:crypto'
import { mkdir, mkdtemp, readdir, readFile, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { after, before, describe, test } from 'node:test'
import { ageDecrypt, ageKeygen, ensureAge } from '../../test-support/age.ts'
import { startAction, waitFor } from '../../test-support/faults.ts'
import { seededServer, type SeededServer } from '../../test-support/fixtures.ts'
import {
  errorLine,
  pgBinDirInput,
  runAction,
  type StepRun
} from '../../test-support/run-action.ts'
import { startS3Server, type S3Server } from '../../test-support/s3-server.ts'

const BUCKET = 'pg-dumper-big'
const AWS = {
  AWS_ACCESS_KEY_ID: 'AKIASTREAMTESTKEY001',
  AWS_SECRET_ACCESS_KEY: 'stream/Secret+Access+Key/0123456789abcd'
}
const MiB = 1024 * 1024
/** 400 rows of 64 KiB of random bytes: a custom dump of about 25 MB */
const SEED = `
CREATE TABLE blobs (id int PRIMARY KEY, b bytea NOT NULL);
INSERT INTO blobs
SELECT g, (SELECT decode(string_agg(md5(random()::text || g || i), ''), 'hex')
           FROM generate_series(1, 4096) i)
FROM generate_series(1, 400) g;
`

/** Why the suite cannot run here, if it cannot (a tmpfs needs root). */
function noMount(): string | false {
  if (process.getuid?.() !== 0) return 'mounting a tmpfs needs root'
  if (process.platform !== 'linux') return 'tmpfs is Linux'
  return false
}
const skip = noMount()

let seeded: SeededServer
let s3: S3Server
let small: string
let runId = 4200

before(async () => {
  if (skip) return
  await ensureAge()
  seeded = await seededServer({
    database: 's3_big',
    seed: SEED,
    tempPrefix: 'pg-dumper-s3-big-'
  })
  s3 = await startS3Server({
    buckets: [BUCKET],
    credentials: [
      {
        accessKeyId: AWS.AWS_ACCESS_KEY_ID,
        secretAccessKey: AWS.AWS_SECRET_ACCESS_KEY
      }
    ]
  })
  small = await mkdtemp(join(seeded.dir, 'tmpfs-'))
  execFileSync('mount', [
    '-t',
    'tmpfs',
    '-o',
    'size=4m,mode=0755',
    'tmpfs',
    small
  ])
})
after(async () => {
  if (small) execFileSync('umount', [small])
  await s3?.stop()
  await seeded?.stop()
})

/** A step whose workspace, RUNNER_TEMP and TMPDIR are on the tmpfs. */
async function onSmallDisk(name: string) {
  const ws = join(small, `${name}-ws`)
  const tmp = join(small, `${name}-tmp`)
  await mkdir(ws)
  await mkdir(tmp)
  const env = {
    ...AWS,
    GITHUB_RUN_ID: String(++runId),
    RUNNER_TEMP: tmp,
    TMPDIR: tmp
  }
  const inputs = {
    ...pgBinDirInput(),
    's3-endpoint': s3.endpoint,
    's3-path-style': 'true'
  }
  /** what is left on the small disk */
  const left = async () => [...(await readdir(ws)), ...(await readdir(tmp))]
  return { ws, env, inputs, left }
}

const objectsUnder = (prefix: string) =>
  [...s3.bucket(BUCKET).objects.keys()].filter(k => k.startsWith(prefix))
const uploadsUnder = (prefix: string) =>
  [...s3.bucket(BUCKET).uploads.values()].filter(u => u.key.startsWith(prefix))
const partsOf = (key: string) =>
  s3.calls.filter(c => c.operation === 'UploadPart' && c.key === key).length

async function dumpStep(
  prefix: string,
  extra: Record<string, string> = {}
): Promise<{ run: StepRun; key: string; left: string[] }> {
  const disk = await onSmallDisk(prefix.replace(/\W/g, ''))
  const run = await runAction(
    {
      ...disk.inputs,
      mode: 'dump',
      connection: seeded.server.conninfo(seeded.db),
      's3-url': `s3://${BUCKET}/${prefix}`,
      ...extra
    },
    { cwd: disk.ws, env: disk.env }
  )
  const [key] = objectsUnder(prefix).filter(k => !k.endsWith('.sha256'))
  return { run, key, left: await disk.left() }
}

describe('dumps beyond the runner disk, streamed to S3', { skip }, () => {
  test('a custom dump six times the free disk: a multipart upload of several parts, verified, nothing on disk', async () => {
    const { run, key, left } = await dumpStep('big/custom/')
    assert.equal(run.exitCode, 0, errorLine(run) || run.stdout)
    assert.match(run.stdout, /Streaming the dump to s3:\/\//)
    const object = s3.bucket(BUCKET).objects.get(key)!
    assert.ok(object.body.length > 20 * MiB, `${object.body.length} bytes`)
    assert.ok(partsOf(key) >= 2, `${partsOf(key)} parts`)
    assert.equal(
      createHash('sha256').update(object.body).digest('hex'),
      run.outputs.sha256
    )
    // its SHA-256 and versions in its metadata, though they came at the end
    assert.equal(object.metadata.sha256, run.outputs.sha256)
    assert.equal(
      object.metadata['server-version'],
      run.outputs['server-version']
    )
    assert.equal(
      object.metadata['client-version'],
      run.outputs['client-version']
    )
    assert.deepEqual(uploadsUnder('big/custom/'), [])
    assert.deepEqual(left, [], 'nothing left on the small disk')

    // and back: streamed into pg_restore on the same small disk
    const disk = await onSmallDisk('restore')
    const target = await seeded.server.createDatabase('s3_big_copy')
    const restore = await runAction(
      {
        ...disk.inputs,
        mode: 'restore',
        connection: seeded.server.conninfo(target),
        's3-url': `s3://${BUCKET}/${key}`
      },
      { cwd: disk.ws, env: disk.env }
    )
    assert.equal(restore.exitCode, 0, errorLine(restore) || restore.stdout)
    assert.match(restore.stdout, /as it streams from its store/)
    assert.match(restore.stdout, /SHA-256 verified/)
    const sum = "SELECT count(*) || '/' || sum(length(b)) FROM blobs"
    assert.equal(
      await seeded.server.psql(target, sum),
      await seeded.server.psql(seeded.db, sum)
    )
    assert.deepEqual(await disk.left(), [])
  })

  test('a plain dump encrypted with age as it streams: an .age object that decrypts to the whole script', async () => {
    const key = await ageKeygen(seeded.dir, 'big')
    const dumped = await dumpStep('big/plain/', {
      format: 'plain',
      'encrypt-to': key.recipient
    })
    assert.equal(
      dumped.run.exitCode,
      0,
      errorLine(dumped.run) || dumped.run.stdout
    )
    assert.match(dumped.key, /\.sql\.age$/)
    const object = s3.bucket(BUCKET).objects.get(dumped.key)!
    assert.ok(object.body.length > 20 * MiB, `${object.body.length} bytes`)
    assert.ok(partsOf(dumped.key) >= 2)
    assert.deepEqual(dumped.left, [])
    const age = join(seeded.dir, 'big.sql.age')
    await writeFile(age, object.body)
    const plain = join(seeded.dir, 'big.sql')
    const result = await ageDecrypt(key.keyFile, age, plain)
    assert.equal(result.code, 0, result.stderr)
    const tail = (await readFile(plain, 'utf8')).slice(-300)
    // pg_dump's own end (releases since August 2025 add \unrestrict)
    assert.match(
      tail,
      /-- PostgreSQL database dump complete\n--\n\n(\\unrestrict \w+\n\n)?$/,
      tail
    )
  })

  test('a streamed dump stopped midway leaves no object and no unfinished upload', async () => {
    const disk = await onSmallDisk('cancel')
    const step = await startAction(
      {
        ...disk.inputs,
        mode: 'dump',
        connection: seeded.server.conninfo(seeded.db),
        's3-url': `s3://${BUCKET}/big/cancel/`
      },
      { cwd: disk.ws, env: disk.env }
    )
    // stopped once the upload has begun
    await waitFor(
      'a part uploaded under big/cancel/',
      () =>
        s3.calls.some(
          c => c.operation === 'UploadPart' && c.key.startsWith('big/cancel/')
        ),
      60_000
    )
    step.child.kill('SIGTERM')
    const run = await step.finished
    assert.notEqual(run.exitCode, 0)
    assert.deepEqual(objectsUnder('big/cancel/'), [])
    assert.deepEqual(uploadsUnder('big/cancel/'), [])
    assert.ok(
      s3.calls.some(
        c =>
          c.operation === 'AbortMultipartUpload' &&
          c.key.startsWith('big/cancel/')
      ),
      'the upload was aborted'
    )
    assert.deepEqual(await disk.left(), [])
  })
})
