// S3 (or an S3-compatible service) as a Store: a series is the objects of
// one prefix, `<prefix><UTC time>-<run id>.<ext>`, each with its SHA-256 in
// its metadata (and beside it as `<key>.sha256` when it was streamed in
// parts). The SDK (src/s3/) is loaded on first use, never at start-up.
import { randomBytes } from 'node:crypto'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { basename, join } from 'node:path'
import type { Readable } from 'node:stream'
import type { S3Client } from '@aws-sdk/client-s3'
import { Inputs } from '../action/input-names.ts'
import { actionLogger } from '../action/logger.ts'
import type { S3Put, S3Take } from '../action/s3-inputs.ts'
import { ageOf, formatAge } from '../artifacts/durations.ts'
import { S3DumpNotFound, S3DumpTooOld, S3RequestFailed } from '../s3/errors.ts'
import { DIGEST, pruneSeries, urlOf } from './s3-prune.ts'
import { dumpKey, parseDumpKey, runId, safeName } from '../s3/keys.ts'
import { loadS3 } from '../s3/load.ts'
import type { S3Location } from '../s3/location.ts'
import type {
  DumpFiles,
  DumpSink,
  FetchedDump,
  FetchOptions,
  FoundDump,
  PruneResult,
  Store,
  StoredDump,
  StreamKind
} from './store.ts'

type S3 = Awaited<ReturnType<typeof loadS3>>

/** Objects under a prefix in S3, through the AWS SDK. */
export class S3Store implements Store {
  readonly keep?: number
  readonly #config: S3Put | S3Take
  #s3?: Promise<S3>
  #client?: S3Client

  constructor(config: S3Put | S3Take) {
    this.#config = config
    if ('format' in config) this.keep = config.keep
  }

  get #where(): S3Location {
    return this.#config.location
  }

  async #load(): Promise<{ s3: S3; client: S3Client }> {
    this.#s3 ??= loadS3()
    const s3 = await this.#s3
    this.#client ??= s3.s3Client(this.#where)
    return { s3, client: this.#client }
  }

  #metadata(
    encrypted: boolean,
    versions?: DumpFiles['versions']
  ): Record<string, string> {
    const format = 'format' in this.#config ? this.#config.format : ''
    return {
      format,
      encrypted: String(encrypted),
      'run-id': runId(),
      'made-by': 'pg-dumper',
      ...(versions && {
        'server-version': versions.server,
        'client-version': versions.client
      })
    }
  }

  /** The bucket can be listed under the prefix (so the credentials and region work) before anything is dumped. */
  async prepare(): Promise<void> {
    const { s3, client } = await this.#load()
    const { bucket, prefix } = this.#where
    await s3.listObjects(client, bucket, prefix, 1)
  }

  async put(dump: DumpFiles): Promise<StoredDump> {
    if (dump.files && dump.files.length > 1)
      throw new S3RequestFailed(
        `An S3 store keeps one dump file as one object, and this dump is ${dump.files.length} files.`
      )
    const { s3, client } = await this.#load()
    const { bucket, prefix } = this.#where
    const key = dumpKey(prefix, runId(), basename(dump.file))
    return actionLogger.group(
      `Uploading the dump to ${urlOf(this.#where, key)}`,
      async () => {
        const started = performance.now()
        const done = await s3.putFile(
          {
            client,
            bucket,
            key,
            metadata: this.#metadata(dump.encrypted, dump.versions)
          },
          dump.file
        )
        actionLogger.info(
          `Stored ${urlOf(this.#where, key)} (${done.size} bytes, SHA-256 ${done.sha256}) in ${Math.round(performance.now() - started)} ms`
        )
        return this.#stored(done)
      }
    )
  }

  #stored(done: { key: string; size: number; sha256: string }): StoredDump {
    return {
      id: Number(runId()),
      name: done.key,
      url: urlOf(this.#where, done.key),
      digest: done.sha256,
      format: 'file',
      size: done.size,
      kind: 's3'
    }
  }

  /** The dump as it is written: nothing is an object before commit(); abort() leaves nothing. */
  async putStream(_name: string, kind: StreamKind): Promise<DumpSink> {
    const { s3, client } = await this.#load()
    const { bucket, prefix } = this.#where
    const ext = `${kind.format === 'plain' ? '.sql' : '.dump'}${kind.encrypted ? '.age' : ''}`
    const key = dumpKey(prefix, runId(), ext)
    const sink = new s3.ObjectSink({
      client,
      bucket,
      key,
      metadata: { ...this.#metadata(kind.encrypted), format: kind.format }
    })
    actionLogger.info(`Streaming the dump to ${urlOf(this.#where, key)}`)
    return {
      stream: sink.stream,
      commit: async dump => {
        const done = await sink.commit(dump, {
          'server-version': dump.serverVersion,
          'client-version': dump.clientVersion
        })
        const note = `${urlOf(this.#where, key)} is kept, but its metadata could not be completed (S3 copies objects up to 5 GiB): its SHA-256 is in ${key}.sha256 beside it.`
        if (done.metadataWhole === false) actionLogger.warning(note)
        return this.#stored(done)
      },
      abort: () => sink.abort()
    }
  }

  /** The series' objects under the prefix, newest first (by the time in their keys). */
  async list(): Promise<FoundDump[]> {
    const { s3, client } = await this.#load()
    const { bucket, prefix } = this.#where
    const found: FoundDump[] = []
    for (const o of await s3.listObjects(client, bucket, prefix)) {
      const ours = parseDumpKey(prefix, o.key)
      if (ours)
        found.push({
          s3: urlOf(this.#where, o.key),
          id: ours.runId,
          name: o.key,
          runId: ours.runId,
          createdAt: ours.createdAt
        })
    }
    return found.sort((a, b) =>
      a.createdAt === b.createdAt
        ? a.name < b.name
          ? 1
          : -1
        : a.createdAt! < b.createdAt!
          ? 1
          : -1
    )
  }

  /** The exact key of 's3-url', or the newest of the series (not older than max-age); its digest read. */
  async find(): Promise<FoundDump> {
    const { s3, client } = await this.#load()
    const where = this.#where
    const maxAgeMs =
      'maxAgeMs' in this.#config ? this.#config.maxAgeMs : undefined
    let found: FoundDump
    if (where.key !== undefined) {
      const head = await s3.headObject(client, where.bucket, where.key)
      if (!head)
        throw new S3DumpNotFound(
          `There is no object ${urlOf(where, where.key)} ('${Inputs.S3Url}'). Nothing was restored.`
        )
      const ours = parseDumpKey(where.prefix, where.key)
      found = {
        s3: urlOf(where, where.key),
        id: ours?.runId ?? 0,
        name: where.key,
        runId: ours?.runId,
        createdAt: ours?.createdAt ?? head.lastModified?.toISOString()
      }
    } else {
      const newest = (await this.list())[0]
      if (!newest)
        throw new S3DumpNotFound(
          `There is no dump under ${urlOf(where, where.prefix)} ('${Inputs.S3Url}'): none of its objects is named <UTC time>-<run id>.<ext> as a dump with 's3-url' stores them. Nothing was restored.`
        )
      found = newest
    }
    if (maxAgeMs !== undefined && found.createdAt) {
      const age = ageOf(found.createdAt)
      if (age > maxAgeMs)
        throw new S3DumpTooOld(
          `The newest dump under ${urlOf(where, where.prefix)} is ${formatAge(age)} old, older than max-age ${formatAge(maxAgeMs)}: ` +
            `${found.name}, made ${found.createdAt}. The dumps may have stopped. Nothing was restored.`
        )
    }
    const digest = await this.#digestOf(s3, client, found.name)
    return { ...found, ...(digest && { digest: `sha256:${digest}` }) }
  }

  async #digestOf(
    s3: S3,
    client: S3Client,
    key: string
  ): Promise<string | undefined> {
    const { bucket } = this.#where
    const head = await s3.headObject(client, bucket, key)
    const recorded =
      head?.metadata.sha256 ??
      (await s3.readSmallObject(client, bucket, `${key}${DIGEST}`))?.split(
        /\s/
      )[0]
    return recorded && /^[0-9a-f]{64}$/.test(recorded) ? recorded : undefined
  }

  /** Downloads the dump into a fresh private folder under RUNNER_TEMP, and verifies its SHA-256. */
  async fetch(options: FetchOptions): Promise<FetchedDump> {
    const found = options.found ?? (await this.find())
    const { s3, client } = await this.#load()
    const where = this.#where
    return actionLogger.group(
      `Downloading the dump ${urlOf(where, found.name)}`,
      async () => {
        const dir = await mkdtemp(
          join(
            process.env.RUNNER_TEMP || tmpdir(),
            `pg-dumper-s3-${randomBytes(4).toString('hex')}-`
          )
        )
        options.track?.(dir)
        const file = join(dir, safeName(found.name))
        const expected = found.digest?.replace(/^sha256:/, '')
        if (expected === undefined)
          actionLogger.warning(
            `${urlOf(where, found.name)} has no SHA-256 recorded (it was not stored by pg-dumper): it is restored unverified.`
          )
        // a download that fails leaves nothing behind
        const done = await s3
          .downloadObject(client, where.bucket, found.name, file, expected)
          .catch(async (error: unknown) => {
            await rm(dir, { recursive: true, force: true })
            throw error
          })
        actionLogger.info(
          `Downloaded ${done.size} bytes${expected ? ', SHA-256 verified' : ''}`
        )
        return { found, file }
      }
    )
  }

  /** The object's bytes as they come (GetObject), erring before their end when they are not the recorded SHA-256. */
  async fetchStream(found: FoundDump): Promise<Readable> {
    const { s3, client } = await this.#load()
    const url = urlOf(this.#where, found.name)
    const expected = found.digest?.replace(/^sha256:/, '')
    const unverified = `${url} has no SHA-256 recorded (it was not stored by pg-dumper): it is restored unverified.`
    if (expected === undefined) actionLogger.warning(unverified)
    const body = await s3.objectStream(client, this.#where.bucket, found.name)
    const read = (size: number) =>
      `Read ${size} bytes of ${url}${expected ? ', SHA-256 verified' : ''}`
    return s3.verifiedStream(body, url, expected, size =>
      actionLogger.info(read(size))
    )
  }

  /** Deletes the series' objects beyond the newest `keep` (never `kept`), with their digest files. */
  async prune(kept: StoredDump): Promise<PruneResult> {
    const where = this.#where
    return pruneSeries(where, this.keep ?? Infinity, kept, {
      list: () => this.list(),
      delete: async keys => {
        const { s3, client } = await this.#load()
        return s3.deleteObjects(client, where.bucket, keys)
      }
    })
  }
}
