// A dump written into one S3 object as it comes: hashed, cut into parts of a
// multipart upload, a few in flight (memory stays bounded); nothing is an
// object until commit(): one PutObject for a small dump, else the last part,
// CompleteMultipartUpload and a copy onto itself giving it its SHA-256 and
// versions. abort() aborts the upload once no part is on the way: no
// object, no unfinished upload left.
import { createHash } from 'node:crypto'
import { posix } from 'node:path'
import { Writable } from 'node:stream'
import {
  AbortMultipartUploadCommand,
  CompleteMultipartUploadCommand,
  CreateMultipartUploadCommand,
  DeleteObjectCommand,
  PutObjectCommand,
  UploadPartCommand,
  type S3Client
} from '@aws-sdk/client-s3'
import { metadataInPlace, request } from './objects.ts'
import { MiB, partSizeOf } from './parts.ts'

/** Where the object goes, and what it records from the start. */
export interface SinkTarget {
  client: S3Client
  bucket: string
  key: string
  /** x-amz-meta-*: known before the first byte (`sha256` when hashed ahead) */
  metadata: Record<string, string>
  /** bytes of the first parts (S3's least: 5 MiB); they grow past 2,000 parts */
  partSize?: number
  /** parts uploading at once, at most */
  inFlight?: number
}

/** The object as committed. */
export interface SinkResult {
  key: string
  size: number
  /** hex SHA-256 of the bytes written */
  sha256: string
  /** false: the object's metadata lacks its SHA-256 (in `<key>.sha256` only) */
  metadataWhole?: boolean
}

/** Beside an object whose SHA-256 was not known when its upload began. */
const DIGEST_SUFFIX = '.sha256'

/** A sink into one S3 object: its stream, commit(), abort(). */
export class ObjectSink {
  readonly stream: Writable
  readonly #t: SinkTarget
  readonly #base: number
  readonly #inFlight: number
  readonly #hash = createHash('sha256')
  #size = 0
  #pending: Buffer[] = []
  #pendingBytes = 0
  #uploadId?: Promise<string>
  #parts: { PartNumber: number; ETag: string }[] = []
  #nextPart = 1
  #running = new Set<Promise<void>>()
  #failure?: Error
  #state: 'open' | 'committing' | 'committed' | 'aborted' = 'open'

  constructor(target: SinkTarget) {
    this.#t = target
    this.#base = Math.max(5 * MiB, target.partSize ?? 8 * MiB)
    this.#inFlight = Math.max(1, target.inFlight ?? 2)
    this.stream = new Writable({
      highWaterMark: MiB,
      write: (chunk: Buffer, _encoding, done) => {
        this.#take(chunk).then(() => done(), done)
      }
    })
  }

  async #take(chunk: Buffer): Promise<void> {
    if (this.#state !== 'open')
      throw new Error(
        `the S3 upload was ${this.#state === 'aborted' ? 'aborted' : 'committed'}`
      )
    this.#check()
    this.#hash.update(chunk)
    this.#size += chunk.length
    this.#pending.push(chunk)
    this.#pendingBytes += chunk.length
    const next = (): number => partSizeOf(this.#nextPart, this.#base)
    while (this.#pendingBytes >= next()) {
      // aborted while this write waited for a part: nothing more goes up
      if (this.#aborted()) throw new Error('the S3 upload was aborted')
      const size = next()
      const all = Buffer.concat(this.#pending)
      this.#pending = [all.subarray(size)]
      this.#pendingBytes = all.length - size
      this.#startPart(all.subarray(0, size))
      // back-pressure: the stream waits while the parts in flight are many
      while (this.#running.size >= this.#inFlight)
        await Promise.race(this.#running)
      this.#check()
    }
  }

  #aborted = (): boolean => this.#state === 'aborted'

  /** Throws what failed a part, if one did. */
  #check(): void {
    const failure = this.#failure
    if (failure) throw failure
  }

  #create(): Promise<string> {
    // an upload begun after abort() would be left unfinished
    if (this.#aborted() && !this.#uploadId)
      return Promise.reject(new Error('the S3 upload was aborted'))
    const { client, bucket, key, metadata } = this.#t
    this.#uploadId ??= request(
      `Starting the upload of s3://${bucket}/${key}`,
      () =>
        client.send(
          new CreateMultipartUploadCommand({
            Bucket: bucket,
            Key: key,
            Metadata: metadata
          })
        )
    ).then(r => {
      if (!r.UploadId) throw new Error('S3 gave no UploadId')
      return r.UploadId
    })
    return this.#uploadId
  }

  #startPart(body: Buffer): void {
    const PartNumber = this.#nextPart++
    const { client, bucket, key } = this.#t
    const run = (async () => {
      const UploadId = await this.#create()
      const done = await request(
        `Uploading part ${PartNumber} of s3://${bucket}/${key}`,
        () =>
          client.send(
            new UploadPartCommand({
              Bucket: bucket,
              Key: key,
              UploadId,
              PartNumber,
              Body: body
            })
          )
      )
      this.#parts.push({ PartNumber, ETag: done.ETag ?? '' })
    })().catch((error: unknown) => {
      this.#failure ??=
        error instanceof Error ? error : new Error(String(error))
    })
    const tracked = run.finally(() => this.#running.delete(tracked))
    this.#running.add(tracked)
  }

  async #settle(): Promise<void> {
    while (this.#running.size) await Promise.allSettled([...this.#running])
  }

  /**
   * Completes the object: the stream must have ended. Fails (having
   * aborted) when S3 refused any of it, or when what it received is not
   * `expected` (the size and SHA-256 the writer took of what it wrote).
   * `late`: metadata known only now (the versions), recorded where the
   * object is one PutObject; a multipart upload's was fixed when it began.
   */
  async commit(
    expected?: { size: number; sha256: string },
    late: Record<string, string> = {}
  ): Promise<SinkResult> {
    if (this.#state !== 'open')
      throw new Error(`commit() after the S3 upload was ${this.#state}`)
    if (!this.stream.writableEnded)
      throw new Error('commit() before the dump stream ended')
    if (!this.stream.writableFinished)
      await new Promise<void>((resolve, reject) => {
        this.stream.once('finish', resolve)
        this.stream.once('error', reject)
      })
    this.#state = 'committing'
    try {
      const result = await this.#complete(expected, late)
      this.#state = 'committed'
      return result
    } catch (error) {
      this.#state = 'open'
      await this.abort().catch(() => undefined)
      throw error
    }
  }

  async #complete(
    expected: { size: number; sha256: string } | undefined,
    late: Record<string, string>
  ): Promise<SinkResult> {
    await this.#settle()
    this.#check()
    const { client, bucket, key, metadata } = this.#t
    const sha256 = this.#hash.digest('hex')
    if (
      expected &&
      (expected.size !== this.#size || expected.sha256 !== sha256)
    )
      throw new Error(
        `the upload received ${this.#size} bytes of SHA-256 ${sha256}, but ${expected.size} bytes of SHA-256 ${expected.sha256} were written: nothing was kept`
      )
    const result = { key, size: this.#size, sha256 }
    const rest = Buffer.concat(this.#pending)
    if (!this.#uploadId) {
      await request(`Uploading s3://${bucket}/${key}`, () =>
        client.send(
          new PutObjectCommand({
            Bucket: bucket,
            Key: key,
            Body: rest,
            Metadata: {
              ...metadata,
              ...late,
              sha256,
              size: String(this.#size)
            }
          })
        )
      )
      return result
    }
    if (rest.length) this.#startPart(rest)
    await this.#settle()
    this.#check()
    const UploadId = await this.#create()
    // the digest was not known when the upload began: it goes beside the object first
    const digestKey = `${key}${DIGEST_SUFFIX}`
    const sidecar = metadata.sha256 === undefined
    if (sidecar)
      await request(`Uploading s3://${bucket}/${digestKey}`, () =>
        client.send(
          new PutObjectCommand({
            Bucket: bucket,
            Key: digestKey,
            Body: `${sha256}  ${posix.basename(key)}\n`,
            ContentType: 'text/plain'
          })
        )
      )
    const parts = [...this.#parts].sort((a, b) => a.PartNumber - b.PartNumber)
    try {
      await request(`Completing the upload of s3://${bucket}/${key}`, () =>
        client.send(
          new CompleteMultipartUploadCommand({
            Bucket: bucket,
            Key: key,
            UploadId,
            MultipartUpload: { Parts: parts }
          })
        )
      )
    } catch (error) {
      if (sidecar)
        await client
          .send(new DeleteObjectCommand({ Bucket: bucket, Key: digestKey }))
          .catch(() => undefined)
      throw error
    }
    // the SHA-256 and versions, unknown when the upload began: copied in
    const all = { ...metadata, ...late, sha256, size: String(this.#size) }
    const metadataWhole = await metadataInPlace(
      client,
      bucket,
      key,
      this.#size,
      all
    )
    return { ...result, metadataWhole }
  }

  /** Leaves nothing: the multipart upload aborted once its parts settled. Does nothing after a commit. */
  async abort(): Promise<void> {
    if (this.#state === 'committed' || this.#state === 'aborted') return
    this.#state = 'aborted'
    if (!this.stream.destroyed) this.stream.destroy()
    await this.#settle()
    if (!this.#uploadId) return
    const UploadId = await this.#uploadId.catch(() => undefined)
    if (!UploadId) return
    const { client, bucket, key } = this.#t
    await request(`Aborting the upload of s3://${bucket}/${key}`, () =>
      client.send(
        new AbortMultipartUploadCommand({ Bucket: bucket, Key: key, UploadId })
      )
    )
  }
}
