// Proves the loopback S3 server against the real AWS SDK (@aws-sdk/client-s3
// and lib-storage's Upload): what the store's tests rely on S3 doing.
import assert from 'node:assert/strict'
import { randomBytes } from 'node:crypto'
import { Agent } from 'node:http'
import { Readable, Transform } from 'node:stream'
import { after, before, describe, test } from 'node:test'
import {
  AbortMultipartUploadCommand,
  CompleteMultipartUploadCommand,
  CopyObjectCommand,
  CreateMultipartUploadCommand,
  DeleteObjectCommand,
  DeleteObjectsCommand,
  GetObjectCommand,
  HeadObjectCommand,
  ListMultipartUploadsCommand,
  ListObjectsV2Command,
  PutObjectCommand,
  S3Client,
  UploadPartCommand,
  type S3ClientConfig
} from '@aws-sdk/client-s3'
import { Upload } from '@aws-sdk/lib-storage'
import { NodeHttpHandler } from '@smithy/node-http-handler'
import { startS3Server, type S3Server } from '../../test-support/s3-server.ts'

const BUCKET = 'dumps'
const KEY = { accessKeyId: 'AKIDTEST', secretAccessKey: 'secret/test+key' }
const TOKENED = {
  accessKeyId: 'ASIATEST',
  secretAccessKey: 'other-secret',
  sessionToken: 'session-token-value'
}
const MiB = 1024 * 1024

let server: S3Server

before(async () => {
  server = await startS3Server({
    buckets: [BUCKET],
    credentials: [KEY, TOKENED]
  })
})
after(() => server?.stop())

function client(config: Partial<S3ClientConfig> = {}): S3Client {
  return new S3Client({
    endpoint: server.endpoint,
    region: 'us-east-1',
    forcePathStyle: true,
    credentials: KEY,
    maxAttempts: 1,
    ...config
  })
}

async function bodyOf(key: string, range?: string): Promise<Buffer> {
  const got = await client().send(
    new GetObjectCommand({ Bucket: BUCKET, Key: key, Range: range })
  )
  return Buffer.from(await got.Body!.transformToByteArray())
}

async function rejectsWith(p: Promise<unknown>, name: string, status: number) {
  await assert.rejects(
    p,
    (error: Error & { $metadata?: { httpStatusCode?: number } }) => {
      assert.equal(error.name, name)
      assert.equal(error.$metadata?.httpStatusCode, status)
      return true
    }
  )
}

describe('objects', () => {
  test('a put keeps the bytes and x-amz-meta-*; head and ranged gets answer as S3', async () => {
    const body = randomBytes(1000)
    await client().send(
      new PutObjectCommand({
        Bucket: BUCKET,
        Key: 'a/one.dump',
        Body: body,
        Metadata: { sha256: 'abc', format: 'custom' }
      })
    )
    const head = await client().send(
      new HeadObjectCommand({ Bucket: BUCKET, Key: 'a/one.dump' })
    )
    assert.deepEqual(head.Metadata, { sha256: 'abc', format: 'custom' })
    assert.equal(head.ContentLength, 1000)
    assert.deepEqual(await bodyOf('a/one.dump'), body)
    assert.deepEqual(
      await bodyOf('a/one.dump', 'bytes=10-19'),
      body.subarray(10, 20)
    )
    assert.deepEqual(
      await bodyOf('a/one.dump', 'bytes=990-'),
      body.subarray(990)
    )
    assert.deepEqual(await bodyOf('a/one.dump', 'bytes=-5'), body.subarray(995))
    await rejectsWith(bodyOf('a/one.dump', 'bytes=5000-'), 'InvalidRange', 416)
    const put = server.calls.find(
      c => c.operation === 'PutObject' && c.key === 'a/one.dump'
    )
    assert.equal(put?.style, 'path')
    assert.equal(put?.bucket, BUCKET)
  })

  test('CopyObject onto itself replaces the metadata (REPLACE), and without REPLACE is refused as S3 does', async () => {
    const body = randomBytes(2000)
    const key = 'copy/self.dump'
    await client().send(
      new PutObjectCommand({
        Bucket: BUCKET,
        Key: key,
        Body: body,
        Metadata: { format: 'custom' }
      })
    )
    const copy = (replace: boolean) =>
      client().send(
        new CopyObjectCommand({
          Bucket: BUCKET,
          Key: key,
          CopySource: `${BUCKET}/${key}`,
          ...(replace && { MetadataDirective: 'REPLACE' as const }),
          Metadata: { format: 'custom', sha256: 'abc' }
        })
      )
    await rejectsWith(copy(false), 'InvalidRequest', 400)
    await copy(true)
    const head = await client().send(
      new HeadObjectCommand({ Bucket: BUCKET, Key: key })
    )
    assert.deepEqual(head.Metadata, { format: 'custom', sha256: 'abc' })
    assert.deepEqual(await bodyOf(key), body)
  })

  test('a streamed put comes aws-chunked with a trailing checksum, and is stored decoded', async () => {
    const body = randomBytes(300_000)
    const before = server.calls.length
    await client().send(
      new PutObjectCommand({
        Bucket: BUCKET,
        Key: 'a/streamed.dump',
        Body: Readable.from([
          body.subarray(0, 100_000),
          body.subarray(100_000)
        ]),
        ContentLength: body.length
      })
    )
    const call = server.calls
      .slice(before)
      .find(c => c.operation === 'PutObject')
    assert.equal(call?.chunked, true, 'the SDK sent aws-chunked')
    assert.deepEqual(
      server.bucket(BUCKET).objects.get('a/streamed.dump')?.body,
      body
    )
  })

  test('an aws-chunked body whose trailing checksum does not match is refused (BadDigest)', async () => {
    const s3 = client()
    // after signing, the trailer's CRC32 is replaced as it goes out
    s3.middlewareStack.add(
      next => async args => {
        const request = (args as { request: { body: Readable } }).request
        request.body = request.body.pipe(
          new Transform({
            transform(chunk: Buffer | string, _encoding, done) {
              done(
                null,
                String(chunk).startsWith('x-amz-checksum-crc32:')
                  ? 'x-amz-checksum-crc32:AAAAAA==\r\n'
                  : chunk
              )
            }
          })
        )
        return next(args)
      },
      { step: 'finalizeRequest', priority: 'low', name: 'bad-trailer' }
    )
    const before = server.calls.length
    await rejectsWith(
      s3.send(
        new PutObjectCommand({
          Bucket: BUCKET,
          Key: 'a/bad-trailer.dump',
          Body: Readable.from([randomBytes(1000)]),
          ContentLength: 1000
        })
      ),
      'BadDigest',
      400
    )
    assert.equal(server.calls.slice(before)[0]?.chunked, true)
    assert.equal(server.bucket(BUCKET).objects.has('a/bad-trailer.dump'), false)
  })

  test('a checksum that does not match the body is refused (BadDigest)', async () => {
    await rejectsWith(
      client().send(
        new PutObjectCommand({
          Bucket: BUCKET,
          Key: 'a/bad.dump',
          Body: Buffer.from('hello'),
          ChecksumCRC32: 'AAAAAA=='
        })
      ),
      'BadDigest',
      400
    )
    assert.equal(server.bucket(BUCKET).objects.has('a/bad.dump'), false)
  })

  test('head and get of a missing key: 404 (NotFound, NoSuchKey)', async () => {
    await rejectsWith(
      client().send(new HeadObjectCommand({ Bucket: BUCKET, Key: 'nope' })),
      'NotFound',
      404
    )
    await rejectsWith(bodyOf('nope'), 'NoSuchKey', 404)
    await rejectsWith(
      client().send(new GetObjectCommand({ Bucket: 'other', Key: 'x' })),
      'NoSuchBucket',
      404
    )
  })

  test('virtual-host style: the bucket in Host (<bucket>.localhost)', async () => {
    // *.localhost does not resolve here: the agent sends it to 127.0.0.1
    const httpAgent = new Agent({
      lookup: (_host, options, callback) =>
        options.all
          ? callback(null, [{ address: '127.0.0.1', family: 4 }])
          : callback(null, '127.0.0.1', 4)
    })
    const vhost = client({
      endpoint: `http://localhost:${server.port}`,
      forcePathStyle: false,
      requestHandler: new NodeHttpHandler({ httpAgent })
    })
    const before = server.calls.length
    await vhost.send(
      new PutObjectCommand({
        Bucket: BUCKET,
        Key: 'v/host.dump',
        Body: 'vhost'
      })
    )
    const got = await vhost.send(
      new GetObjectCommand({ Bucket: BUCKET, Key: 'v/host.dump' })
    )
    assert.equal(await got.Body!.transformToString(), 'vhost')
    const calls = server.calls.slice(before)
    assert.deepEqual(
      calls.map(c => [c.style, c.bucket, c.key, c.status]),
      [
        ['virtual', BUCKET, 'v/host.dump', 200],
        ['virtual', BUCKET, 'v/host.dump', 200]
      ]
    )
    httpAgent.destroy()
  })

  test('ListObjectsV2 pages by max-keys with continuation tokens, under a prefix', async () => {
    for (const n of [1, 2, 3, 4, 5])
      await client().send(
        new PutObjectCommand({
          Bucket: BUCKET,
          Key: `list/k${n}`,
          Body: `${n}`
        })
      )
    await client().send(
      new PutObjectCommand({ Bucket: BUCKET, Key: 'listless', Body: 'x' })
    )
    const pages: string[][] = []
    let token: string | undefined
    do {
      const page = await client().send(
        new ListObjectsV2Command({
          Bucket: BUCKET,
          Prefix: 'list/',
          MaxKeys: 2,
          ContinuationToken: token
        })
      )
      pages.push((page.Contents ?? []).map(o => `${o.Key}:${o.Size}`))
      token = page.IsTruncated ? page.NextContinuationToken : undefined
    } while (token)
    assert.deepEqual(pages, [
      ['list/k1:1', 'list/k2:1'],
      ['list/k3:1', 'list/k4:1'],
      ['list/k5:1']
    ])
    const deleted = await client().send(
      new DeleteObjectsCommand({
        Bucket: BUCKET,
        Delete: {
          Objects: [
            { Key: 'list/k1' },
            { Key: 'list/k2' },
            { Key: 'list/none' }
          ]
        }
      })
    )
    assert.deepEqual(
      deleted.Deleted?.map(d => d.Key),
      ['list/k1', 'list/k2', 'list/none']
    )
    await client().send(
      new DeleteObjectCommand({ Bucket: BUCKET, Key: 'list/k3' })
    )
    const left = await client().send(
      new ListObjectsV2Command({ Bucket: BUCKET, Prefix: 'list/' })
    )
    assert.deepEqual(
      left.Contents?.map(o => o.Key),
      ['list/k4', 'list/k5']
    )
  })
})

describe('multipart uploads', () => {
  test("lib-storage's Upload in several parts: assembled in order, metadata kept, a multipart ETag", async () => {
    const body = randomBytes(12 * MiB + 123)
    const upload = new Upload({
      client: client(),
      params: {
        Bucket: BUCKET,
        Key: 'mp/big.dump',
        Body: Readable.from(chunks(body)),
        Metadata: { format: 'custom' }
      },
      partSize: 5 * MiB,
      queueSize: 2
    })
    const done = await upload.done()
    assert.match(String(done.ETag), /^"[0-9a-f]{32}-3"$/)
    const stored = server.bucket(BUCKET).objects.get('mp/big.dump')!
    assert.deepEqual(stored.body, body)
    assert.deepEqual(stored.metadata, { format: 'custom' })
    const parts = server.calls.filter(
      c => c.operation === 'UploadPart' && c.key === 'mp/big.dump'
    )
    assert.deepEqual(parts.map(c => c.partNumber).sort(), [1, 2, 3])
    assert.equal(server.bucket(BUCKET).uploads.size, 0)
  })

  test('an Upload whose body fails is aborted: no object, no upload listed', async () => {
    function* failing() {
      yield* chunks(randomBytes(11 * MiB))
      throw new Error('the dump failed')
    }
    const upload = new Upload({
      client: client(),
      params: {
        Bucket: BUCKET,
        Key: 'mp/failed.dump',
        Body: Readable.from(failing())
      },
      partSize: 5 * MiB,
      queueSize: 1
    })
    await assert.rejects(upload.done(), /the dump failed/)
    const listed = await client().send(
      new ListMultipartUploadsCommand({ Bucket: BUCKET, Prefix: 'mp/' })
    )
    assert.deepEqual(listed.Uploads ?? [], [])
    assert.equal(server.bucket(BUCKET).objects.has('mp/failed.dump'), false)
    assert.ok(
      server.calls.some(
        c =>
          c.operation === 'AbortMultipartUpload' &&
          c.key === 'mp/failed.dump' &&
          c.status === 204
      )
    )
  })

  test('an aborted upload is listed until aborted, then gone with its parts', async () => {
    const s3 = client()
    const { UploadId } = await s3.send(
      new CreateMultipartUploadCommand({ Bucket: BUCKET, Key: 'mp/abort.dump' })
    )
    await s3.send(
      new UploadPartCommand({
        Bucket: BUCKET,
        Key: 'mp/abort.dump',
        UploadId,
        PartNumber: 1,
        Body: randomBytes(5 * MiB)
      })
    )
    const listed = await s3.send(
      new ListMultipartUploadsCommand({ Bucket: BUCKET, Prefix: 'mp/abort' })
    )
    assert.deepEqual(
      listed.Uploads?.map(u => [u.Key, u.UploadId]),
      [['mp/abort.dump', UploadId]]
    )
    await s3.send(
      new AbortMultipartUploadCommand({
        Bucket: BUCKET,
        Key: 'mp/abort.dump',
        UploadId
      })
    )
    const after = await s3.send(
      new ListMultipartUploadsCommand({ Bucket: BUCKET, Prefix: 'mp/abort' })
    )
    assert.deepEqual(after.Uploads ?? [], [])
    await rejectsWith(
      s3.send(
        new UploadPartCommand({
          Bucket: BUCKET,
          Key: 'mp/abort.dump',
          UploadId,
          PartNumber: 2,
          Body: 'x'
        })
      ),
      'NoSuchUpload',
      404
    )
    await rejectsWith(
      s3.send(
        new CompleteMultipartUploadCommand({
          Bucket: BUCKET,
          Key: 'mp/abort.dump',
          UploadId,
          MultipartUpload: { Parts: [{ PartNumber: 1, ETag: '"x"' }] }
        })
      ),
      'NoSuchUpload',
      404
    )
  })

  test('completing checks parts as AWS does: EntityTooSmall, InvalidPart, InvalidPartOrder', async () => {
    const s3 = client()
    const Key = 'mp/checks.dump'
    const { UploadId } = await s3.send(
      new CreateMultipartUploadCommand({ Bucket: BUCKET, Key })
    )
    const etags: string[] = []
    for (const [PartNumber, size] of [
      [1, 1000],
      [2, 5 * MiB],
      [3, 10]
    ] as const) {
      const put = await s3.send(
        new UploadPartCommand({
          Bucket: BUCKET,
          Key,
          UploadId,
          PartNumber,
          Body: randomBytes(size)
        })
      )
      etags.push(put.ETag!)
    }
    const complete = (Parts: { PartNumber: number; ETag: string }[]) =>
      s3.send(
        new CompleteMultipartUploadCommand({
          Bucket: BUCKET,
          Key,
          UploadId,
          MultipartUpload: { Parts }
        })
      )
    await rejectsWith(
      complete([
        { PartNumber: 1, ETag: etags[0] },
        { PartNumber: 2, ETag: etags[1] }
      ]),
      'EntityTooSmall',
      400
    )
    await rejectsWith(
      complete([{ PartNumber: 2, ETag: etags[0] }]),
      'InvalidPart',
      400
    )
    await rejectsWith(
      complete([
        { PartNumber: 3, ETag: etags[2] },
        { PartNumber: 2, ETag: etags[1] }
      ]),
      'InvalidPartOrder',
      400
    )
    await complete([
      { PartNumber: 2, ETag: etags[1] },
      { PartNumber: 3, ETag: etags[2] }
    ])
    assert.equal(
      server.bucket(BUCKET).objects.get(Key)?.body.length,
      5 * MiB + 10
    )
  })
})

describe('signatures', () => {
  test('a wrong secret is refused: 403 SignatureDoesNotMatch, nothing stored', async () => {
    const wrong = client({
      credentials: { ...KEY, secretAccessKey: 'not-the-secret' }
    })
    await rejectsWith(
      wrong.send(
        new PutObjectCommand({ Bucket: BUCKET, Key: 'sig/x', Body: 'x' })
      ),
      'SignatureDoesNotMatch',
      403
    )
    await rejectsWith(
      wrong.send(new ListObjectsV2Command({ Bucket: BUCKET })),
      'SignatureDoesNotMatch',
      403
    )
    assert.equal(server.bucket(BUCKET).objects.has('sig/x'), false)
  })

  test('an unknown key id and a missing or wrong session token are refused', async () => {
    await rejectsWith(
      client({
        credentials: { accessKeyId: 'AKIDNOBODY', secretAccessKey: 'x' }
      }).send(new ListObjectsV2Command({ Bucket: BUCKET })),
      'InvalidAccessKeyId',
      403
    )
    const untokened = {
      accessKeyId: TOKENED.accessKeyId,
      secretAccessKey: TOKENED.secretAccessKey
    }
    await rejectsWith(
      client({ credentials: untokened }).send(
        new ListObjectsV2Command({ Bucket: BUCKET })
      ),
      'InvalidToken',
      403
    )
    await rejectsWith(
      client({ credentials: { ...TOKENED, sessionToken: 'other' } }).send(
        new ListObjectsV2Command({ Bucket: BUCKET })
      ),
      'InvalidToken',
      403
    )
    const ok = await client({ credentials: TOKENED }).send(
      new ListObjectsV2Command({ Bucket: BUCKET, MaxKeys: 1 })
    )
    assert.equal(ok.KeyCount, 1)
  })

  test('a body that is not the signed payload is refused (XAmzContentSHA256Mismatch)', async () => {
    // the SDK signs a hex SHA-256 of a known body over plain http: change the body under it
    const s3 = client()
    s3.middlewareStack.add(
      next => async args => {
        const request = (
          args as {
            request: { body: unknown }
          }
        ).request
        // as long as what was signed: only the signed hash tells them apart
        request.body = String(request.body).replace('one.dump', 'two.dump')
        return next(args)
      },
      { step: 'finalizeRequest', priority: 'low', name: 'tamper' }
    )
    await rejectsWith(
      s3.send(
        new DeleteObjectsCommand({
          Bucket: BUCKET,
          Delete: { Objects: [{ Key: 'a/one.dump' }] }
        })
      ),
      'XAmzContentSHA256Mismatch',
      400
    )
    assert.ok(server.bucket(BUCKET).objects.has('a/one.dump'))
  })
})

function* chunks(body: Buffer, size = 256 * 1024): Generator<Buffer> {
  for (let at = 0; at < body.length; at += size)
    yield body.subarray(at, at + size)
}
