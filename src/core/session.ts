// Runs the PostgreSQL tools for one Dumper: the connection's environment and
// secrets, the client chosen per job, cancellation, and the connection check
// that waits for the server and names what went wrong. Failures are
// ToolErrors; the operation that called decides their public name.
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { psqlCommandArgs, psqlQueryArgs, serverVersionArgs } from './args.ts'
import {
  ClientResolver,
  type ClientNeed,
  type ClientPolicy,
  type ResolvedClient
} from './client/resolver.ts'
import type { Connection } from './connection/connection.ts'
import { writeSecretsFile } from './connection/secrets-file.ts'
import {
  connectionFailed,
  versionDespiteQuestion,
  waitForServer
} from './connection/wait.ts'
import { ToolError, type Tool } from './errors.ts'
import type { Logger } from './logger.ts'
import type { Cancellation } from './process/cancellation.ts'
import { isUsageError, ToolRunner, type ToolResult } from './process/runner.ts'
import { cannotRun, checked } from './tool-results.ts'
import { serverVersionOf, type PgVersion } from './versions.ts'
import type { Wording } from './wording.ts'

/** Where DROP and CREATE DATABASE run: every server has it. */
const MAINTENANCE_DB = 'postgres'

/** What a session needs to know. */
interface SessionOptions {
  /** the parsed connection */
  connection: Connection
  /** path of a pg_service.conf, already resolved */
  serviceFile?: string
  clients: ClientPolicy
  /** how long to wait for the server; 0 = one try */
  waitTimeoutMs: number
  cancellation: Cancellation
  logger: Logger
  wording: Wording
}

/** How a tool runs: `always` also once the run was cancelled. */
type RunHow = {
  quiet?: boolean
  onErrLine?: (line: string) => void
  onOutLine?: (line: string) => void
  always?: boolean
  input?: Buffer
  unloggedStderr?: boolean
  env?: Record<string, string>
}

/** Runs tools against one connection. */
export class Session {
  readonly connection: Connection
  readonly logger: Logger
  readonly cancellation: Cancellation
  readonly wording: Wording
  private readonly waitTimeoutMs: number
  readonly clients: ClientResolver
  private readonly env: Record<string, string> = {}
  private readonly secrets: string[]
  private readonly serviceFile?: string
  private readonly options: SessionOptions
  #secretsDir?: Promise<string>
  /** the major of the server, once asked */
  serverMajor?: number

  /** `clients`: a resolver to share with the session this one derives from. */
  constructor(options: SessionOptions, clients?: ClientResolver) {
    this.options = options
    this.connection = options.connection
    this.logger = options.logger
    this.cancellation = options.cancellation
    this.wording = options.wording
    this.waitTimeoutMs = options.waitTimeoutMs
    const { password } = this.connection
    if (password !== undefined) this.env.PGPASSWORD = password
    if (options.serviceFile) this.env.PGSERVICEFILE = options.serviceFile
    this.secrets = [
      ...(password ? [password] : []),
      ...Object.values(this.connection.secrets ?? {}).filter(Boolean)
    ]
    this.serviceFile = options.serviceFile
    this.clients =
      clients ?? new ClientResolver(options.clients, this.logger, this.wording)
  }

  /** A session for another database of the same server (see forConnection). */
  forDatabase(dbname: string): Session {
    return this.forConnection(this.connection.withDbname(dbname))
  }

  /** A session for another connection: the same environment, cancellation and client search (found once). Close it when done. */
  forConnection(connection: Connection): Session {
    return new Session({ ...this.options, connection }, this.clients)
  }

  /**
   * Writes the connection's secrets other than the password (sslpassword,
   * oauth_client_secret…) to a private service file (the tools' only way
   * to get them off the command line), with the user's service merged in,
   * once; a no-op when there are none.
   */
  private secretsFile(): Promise<string | undefined> {
    const { secrets, service } = this.connection
    if (!secrets) return Promise.resolve(undefined)
    this.#secretsDir ??= (async () => {
      const dir = await mkdtemp(join(tmpdir(), 'pg-dumper-secrets-'))
      this.cancellation.track(dir)
      this.env.PGSERVICEFILE = await writeSecretsFile(
        dir,
        secrets,
        service,
        this.serviceFile
      )
      return dir
    })()
    return this.#secretsDir.then(() => this.env.PGSERVICEFILE)
  }

  /** Removes what the session wrote for the tools (the private service file). */
  async close(): Promise<void> {
    const pending = this.#secretsDir
    if (!pending) return
    this.#secretsDir = undefined
    if (this.serviceFile) this.env.PGSERVICEFILE = this.serviceFile
    else delete this.env.PGSERVICEFILE
    const dir = await pending.catch(() => undefined)
    if (dir === undefined) return
    await rm(dir, { recursive: true, force: true })
    this.cancellation.untrack(dir)
  }

  /** A name for the target in messages: database, service or host. */
  get target(): string {
    return this.connection.target
  }

  /** A psql for questions and housekeeping: any will do. */
  async probe(): Promise<ResolvedClient> {
    try {
      return { binDir: await this.clients.probeClient(), reason: 'probe' }
    } catch (error) {
      throw cannotRun('psql', error)
    }
  }

  /** Picks the client for a job and says which and why. */
  async client(need: ClientNeed): Promise<ResolvedClient> {
    let client: ResolvedClient
    try {
      client = await this.clients.resolve(need)
    } catch (error) {
      throw cannotRun(need.tool, error)
    }
    this.logger.info(
      `Using ${need.tool} ${client.version?.text ?? ''} from ${client.binDir ?? 'PATH'}: ${client.reason}`
    )
    return client
  }

  /**
   * Asks the server its version (in `connection`, by default the session's),
   * waiting up to waitTimeoutMs for it to accept connections (proving the
   * connection before anything is written); failures carry psql's message.
   */
  async serverVersion(connection = this.connection): Promise<PgVersion> {
    return (await this.connect(connection)).version
  }

  /**
   * {@link serverVersion}, asking `question` (what the caller needs next) in
   * the same psql; `answer`: its output, undefined when it failed.
   */
  async connect(
    connection = this.connection,
    question?: string
  ): Promise<{ version: PgVersion; answer?: string }> {
    const probe = await this.probe()
    const args = serverVersionArgs(connection.conninfo, question)
    const fallback = this.connection.endpoint
    const attempt = async () =>
      versionDespiteQuestion(
        await this.run(probe, 'psql', args, true),
        question !== undefined
      )
    const waiting = waitForServer(attempt, {
      timeoutMs: this.waitTimeoutMs,
      logger: this.logger,
      describe: fallback
    })
    this.clients.versionAhead() // meanwhile, once psql is started
    const outcome = await waiting
    if (!outcome.ok) throw connectionFailed(this.target, outcome, fallback)
    const [printed, ...rest] = outcome.result.stdout.trim().split('\n')
    const version = serverVersionOf(printed)
    this.logger.info(`Server version ${version.text}`)
    this.serverMajor = version.major
    return { version, ...(rest.length > 0 && { answer: rest.join('\n') }) }
  }

  /** The name of the database the connection reaches (asked when it names none). */
  async databaseName(): Promise<string> {
    return (
      this.connection.dbname ??
      this.query(
        'SELECT current_database()',
        'ask the name of the target database',
        this.connection
      )
    )
  }

  /** The session's connection to the maintenance database. */
  get maintenance(): Connection {
    return this.connection.withDbname(MAINTENANCE_DB)
  }

  /** Runs SQL commands, each on its own, in the maintenance database. */
  async sql(commands: string[], what: string): Promise<void> {
    const args = psqlCommandArgs(this.maintenance.conninfo, commands)
    checked(await this.run(await this.probe(), 'psql', args), what)
  }

  /** One query's unaligned result, from the maintenance database (or `connection`); `quiet` logs the command at debug level. */
  async query(
    sql: string,
    what: string,
    connection = this.maintenance,
    quiet = false
  ): Promise<string> {
    const args = psqlQueryArgs(connection.conninfo, sql)
    const result = await this.run(await this.probe(), 'psql', args, quiet)
    return checked(result, what).stdout.trim()
  }

  /** Runs a tool: ToolErrors for "could not run" and rejected arguments, OperationCancelled once cancelled; `quiet` may be a whole RunHow. */
  async run(
    client: ResolvedClient,
    tool: Tool,
    args: readonly string[],
    quiet: boolean | RunHow = false,
    onErrLine?: (line: string) => void
  ): Promise<ToolResult> {
    const how = typeof quiet === 'boolean' ? { quiet, onErrLine } : quiet
    return this.#run(client, tool, args, how)
  }

  /**
   * Runs SQL commands in the maintenance database, also once the run was
   * cancelled: the clean-up that must happen then (dropping a throwaway
   * database). Resolves to psql's result; the caller judges it.
   */
  async cleanupSql(commands: string[]): Promise<ToolResult> {
    const args = psqlCommandArgs(this.maintenance.conninfo, commands)
    return this.#run(await this.probe(), 'psql', args, { always: true })
  }

  async #run(
    client: ResolvedClient,
    tool: Tool,
    args: readonly string[],
    o: RunHow
  ): Promise<ToolResult> {
    let result: ToolResult
    try {
      if (!o.always) this.cancellation.throwIfCancelled()
      await this.secretsFile() // may add PGSERVICEFILE to the environment
      const runner = new ToolRunner({
        ...o,
        binDir: client.binDir,
        env: { ...this.env, ...o.env },
        secrets: this.secrets,
        logger: this.logger
      })
      result = await runner.run(tool, args)
      if (!o.always)
        this.cancellation.throwIfCancelled(
          `${tool} was stopped and temporary files were removed`
        )
    } catch (error) {
      throw cannotRun(tool, error)
    }
    if (result.exitCode !== 0 && isUsageError(result.stderr)) {
      throw new ToolError(
        'command',
        `${tool} rejected its arguments: ${result.stderr}`,
        { tool, exitCode: result.exitCode, stderr: result.stderr }
      )
    }
    return result
  }
}
