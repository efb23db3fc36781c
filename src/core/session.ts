// Runs the PostgreSQL tools for one Dumper: the connection's environment and
// secrets, the client chosen per job, cancellation, and the connection check
// that waits for the server and names what went wrong.
import { psqlCommandArgs, psqlQueryArgs, serverVersionArgs } from './args.ts'
import type { Cancellation } from './process/cancellation.ts'
import {
  ClientResolver,
  type ClientNeed,
  type ClientPolicy,
  type ResolvedClient
} from './client/resolver.ts'
import {
  endpointOf,
  explainConnectionProblem,
  waitForServer
} from './connection/wait.ts'
import { parseConnection, type Connection } from './connection/parse.ts'
import {
  PgDumpCommandError,
  PgDumpFailed,
  PgRestoreCommandError,
  PgRestoreFailed,
  type Tool
} from './errors.ts'
import type { Logger } from './logger.ts'
import { failureMessage } from './restore/outcome.ts'
import {
  isUsageError,
  ToolNotRunnable,
  ToolRunner,
  type ToolResult
} from './process/runner.ts'
import { formatDuration } from './units.ts'
import { parseVersion, type PgVersion } from './versions.ts'

/** The errors an operation throws: dump's or restore's. */
export interface ErrorKinds {
  failed: typeof PgDumpFailed | typeof PgRestoreFailed
  command: typeof PgDumpCommandError | typeof PgRestoreCommandError
}
export const DUMP_ERRORS: ErrorKinds = {
  failed: PgDumpFailed,
  command: PgDumpCommandError
}
export const RESTORE_ERRORS: ErrorKinds = {
  failed: PgRestoreFailed,
  command: PgRestoreCommandError
}

/** Where DROP and CREATE DATABASE run: every server has it. */
export const MAINTENANCE_DB = 'postgres'

/** What a session needs to know. */
export interface SessionOptions {
  /** the connection as the user gave it (service name or connection string) */
  connection: string
  /** database name overriding the connection's */
  dbname?: string
  /** path of a pg_service.conf, already resolved */
  serviceFile?: string
  clients: ClientPolicy
  /** how long to wait for the server; 0 = one try */
  waitTimeoutMs: number
  cancellation: Cancellation
  logger: Logger
}

/** Runs tools against one connection. */
export class ToolSession {
  readonly connection: Connection
  readonly logger: Logger
  readonly cancellation: Cancellation
  private readonly options: SessionOptions
  private readonly clients: ClientResolver
  private readonly env: Record<string, string> = {}
  private readonly secrets: string[]

  /** Parses the connection; throws ConnectionStringError on a malformed one. */
  constructor(options: SessionOptions) {
    this.options = options
    this.connection = parseConnection(options.connection, options.dbname)
    this.logger = options.logger
    this.cancellation = options.cancellation
    if (this.connection.password !== undefined)
      this.env.PGPASSWORD = this.connection.password
    if (options.serviceFile) this.env.PGSERVICEFILE = options.serviceFile
    this.secrets = this.connection.password ? [this.connection.password] : []
    this.clients = new ClientResolver(options.clients, this.logger)
  }

  /** A name for the target in messages: database, service or host. */
  get target(): string {
    const c = this.connection
    return (
      c.dbname ??
      (c.service ? `service ${c.service}` : (c.host ?? 'default database'))
    )
  }

  /** The connection with another database name (password still apart). */
  conninfoFor(dbname: string): string {
    return parseConnection(this.options.connection, dbname).conninfo
  }

  /** A psql for questions and housekeeping: any will do. */
  async probe(): Promise<ResolvedClient> {
    return { binDir: await this.clients.probeClient(), reason: 'probe' }
  }

  /** Picks the client for a job and says which and why. */
  async client(need: ClientNeed, kinds: ErrorKinds): Promise<ResolvedClient> {
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
    this.logger.info(
      `Using ${need.tool} ${client.version?.text ?? ''} from ${client.binDir ?? 'PATH'}: ${client.reason}`
    )
    return client
  }

  /**
   * Asks the server its version, waiting up to waitTimeoutMs for it to
   * accept connections, which also proves the connection works before
   * anything is written. Failures surface as the operation's Failed error,
   * with the cause named and psql's own message.
   */
  async serverVersion(kinds: ErrorKinds, dbname?: string): Promise<PgVersion> {
    const probe = await this.probe()
    const args = serverVersionArgs(
      dbname === undefined ? this.connection.conninfo : this.conninfoFor(dbname)
    )
    const { host, port } = this.connection
    const fallback = host ? `${host}${port ? `:${port}` : ''}` : this.target
    const outcome = await waitForServer(
      () => this.run(probe, 'psql', args, kinds, true),
      {
        timeoutMs: this.options.waitTimeoutMs,
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

  /** Runs SQL commands, each on its own, in the maintenance database. */
  async sql(
    commands: string[],
    what: string,
    kinds: ErrorKinds
  ): Promise<void> {
    const args = psqlCommandArgs(this.conninfoFor(MAINTENANCE_DB), commands)
    this.check(
      await this.run(await this.probe(), 'psql', args, kinds),
      what,
      kinds
    )
  }

  /** One query's unaligned result, from the maintenance database. */
  async query(sql: string, what: string, kinds: ErrorKinds): Promise<string> {
    const args = psqlQueryArgs(this.conninfoFor(MAINTENANCE_DB), sql)
    const result = await this.run(await this.probe(), 'psql', args, kinds)
    this.check(result, what, kinds)
    return result.stdout.trim()
  }

  private check(result: ToolResult, what: string, kinds: ErrorKinds): void {
    if (result.exitCode === 0) return
    throw new kinds.failed(
      `Could not ${what}: ${failureMessage('psql', result)}`,
      {
        tool: 'psql',
        exitCode: result.exitCode,
        stderr: result.stderr
      }
    )
  }

  /**
   * Runs a tool, turning "could not run" and rejected arguments into the
   * operation's command error, and a cancelled run into OperationCancelled.
   */
  async run(
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
