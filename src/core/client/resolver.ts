// Chooses the pg_dump/pg_restore/psql to run: a given folder if any, else the
// oldest installed client new enough for the job (a forced major if asked),
// installing one when none is and that is allowed.
import { join } from 'node:path'
import { versionInBinary } from './binary-version.ts'
import {
  chooseClient,
  clientVersion,
  findClients,
  missingTools,
  type ClientInstall,
  type SearchOptions
} from './search.ts'
import { executableName } from './tools.ts'
import { holeWarnings } from './holes.ts'
import { installPlanForThisMachine } from './install.ts'
import { PgClientVersionMismatch } from '../errors.ts'
import type { Logger } from '../logger.ts'
import { ToolNotRunnable } from '../process/runner.ts'
import type { Tool } from '../errors.ts'
import {
  hasRestrictedMode,
  RESTRICTED_MODE_RELEASES,
  type PgVersion
} from '../versions.ts'
import type { Wording } from '../wording.ts'

/** How to pick the client. */
export interface ClientPolicy {
  /** a folder to use as is */
  binDir?: string
  /** a major to use */
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
  tool: Tool
  /** psql runs a script in restricted mode (`\restrict`): only releases since August 2025 can */
  restricted?: boolean
}

const describe = (installs: readonly ClientInstall[]) =>
  installs.length
    ? installs.map(i => `${i.version.text} (${i.binDir})`).join(', ')
    : 'none'

/** Finds (or installs) clients once per Dumper and picks one per job. */
export class ClientResolver {
  private installs?: Promise<ClientInstall[]>
  private checked?: Promise<string>
  private givenVersion?: Promise<PgVersion>
  private readonly warned = new Set<string>()
  private readonly policy: ClientPolicy
  private readonly logger: Logger
  private readonly wording: Wording

  constructor(policy: ClientPolicy, logger: Logger, wording: Wording) {
    this.policy = policy
    this.logger = logger
    this.wording = wording
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
    if (this.policy.binDir) return this.givenBinDir()
    return (await this.found())[0]?.binDir
  }

  /** Starts asking the given folder's client its version, once (to run while a probe's psql does). */
  versionAhead(): void {
    if (this.policy.binDir) this.versionOfGiven().catch(() => {})
  }

  /**
   * The version of the given folder's client, known once (a failure is
   * thrown where it is needed): read from pg_dump's binary, else asked.
   */
  private versionOfGiven(): Promise<PgVersion> {
    this.givenVersion ??= this.givenBinDir().then(
      async dir =>
        (await versionInBinary(
          join(dir, executableName('pg_dump', process.platform))
        )) ?? clientVersion(dir)
    )
    return this.givenVersion
  }

  /**
   * The client `pgBinDir` gives, known before the server is (a job's need
   * is checked against it once the server's version is known, by resolve());
   * undefined when none is given or it does not hold the three tools.
   */
  async given(): Promise<ResolvedClient | undefined> {
    const { binDir } = this.policy
    if (!binDir) return undefined
    const version = await this.versionOfGiven().catch(() => undefined)
    if (!version) return undefined
    return {
      binDir,
      version,
      reason: `given as ${this.wording.name('pgBinDir')}`
    }
  }

  /** The given folder, once it is known to hold all three tools. */
  private givenBinDir(): Promise<string> {
    const binDir = this.policy.binDir as string
    this.checked ??= missingTools(binDir).then(missing => {
      if (missing.length === 0) return binDir
      throw new ToolNotRunnable(
        `${this.wording.name('pgBinDir')} ${binDir} holds no ${missing.join(', no ')}: pg-dumper runs pg_dump, pg_restore and psql from it (a dump is read back with pg_restore before it is kept)`,
        missing[0] as Tool
      )
    })
    return this.checked
  }

  /**
   * Warns of the known holes in `client`'s release that running `tool`
   * exposes, each once per run (every session shares this resolver).
   */
  private warnOfHoles(tool: Tool, client: ResolvedClient): ResolvedClient {
    if (!client.version) return client
    for (const { cve, warning } of holeWarnings(
      tool,
      client.version,
      this.wording
    )) {
      if (this.warned.has(cve)) continue
      this.warned.add(cve)
      this.logger.warning(warning)
    }
    return client
  }

  /** The client for a job, warned of when it has a known hole; throws PgClientVersionMismatch when none fits. */
  async resolve(need: ClientNeed): Promise<ResolvedClient> {
    return this.warnOfHoles(need.tool, await this.choose(need))
  }

  private async choose(need: ClientNeed): Promise<ResolvedClient> {
    const { binDir, major } = this.policy
    const w = this.wording
    if (binDir) {
      const version = await this.versionOfGiven()
      if (version.major < need.major) {
        throw new PgClientVersionMismatch(
          `${need.why} needs ${need.tool} ${need.major} or newer, but ${w.name('pgBinDir')} ${binDir} holds ${version.text}. ` +
            `Point ${w.name('pgBinDir')} at a PostgreSQL ${need.major}+ client, or leave it out to let pg-dumper choose one.`
        )
      }
      if (need.restricted && !hasRestrictedMode(version)) {
        throw new PgClientVersionMismatch(
          `${restrictedWhy(version)} Point ${w.name('pgBinDir')} at such a client (${binDir} holds ${version.text}), ` +
            `or leave it out to let pg-dumper choose one.`
        )
      }
      return { binDir, version, reason: `given as ${w.name('pgBinDir')}` }
    }
    const all = await this.found()
    // a script runs only where psql itself can refuse its meta-commands
    const installs = need.restricted
      ? all.filter(i => hasRestrictedMode(i.version))
      : all
    if (major !== undefined && major < need.major) {
      this.logger.warning(
        `${w.set('pgVersion', String(major))} is older than ${need.why} needs (${need.major}): ${need.tool} will likely refuse.`
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
    // no 12 or older ever got restricted mode; a current 13+ reads their servers
    const wanted = Math.max(major ?? need.major, need.restricted ? 13 : 0)
    return this.install(wanted, need, all)
  }

  private async install(
    wanted: number,
    need: ClientNeed,
    installs: readonly ClientInstall[]
  ): Promise<ResolvedClient> {
    const w = this.wording
    const mismatch = (why: string) =>
      new PgClientVersionMismatch(
        (need.restricted ? `${restrictedWhy()} ` : '') +
          `${need.why} needs ${need.tool} ${wanted} or newer, but the PostgreSQL clients found are: ${describe(installs)}. ` +
          `${why} Fix: install postgresql-client-${wanted} (${w.set('installClient', 'auto')} does this on Linux runners with apt), ` +
          `or set ${w.name('pgBinDir')} to a PostgreSQL ${wanted} client.`
      )
    if (this.policy.install === 'never')
      throw mismatch(`${w.name('installClient')} is never.`)
    const { plan, reason } = await installPlanForThisMachine(wanted)
    if (!plan) throw mismatch(`It cannot be installed here: ${reason}.`)
    this.logger.info(
      `Installing postgresql-client-${wanted}: no installed client is new enough for ${need.why}`
    )
    let binDir: string
    try {
      // an HTTP client (for the signing key) loads only to install
      const { runInstall } = await import('./install-run.ts')
      binDir = await runInstall(plan, wanted, this.logger)
    } catch (error) {
      throw mismatch(
        `Installing postgresql-client-${wanted} failed: ${(error as Error).message}.`
      )
    }
    const version = await clientVersion(binDir)
    if (need.restricted && !hasRestrictedMode(version))
      throw mismatch(
        `The installed postgresql-client-${version.major} is ${version.text}.`
      )
    this.installs = Promise.resolve([
      { binDir, version, layout: 'debian' as const },
      ...installs
    ])
    return {
      binDir,
      version,
      reason: `installed postgresql-client-${version.major} for ${need.why}`
    }
  }
}

/** Why a script needs a psql with restricted mode, and which releases have it. */
function restrictedWhy(version?: PgVersion): string {
  return (
    `A SQL script runs in psql's restricted mode (\\restrict), in which psql itself refuses the script's meta-commands (\\! and the like would act on this machine)` +
    `${version ? `; psql ${version.text} has no such mode` : ''}: it needs psql ${RESTRICTED_MODE_RELEASES}.`
  )
}
