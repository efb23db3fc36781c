// The seam between the steps and where dumps live: the steps talk to a Store
// only, and each place that keeps dumps (workflow artifacts today; release
// assets and S3 next) is one implementation of it, chosen once from the inputs.
import type { Readable, Writable } from 'node:stream'
import type { PruneOutcome } from '../artifacts/prune.ts'

export type { PruneOutcome }

/** A dump as the dump step hands it over: a file, or a folder's files. */
export interface DumpFiles {
  /** absolute path of the dump (of several: their folder) */
  file: string
  /**
   * the paths to keep (each a file, or a directory archive's folder), named
   * by their path under `root`; default: `file`, under its folder
   */
  files?: readonly string[]
  root?: string
  /** the dump is age-encrypted (its content is safe wherever it lands) */
  encrypted: boolean
  /** the server dumped and the pg_dump that dumped it (e.g. `15.18`) */
  versions?: { server: string; client: string }
}

/** A dump a store keeps, as the report, the outputs and the summary name it. */
export interface StoredDump {
  id: number
  name: string
  /** where a person finds it */
  url: string
  /** SHA-256 (hex) of what was stored */
  digest: string
  /** the dump itself (`file`), or a zip holding it (`zip`) */
  format: 'file' | 'zip'
  size: number
  /** kept as release assets (`name` is the tag), or as an S3 object (`name` is its key), not as an artifact */
  kind?: 'release' | 's3'
  /** the release its files were attached to, also beside an artifact */
  release?: { tag: string; url: string; assets: readonly string[] }
}

/** One dump of a series, as list() and find() name it. */
export interface FoundDump {
  id: number
  name: string
  /** `sha256:<hex>`, when recorded */
  digest?: string
  /** the run that made it (undefined: this run) */
  runId?: number
  branch?: string
  createdAt?: string
  /** an asset of the release of this tag (`name` is the asset's) */
  release?: string
  /** an S3 object (`name` is its key): `s3://bucket/key` */
  s3?: string
}

/** A dump brought to this machine, verified. */
export interface FetchedDump {
  found: FoundDump
  /** the dump: a file, a directory archive's folder, or the folder of several */
  file: string
}

/** How fetch() brings a dump. */
export interface FetchOptions {
  /** which file of what is stored (an artifact may hold several) */
  file?: string
  /** the dump to fetch; default: the one find() finds */
  found?: FoundDump
  /** told every local path fetch() makes as soon as it exists (cancellation removes it) */
  track?: (path: string) => void
}

/** What pruning did, and what fails the step once that is recorded. */
export interface PruneResult {
  outcome: PruneOutcome
  /** the backup counts: reported whatever this says, then the step fails */
  failure?: Error
}

/** What a streamed dump will be, as the step knows it before pg_dump runs. */
export interface StreamKind {
  format: 'custom' | 'plain'
  /** the bytes are an age file */
  encrypted: boolean
}

/** What the dump step knows of a streamed dump once it is verified: what commit() records beside it. */
export interface StreamedDump {
  /** SHA-256 (hex) of the bytes written to the sink, as the core hashed them */
  sha256: string
  size: number
  format: 'custom' | 'plain'
  /** the bytes are an age file */
  encrypted: boolean
  serverVersion: string
  clientVersion: string
}

/**
 * A dump being written into a store while pg_dump writes it (S3's
 * multipart upload, issue 24): committed only once the dump is verified,
 * aborted otherwise, leaving nothing behind.
 */
export interface DumpSink {
  /**
   * The dump's bytes (the age file's when encrypted), in order, with
   * backpressure. The core ends it only once pg_dump exited 0 and the
   * read-back passed; after a failure it stops writing and never ends it.
   */
  stream: Writable
  /**
   * After the stream finished: makes the dump the store's (S3: completes
   * the upload). A store checks what it received against `dump` (size,
   * SHA-256) and throws, keeping nothing, when they differ.
   */
  commit(dump: StreamedDump): Promise<StoredDump>
  /**
   * Discards what was written (S3: aborts the multipart upload, leaving no
   * object and no unfinished upload); idempotent, safe before, during or
   * after a write and from a signal handler (the step defers it on the
   * run's cancellation), and a no-op once commit() resolved.
   */
  abort(): Promise<void>
}

/**
 * Where dumps live, as a series of one name. Its own words (log groups,
 * warnings, errors) are its own; the steps decide the order, cancellation
 * and what the report records.
 */
export interface Store {
  /** 'keep': how many of the series to keep after a put; undefined: no pruning */
  readonly keep?: number
  /**
   * Before anything is dumped: fails when the put (and the pruning asked
   * for) cannot happen, so that no dump is made for nothing.
   */
  prepare(): Promise<void>
  /** Keeps a dump (a file, or a folder's files). */
  put(dump: DumpFiles): Promise<StoredDump>
  /**
   * A store that can keep a dump as it is written; without it, put() a
   * file. `name`: the file name the inputs give (`app.dump`,
   * `app.sql.age`; it may still hold `{dbname}` and `{ext}`), `kind`: its
   * format and whether it is an age file (for a name or key of the
   * store's own). Called after prepare(), before pg_dump runs.
   */
  putStream?(name: string, kind: StreamKind): Promise<DumpSink>
  /**
   * After a good put: deletes the series' older dumps beyond `keep`, never
   * `kept`. Never throws for what may pass; what must fail the step is the
   * result's `failure`.
   */
  prune(kept: StoredDump): Promise<PruneResult>
  /** The series' dumps a restore could take, newest first. */
  list(): Promise<FoundDump[]>
  /**
   * The dump the inputs name: a fixed one, or the newest of the series that
   * passes the store's filters (freshness, branch, workflow, never a fork's).
   */
  find(): Promise<FoundDump>
  /** Brings a dump to a fresh local path and verifies it. */
  fetch(options: FetchOptions): Promise<FetchedDump>
  /**
   * A store that can feed a restore without a local copy; without it,
   * fetch(). The stored bytes from the start, once each; the stream errors
   * (at the latest at its end, before it ends) when they do not match the
   * recorded digest or size, so a damaged dump fails the restore. Called
   * with what find() returned; when the restore cannot take the dump as a
   * stream (an age file, tar, a plain script it must read twice), the
   * stream is destroyed and fetch() follows with that `found`.
   */
  fetchStream?(found: FoundDump): Promise<Readable>
}
