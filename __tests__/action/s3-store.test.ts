// The S3 store driven directly against the loopback S3 server (SigV4 and
// multipart as AWS does them): a dump streamed into putStream() becomes an
// object only on commit(), abort() leaves no object and no unfinished
// upload, a failing part fails the stream, back-pressure bounds the parts in
// flight; a file put, find (newest, exact key, max-age), fetch (verified)
// and fetchStream, and keep.
import assert from 'node:assert/strict'
import { createHash, randomBytes } from 'node:crypto'
import { existsSync } from 'node:fs'
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { Readable, type Writable } from 'node:stream'
import { pipeline } from 'node:stream/promises'
import { after, before, beforeEach, describe, test } from 'node:test'
import type { S3Put, S3Take } from '../../src/action/s3-inputs.ts'
import type { S3Location } from '../../src/s3/location.ts'
import type { StreamedDump } from '../../src/store/store.ts'
import { S3Store } from '../../src/store/s3-store.ts'
import {
  S3Failure,
  startS3Server,
  type S3Call,
  type S3Server
} from '../../test-support/s3-server.ts'

const BUCKET = 'backups'
const CREDENTIALS = {
  accessKeyId: 'AKIASTORETEST',
  secretAccessKey: 'store-test-secret-key-0123456789',
  sessionToken: 'store-session-token'
}
const MiB = 1024 * 1024

let server: S3Server
let work: string
let fault: ((call: S3Call) => S3Failure | undefined) | undefined
let delay: ((call: S3Call) => number | undefined) | undefined
const savedRunId = process.env.GITHUB_RUN_ID
const savedTemp = process.env.RUNNER_TEMP

before(async () => {
  server = await startS3Server({
    buckets: [BUCKET],
    credentials: [CREDENTIALS],
    fault: call => fault?.(call),
    delay: call => delay?.(call)
  })
  work = await mkdtemp(join(tmpdir(), 'pg-dumper-s3-store-'))
  process.env.GITHUB_RUN_ID = '777'
  // fetch() downloads under RUNNER_TEMP: here, removed with the rest
  process.env.RUNNER_TEMP = work
})
after(async () => {
  await server?.stop()
  if (work) await rm(work, { recursive: true, force: true })
  if (savedRunId === undefined) delete process.env.GITHUB_RUN_ID
  else process.env.GITHUB_RUN_ID = savedRunId
  if (savedTemp === undefined) delete process.env.RUNNER_TEMP
  else process.env.RUNNER_TEMP = savedTemp
})
beforeEach(() => {
  fault = undefined
  delay = undefined
})

function location(prefix: string, key?: string): S3Location {
  return {
    bucket: BUCKET,
    prefix,
    key,
    endpoint: server.endpoint,
    pathStyle: true,
    region: 'us-east-1',
    credentials: CREDENTIALS
  }
}

const putStore = (prefix: string, keep?: number) =>
  new S3Store({
    location: location(prefix),
    format: 'custom',
    keep
  } satisfies S3Put)
const takeStore = (
  prefix: string,
  extra: Partial<S3Take> & { key?: string } = {}
) =>
  new S3Store({
    location: location(prefix, extra.key),
    maxAgeMs: extra.maxAgeMs
  })

const sha256 = (b: Buffer) => createHash('sha256').update(b).digest('hex')
const keysUnder = (prefix: string) =>
  [...server.bucket(BUCKET).objects.keys()]
    .filter(k => k.startsWith(prefix))
    .sort()
const uploadsUnder = (prefix: string) =>
  [...server.bucket(BUCKET).uploads.values()].filter(u =>
    u.key.startsWith(prefix)
  )

/** Pipes `body` into the sink's stream in 64 KiB chunks, as the core would: back-pressure and errors honoured. */
async function writeAll(stream: Writable, body: Buffer): Promise<void> {
  function* chunks() {
    for (let at = 0; at < body.length; at += 64 * 1024)
      yield body.subarray(at, at + 64 * 1024)
  }
  await pipeline(Readable.from(chunks()), stream)
}

/** A custom dump, not encrypted: what the dump step tells putStream(). */
const CUSTOM = { format: 'custom', encrypted: false } as const

/** What the dump step hands commit(): the writer's own size and SHA-256 of `body`. */
function written(body: Buffer): StreamedDump {
  return {
    sha256: sha256(body),
    size: body.length,
    format: 'custom',
    encrypted: false,
    serverVersion: '15.18',
    clientVersion: '15.18'
  }
}

describe('putStream', () => {
  test('a dump of several parts is no object until commit(), then one object with its digest in its metadata and beside it', async () => {
    const store = putStore('stream/')
    const body = randomBytes(17 * MiB + 5)
    const sink = await store.putStream('backup.dump', CUSTOM)
    await writeAll(sink.stream, body)
    // every full part is up, but nothing is an object yet
    assert.deepEqual(keysUnder('stream/'), [])
    assert.equal(uploadsUnder('stream/').length, 1)
    const stored = await sink.commit(written(body))
    const [key] = keysUnder('stream/').filter(k => !k.endsWith('.sha256'))
    assert.match(key, /^stream\/\d{4}-\d{2}-\d{2}T\d{6}Z-777\.dump$/)
    assert.deepEqual(stored, {
      id: 777,
      name: key,
      url: `s3://${BUCKET}/${key}`,
      digest: sha256(body),
      format: 'file',
      size: body.length,
      kind: 's3'
    })
    const object = server.bucket(BUCKET).objects.get(key)!
    assert.ok(object.body.equals(body))
    const parts = server.calls.filter(
      c => c.operation === 'UploadPart' && c.key === key
    )
    assert.equal(parts.length, 3, 'three parts: 8 + 8 MiB and the rest')
    assert.equal(object.metadata.format, 'custom')
    assert.equal(object.metadata['run-id'], '777')
    // what the upload could not know when it began, copied in at commit
    assert.equal(object.metadata.sha256, sha256(body))
    assert.equal(object.metadata.size, String(body.length))
    assert.equal(object.metadata['server-version'], '15.18')
    assert.equal(object.metadata['client-version'], '15.18')
    assert.equal(
      server.bucket(BUCKET).objects.get(`${key}.sha256`)?.body.toString(),
      `${sha256(body)}  ${key.slice('stream/'.length)}\n`
    )
    assert.deepEqual(uploadsUnder('stream/'), [])
    // and it is what a restore finds, verified
    const found = await takeStore('stream/').find()
    assert.equal(found.digest, `sha256:${sha256(body)}`)
    const fetched = await takeStore('stream/').fetch({})
    assert.ok((await readFile(fetched.file)).equals(body))
  })

  test('a small dump is one PutObject at commit(), its digest in its metadata; no multipart upload', async () => {
    const store = putStore('small/')
    const body = randomBytes(300_000)
    const before = server.calls.length
    const sink = await store.putStream('backup.sql.age', {
      format: 'plain',
      encrypted: true
    })
    await writeAll(sink.stream, body)
    assert.deepEqual(keysUnder('small/'), [])
    const stored = await sink.commit(written(body))
    assert.match(stored.name, /-777\.sql\.age$/)
    const calls = server.calls.slice(before).map(c => c.operation)
    assert.deepEqual(calls, ['PutObject'])
    const object = server.bucket(BUCKET).objects.get(stored.name)!
    assert.equal(object.metadata.sha256, sha256(body))
    assert.equal(object.metadata.encrypted, 'true')
  })

  test('abort() after parts went up leaves no object, no upload and no digest file', async () => {
    const store = putStore('aborted/')
    const sink = await store.putStream('backup.dump', CUSTOM)
    const body = randomBytes(12 * MiB)
    for (let at = 0; at < body.length; at += MiB) {
      if (!sink.stream.write(body.subarray(at, at + MiB)))
        await new Promise(resolve => sink.stream.once('drain', resolve))
    }
    await sink.abort()
    assert.deepEqual(keysUnder('aborted/'), [])
    assert.deepEqual(uploadsUnder('aborted/'), [])
    assert.ok(
      server.calls.some(
        c =>
          c.operation === 'AbortMultipartUpload' &&
          c.key.startsWith('aborted/') &&
          c.status === 204
      )
    )
    assert.ok(sink.stream.destroyed, 'the stream can take no more')
    await sink.abort() // twice is harmless
  })

  test('abort() while a write waits for slow parts: they settle, the upload is aborted, and no part starts after', async () => {
    delay = call => (call.operation === 'UploadPart' ? 300 : undefined)
    const sink = await putStore('slow/').putStream('backup.dump', CUSTOM)
    sink.stream.on('error', () => undefined)
    // one write of five parts: the sink waits after the second
    sink.stream.write(randomBytes(40 * MiB))
    const slow = () => server.calls.filter(c => c.key.startsWith('slow/'))
    while (!slow().some(c => c.operation === 'UploadPart'))
      await new Promise(resolve => setTimeout(resolve, 20))
    await sink.abort()
    await new Promise(resolve => setTimeout(resolve, 700))
    assert.deepEqual(uploadsUnder('slow/'), [])
    assert.deepEqual(keysUnder('slow/'), [])
    const operations = slow().map(c => c.operation)
    assert.deepEqual(operations, [
      'CreateMultipartUpload',
      'UploadPart',
      'UploadPart',
      'AbortMultipartUpload'
    ])
  })

  test('commit() of bytes other than the writer wrote keeps nothing: no object, no upload, no digest file', async () => {
    const store = putStore('mismatch/')
    const sink = await store.putStream('backup.dump', CUSTOM)
    const body = randomBytes(11 * MiB)
    await writeAll(sink.stream, body)
    const claimed = { ...written(body), sha256: sha256(randomBytes(8)) }
    await assert.rejects(sink.commit(claimed), /nothing was kept/)
    assert.deepEqual(keysUnder('mismatch/'), [])
    assert.deepEqual(uploadsUnder('mismatch/'), [])
  })

  test('a part S3 refuses fails the stream; abort() then leaves nothing', async () => {
    const store = putStore('refused/')
    fault = call =>
      call.operation === 'UploadPart' && call.partNumber === 2
        ? new S3Failure(403, 'AccessDenied', 'Access Denied')
        : undefined
    const sink = await store.putStream('backup.dump', CUSTOM)
    await assert.rejects(
      writeAll(sink.stream, randomBytes(30 * MiB)),
      /Uploading part 2 of s3:\/\/backups\/refused\/.*AccessDenied \(HTTP 403\)/
    )
    await sink.abort()
    assert.deepEqual(keysUnder('refused/'), [])
    assert.deepEqual(uploadsUnder('refused/'), [])
  })

  test('commit() before the stream ended is refused, and abort() still cleans up', async () => {
    const sink = await putStore('early/').putStream('backup.dump', CUSTOM)
    const early = randomBytes(9 * MiB)
    sink.stream.write(early)
    await assert.rejects(
      sink.commit(written(early)),
      /commit\(\) before the dump stream ended/
    )
    await sink.abort()
    assert.deepEqual(uploadsUnder('early/'), [])
  })

  test('back-pressure: never more than two parts on the way, whatever the writer offers', async () => {
    let peak = 0
    fault = call => {
      if (call.operation === 'UploadPart') {
        const open = server.calls.filter(
          c =>
            c.operation === 'UploadPart' &&
            c.status === 0 &&
            c.key.startsWith('pressure/')
        ).length
        peak = Math.max(peak, open)
      }
      return undefined
    }
    const sink = await putStore('pressure/').putStream('backup.dump', CUSTOM)
    const body = randomBytes(48 * MiB)
    await writeAll(sink.stream, body)
    await sink.commit(written(body))
    assert.ok(peak >= 1 && peak <= 2, `parts on the way at once: ${peak}`)
  })
})

describe('put, find, fetch, keep', () => {
  async function dumpFile(name: string, body: Buffer): Promise<string> {
    const file = join(work, name)
    await writeFile(file, body)
    return file
  }

  test('a file put records its digest and size as metadata; find() takes the newest; fetchStream gives its bytes', async () => {
    const body = randomBytes(10 * MiB + 1)
    const stored = await putStore('files/').put({
      file: await dumpFile('shop.dump', body),
      encrypted: false
    })
    const object = server.bucket(BUCKET).objects.get(stored.name)!
    assert.deepEqual(
      [object.metadata.sha256, object.metadata.size, object.metadata.format],
      [sha256(body), String(body.length), 'custom']
    )
    assert.ok(
      !server.bucket(BUCKET).objects.has(`${stored.name}.sha256`),
      'no digest file beside'
    )
    const store = takeStore('files/')
    const found = await store.find()
    assert.equal(found.name, stored.name)
    const stream = await store.fetchStream(found)
    const chunks: Buffer[] = []
    for await (const chunk of stream) chunks.push(chunk as Buffer)
    assert.ok(Buffer.concat(chunks).equals(body))
  })

  test('an object changed after it was stored fails the fetch (S3DigestMismatch), leaving no file', async () => {
    const stored = await putStore('tamper/').put({
      file: await dumpFile('t.dump', randomBytes(1000)),
      encrypted: false
    })
    server.bucket(BUCKET).objects.get(stored.name)!.body = randomBytes(1000)
    const tracked: string[] = []
    await assert.rejects(
      takeStore('tamper/').fetch({ track: d => tracked.push(d) }),
      (e: Error) =>
        e.name === 'S3DigestMismatch' &&
        /was recorded when it was stored/.test(e.message)
    )
    assert.equal(tracked.length, 1)
    assert.equal(
      existsSync(tracked[0]),
      false,
      'the download folder is removed'
    )
  })

  test('fetchStream of an object changed after it was stored errors before its end (S3DigestMismatch)', async () => {
    const stored = await putStore('tamper-stream/').put({
      file: await dumpFile('s.dump', randomBytes(3 * MiB)),
      encrypted: false
    })
    server.bucket(BUCKET).objects.get(stored.name)!.body = randomBytes(3 * MiB)
    const store = takeStore('tamper-stream/')
    const stream = await store.fetchStream(await store.find())
    let read = 0
    await assert.rejects(
      (async () => {
        for await (const chunk of stream) read += (chunk as Buffer).length
      })(),
      (e: Error) =>
        e.name === 'S3DigestMismatch' &&
        /was recorded when it was stored/.test(e.message)
    )
    assert.ok(read > 0, 'the bytes passed, then the error instead of the end')
  })

  test('the newest by the time in its key; other objects under the prefix are not dumps; an exact key; max-age', async () => {
    const b = server.bucket(BUCKET)
    b.put(
      'series/2026-01-01T000000Z-1.dump',
      Buffer.from('old'),
      'binary/octet-stream',
      { sha256: sha256(Buffer.from('old')) }
    )
    b.put(
      'series/2026-03-01T000000Z-3.dump',
      Buffer.from('new'),
      'binary/octet-stream',
      { sha256: sha256(Buffer.from('new')) }
    )
    b.put(
      'series/2026-02-01T000000Z-2.dump',
      Buffer.from('mid'),
      'binary/octet-stream',
      {}
    )
    b.put('series/zzz-notes.txt', Buffer.from('x'), 'text/plain', {})
    b.put(
      'series/sub/2027-01-01T000000Z-9.dump',
      Buffer.from('x'),
      'binary/octet-stream',
      {}
    )
    assert.deepEqual(
      (await takeStore('series/').list()).map(f => f.name),
      [
        'series/2026-03-01T000000Z-3.dump',
        'series/2026-02-01T000000Z-2.dump',
        'series/2026-01-01T000000Z-1.dump'
      ]
    )
    const newest = await takeStore('series/').find()
    assert.deepEqual(
      [newest.name, newest.runId, newest.createdAt, newest.s3],
      [
        'series/2026-03-01T000000Z-3.dump',
        3,
        '2026-03-01T00:00:00Z',
        `s3://${BUCKET}/series/2026-03-01T000000Z-3.dump`
      ]
    )
    const exact = await takeStore('series/', {
      key: 'series/2026-01-01T000000Z-1.dump'
    }).find()
    assert.equal(exact.digest, `sha256:${sha256(Buffer.from('old'))}`)
    await assert.rejects(
      takeStore('series/', { maxAgeMs: 3600_000 }).find(),
      (e: Error) =>
        e.name === 'S3DumpTooOld' &&
        /series\/2026-03-01T000000Z-3\.dump/.test(e.message)
    )
    await assert.rejects(
      takeStore('series/', { key: 'series/missing.dump' }).find(),
      { name: 'S3DumpNotFound' }
    )
    await assert.rejects(takeStore('empty/').find(), { name: 'S3DumpNotFound' })
  })

  test('keep: the newest N stay, the kept one among them; the older go with their digest files; nothing else is touched', async () => {
    const b = server.bucket(BUCKET)
    for (const day of ['01', '02', '03', '04']) {
      b.put(
        `kept/2026-05-${day}T000000Z-${day}.dump`,
        Buffer.from(day),
        'binary/octet-stream',
        {}
      )
      b.put(
        `kept/2026-05-${day}T000000Z-${day}.dump.sha256`,
        Buffer.from(day),
        'text/plain',
        {}
      )
    }
    b.put('kept/README.txt', Buffer.from('mine'), 'text/plain', {})
    const store = putStore('kept/', 2)
    const stored = await store.put({
      file: await dumpFile('k.dump', randomBytes(100)),
      encrypted: false
    })
    const { outcome, failure } = await store.prune(stored)
    assert.equal(failure, undefined)
    assert.deepEqual(
      outcome.deleted.map(d => d.name),
      [
        'kept/2026-05-03T000000Z-03.dump',
        'kept/2026-05-02T000000Z-02.dump',
        'kept/2026-05-01T000000Z-01.dump'
      ]
    )
    assert.deepEqual(
      keysUnder('kept/'),
      [
        'kept/2026-05-04T000000Z-04.dump',
        'kept/2026-05-04T000000Z-04.dump.sha256',
        'kept/README.txt',
        stored.name
      ].sort()
    )
  })

  test('keep where deleting is denied fails the step, the new dump kept and named', async () => {
    const b = server.bucket(BUCKET)
    b.put(
      'denied/2026-05-01T000000Z-1.dump',
      Buffer.from('x'),
      'binary/octet-stream',
      {}
    )
    const store = putStore('denied/', 1)
    const stored = await store.put({
      file: await dumpFile('d.dump', randomBytes(100)),
      encrypted: false
    })
    fault = call =>
      call.operation === 'DeleteObjects'
        ? new S3Failure(403, 'AccessDenied', 'Access Denied')
        : undefined
    const { outcome, failure } = await store.prune(stored)
    assert.equal(failure?.name, 'S3RequestFailed')
    assert.match(
      failure.message,
      new RegExp(
        `stored as ${stored.url.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')} and is kept.*s3:DeleteObject`
      )
    )
    assert.equal(outcome.deleted.length, 0)
    assert.ok(
      b.objects.has(stored.name) &&
        b.objects.has('denied/2026-05-01T000000Z-1.dump')
    )
  })

  test('prepare() fails before any dump when the credentials are refused', async () => {
    const wrong = new S3Store({
      location: {
        ...location('x/'),
        credentials: { ...CREDENTIALS, secretAccessKey: 'wrong-secret' }
      },
      format: 'custom'
    })
    await assert.rejects(
      wrong.prepare(),
      (e: Error) =>
        e.name === 'S3RequestFailed' &&
        /SignatureDoesNotMatch \(HTTP 403\)/.test(e.message) &&
        !e.message.includes('wrong-secret')
    )
    await putStore('x/').prepare()
  })
})
