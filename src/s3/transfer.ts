// A dump file into an S3 object (hashed first, so that its SHA-256 is in the
// object's metadata from the start), and an object back: into a fresh file,
// verified, or as a stream.
import { createHash } from 'node:crypto'
import { createReadStream, createWriteStream } from 'node:fs'
import { rm, stat } from 'node:fs/promises'
import { Transform, type Readable } from 'node:stream'
import { pipeline } from 'node:stream/promises'
import { GetObjectCommand, type S3Client } from '@aws-sdk/client-s3'
import { Upload } from '@aws-sdk/lib-storage'
import { S3DigestMismatch } from './errors.ts'
import { request } from './objects.ts'
import type { SinkResult, SinkTarget } from './sink.ts'

async function sha256Of(file: string): Promise<string> {
  const hash = createHash('sha256')
  await pipeline(createReadStream(file), hash)
  return hash.digest('hex')
}

/**
 * Uploads a file as the target's object (lib-storage: one PutObject, or a
 * multipart upload of a few parts at once, aborted when it fails), its
 * SHA-256 and size in its metadata.
 */
export async function putFile(
  target: SinkTarget,
  file: string
): Promise<SinkResult> {
  const sha256 = await sha256Of(file)
  const { size } = await stat(file)
  const { client, bucket, key } = target
  const upload = new Upload({
    client,
    params: {
      Bucket: bucket,
      Key: key,
      Body: createReadStream(file),
      ContentLength: size,
      Metadata: { ...target.metadata, sha256, size: String(size) }
    },
    partSize: Math.max(target.partSize ?? 0, 8 * 1024 * 1024),
    queueSize: target.inFlight ?? 2,
    leavePartsOnError: false
  })
  await request(`Uploading ${file} to s3://${bucket}/${key}`, () =>
    upload.done()
  )
  return { key, size, sha256 }
}

/** The object's bytes as a stream (GetObject's body). */
export async function objectStream(
  client: S3Client,
  bucket: string,
  key: string
): Promise<Readable> {
  const got = await request(`Downloading s3://${bucket}/${key}`, () =>
    client.send(new GetObjectCommand({ Bucket: bucket, Key: key }))
  )
  return got.Body as Readable
}

/**
 * An object's `body` as it passes, hashed: the stream errors at its end,
 * before the reader sees the end, when its SHA-256 is not `sha256` (the
 * one recorded when it was stored); `done` is told its size otherwise.
 */
export function verifiedStream(
  body: Readable,
  url: string,
  sha256: string | undefined,
  done: (size: number) => void
): Readable {
  const hash = createHash('sha256')
  let size = 0
  const checked = new Transform({
    transform(chunk: Buffer, _encoding, next) {
      hash.update(chunk)
      size += chunk.length
      next(null, chunk)
    },
    flush(next) {
      const got = hash.digest('hex')
      if (sha256 !== undefined && got !== sha256) {
        next(
          new S3DigestMismatch(
            `The dump read from ${url} (${size} bytes) has SHA-256 ${got}, ` +
              `but ${sha256} was recorded when it was stored: it changed or was cut short. The restore was stopped.`
          )
        )
        return
      }
      done(size)
      next()
    }
  })
  body.on('error', error => checked.destroy(error))
  checked.on('close', () => body.destroy())
  return body.pipe(checked)
}

/**
 * Downloads the object into `file` (a new file, private), checking its
 * SHA-256 when one was recorded; the file is removed when anything fails.
 */
export async function downloadObject(
  client: S3Client,
  bucket: string,
  key: string,
  file: string,
  sha256: string | undefined
): Promise<{ size: number; sha256: string }> {
  const hash = createHash('sha256')
  let size = 0
  try {
    const body = await objectStream(client, bucket, key)
    body.on('data', (chunk: Buffer) => {
      hash.update(chunk)
      size += chunk.length
    })
    await request(`Downloading s3://${bucket}/${key}`, () =>
      pipeline(body, createWriteStream(file, { flags: 'wx', mode: 0o600 }))
    )
    const got = hash.digest('hex')
    if (sha256 !== undefined && got !== sha256) {
      throw new S3DigestMismatch(
        `The dump downloaded from s3://${bucket}/${key} (${size} bytes) has SHA-256 ${got}, ` +
          `but ${sha256} was recorded when it was stored: it changed or was cut short. Nothing was restored.`
      )
    }
    return { size, sha256: got }
  } catch (error) {
    await rm(file, { force: true })
    throw error
  }
}
