// The Dumper: dumps and restores one PostgreSQL database with pg_dump,
// pg_restore and psql, choosing a client that matches the server or the
// dump. Knows nothing of GitHub; both front ends drive it.
import { randomBytes } from 'node:crypto'
import {
  access,
  mkdir,
  mkdtemp,
  rename,
  rm,
  stat,
  writeFile
} from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { basename, dirname, join, resolve } from 'node:path'
import {
  dumpArgs,
  PARALLEL_DUMP_FORMATS,
  PARALLEL_RESTORE_FORMATS,
  pgRestoreArgs,
  psqlCommandArgs,
  psqlQueryArgs,
  quoteIdent,
  quoteLiteral,
  psqlRestoreArgs,
  serverVersionArgs,
  tocListArgs,
  type DumpFormat,
  type RestoreArgsOptions
} from './args.ts'
import { readArchiveHeader, minimumReaderMajor } from './archive-header.ts'
import {
  compressArg,
  CompressionError,
  describeCompression,
  type Compression
} from './compression.ts'
import {
  detectArchiveFormat,
  UnrecognizedDumpError,
  type ArchiveFormat
} from './archive-format.ts'
import {
  ClientResolver,
  type ClientNeed,
  type ClientPolicy,
  type ResolvedClient
} from './client-resolver.ts'
import type { SearchOptions } from './client-search.ts'
import {
  endpointOf,
  explainConnectionProblem,
  waitForServer
} from './connect.ts'
import { parseConnection, type Connection } from './connection.ts'
import {
  PgDumpCommandError,
  PgDumpFailed,
  PgRestoreCommandError,
  PgRestoreFailed,
  type Tool
} from './errors.ts'
import { fileDigest, type FileDigest } from './file-digest.ts'
import { silentLogger, type Logger } from './logger.ts'
import { failureMessage, judgeRestore } from './restore-outcome.ts'
import { Cancellation } from './cancellation.ts'
import { withoutSchemaEntries } from './toc-list.ts'
import {
  isArchive,
  plainDumpComplete,
  PLAIN_COMPLETE,
  tocEntryCount
} from './verify-dump.ts'
import {
  isUsageError,
  ToolNotRunnable,
  ToolRunner,
  type ToolResult
} from './tool-runner.ts'
import { formatBytes, formatDuration } from './units.ts'
import { olderTargetWarning } from './version-warnings.ts'
import { parseVersion, type PgVersion } from './versions.ts'

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
  clientSearch?: SearchOptions /** how long to wait for the server to accept connections; default 0 (one try) */
  waitTimeoutMs?: number
  /** lets a signal handler stop the run and clean up after it */
  cancellation?: Cancellation
  logger?: Logger
}

/** What to dump. */
export interface DumpOptions {
  /** target path; relative paths resolve against the working directory */
  file: string
  /** custom (default) or plain */
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
   */ databases?: readonly string[]
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

/** Where DROP and CREATE DATABASE run: every server has it. */
const MAINTENANCE_DB = 'postgres'

/**
 * Moves a finished dump to its target, replacing an earlier one: a file in
 * one atomic rename; a folder (which rename cannot replace) by moving the
 * old one aside first and removing it after.
 */
async function replacePath(from: string, to: string): Promise<void> {
  if (!(await stat(from)).isDirectory()) return rename(from, to)
  const old = `${to}.${randomBytes(4).toString('hex')}.old`
  const moved = await rename(to, old).then(
    () => true,
    () => false
  )
  try {
    await rename(from, to)
  } catch (error) {
    if (moved) await rename(old, to)
    throw error
  }
  if (moved) await rm(old, { recursive: true, force: true })
}

interface ErrorKinds {
  failed: typeof PgDumpFailed | typeof PgRestoreFailed
  command: typeof PgDumpCommandError | typeof PgRestoreCommandError
}
const DUMP_ERRORS: ErrorKinds = {
  failed: PgDumpFailed,
  command: PgDumpCommandError
}
const RESTORE_ERRORS: ErrorKinds = {
  failed: PgRestoreFailed,
  command: PgRestoreCommandError
}

/** Dumps and restores the database one connection names. */
export class Dumper {
  readonly connection: Connection
  private readonly options: DumperOptions
  private readonly logger: Logger
  private readonly clients: ClientResolver
  private readonly env: Record<string, string>
  private readonly secrets: string[]
  private readonly cancellation: Cancellation

  /** Parses the connection; throws ConnectionStringError on a malformed one. */
  constructor(options: DumperOptions) {
    this.options = options
    this.connection = parseConnection(options.connection, options.dbname)
    this.logger = options.logger ?? silentLogger
    this.cancellation = options.cancellation ?? new Cancellation()
    this.env = {}
    if (this.connection.password !== undefined)
      this.env.PGPASSWORD = this.connection.password
    if (options.serviceFile)
      this.env.PGSERVICEFILE = resolve(options.serviceFile)
    this.secrets = this.connection.password ? [this.connection.password] : []
    const policy: ClientPolicy = {
      binDir: options.pgBinDir,
      major: options.pgVersion,
      install: options.installClient ?? 'never',
      search: options.clientSearch
    }
    this.clients = new ClientResolver(policy, this.logger)
  }

  /** A name for the target in messages: database, service or host. */
  get target(): string {
    const c = this.connection
    return (
      c.dbname ??
      (c.service ? `service ${c.service}` : (c.host ?? 'default database'))
    )
  }

  /** Dumps to a temporary file beside the target and renames it only on success. */
  async dump(options: DumpOptions): Promise<DumpResult> {
    const file = resolve(options.file)
    const format = options.format ?? 'custom'
    return this.logger.group(`Dumping ${this.target} to ${file}`, async () => {
      const started = performance.now()
      const server = await this.serverVersion(DUMP_ERRORS)
      const client = await this.client(
        {
          major: server.major,
          why: `the server (${server.text})`,
          tool: 'pg_dump'
        },
        DUMP_ERRORS
      )
      const compress = this.compressArgFor(format, options.compression, client)
      const jobs = options.jobs ?? 1
      if (jobs > 1 && !PARALLEL_DUMP_FORMATS.includes(format)) {
        this.logger.warning(
          `jobs ${jobs}: pg_dump runs in parallel only for the directory format; dumping ${format} with one job.`
        )
      }
      await mkdir(dirname(file), { recursive: true })
      const partial = join(
        dirname(file),
        `.${basename(file)}.${randomBytes(4).toString('hex')}.partial`
      )
      this.cancellation.track(partial)
      try {
        const args = dumpArgs({
          conninfo: this.connection.conninfo,
          file: partial,
          format,
          excludeSchemas: options.excludeSchemas ?? [],
          schemas: options.schemas,
          excludeTableData: options.excludeTableData,
          jobs,
          compress
        })
        const result = await this.runTool(client, 'pg_dump', args, DUMP_ERRORS)
        if (result.exitCode !== 0) {
          throw new PgDumpFailed(failureMessage('pg_dump', result), {
            tool: 'pg_dump',
            exitCode: result.exitCode,
            stderr: result.stderr
          })
        }
        await this.verify(partial, format, client)
        this.cancellation.throwIfCancelled(
          `pg_dump was stopped and ${partial} removed`
        )
        await replacePath(partial, file)
      } finally {
        await rm(partial, { force: true, recursive: true })
        this.cancellation.untrack(partial)
      }
      const digest = await fileDigest(file)
      const durationMs = performance.now() - started
      this.logger.info(
        `Wrote ${formatBytes(digest.size)} (${format}) in ${formatDuration(durationMs)}`
      )
      return {
        file,
        format,
        serverVersion: server.text,
        clientVersion: client.version?.text ?? '',
        durationMs,
        ...digest
      }
    })
  }

  /** Restores an archive with pg_restore or a plain script with psql. */
  async restore(options: RestoreOptions): Promise<RestoreResult> {
    const file = resolve(options.file)
    const excludeSchemas = options.excludeSchemas ?? []
    const ignoreErrors = options.ignoreErrors ?? false
    const databases = [...(options.databases ?? [])]
    const [first] = databases
    const label = first === undefined ? this.target : databases.join(', ')
    return this.logger.group(`Restoring ${file} into ${label}`, async () => {
      const started = performance.now()
      const format = await this.recognise(file)
      const tool: Tool = format === 'plain' ? 'psql' : 'pg_restore'
      if (format === 'plain' && excludeSchemas.length > 0) {
        throw new PgRestoreCommandError(
          `Cannot exclude schemas (${excludeSchemas.join(', ')}) from a plain SQL dump: ` +
            'psql runs the whole script. Exclude them when dumping, or dump in custom format.',
          { tool: 'psql' }
        )
      }
      this.checkRestoreOptions(options, format)
      const header = await readArchiveHeader(file)
      if (header.dumpedBy || header.dumpedFrom) {
        this.logger.info(
          `The dump was made${header.dumpedFrom ? ` from PostgreSQL ${header.dumpedFrom.text}` : ''}` +
            `${header.dumpedBy ? ` by pg_dump ${header.dumpedBy.text}` : ''}`
        )
      }
      // fan-out targets may not exist yet: ask the maintenance database
      const server = await this.serverVersion(
        RESTORE_ERRORS,
        first === undefined && !options.createDatabase
          ? undefined
          : MAINTENANCE_DB
      )
      const warning = olderTargetWarning(header, server)
      if (warning) this.logger.warning(warning)
      const readerMajor = minimumReaderMajor(header)
      const client = await this.client(
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
      if (jobs > 1 && !PARALLEL_RESTORE_FORMATS.includes(format)) {
        this.logger.warning(
          `jobs ${jobs}: pg_restore runs in parallel only for custom and directory archives; restoring ${format} with one job.`
        )
      }
      if (first !== undefined) {
        await this.recreate(first, 'template0', server, RESTORE_ERRORS)
      } else if (options.createDatabase) {
        await this.createIfMissing()
      }
      const argOptions = {
        conninfo:
          first === undefined
            ? this.connection.conninfo
            : this.conninfoFor(first),
        file,
        excludeSchemas,
        ignoreErrors,
        jobs: PARALLEL_RESTORE_FORMATS.includes(format) ? jobs : undefined,
        singleTransaction: options.singleTransaction,
        clean: options.clean
      }
      const result =
        tool === 'psql'
          ? await this.runTool(
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
        await this.recreate(copy, first, server, RESTORE_ERRORS)
        this.logger.info(
          `Created ${copy} as a copy of ${first} in ${formatDuration(performance.now() - copyStarted)}`
        )
      }
      const digest = await fileDigest(file)
      const durationMs = performance.now() - started
      this.logger.info(
        `Restored ${formatBytes(digest.size)} (${format}) in ${formatDuration(durationMs)}`
      )
      return {
        file,
        format,
        serverVersion: server.text,
        clientVersion: client.version?.text ?? '',
        durationMs,
        ignoredErrors: outcome.ignoredErrors,
        databases: first === undefined ? [this.target] : databases,
        ...digest
      }
    })
  }

  /**
   * Runs pg_restore. With schemas excluded, it restores from an edited table
   * of contents so the excluded schemas themselves are not created either.
   */
  private async runPgRestore(
    client: ResolvedClient,
    o: RestoreArgsOptions
  ): Promise<ToolResult> {
    if (o.excludeSchemas.length === 0) {
      return this.runTool(
        client,
        'pg_restore',
        pgRestoreArgs(o),
        RESTORE_ERRORS
      )
    }
    const listDir = await mkdtemp(join(tmpdir(), 'pg-dumper-toc-'))
    this.cancellation.track(listDir)
    try {
      const toc = await this.runTool(
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
      return await this.runTool(
        client,
        'pg_restore',
        pgRestoreArgs({ ...o, useList }),
        RESTORE_ERRORS
      )
    } finally {
      await rm(listDir, { recursive: true, force: true })
      this.cancellation.untrack(listDir)
    }
  }

  private async recognise(file: string): Promise<ArchiveFormat> {
    try {
      await access(file)
      return await detectArchiveFormat(file)
    } catch (error) {
      if (error instanceof UnrecognizedDumpError)
        throw new PgRestoreFailed(error.message)
      throw new PgRestoreCommandError(
        `Cannot read the dump ${file}: ${(error as Error).message}`
      )
    }
  }

  /**
   * Reads back what pg_dump wrote before it may take the target's name:
   * an archive through `pg_restore --list` (which reads its whole table of
   * contents), a plain script by its completion line.
   */
  private async verify(
    partial: string,
    format: DumpFormat,
    client: ResolvedClient
  ): Promise<void> {
    if (!isArchive(format)) {
      if (await plainDumpComplete(partial)) {
        this.logger.info(
          `Verified: the SQL ends with pg_dump's completion line`
        )
        return
      }
      throw new PgDumpFailed(
        `pg_dump exited 0 but the plain dump is incomplete: it lacks pg_dump's completion line (${PLAIN_COMPLETE}). Nothing was written to the target.`,
        { tool: 'pg_dump' }
      )
    }
    const list = await this.runTool(
      client,
      'pg_restore',
      tocListArgs(partial),
      DUMP_ERRORS
    )
    if (list.exitCode !== 0) {
      throw new PgDumpFailed(
        `pg_dump exited 0 but its archive cannot be read back with pg_restore --list: ${failureMessage('pg_restore', list)}. Nothing was written to the target.`,
        { tool: 'pg_restore', exitCode: list.exitCode, stderr: list.stderr }
      )
    }
    this.logger.info(
      `Verified: pg_restore reads the archive's ${tocEntryCount(list.stdout)} entries`
    )
  }

  /** The connection with another database name. */
  private conninfoFor(dbname: string): string {
    return parseConnection(this.options.connection, dbname).conninfo
  }

  /**
   * Drops `name` if it exists and creates it from `template`. Connections to
   * it are ended first (WITH (FORCE), PostgreSQL 13+). From PostgreSQL 15 a
   * copy is made by copying files, which beats WAL-logging every block.
   */
  private async recreate(
    name: string,
    template: string,
    server: PgVersion,
    kinds: ErrorKinds
  ): Promise<void> {
    const force = server.major >= 13 ? ' WITH (FORCE)' : ''
    const strategy =
      server.major >= 15 && template !== 'template0'
        ? ' STRATEGY = FILE_COPY'
        : ''
    await this.sqlCommands(
      [
        `DROP DATABASE IF EXISTS ${quoteIdent(name)}${force}`,
        `CREATE DATABASE ${quoteIdent(name)} TEMPLATE ${quoteIdent(template)}${strategy}`
      ],
      `(re)create the database ${name} from ${template}`,
      kinds
    )
  }

  /** Runs SQL commands, each on its own, in the maintenance database. */
  private async sqlCommands(
    commands: string[],
    what: string,
    kinds: ErrorKinds
  ): Promise<string> {
    const probe: ResolvedClient = {
      binDir: await this.clients.probeClient(),
      reason: 'probe'
    }
    const result = await this.runTool(
      probe,
      'psql',
      psqlCommandArgs(this.conninfoFor(MAINTENANCE_DB), commands),
      kinds
    )
    if (result.exitCode !== 0) {
      throw new kinds.failed(
        `Could not ${what}: ${failureMessage('psql', result)}`,
        { tool: 'psql', exitCode: result.exitCode, stderr: result.stderr }
      )
    }
    return result.stdout
  }

  /** Refuses combinations the tools cannot do, before anything runs. */
  private checkRestoreOptions(o: RestoreOptions, format: ArchiveFormat): void {
    const refuse = (message: string): never => {
      throw new PgRestoreCommandError(message, {
        tool: format === 'plain' ? 'psql' : 'pg_restore'
      })
    }
    if (o.singleTransaction && o.ignoreErrors) {
      refuse(
        'single-transaction makes the restore all or nothing: it cannot also ignore errors.'
      )
    }
    if (o.singleTransaction && (o.jobs ?? 1) > 1 && format !== 'plain') {
      refuse(
        'pg_restore cannot restore in a single transaction with several jobs: choose one.'
      )
    }
    if (o.clean && format === 'plain') {
      refuse(
        'clean needs an archive (custom, directory or tar): a plain SQL dump runs as written. Dump in custom format, or restore into an empty database.'
      )
    }
    if (o.createDatabase && !o.databases?.length && !this.connection.dbname) {
      refuse(
        'create-database needs the database name: name it in the connection string or in dbname.'
      )
    }
  }

  /** Creates the target database unless it exists. */
  private async createIfMissing(): Promise<void> {
    const name = this.connection.dbname as string
    const sql = `SELECT count(*) FROM pg_database WHERE datname = ${quoteLiteral(name)}`
    const probe: ResolvedClient = {
      binDir: await this.clients.probeClient(),
      reason: 'probe'
    }
    const exists = await this.runTool(
      probe,
      'psql',
      psqlQueryArgs(this.conninfoFor(MAINTENANCE_DB), sql),
      RESTORE_ERRORS
    )
    if (exists.exitCode !== 0) {
      throw new PgRestoreFailed(
        `Could not check whether the database ${name} exists: ${failureMessage('psql', exists)}`,
        { tool: 'psql', exitCode: exists.exitCode, stderr: exists.stderr }
      )
    }
    if (exists.stdout.trim() === '1') return
    await this.sqlCommands(
      [`CREATE DATABASE ${quoteIdent(name)} TEMPLATE template0`],
      `create the database ${name}`,
      RESTORE_ERRORS
    )
    this.logger.info(`Created the database ${name} (create-database)`)
  }

  /** The --compress argument for the chosen client, or none. */
  private compressArgFor(
    format: DumpFormat,
    compression: Compression | undefined,
    client: ResolvedClient
  ): string | undefined {
    if (compression === undefined) return undefined
    if (format === 'tar' || format === 'plain') {
      throw new PgDumpCommandError(
        `compress '${describeCompression(compression)}' applies to the custom and directory formats, not ${format}.`,
        { tool: 'pg_dump' }
      )
    }
    try {
      return compressArg(compression, client.version?.major ?? 16)
    } catch (error) {
      if (error instanceof CompressionError) {
        throw new PgDumpCommandError(error.message, { tool: 'pg_dump' })
      }
      throw error
    }
  }

  /** Picks the client for a job and says which and why. */
  private async client(
    need: ClientNeed,
    kinds: ErrorKinds
  ): Promise<ResolvedClient> {
    let client: ResolvedClient
    try {
      client = await this.clients.resolve(need)
    } catch (error) {
      if (error instanceof ToolNotRunnable)
        throw new kinds.command(`Cannot run ${need.tool}: ${error.message}`, {
          tool: need.tool
        })
      throw error
    }
    const where = client.binDir ?? 'PATH'
    this.logger.info(
      `Using ${need.tool} ${client.version?.text ?? ''} from ${where}: ${client.reason}`
    )
    return client
  }

  /**
   * Asks the server its version, waiting up to waitTimeoutMs for it to
   * accept connections, which also proves the connection works before
   * anything is written. Failures surface as the operation's Failed error,
   * with the cause named and psql's own message.
   */
  private async serverVersion(
    kinds: ErrorKinds,
    dbname?: string
  ): Promise<PgVersion> {
    const probe: ResolvedClient = {
      binDir: await this.clients.probeClient(),
      reason: 'probe'
    }
    const args = serverVersionArgs(
      dbname === undefined ? this.connection.conninfo : this.conninfoFor(dbname)
    )
    const fallback = this.connection.host
      ? `${this.connection.host}${this.connection.port ? `:${this.connection.port}` : ''}`
      : this.target
    const outcome = await waitForServer(
      () => this.runTool(probe, 'psql', args, kinds, true),
      {
        timeoutMs: this.options.waitTimeoutMs ?? 0,
        logger: this.logger,
        describe: fallback
      }
    )
    if (!outcome.ok) {
      const { result, problem, waitedMs } = outcome
      const endpoint = endpointOf(result.stderr, fallback)
      const waited =
        waitedMs >= 1000 ? ` (waited ${formatDuration(waitedMs)})` : ''
      throw new kinds.failed(
        `Could not connect to ${this.target}${waited}: ${explainConnectionProblem(problem, endpoint)}\n` +
          (result.stderr || `psql exited with code ${result.exitCode}`),
        { tool: 'psql', exitCode: result.exitCode, stderr: result.stderr }
      )
    }
    const printed = outcome.result.stdout.trim()
    const version = parseVersion(printed) ?? {
      major: 0,
      minor: 0,
      text: printed.split(/\s+/)[0] ?? ''
    }
    this.logger.info(`Server version ${version.text}`)
    return version
  }

  /** Runs a tool, turning "could not run" into the operation's command error. */
  private async runTool(
    client: ResolvedClient,
    tool: Tool,
    args: readonly string[],
    kinds: ErrorKinds,
    quiet = false
  ): Promise<ToolResult> {
    const runner = new ToolRunner({
      binDir: client.binDir,
      env: this.env,
      secrets: this.secrets,
      logger: this.logger,
      quiet
    })
    let result: ToolResult
    try {
      this.cancellation.throwIfCancelled()
      result = await runner.run(tool, args)
      this.cancellation.throwIfCancelled(
        `${tool} was stopped and temporary files were removed`
      )
    } catch (error) {
      if (error instanceof ToolNotRunnable)
        throw new kinds.command(`Cannot run ${tool}: ${error.message}`, {
          tool
        })
      throw error
    }
    if (result.exitCode !== 0 && isUsageError(result.stderr)) {
      throw new kinds.command(
        `${tool} rejected its arguments: ${result.stderr}`,
        {
          tool,
          exitCode: result.exitCode,
          stderr: result.stderr
        }
      )
    }
    return result
  }
}
