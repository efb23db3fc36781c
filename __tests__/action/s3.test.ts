// S3 end to end: the bundle run as the runner runs it (INPUT_* for every
// input action.yml defaults), the real AWS SDK talking to the loopback S3
// server, which checks every signature: a dump kept as an object (output
// url, digest in its metadata), the newest and an exact key restored, keep,
// max-age, a refused credential that dumps nothing, a malformed s3-url, and
// the AWS credentials masked everywhere the run writes.
import assert from 'node:assert/strict'
import { createHash } from 'node:crypto'
import { readdir, stat } from 'node:fs/promises'
import { join } from 'node:path'
import { after, before, describe, test } from 'node:test'
import { seededServer, type SeededServer } from '../../test-support/fixtures.ts'
import {
  errorLine,
  runStepIn,
  type StepRun
} from '../../test-support/run-action.ts'
import { startS3Server, type S3Server } from '../../test-support/s3-server.ts'
import { ageKeygen, hasAge } from '../../test-support/age.ts'

const BUCKET = 'pg-dumper-e2e'
const AWS = {
  AWS_ACCESS_KEY_ID: 'AKIAE2ETESTKEY000001',
  AWS_SECRET_ACCESS_KEY: 'e2e/Secret+Access+Key/0123456789abcdefXYZ',
  AWS_SESSION_TOKEN: 'IQoJb3JpZ2luX2VjE2E2ESessionToken0123456789'
}
const SEED = `
CREATE TABLE orders (id int PRIMARY KEY, item text NOT NULL);
INSERT INTO orders SELECT g, 'item ' || g FROM generate_series(1, 2500) g;
`

let seeded: SeededServer
let s3: S3Server
let runId = 9100
const runs: { run: StepRun; env: Record<string, string> }[] = []

before(async () => {
  seeded = await seededServer({
    database: 's3_src',
    seed: SEED,
    tempPrefix: 'pg-dumper-s3-e2e-'
  })
  s3 = await startS3Server({
    buckets: [BUCKET],
    credentials: [
      {
        accessKeyId: AWS.AWS_ACCESS_KEY_ID,
        secretAccessKey: AWS.AWS_SECRET_ACCESS_KEY,
        sessionToken: AWS.AWS_SESSION_TOKEN
      }
    ]
  })
})
after(async () => {
  await s3?.stop()
  await seeded?.stop()
})

/** One step run with the S3 inputs and the AWS environment; every run is checked for leaks at the end. */
async function step(
  inputs: Record<string, string>,
  env: Record<string, string> = {}
): Promise<StepRun & { cwd: string }> {
  const stepEnv = { ...AWS, GITHUB_RUN_ID: String(++runId), ...env }
  const run = await runStepIn(
    seeded.dir,
    { 's3-endpoint': s3.endpoint, 's3-path-style': 'true', ...inputs },
    stepEnv
  )
  runs.push({ run, env: stepEnv })
  return run
}

const objects = (prefix: string) =>
  [...s3.bucket(BUCKET).objects.keys()].filter(k => k.startsWith(prefix)).sort()

async function dumpTo(prefix: string, extra: Record<string, string> = {}) {
  return step({
    mode: 'dump',
    connection: seeded.server.conninfo(seeded.db),
    's3-url': `s3://${BUCKET}/${prefix}`,
    ...extra
  })
}

async function restoreFrom(url: string, extra: Record<string, string> = {}) {
  const target = await seeded.server.createDatabase('s3_dst')
  const run = await step({
    mode: 'restore',
    connection: seeded.server.conninfo(target),
    's3-url': url,
    ...extra
  })
  return { run, target }
}

describe('dump to S3, restore from it', () => {
  let dumped: StepRun & { cwd: string }

  before(async () => {
    dumped = await dumpTo('nightly/app/')
  })

  test('the dump is one object under the prefix, its SHA-256 in its metadata; output url; path-style, signed requests', () => {
    assert.equal(dumped.exitCode, 0, errorLine(dumped) || dumped.stdout)
    const [key] = objects('nightly/app/')
    assert.match(
      key,
      new RegExp(`^nightly/app/\\d{4}-\\d{2}-\\d{2}T\\d{6}Z-${runId}\\.dump$`)
    )
    assert.equal(dumped.outputs.url, `s3://${BUCKET}/${key}`)
    const object = s3.bucket(BUCKET).objects.get(key)!
    assert.equal(
      createHash('sha256').update(object.body).digest('hex'),
      dumped.outputs.sha256
    )
    assert.equal(object.metadata.sha256, dumped.outputs.sha256)
    assert.equal(object.metadata.format, 'custom')
    assert.equal(object.metadata['run-id'], String(runId))
    // streamed, one part: the versions came at commit
    assert.equal(
      object.metadata['server-version'],
      dumped.outputs['server-version']
    )
    assert.equal(
      object.metadata['client-version'],
      dumped.outputs['client-version']
    )
    assert.equal(dumped.outputs['artifact-id'], undefined)
    assert.match(
      dumped.summary,
      new RegExp(`S3 object.*s3://${BUCKET}/${key}`, 's')
    )
    const calls = s3.calls.filter(
      c => c.key.startsWith('nightly/app/') || c.operation === 'ListObjectsV2'
    )
    assert.ok(
      calls.length > 0 && calls.every(c => c.style === 'path' && c.status < 300)
    )
  })

  test('a restore takes the newest under the prefix, streamed from the object and verified, into the target', async () => {
    const { run, target } = await restoreFrom(`s3://${BUCKET}/nightly/app/`)
    assert.equal(run.exitCode, 0, errorLine(run) || run.stdout)
    assert.match(run.stdout, /as it streams from its store/)
    assert.match(run.stdout, /SHA-256 verified/)
    assert.equal(
      await seeded.server.psql(target, 'SELECT count(*) FROM orders'),
      '2500'
    )
    // nothing downloaded
    assert.deepEqual(
      (await readdir(run.cwd)).filter(n => n.startsWith('pg-dumper-s3-')),
      []
    )
  })

  test('a restore with jobs 2 downloads into a private folder of RUNNER_TEMP first, and says so', async () => {
    const { run, target } = await restoreFrom(`s3://${BUCKET}/nightly/app/`, {
      jobs: '2'
    })
    assert.equal(run.exitCode, 0, errorLine(run) || run.stdout)
    assert.match(run.stdout, /fetched to a file first/)
    assert.match(run.stdout, /SHA-256 verified/)
    assert.equal(
      await seeded.server.psql(target, 'SELECT count(*) FROM orders'),
      '2500'
    )
    const [folder] = (await readdir(run.cwd)).filter(n =>
      n.startsWith('pg-dumper-s3-')
    )
    assert.ok(folder, 'a folder under RUNNER_TEMP')
    assert.equal((await stat(join(run.cwd, folder))).mode & 0o777, 0o700)
  })

  test('a restore of an exact key', async () => {
    const [key] = objects('nightly/app/')
    const { run, target } = await restoreFrom(`s3://${BUCKET}/${key}`)
    assert.equal(run.exitCode, 0, errorLine(run) || run.stdout)
    assert.equal(
      await seeded.server.psql(target, 'SELECT max(id) FROM orders'),
      '2500'
    )
    // reported as the object it is, not as an artifact
    assert.equal(run.outputs.url, `s3://${BUCKET}/${key}`)
    assert.equal(run.outputs['artifact-id'], undefined)
    assert.match(run.summary, new RegExp(`object <code>s3://${BUCKET}/`))
    assert.doesNotMatch(run.summary, /artifact <code>/)
  })
})

describe('encrypted', { skip: !hasAge() && 'age is not installed' }, () => {
  test('an encrypted dump is an age object (.dump.age) and restores with decrypt-key', async () => {
    const key = await ageKeygen(seeded.dir, 's3-team')
    const dumped = await dumpTo('sealed/', { 'encrypt-to': key.recipient })
    assert.equal(dumped.exitCode, 0, errorLine(dumped) || dumped.stdout)
    const [name] = objects('sealed/')
    assert.match(name, /^sealed\/\d{4}-\d{2}-\d{2}T\d{6}Z-\d+\.dump\.age$/)
    const object = s3.bucket(BUCKET).objects.get(name)!
    assert.equal(object.metadata.encrypted, 'true')
    assert.ok(
      object.body.subarray(0, 21).toString() === 'age-encryption.org/v1'
    )
    assert.ok(
      !object.body.includes('item 2500'),
      'no plaintext row in the object'
    )
    const { run, target } = await restoreFrom(`s3://${BUCKET}/sealed/`, {
      'decrypt-key': key.identity
    })
    assert.equal(run.exitCode, 0, errorLine(run) || run.stdout)
    assert.equal(
      await seeded.server.psql(target, 'SELECT count(*) FROM orders'),
      '2500'
    )
  })
})

describe('a drill and S3', () => {
  test('verify: restore composes: the dump is drilled before it is kept as an object', async () => {
    const run = await dumpTo('drilled/', { verify: 'restore' })
    assert.equal(run.exitCode, 0, errorLine(run) || run.stdout)
    assert.equal(run.outputs['verified-tables'], '1')
    assert.equal(run.outputs['verified-rows'], '2500')
    const [key] = objects('drilled/')
    assert.equal(run.outputs.url, `s3://${BUCKET}/${key}`)
    // a file put: the versions in the metadata from the start
    const { metadata } = s3.bucket(BUCKET).objects.get(key)!
    assert.equal(metadata['server-version'], run.outputs['server-version'])
    assert.equal(metadata['client-version'], run.outputs['client-version'])
    assert.equal(
      createHash('sha256')
        .update(s3.bucket(BUCKET).objects.get(key)!.body)
        .digest('hex'),
      run.outputs.sha256
    )
  })
})

describe('keep and max-age', () => {
  test('keep: 2 deletes the older dumps of the prefix beyond the newest two; output pruned names their keys', async () => {
    const b = s3.bucket(BUCKET)
    for (const day of ['01', '02', '03'])
      b.put(
        `kept/2026-06-${day}T031700Z-1${day}.dump`,
        Buffer.from(day),
        'binary/octet-stream',
        {}
      )
    b.put('kept/hand-made.dump', Buffer.from('mine'), 'binary/octet-stream', {})
    const run = await dumpTo('kept/', { keep: '2' })
    assert.equal(run.exitCode, 0, errorLine(run) || run.stdout)
    assert.equal(
      run.outputs.pruned,
      'kept/2026-06-02T031700Z-102.dump,kept/2026-06-01T031700Z-101.dump'
    )
    assert.deepEqual(
      objects('kept/'),
      [
        'kept/2026-06-03T031700Z-103.dump',
        run.outputs.url.slice(`s3://${BUCKET}/`.length),
        'kept/hand-made.dump'
      ].sort()
    )
  })

  test('max-age: a restore whose newest dump is older fails with S3DumpTooOld, restoring nothing', async () => {
    s3.bucket(BUCKET).put(
      'stale/2026-01-01T000000Z-5.dump',
      Buffer.from('x'),
      'binary/octet-stream',
      {}
    )
    const { run, target } = await restoreFrom(`s3://${BUCKET}/stale/`, {
      'max-age': '26h'
    })
    assert.equal(run.exitCode, 1)
    assert.match(
      errorLine(run),
      /S3DumpTooOld: The newest dump under s3:\/\/pg-dumper-e2e\/stale\/ is .* old, older than max-age/
    )
    assert.equal(
      await seeded.server.psql(
        target,
        "SELECT count(*) FROM pg_tables WHERE schemaname = 'public'"
      ),
      '0'
    )
  })

  test('no dump under the prefix: S3DumpNotFound', async () => {
    const { run } = await restoreFrom(`s3://${BUCKET}/nothing-here/`)
    assert.equal(run.exitCode, 1)
    assert.match(
      errorLine(run),
      /S3DumpNotFound: There is no dump under s3:\/\/pg-dumper-e2e\/nothing-here\//
    )
  })
})

describe('s3-path-style', () => {
  test('true addresses <endpoint>/<bucket>/<key>; false puts the bucket in the host name', async () => {
    const endpoint = `http://localhost:${s3.port}`
    const inputs = (pathStyle: string) => ({
      mode: 'dump',
      connection: seeded.server.conninfo(seeded.db),
      's3-url': `s3://${BUCKET}/styles/`,
      's3-endpoint': endpoint,
      's3-path-style': pathStyle
    })
    const path = await step(inputs('true'))
    assert.equal(path.exitCode, 0, errorLine(path) || path.stdout)
    assert.ok(
      s3.calls
        .filter(c => c.key.startsWith('styles/'))
        .every(c => c.style === 'path')
    )
    // <bucket>.localhost resolves nowhere here: the host name shows the style
    const virtual = await step(inputs('false'))
    assert.equal(virtual.exitCode, 1)
    assert.match(
      errorLine(virtual),
      /S3RequestFailed: Listing s3:\/\/pg-dumper-e2e\/styles\/ failed: .*pg-dumper-e2e\.localhost/
    )
    assert.equal(objects('styles/').length, 1)
  })
})

describe('refusals', () => {
  test('a wrong secret fails before dumping: no dump file, no object', async () => {
    const wrong = await step(
      {
        mode: 'dump',
        connection: seeded.server.conninfo(seeded.db),
        's3-url': `s3://${BUCKET}/wrong/`
      },
      { AWS_SECRET_ACCESS_KEY: 'not-the-secret-at-all-0123456789' }
    )
    assert.equal(wrong.exitCode, 1)
    assert.match(
      errorLine(wrong),
      /S3RequestFailed: Listing s3:\/\/pg-dumper-e2e\/wrong\/ failed: SignatureDoesNotMatch \(HTTP 403\)/
    )
    assert.deepEqual(objects('wrong/'), [])
    assert.deepEqual(await readdir(wrong.cwd), [])
  })

  test('a malformed s3-url is an InputError naming it and what it accepts; nothing runs', async () => {
    const before = s3.calls.length
    const run = await step({
      mode: 'dump',
      connection: seeded.server.conninfo(seeded.db),
      's3-url': 's3:/bucket/x/'
    })
    assert.equal(run.exitCode, 1)
    assert.match(
      errorLine(run),
      /InputError: Invalid 's3-url' input 's3:\/bucket\/x\/': not an s3:\/\/ URL\. Expected s3:\/\/<bucket>\/<prefix>\//
    )
    assert.equal(s3.calls.length, before)
  })
})

test('the AWS credentials are masked first and appear nowhere else: log, outputs, summary', () => {
  assert.ok(runs.length >= 8)
  for (const { run, env } of runs) {
    const lines = run.stdout.split('\n')
    const firstOther = lines.findIndex(l => !l.startsWith('::add-mask::'))
    const masks = lines.slice(0, firstOther)
    const rest = [
      lines.slice(firstOther).join('\n'),
      run.stderr,
      JSON.stringify(run.outputs),
      run.summary
    ]
    for (const name of Object.keys(AWS)) {
      assert.ok(
        masks.includes(`::add-mask::${env[name]}`),
        `${name} masked before anything is printed`
      )
      for (const secret of new Set([env[name], AWS[name as keyof typeof AWS]]))
        for (const text of rest)
          assert.ok(!text.includes(secret), `${name} leaked`)
    }
  }
})
