// The Dumper: dumps and restores PostgreSQL databases with pg_dump,
// pg_restore and psql, choosing a client that matches the server or the
// dump. Knows nothing of GitHub; both front ends drive it. It only
// orchestrates: a dump or restore of one database goes to dump/ or
// restore/, one with its globals or of several databases to cluster/.
import { dirname, join, resolve } from 'node:path'
import type { Readable, Writable } from 'node:stream'
import type { SearchOptions } from './client/search.ts'
import { Connection } from './connection/connection.ts'
import {
  dumpDatabases,
  dumpWithGlobals,
  type ClusterDumpOptions,
  type ClusterDumpResult
} from './cluster/dump-cluster.ts'
import {
  involvesGlobals,
  readRestoreLayout,
  restoreDatabases,
  restoreWithGlobals,
  type ClusterRestoreOptions,
  type ClusterRestoreResult
} from './cluster/restore-cluster.ts'
import {
  GLOBALS_AGE_FILE,
  GLOBALS_FILE,
  holdsSeveral
} from './cluster/layout.ts'
import { expandOne, severalOutputs, severalTargets } from './cluster/outputs.ts'
import { dump, dumpStreamed } from './dump/dump.ts'
import { checkDrillable } from './dump/drill.ts'
import type { OneDumpOptions } from './dump/plan.ts'
import { withTargetLocks } from './dump/target-lock.ts'
import { operationError, systemToolError, type Operation } from './errors.ts'
import { silentLogger, type Logger } from './logger.ts'
import { Cancellation } from './process/cancellation.ts'
import { checkKeyOpens } from './restore/dump-input.ts'
import type { OneRestoreOptions } from './restore/plan.ts'
import { restore } from './restore/restore.ts'
import { openStream, StreamRefused } from './restore/stream-input.ts'
import { Session } from './session.ts'
import { coreWording, type Wording } from './wording.ts'

export type { DatabaseDump } from './cluster/dump-cluster.ts'
export type { GlobalsDump } from './cluster/dump-globals.ts'
export type { DatabaseRestore } from './cluster/restore-cluster.ts'
export type { GlobalsRestore } from './cluster/apply-globals.ts'

/** What to dump: one database, or several, with or without the globals. */
export type DumpOptions = OneDumpOptions & ClusterDumpOptions
/** What a dump wrote. */
export type DumpResult = ClusterDumpResult
/** What to restore: a dump, with its globals, or a dump of several databases. */
export type RestoreOptions = OneRestoreOptions & ClusterRestoreOptions
/** What a restore did. */
export type RestoreResult = ClusterRestoreResult
export type { FileResult } from './results.ts'

/** How to reach the database, and with which binaries. */
export interface DumperOptions {
  /** a pg_service.conf service name, or a key=value / postgresql:// connection string */
  connection: string
  /** database name overriding the one the connection names */
  dbname?: string
  /** path of a pg_service.conf (becomes PGSERVICEFILE for the tools) */
  serviceFile?: string
  /** folder holding pg_dump, pg_restore and psql; undefined = choose one */
  pgBinDir?: string
  /** use a client of this major */
  pgVersion?: number
  /** install a missing client (Linux with apt) or never; default never */
  installClient?: 'auto' | 'never'
  /** where to look for clients (tests assemble layouts under a root) */
  clientSearch?: SearchOptions
  /** how long to wait for the server to accept connections; default 0 (one try) */
  waitTimeoutMs?: number
  /** lets a signal handler stop the run and clean up after it */
  cancellation?: Cancellation
  logger?: Logger
  /** how messages name options; default: the option fields' own names */
  wording?: Wording
}

/** What a front end reads from its user: everything but the run's plumbing. */
export type ConnectionOptions = Omit<
  DumperOptions,
  'cancellation' | 'logger' | 'wording' | 'clientSearch'
>

/** Dumps and restores the database one connection names. */
export class Dumper {
  private readonly session: Session
  private readonly logger: Logger

  /** Parses the connection; throws ConnectionStringError on a malformed one. */
  constructor(options: DumperOptions) {
    this.logger = options.logger ?? silentLogger
    this.session = new Session({
      connection: Connection.parse(options.connection, options.dbname),
      serviceFile: options.serviceFile && resolve(options.serviceFile),
      clients: {
        binDir: options.pgBinDir,
        major: options.pgVersion,
        install: options.installClient ?? 'never',
        search: options.clientSearch
      },
      waitTimeoutMs: options.waitTimeoutMs ?? 0,
      cancellation: options.cancellation ?? new Cancellation(),
      logger: this.logger,
      wording: options.wording ?? coreWording
    })
  }

  /** The parsed connection (no password in its conninfo). */
  get connection(): Connection {
    return this.session.connection
  }

  /** A name for the target in messages: database, service or host. */
  get target(): string {
    return this.session.target
  }

  /**
   * Dumps to a temporary file beside the target and renames it only once
   * verified: one database, with its globals, or several; holding the lock
   * of each path it writes, so that a second dump to one of them fails
   * instead of replacing it under the first one's outputs.
   */
  dump(options: DumpOptions): Promise<DumpResult> {
    const file = resolve(options.file)
    const databases = options.databases ?? []
    const from = databases.length ? databases.join(', ') : this.target
    const session = this.session
    const formats = options.formats ?? []
    const encrypted = (options.encryptTo ?? []).length > 0
    return this.operation('dump', `Dumping ${from} to ${file}`, async () => {
      if (options.verify === 'restore') await checkDrillable(session, options)
      if (databases.length > 0 || formats.length > 1) {
        const outputs = severalOutputs(
          options.file,
          databases.length ? databases : [await session.databaseName()],
          formats.length ? formats : [options.format ?? 'custom'],
          encrypted
        )
        const targets = severalTargets(outputs, !!options.globals, encrypted)
        return withTargetLocks(session, targets, () =>
          dumpDatabases(session, options, outputs)
        )
      }
      const one = await expandOne(session, options)
      return withTargetLocks(session, dumpTargets(one), () =>
        one.globals ? dumpWithGlobals(session, one) : dump(session, one)
      )
    })
  }

  /**
   * Dumps one database (custom or plain, encrypted or scrubbed when asked)
   * into `into`, a store's stream, read back and hashed as it passes; no
   * file is written (`file` names the dump). `into` is ended only once the
   * dump is verified; after a failure it is left for the store to discard.
   */
  dumpStream(options: OneDumpOptions, into: Writable): Promise<DumpResult> {
    const session = this.session
    return this.operation(
      'dump',
      `Dumping ${this.target} into its store as pg_dump writes it`,
      async () => dumpStreamed(session, await expandOne(session, options), into)
    )
  }

  /**
   * Restores an archive with pg_restore or a plain script with psql: one
   * dump, with its globals first, or a dump of several databases, each
   * into its namesake.
   */
  restore(options: RestoreOptions): Promise<RestoreResult> {
    const file = resolve(options.file)
    const databases = options.databases ?? []
    const into = databases.length
      ? databases.join(', ')
      : holdsSeveral(file)
        ? 'the databases it holds'
        : this.target
    const session = this.session
    return this.operation(
      'restore',
      `Restoring ${file} into ${into}`,
      async () => {
        const layout = await readRestoreLayout(session, options)
        if (layout.kind === 'databases')
          return restoreDatabases(session, options, layout)
        if (involvesGlobals(layout, options))
          return restoreWithGlobals(session, options, layout)
        // checked first, as with globals: a wrong key says 'Nothing was restored.'
        // (restore() alone says 'Nothing of it…', as one of several)
        await checkKeyOpens(session, [file], options.decryptKey)
        return restore(session, options)
      }
    )
  }

  /**
   * Restores one dump as it streams from its store (`options.file` names
   * it): a custom archive read once by pg_restore, or a plain script by
   * psql, checked as it passes; hashed as it passes.
   * What a stream cannot restore (an age file, tar, a plain script into
   * several or created databases or a target whose extensions' tables the
   * user may not write) is refused before anything runs, saying why; the
   * stream is then spent.
   */
  restoreStream(
    options: OneRestoreOptions,
    stream: Readable
  ): Promise<RestoreResult | { refused: string }> {
    const session = this.session
    return this.operation(
      'restore',
      `Restoring ${options.file} into ${this.target} as it streams from its store`,
      async () => {
        // a script psql reads as it streams: into the session's own
        // database, whose extensions are asked ahead
        const plain = !options.databases?.length && !options.createDatabase
        const opened = await openStream(session, options.file, stream, plain)
        if ('refused' in opened) return opened
        return restore(session, options, opened).catch((error: unknown) => {
          if (error instanceof StreamRefused) return { refused: error.message }
          throw error
        })
      }
    )
  }

  /** Runs an operation in its log group; its failures get the operation's error types. */
  private async operation<T>(
    operation: Operation,
    title: string,
    run: () => Promise<T>
  ): Promise<T> {
    try {
      return await this.logger.group(title, run)
    } catch (error) {
      throw operationError(operation, systemToolError(error))
    } finally {
      await this.session.close()
    }
  }
}

/** The paths a dump of one database takes the place of: the dump, a kept plaintext, the globals. */
function dumpTargets(options: DumpOptions): string[] {
  const file = resolve(options.file)
  const encrypted = (options.encryptTo ?? []).length > 0
  return [
    file,
    ...(encrypted && options.plainFile ? [resolve(options.plainFile)] : []),
    ...(options.globals
      ? [join(dirname(file), encrypted ? GLOBALS_AGE_FILE : GLOBALS_FILE)]
      : [])
  ]
}
