// The Dumper: dumps and restores one PostgreSQL database with pg_dump,
// pg_restore and psql, choosing a client that matches the server or the
// dump. Knows nothing of GitHub; both front ends drive it.
import { access, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { dirname, join, resolve } from 'node:path'
import {
  dumpArgs,
  PARALLEL_DUMP_FORMATS,
  PARALLEL_RESTORE_FORMATS,
  pgRestoreArgs,
  psqlRestoreArgs,
  readBackArgs,
  tocListArgs,
  type DumpFormat,
  type RestoreArgsOptions
} from './args.ts'
import {
  minimumReaderMajor,
  readArchiveHeader,
  type ArchiveHeader
} from './archive/header.ts'
import { UnrecognizedDumpError, type ArchiveFormat } from './archive/format.ts'
import { partialPath, replacePath, unsafeTarget } from './dump/atomic-file.ts'
import { Cancellation } from './process/cancellation.ts'
import type { ResolvedClient } from './client/resolver.ts'
import type { SearchOptions } from './client/search.ts'
import type { Compression } from './dump/compression.ts'
import type { Connection } from './connection/parse.ts'
import {
  createDatabaseIfMissing,
  recreateDatabase
} from './restore/databases.ts'
import {
  PgDumpCommandError,
  PgDumpFailed,
  PgRestoreCommandError,
  PgRestoreFailed,
  type Tool
} from './errors.ts'
import { fileDigest, type FileDigest } from './archive/digest.ts'
import { silentLogger, type Logger } from './logger.ts'
import { checkRestoreOptions, dumpCompressArg } from './restore/options.ts'
import { failureMessage, judgeRestore } from './restore/outcome.ts'
import { withoutSchemaEntries } from './archive/toc.ts'
import type { ToolResult } from './process/runner.ts'
import {
  DUMP_ERRORS,
  MAINTENANCE_DB,
  RESTORE_ERRORS,
  ToolSession
} from './session.ts'
import { formatBytes, formatDuration } from './units.ts'
import {
  isArchive,
  plainDumpComplete,
  PLAIN_COMPLETE,
  splitToc,
  tocEntryCount
} from './dump/verify.ts'
import { olderTargetWarning } from './restore/version-warnings.ts'

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
}

/** What to dump. */
export interface DumpOptions {
  /** target path; relative paths resolve against the working directory */
  file: string
  /** custom (default), plain, directory or tar */
  format?: DumpFormat
  /** schema patterns left out of the dump */
  excludeSchemas?: readonly string[]
  /** schema patterns to dump, leaving out all others */
  schemas?: readonly string[]
  /** table patterns whose rows are left out (the tables stay) */
  excludeTableData?: readonly string[]
  /** parallel pg_dump jobs (directory format) */
  jobs?: number
  /** pg_dump's compression; default: pg_dump's own */
  compression?: Compression
}

/** What to restore. */
export interface RestoreOptions {
  /** the dump to restore; its format is recognised from its content */
  file: string
  /** schemas left out of the restore (archives only) */
  excludeSchemas?: readonly string[]
  /** succeed even when the tool reports errors, counting them */
  ignoreErrors?: boolean
  /** parallel pg_restore jobs (custom and directory archives) */
  jobs?: number
  /**
   * restore into each of these databases, (re)created: once into the first,
   * then the others as copies of it (CREATE DATABASE … TEMPLATE)
   */
  databases?: readonly string[]
  /** all or nothing: a failed restore leaves the target as it was */
  singleTransaction?: boolean
  /** drop the dumped objects first (--clean --if-exists; archives only) */
  clean?: boolean
  /** create the target database when it is missing */
  createDatabase?: boolean
}

/** Facts about the dump file, common to both operations. */
export interface FileResult extends FileDigest {
  /** absolute path */
  file: string
  /** server version as the server reports it, e.g. `15.18` */
  serverVersion: string
  /** version of the client that ran, e.g. `15.18` */
  clientVersion: string
  durationMs: number
}

export interface DumpResult extends FileResult {
  format: DumpFormat
}

export interface RestoreResult extends FileResult {
  format: ArchiveFormat
  /** errors the tool reported and ignore-errors let pass */
  ignoredErrors: number
  /** the databases restored into (the fan-out list, or the one target) */
  databases: string[]
}

/** Dumps and restores the database one connection names. */
export class Dumper {
  private readonly session: ToolSession
  private readonly logger: Logger

  /** Parses the connection; throws ConnectionStringError on a malformed one. */
  constructor(options: DumperOptions) {
    this.logger = options.logger ?? silentLogger
    this.session = new ToolSession({
      connection: options.connection,
      dbname: options.dbname,
      serviceFile: options.serviceFile && resolve(options.serviceFile),
      clients: {
        binDir: options.pgBinDir,
        major: options.pgVersion,
        install: options.installClient ?? 'never',
        search: options.clientSearch
      },
      waitTimeoutMs: options.waitTimeoutMs ?? 0,
      cancellation: options.cancellation ?? new Cancellation(),
      logger: this.logger
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

  /** Dumps to a temporary file beside the target and renames it only once verified. */
  async dump(options: DumpOptions): Promise<DumpResult> {
    const file = resolve(options.file)
    const format = options.format ?? 'custom'
    const { session } = this
    return this.logger.group(`Dumping ${this.target} to ${file}`, async () => {
      const started = performance.now()
      const unsafe = unsafeTarget(file, format === 'directory')
      if (unsafe) {
        throw new PgDumpCommandError(
          `Cannot dump to ${file}: ${unsafe}. Choose another file.`,
          {
            tool: 'pg_dump'
          }
        )
      }
      const server = await session.serverVersion(DUMP_ERRORS)
      const client = await session.client(
        {
          major: server.major,
          why: `the server (${server.text})`,
          tool: 'pg_dump'
        },
        DUMP_ERRORS
      )
      const compress = dumpCompressArg(
        format,
        options.compression,
        client.version?.major ?? 16
      )
      const jobs = options.jobs ?? 1
      if (jobs > 1 && !PARALLEL_DUMP_FORMATS.includes(format)) {
        this.logger.warning(
          `jobs ${jobs}: pg_dump runs in parallel only for the directory format; dumping ${format} with one job.`
        )
      }
      await mkdir(dirname(file), { recursive: true })
      const partial = partialPath(file)
      let written: FileDigest | undefined
      session.cancellation.track(partial)
      try {
        const args = dumpArgs({
          conninfo: session.connection.conninfo,
          file: partial,
          format,
          excludeSchemas: options.excludeSchemas ?? [],
          schemas: options.schemas,
          excludeTableData: options.excludeTableData,
          jobs,
          compress
        })
        const result = await session.run(client, 'pg_dump', args, DUMP_ERRORS)
        if (result.exitCode !== 0) {
          throw new PgDumpFailed(failureMessage('pg_dump', result), {
            tool: 'pg_dump',
            exitCode: result.exitCode,
            stderr: result.stderr
          })
        }
        // hashing reads the file while pg_restore reads it back: both at once
        const [digest] = await Promise.all([
          fileDigest(partial),
          this.verify(partial, format, client, jobs)
        ])
        written = digest
        session.cancellation.throwIfCancelled(
          `pg_dump was stopped and ${partial} removed`
        )
        await replacePath(partial, file)
      } finally {
        await rm(partial, { force: true, recursive: true })
        session.cancellation.untrack(partial)
      }
      return {
        file,
        format,
        serverVersion: server.text,
        clientVersion: client.version?.text ?? '',
        ...(await this.finished('Wrote', file, format, started, written))
      }
    })
  }

  /** Restores an archive with pg_restore or a plain script with psql. */
  async restore(options: RestoreOptions): Promise<RestoreResult> {
    const file = resolve(options.file)
    const ignoreErrors = options.ignoreErrors ?? false
    const databases = [...(options.databases ?? [])]
    const [first] = databases
    const label = first === undefined ? this.target : databases.join(', ')
    const { session } = this
    return this.logger.group(`Restoring ${file} into ${label}`, async () => {
      const started = performance.now()
      const header = await this.recognise(file)
      const { format } = header
      const tool: Tool = format === 'plain' ? 'psql' : 'pg_restore'
      checkRestoreOptions(
        options,
        format,
        session.connection.dbname !== undefined
      )
      if (header.dumpedBy || header.dumpedFrom) {
        this.logger.info(
          `The dump was made${header.dumpedFrom ? ` from PostgreSQL ${header.dumpedFrom.text}` : ''}` +
            `${header.dumpedBy ? ` by pg_dump ${header.dumpedBy.text}` : ''}`
        )
      }
      // targets that may not exist yet: ask the maintenance database
      const server = await session.serverVersion(
        RESTORE_ERRORS,
        first === undefined && !options.createDatabase
          ? undefined
          : MAINTENANCE_DB
      )
      const warning = olderTargetWarning(header, server)
      if (warning) this.logger.warning(warning)
      const readerMajor = minimumReaderMajor(header)
      const client = await session.client(
        readerMajor !== undefined
          ? {
              major: readerMajor,
              why: `the dump (made by pg_dump ${header.dumpedBy?.text ?? readerMajor})`,
              tool
            }
          : { major: 0, why: 'the dump', tool },
        RESTORE_ERRORS
      )
      const jobs = options.jobs ?? 1
      const parallel = PARALLEL_RESTORE_FORMATS.includes(format)
      if (jobs > 1 && !parallel) {
        this.logger.warning(
          `jobs ${jobs}: pg_restore runs in parallel only for custom and directory archives; restoring ${format} with one job.`
        )
      }
      if (first !== undefined) {
        await recreateDatabase(
          session,
          first,
          'template0',
          server,
          RESTORE_ERRORS
        )
      } else if (options.createDatabase) {
        const name = session.connection.dbname as string
        if (await createDatabaseIfMissing(session, name, RESTORE_ERRORS)) {
          this.logger.info(`Created the database ${name} (create-database)`)
        }
      }
      const argOptions: RestoreArgsOptions = {
        conninfo:
          first === undefined
            ? session.connection.conninfo
            : session.conninfoFor(first),
        file,
        excludeSchemas: options.excludeSchemas ?? [],
        ignoreErrors,
        jobs: parallel ? jobs : undefined,
        singleTransaction: options.singleTransaction,
        clean: options.clean
      }
      const result =
        tool === 'psql'
          ? await session.run(
              client,
              tool,
              psqlRestoreArgs(argOptions),
              RESTORE_ERRORS
            )
          : await this.runPgRestore(client, argOptions)
      const outcome = judgeRestore(
        tool,
        result,
        ignoreErrors,
        first ?? this.target
      )
      if (outcome.warning) this.logger.warning(outcome.warning)
      for (const copy of databases.slice(1)) {
        const copyStarted = performance.now()
        await recreateDatabase(session, copy, first, server, RESTORE_ERRORS)
        this.logger.info(
          `Created ${copy} as a copy of ${first} in ${formatDuration(performance.now() - copyStarted)}`
        )
      }
      return {
        file,
        format,
        serverVersion: server.text,
        clientVersion: client.version?.text ?? '',
        ignoredErrors: outcome.ignoredErrors,
        databases: first === undefined ? [this.target] : databases,
        ...(await this.finished('Restored', file, format, started))
      }
    })
  }

  /** Hashes the dump (unless done already) and logs its size and the duration. */
  private async finished(
    verb: string,
    file: string,
    format: string,
    started: number,
    known?: FileDigest
  ): Promise<FileDigest & { durationMs: number }> {
    const digest = known ?? (await fileDigest(file))
    const durationMs = performance.now() - started
    this.logger.info(
      `${verb} ${formatBytes(digest.size)} (${format}) in ${formatDuration(durationMs)}`
    )
    return { ...digest, durationMs }
  }

  /**
   * Runs pg_restore. With schemas excluded, it restores from an edited table
   * of contents so the excluded schemas themselves are not created either.
   */
  private async runPgRestore(
    client: ResolvedClient,
    o: RestoreArgsOptions
  ): Promise<ToolResult> {
    const { session } = this
    if (o.excludeSchemas.length === 0) {
      return session.run(client, 'pg_restore', pgRestoreArgs(o), RESTORE_ERRORS)
    }
    const listDir = await mkdtemp(join(tmpdir(), 'pg-dumper-toc-'))
    session.cancellation.track(listDir)
    try {
      const toc = await session.run(
        client,
        'pg_restore',
        tocListArgs(o.file),
        RESTORE_ERRORS
      )
      if (toc.exitCode !== 0) {
        throw new PgRestoreFailed(failureMessage('pg_restore', toc), {
          tool: 'pg_restore',
          exitCode: toc.exitCode,
          stderr: toc.stderr
        })
      }
      const useList = join(listDir, 'toc.list')
      await writeFile(
        useList,
        withoutSchemaEntries(toc.stdout, o.excludeSchemas)
      )
      return await session.run(
        client,
        'pg_restore',
        pgRestoreArgs({ ...o, useList }),
        RESTORE_ERRORS
      )
    } finally {
      await rm(listDir, { recursive: true, force: true })
      session.cancellation.untrack(listDir)
    }
  }

  /** The dump's format and header, read once; typed errors when unreadable. */
  private async recognise(file: string): Promise<ArchiveHeader> {
    try {
      await access(file)
      return await readArchiveHeader(file)
    } catch (error) {
      if (error instanceof UnrecognizedDumpError)
        throw new PgRestoreFailed(error.message)
      throw new PgRestoreCommandError(
        `Cannot read the dump ${file}: ${(error as Error).message}`
      )
    }
  }

  /**
   * Reads every entry of an archive back with pg_restore, its output thrown
   * away; with several jobs, one pg_restore per part of the table of
   * contents, all at once.
   */
  private async readBack(
    archive: string,
    toc: string,
    jobs: number,
    client: ResolvedClient,
    unreadable: (how: string, result?: ToolResult) => Error
  ): Promise<void> {
    const run = (useList?: string) =>
      this.session.run(
        client,
        'pg_restore',
        readBackArgs(archive, useList),
        DUMP_ERRORS
      )
    const fail = (result: ToolResult) => {
      if (result.exitCode !== 0) {
        throw unreadable('its archive cannot be read back end to end', result)
      }
    }
    if (jobs <= 1) return fail(await run())
    const dir = await mkdtemp(join(tmpdir(), 'pg-dumper-verify-'))
    this.session.cancellation.track(dir)
    try {
      const results = await Promise.all(
        splitToc(toc, jobs).map(async (part, i) => {
          const list = join(dir, `part-${i}.list`)
          await writeFile(list, part)
          return run(list)
        })
      )
      results.forEach(fail)
    } finally {
      await rm(dir, { recursive: true, force: true })
      this.session.cancellation.untrack(dir)
    }
  }

  /**
   * Reads back what pg_dump wrote before it may take the target's name: an
   * archive end to end (`pg_restore --list` reads only its table of
   * contents, so the data blocks are read too, decompressed and thrown
   * away), a plain script by its completion line.
   */
  private async verify(
    partial: string,
    format: DumpFormat,
    client: ResolvedClient,
    jobs: number
  ): Promise<void> {
    const unreadable = (how: string, result?: ToolResult) =>
      new PgDumpFailed(
        `pg_dump exited 0 but ${how}${result ? `: ${failureMessage('pg_restore', result)}` : ''}. Nothing was written to the target.`,
        result && {
          tool: 'pg_restore',
          exitCode: result.exitCode,
          stderr: result.stderr
        }
      )
    if (!isArchive(format)) {
      if (!(await plainDumpComplete(partial))) {
        throw unreadable(
          `the plain dump is incomplete: it lacks pg_dump's completion line (${PLAIN_COMPLETE})`
        )
      }
      this.logger.info(`Verified: the SQL ends with pg_dump's completion line`)
      return
    }
    const run = (args: string[]) =>
      this.session.run(client, 'pg_restore', args, DUMP_ERRORS)
    const list = await run(tocListArgs(partial))
    if (list.exitCode !== 0) {
      throw unreadable('its table of contents cannot be read back', list)
    }
    await this.readBack(partial, list.stdout, jobs, client, unreadable)
    this.logger.info(
      `Verified: pg_restore read the whole archive back (${tocEntryCount(list.stdout)} entries)`
    )
  }
}
