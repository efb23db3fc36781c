// The Dumper: dumps and restores one PostgreSQL database with pg_dump,
// pg_restore and psql. Knows nothing of GitHub; both front ends drive it.
import { randomBytes } from 'node:crypto'
import { access, mkdir, mkdtemp, rename, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { basename, dirname, join, resolve } from 'node:path'
import {
  dumpArgs,
  pgRestoreArgs,
  psqlRestoreArgs,
  serverVersionArgs,
  tocListArgs,
  type DumpFormat,
  type RestoreArgsOptions
} from './args.ts'
import {
  detectArchiveFormat,
  UnrecognizedDumpError,
  type ArchiveFormat
} from './archive-format.ts'
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
import {
  listErrors,
  parsePgRestoreOutput,
  parsePsqlOutput,
  type RestoreReport
} from './restore-report.ts'
import {
  isUsageError,
  ToolNotRunnable,
  ToolRunner,
  type ToolResult
} from './tool-runner.ts'
import { withoutSchemaEntries } from './toc-list.ts'
import { formatBytes, formatDuration } from './units.ts'

/** How to reach the database, and with which binaries. */
export interface DumperOptions {
  /** a pg_service.conf service name, or a key=value / postgresql:// connection string */
  connection: string
  /** database name overriding the one the connection names */
  dbname?: string
  /** path of a pg_service.conf (becomes PGSERVICEFILE for the tools) */
  serviceFile?: string
  /** folder holding pg_dump, pg_restore and psql; undefined = PATH */
  pgBinDir?: string
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
}

/** What to restore. */
export interface RestoreOptions {
  /** the dump to restore; its format is recognised from its content */
  file: string
  /** schemas left out of the restore (archives only) */
  excludeSchemas?: readonly string[]
  /** succeed even when the tool reports errors, counting them */
  ignoreErrors?: boolean
}

/** Facts about the dump file, common to both operations. */
export interface FileResult extends FileDigest {
  /** absolute path */
  file: string
  /** server version as the server reports it, e.g. `15.18` */
  serverVersion: string
  durationMs: number
}

export interface DumpResult extends FileResult {
  format: DumpFormat
}

export interface RestoreResult extends FileResult {
  format: ArchiveFormat
  /** errors the tool reported and ignore-errors let pass */
  ignoredErrors: number
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
  private readonly runner: ToolRunner
  private readonly logger: Logger

  /** Parses the connection; throws ConnectionStringError on a malformed one. */
  constructor(options: DumperOptions) {
    this.connection = parseConnection(options.connection, options.dbname)
    this.logger = options.logger ?? silentLogger
    const env: Record<string, string> = {}
    if (this.connection.password !== undefined)
      env.PGPASSWORD = this.connection.password
    if (options.serviceFile) env.PGSERVICEFILE = resolve(options.serviceFile)
    this.runner = new ToolRunner({
      binDir: options.pgBinDir,
      env,
      secrets: this.connection.password ? [this.connection.password] : [],
      logger: this.logger
    })
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
      const serverVersion = await this.serverVersion(DUMP_ERRORS)
      await mkdir(dirname(file), { recursive: true })
      const partial = join(
        dirname(file),
        `.${basename(file)}.${randomBytes(4).toString('hex')}.partial`
      )
      try {
        const args = dumpArgs({
          conninfo: this.connection.conninfo,
          file: partial,
          format,
          excludeSchemas: options.excludeSchemas ?? []
        })
        const result = await this.runTool('pg_dump', args, DUMP_ERRORS)
        if (result.exitCode !== 0) {
          throw new PgDumpFailed(failureMessage('pg_dump', result), {
            tool: 'pg_dump',
            exitCode: result.exitCode,
            stderr: result.stderr
          })
        }
        await rename(partial, file)
      } finally {
        await rm(partial, { force: true, recursive: true })
      }
      const digest = await fileDigest(file)
      const durationMs = performance.now() - started
      this.logger.info(
        `Wrote ${formatBytes(digest.size)} (${format}) in ${formatDuration(durationMs)}`
      )
      return { file, format, serverVersion, durationMs, ...digest }
    })
  }

  /** Restores a custom archive with pg_restore or a plain script with psql. */
  async restore(options: RestoreOptions): Promise<RestoreResult> {
    const file = resolve(options.file)
    const excludeSchemas = options.excludeSchemas ?? []
    const ignoreErrors = options.ignoreErrors ?? false
    return this.logger.group(
      `Restoring ${file} into ${this.target}`,
      async () => {
        const started = performance.now()
        const format = await this.recognise(file)
        if (format === 'plain' && excludeSchemas.length > 0) {
          throw new PgRestoreCommandError(
            `Cannot exclude schemas (${excludeSchemas.join(', ')}) from a plain SQL dump: ` +
              'psql runs the whole script. Exclude them when dumping, or dump in custom format.',
            { tool: 'psql' }
          )
        }
        const serverVersion = await this.serverVersion(RESTORE_ERRORS)
        const argOptions = {
          conninfo: this.connection.conninfo,
          file,
          excludeSchemas,
          ignoreErrors
        }
        const tool: Tool = format === 'plain' ? 'psql' : 'pg_restore'
        const result =
          tool === 'psql'
            ? await this.runTool(
                tool,
                psqlRestoreArgs(argOptions),
                RESTORE_ERRORS
              )
            : await this.runPgRestore(argOptions)
        const ignoredErrors = this.judgeRestore(tool, result, ignoreErrors)
        const digest = await fileDigest(file)
        const durationMs = performance.now() - started
        this.logger.info(
          `Restored ${formatBytes(digest.size)} (${format}) in ${formatDuration(durationMs)}`
        )
        return {
          file,
          format,
          serverVersion,
          durationMs,
          ignoredErrors,
          ...digest
        }
      }
    )
  }

  /**
   * Runs pg_restore. With schemas excluded, it restores from an edited table
   * of contents so the excluded schemas themselves are not created either.
   */
  private async runPgRestore(o: RestoreArgsOptions): Promise<ToolResult> {
    if (o.excludeSchemas.length === 0) {
      return this.runTool('pg_restore', pgRestoreArgs(o), RESTORE_ERRORS)
    }
    const listDir = await mkdtemp(join(tmpdir(), 'pg-dumper-toc-'))
    try {
      const toc = await this.runTool(
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
        'pg_restore',
        pgRestoreArgs({ ...o, useList }),
        RESTORE_ERRORS
      )
    } finally {
      await rm(listDir, { recursive: true, force: true })
    }
  }

  /**
   * Decides whether a restore run succeeded. Returns the count of errors
   * ignore-errors let pass; throws PgRestoreFailed otherwise.
   */
  private judgeRestore(
    tool: Tool,
    result: ToolResult,
    ignoreErrors: boolean
  ): number {
    const report: RestoreReport =
      tool === 'psql'
        ? parsePsqlOutput(result.stderr)
        : parsePgRestoreOutput(result.stderr)
    // pg_restore exits 1 both for tolerated statement errors (then it prints
    // its count) and for fatal ones (connection, unreadable archive): only
    // the former may be ignored. psql exits 0 when it carried on past errors.
    const tolerable =
      tool === 'psql'
        ? result.exitCode === 0
        : report.ignoredCount !== undefined
    if (result.exitCode === 0 && report.errors.length === 0) return 0
    const total = Math.max(report.ignoredCount ?? 0, report.errors.length)
    if (tolerable && ignoreErrors) {
      this.logger.warning(
        `Ignored ${total} error(s) ${tool} reported restoring into ${this.target}:\n` +
          listErrors(report.errors, total)
      )
      return total
    }
    const message =
      tolerable || report.errors.length > 0
        ? `${tool} reported ${total} error(s):\n${listErrors(report.errors, total)}`
        : failureMessage(tool, result)
    throw new PgRestoreFailed(message, {
      tool,
      exitCode: result.exitCode,
      stderr: result.stderr
    })
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
   * Asks the server for its version, which also proves the connection works
   * before anything is written. Connection failures surface as the
   * operation's own Failed error, with psql's message.
   */
  private async serverVersion(kinds: ErrorKinds): Promise<string> {
    const result = await this.runTool(
      'psql',
      serverVersionArgs(this.connection.conninfo),
      kinds
    )
    if (result.exitCode !== 0) {
      throw new kinds.failed(
        `Could not connect to ${this.target}: ${result.stderr || `psql exited with code ${result.exitCode}`}`,
        { tool: 'psql', exitCode: result.exitCode, stderr: result.stderr }
      )
    }
    const version = result.stdout.trim().split(/\s+/)[0] ?? ''
    this.logger.info(`Server version ${version}`)
    return version
  }

  /** Runs a tool, turning "could not run" into the operation's command error. */
  private async runTool(
    tool: Tool,
    args: readonly string[],
    kinds: ErrorKinds
  ): Promise<ToolResult> {
    let result: ToolResult
    try {
      result = await this.runner.run(tool, args)
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

function failureMessage(tool: Tool, result: ToolResult): string {
  if (result.stderr) return result.stderr
  return result.exitCode === -1
    ? `${tool} was killed by a signal`
    : `${tool} exited with code ${result.exitCode}`
}
