// Chooses the pg_dump/pg_restore/psql to run: pg-bin-dir if given, else the
// oldest installed client new enough for the job (a forced major if asked),
// installing one when none is and that is allowed.
import {
  chooseClient,
  clientVersion,
  findClients,
  type ClientInstall,
  type SearchOptions
} from './search.ts'
import { installPlanForThisMachine, runInstall } from './install.ts'
import { PgClientVersionMismatch } from '../errors.ts'
import type { Logger } from '../logger.ts'
import { ToolNotRunnable } from '../process/runner.ts'
import type { PgVersion } from '../versions.ts'

/** How to pick the client. */
export interface ClientPolicy {
  /** a folder to use as is (the pg-bin-dir input) */
  binDir?: string
  /** a major to use (the pg-version input) */
  major?: number
  /** install a missing client where possible (Linux with apt), or never */
  install: 'auto' | 'never'
  /** where to look (tests assemble layouts under a root) */
  search?: SearchOptions
}

/** The client to run, and why it was chosen. */
export interface ResolvedClient {
  /** folder of the tools; undefined = bare names on PATH */
  binDir?: string
  version?: PgVersion
  reason: string
}

/** What the job needs: at least this major, and why (for messages). */
export interface ClientNeed {
  /** 0 when anything will do */
  major: number
  /** e.g. "the server (16.4)", "the dump (made by pg_dump 17.2)" */
  why: string
  /** the tool that needs it, for messages */
  tool: 'pg_dump' | 'pg_restore' | 'psql'
}

const describe = (installs: readonly ClientInstall[]) =>
  installs.length
    ? installs.map(i => `${i.version.text} (${i.binDir})`).join(', ')
    : 'none'

/** Finds (or installs) clients once per Dumper and picks one per job. */
export class ClientResolver {
  private installs?: Promise<ClientInstall[]>
  private readonly policy: ClientPolicy
  private readonly logger: Logger

  constructor(policy: ClientPolicy, logger: Logger) {
    this.policy = policy
    this.logger = logger
  }

  /** Installed clients, newest first (searched once). */
  found(): Promise<ClientInstall[]> {
    this.installs ??= findClients({
      logger: this.logger,
      ...this.policy.search
    })
    return this.installs
  }

  /** A psql to ask the server its version with: any will do, the newest is best. */
  async probeClient(): Promise<string | undefined> {
    if (this.policy.binDir) return this.policy.binDir
    return (await this.found())[0]?.binDir
  }

  /** The client for a job; throws PgClientVersionMismatch when none fits. */
  async resolve(need: ClientNeed): Promise<ResolvedClient> {
    const { binDir, major } = this.policy
    if (binDir) {
      const version = await clientVersion(binDir).catch((error: unknown) => {
        throw new ToolNotRunnable(
          error instanceof Error ? error.message : String(error)
        )
      })
      if (version.major < need.major) {
        throw new PgClientVersionMismatch(
          `${need.why} needs ${need.tool} ${need.major} or newer, but pg-bin-dir ${binDir} holds ${version.text}. ` +
            `Point pg-bin-dir at a PostgreSQL ${need.major}+ client, or leave it empty to let pg-dumper choose one.`
        )
      }
      return { binDir, version, reason: 'the pg-bin-dir input' }
    }
    const installs = await this.found()
    if (major !== undefined && major < need.major) {
      this.logger.warning(
        `pg-version ${major} is older than ${need.why} needs (${need.major}): ${need.tool} will likely refuse.`
      )
    }
    const choice = chooseClient(installs, need, major)
    if (choice) {
      return {
        binDir: choice.install.binDir,
        version: choice.install.version,
        reason: choice.reason
      }
    }
    const wanted = major ?? need.major
    return this.install(wanted, need, installs)
  }

  private async install(
    wanted: number,
    need: ClientNeed,
    installs: readonly ClientInstall[]
  ): Promise<ResolvedClient> {
    const mismatch = (why: string) =>
      new PgClientVersionMismatch(
        `${need.why} needs ${need.tool} ${wanted} or newer, but the PostgreSQL clients found are: ${describe(installs)}. ` +
          `${why} Fix: install postgresql-client-${wanted} (install-client: auto does this on Linux runners with apt), ` +
          `or set pg-bin-dir to a PostgreSQL ${wanted} client.`
      )
    if (this.policy.install === 'never')
      throw mismatch('install-client is never.')
    const { plan, reason } = await installPlanForThisMachine(wanted)
    if (!plan) throw mismatch(`It cannot be installed here: ${reason}.`)
    this.logger.info(
      `Installing postgresql-client-${wanted}: no installed client is new enough for ${need.why}`
    )
    let binDir: string
    try {
      binDir = await runInstall(plan, wanted, this.logger)
    } catch (error) {
      throw mismatch(
        `Installing postgresql-client-${wanted} failed: ${(error as Error).message}.`
      )
    }
    const version = await clientVersion(binDir)
    this.installs = Promise.resolve([
      { binDir, version, layout: 'debian' as const },
      ...installs
    ])
    return {
      binDir,
      version,
      reason: `installed postgresql-client-${wanted} for ${need.why}`
    }
  }
}
