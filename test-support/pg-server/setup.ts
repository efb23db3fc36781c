// Before any server or backend starts: is there a server to run and a client
// to run against it? Installs a missing client the way the action's
// `install-client: auto` does (apt, PGDG); where nothing can, fails at once
// with the one command to run, so no test file waits on what cannot start.
import { existsSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { installPlanForThisMachine } from '../../src/core/client/install.ts'
import { runInstall } from '../../src/core/client/install-run.ts'
import { announcingLogger, withInstallLock } from '../apt.ts'
import {
  AVAILABLE_MAJORS,
  binaryVersion,
  defaultServer,
  IGNORE_SYSTEM_SERVER,
  majorOf,
  type ServerBinaries
} from './binaries.ts'
import { chosenClient } from './client.ts'
import { clientMajor, forgetClients, installedClients } from './clients.ts'
import { fixCommand } from './fix-command.ts'
import { SEARCH_ROOT, SYSTEM_ROOT } from './locations.ts'
import { serverOwner } from './server-tool.ts'

/** What the tests run: the default server (none when external) and the client. */
export interface PostgresSetup {
  server?: ServerBinaries & { version: string }
  client: {
    bin: string
    major: number | undefined
    /** how it got here: 'installed' when this process installed it with apt */
    how: 'found' | 'installed'
  }
}

/** The set-up cannot work here; the message ends with the command to run. */
export class PostgresMissing extends Error {
  override readonly name = 'PostgresMissing'
  /** what the command at the end installs */
  readonly missing: 'server' | 'client'

  constructor(message: string, missing: 'server' | 'client' = 'server') {
    super(message)
    this.missing = missing
  }
}

const external = () => Boolean(process.env.PG_DUMPER_TEST_URL)

function serverMissing(): PostgresMissing {
  const looked = SEARCH_ROOT
    ? `under PG_DUMPER_TEST_PG_SEARCH_ROOT=${SEARCH_ROOT}`
    : IGNORE_SYSTEM_SERVER
      ? 'in node_modules (PG_DUMPER_TEST_IGNORE_SYSTEM_PG=1)'
      : `in ${SYSTEM_ROOT}/<N>/bin, Homebrew's opt/postgresql@<N>/bin, PATH or node_modules`
  const here = `${process.platform}-${process.arch}`
  const packages =
    here === 'linux-x64'
      ? 'no pg-server-<N> npm package is installed (optional dependencies: did npm skip them?)'
      : `the pg-server-<N> npm packages install only on linux-x64, not on ${here}`
  return new PostgresMissing(
    `No PostgreSQL server binaries (initdb, pg_ctl, postgres) ${looked}, and ` +
      `${packages}. Run: ${fixCommand('server')} ` +
      '(or set PG_DUMPER_TEST_URL to a server you have)'
  )
}

const clientMissing = (why: string) =>
  new PostgresMissing(
    `No PostgreSQL client tools (pg_dump, pg_restore, psql) found, and ${why}. ` +
      `Run: ${fixCommand('client')}`,
    'client'
  )

/**
 * postgresql-client-<major> with the action's apt plan, once for all test
 * processes; where PGDG cannot be reached, the distribution's own client
 * (with a warning), if some pg-server-<N> package is old enough for it.
 */
async function installClient(major: number): Promise<void> {
  if (process.env.PG_DUMPER_TEST_INSTALL_CLIENT === 'never') {
    throw clientMissing('PG_DUMPER_TEST_INSTALL_CLIENT is never')
  }
  const { plan, reason } = await installPlanForThisMachine(major)
  if (!plan) throw clientMissing(`they cannot be installed here: ${reason}`)
  await withInstallLock(async () => {
    // another test process may have installed it while we waited
    forgetClients()
    if (chosenClient()) return
    process.stderr.write(
      `pg-dumper tests: no PostgreSQL client tools found: installing postgresql-client-${major} with apt, as install-client: auto does\n`
    )
    try {
      await runInstall(
        plan,
        major,
        announcingLogger,
        Math.min(major, ...AVAILABLE_MAJORS)
      )
    } catch (error) {
      throw clientMissing(
        `installing postgresql-client-${major} failed: ${error instanceof Error ? error.message : String(error)}`
      )
    } finally {
      forgetClients()
    }
  })
}

async function prepare(): Promise<PostgresSetup> {
  let how: PostgresSetup['client']['how'] = 'found'
  if (!external() && !defaultServer()) throw serverMissing()
  if (!process.env.PG_DUMPER_TEST_BIN_DIR && !chosenClient()) {
    // the server's major, as pg_dump refuses newer servers; for an external
    // one (version unknown yet) the newest, which dumps older servers too
    const major = external() ? undefined : defaultServer()?.major
    await installClient(major ?? AVAILABLE_MAJORS.at(-1) ?? 18)
    how = 'installed'
  }
  let server: PostgresSetup['server']
  if (!external()) {
    // chosen again after an install: the newest package the client can dump
    const found = defaultServer()
    if (!found) throw serverMissing()
    const version = await binaryVersion(found.bin).catch((error: unknown) => {
      throw new PostgresMissing(
        `The PostgreSQL server in ${found.bin} does not run: ${error instanceof Error ? error.message : String(error)}`
      )
    })
    server = { ...found, major: majorOf(version), version }
  }
  const bin = process.env.PG_DUMPER_TEST_BIN_DIR ?? chosenClient()?.bin
  if (!bin) throw clientMissing('installing one left none to find')
  const major =
    installedClients().find(c => c.bin === bin)?.major ?? clientMajor(bin)
  // as root: the OS user to run the server as, made now if missing
  if (server) await serverOwner()
  return { server, client: { bin, major, how } }
}

let setup: Promise<PostgresSetup> | undefined

/**
 * Checks (once per process) that tests can run here: a server's binaries
 * (unless PG_DUMPER_TEST_URL), the OS user to run them as when root, and the
 * client tools, installing postgresql-client-<server major> with apt when
 * none is found (PG_DUMPER_TEST_INSTALL_CLIENT=never forbids it). Rejects
 * with PostgresMissing, naming the command to run, when something lacks and
 * cannot be had here. startServer() and seededServer() call it first.
 */
export function ensurePostgres(): Promise<PostgresSetup> {
  setup ??= prepare()
  return setup
}

/** One line: where the server and the client tools come from. */
export function describeSetup(s: PostgresSetup): string {
  const major = s.client.major === undefined ? '' : ` ${s.client.major}`
  const client =
    `client tools${major} from ${s.client.bin}` +
    (s.client.how === 'installed'
      ? ', installed with apt as install-client: auto does'
      : process.env.PG_DUMPER_TEST_BIN_DIR
        ? ' (PG_DUMPER_TEST_BIN_DIR)'
        : '')
  if (!s.server) return `Server from PG_DUMPER_TEST_URL, ${client}`
  const from = {
    PG_DUMPER_SERVER_BIN_DIR: `${s.server.bin} (PG_DUMPER_SERVER_BIN_DIR)`,
    system: `${s.server.bin} (system install)`,
    package: `the npm package pg-server-${s.server.major} (${IGNORE_SYSTEM_SERVER ? 'PG_DUMPER_TEST_IGNORE_SYSTEM_PG=1' : 'no system server installed'})`
  }[s.server.source]
  return `Server PostgreSQL ${s.server.version.split(' ')[0]} from ${from}, ${client}`
}

/**
 * Whether the default server can CREATE EXTENSION name, from its control
 * file: false for the pg-server-<N> packages without it (they ship the
 * contrib modules, not PostGIS), undefined where the layout is unknown
 * (external, Homebrew, PATH). Lets a test skip instead of failing.
 */
export async function serverHasExtension(
  name: string
): Promise<boolean | undefined> {
  const { server } = await ensurePostgres()
  if (!server) return undefined
  const control = `extension/${name}.control`
  if (server.source === 'package') {
    return existsSync(join(dirname(server.bin), 'share/postgresql', control))
  }
  if (server.bin.startsWith(`${SYSTEM_ROOT}/`)) {
    const share = join(dirname(SYSTEM_ROOT), '../share/postgresql')
    return existsSync(join(share, String(server.major), control))
  }
  return undefined
}
