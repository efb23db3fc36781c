// Where the server binaries (initdb, pg_ctl, postgres) of each PostgreSQL
// major are on this machine and which version they are: a system install
// first (/usr/lib/postgresql/<N>/bin, Homebrew, PATH), else the pg-server-<N>
// npm packages (optional dependencies, linux-x64 only).
import { execFileSync } from 'node:child_process'
import { join } from 'node:path'
import { newestClientMajor } from './clients.ts'
import {
  installedLocations,
  isExecutable,
  packageBinDirs,
  SYSTEM_ROOT
} from './locations.ts'
import { run } from './run.ts'

export { isExecutable, SYSTEM_ROOT }

/**
 * PG_DUMPER_TEST_IGNORE_SYSTEM_PG=1: take no server from a system install
 * (clients still are), as on a machine with only the npm packages.
 */
export const IGNORE_SYSTEM_SERVER =
  process.env.PG_DUMPER_TEST_IGNORE_SYSTEM_PG === '1'

/** Where a server's binaries came from. */
export type ServerSource = 'PG_DUMPER_SERVER_BIN_DIR' | 'system' | 'package'

export interface ServerBinaries {
  bin: string
  /** from the folder's name or postgres --version; unknown for PG_DUMPER_SERVER_BIN_DIR */
  major?: number
  source: ServerSource
}

/** The major `bin/postgres --version` reports, undefined when it does not run. */
function postgresMajor(bin: string): number | undefined {
  try {
    const text = execFileSync(join(bin, 'postgres'), ['--version'], {
      encoding: 'utf8',
      timeout: 10_000,
      stdio: ['ignore', 'pipe', 'ignore']
    })
    const match = /\(PostgreSQL\) (\d+(?:\.\d+)?)/.exec(text)
    return match ? majorOf(match[1]) : undefined
  } catch {
    return undefined
  }
}

let system: ServerBinaries[] | undefined
let packages: ServerBinaries[] | undefined

/**
 * The system's server folders (with initdb), in installedLocations() order;
 * the major of those whose name does not say (PATH's) from postgres --version.
 */
function systemServers(): ServerBinaries[] {
  if (IGNORE_SYSTEM_SERVER) return []
  system ??= installedLocations()
    .filter(l => isExecutable(join(l.bin, 'initdb')))
    .map(l => ({
      bin: l.bin,
      major: l.major ?? postgresMajor(l.bin),
      source: 'system' as const
    }))
  return system
}

/** The pg-server-<N> packages' native/bin folders, newest first. */
function packageServers(): ServerBinaries[] {
  packages ??= [...packageBinDirs()].map(([major, bin]) => ({
    bin,
    major,
    source: 'package' as const
  }))
  return packages
}

/**
 * The server startServer() runs without a major: PG_DUMPER_SERVER_BIN_DIR,
 * else the newest system one (/usr/lib/postgresql/<N>/bin, Homebrew's
 * opt/postgresql@<N>/bin, then PATH's initdb), else the newest pg-server-<N>
 * package that the newest installed client can still dump (pg_dump refuses
 * newer servers; the newest package when there is no client yet).
 */
export function defaultServer(): ServerBinaries | undefined {
  const fromEnv = process.env.PG_DUMPER_SERVER_BIN_DIR
  if (fromEnv) return { bin: fromEnv, source: 'PG_DUMPER_SERVER_BIN_DIR' }
  const system = systemServers()[0]
  if (system) return system
  const packages = packageServers()
  const client = newestClientMajor()
  return (
    packages.find(p => client === undefined || (p.major ?? 0) <= client) ??
    packages[0]
  )
}

/** The default server's bin dir (see defaultServer()). */
export function defaultServerBinDir(): string | undefined {
  return defaultServer()?.bin
}

/**
 * Directory of the server binaries of a major: the system's
 * (/usr/lib/postgresql/<major>/bin, Homebrew's postgresql@<major>), else
 * node_modules/pg-server-<major>/native/bin; undefined when neither exists.
 * Without a major: the default server's (defaultServer()).
 */
export function serverBinDir(major?: number): string | undefined {
  if (major === undefined) return defaultServerBinDir()
  return (
    systemServers().find(s => s.major === major)?.bin ??
    packageServers().find(s => s.major === major)?.bin
  )
}

function findMajors(): number[] {
  const majors = new Set<number>()
  for (const s of [...systemServers(), ...packageServers()]) {
    if (s.major !== undefined && Number.isInteger(s.major)) majors.add(s.major)
  }
  return [...majors].sort((a, b) => a - b)
}

/**
 * The majors whose server binaries are on this machine, ascending: the
 * system's (/usr/lib/postgresql/<N>/bin, Homebrew's postgresql@<N>) and the
 * installed pg-server-<N> packages. Each works as startServer({ major })
 * (unless EXTERNAL).
 */
export const AVAILABLE_MAJORS: number[] = findMajors()

/** Major of a server_version string: '15.18 (Debian …)' → 15, '9.6.24' → 9.6. */
export function majorOf(version: string): number {
  const match = /^(\d+)(?:\.(\d+))?/.exec(version)
  if (!match) throw new Error(`unrecognised PostgreSQL version "${version}"`)
  const first = Number(match[1])
  return first >= 10 ? first : Number(`${first}.${match[2] ?? 0}`)
}

const versions = new Map<string, Promise<string>>()

/** server_version of bin's postgres, e.g. '15.18 (Debian 15.18-0+deb12u1)'. */
export function binaryVersion(bin: string): Promise<string> {
  let version = versions.get(bin)
  if (!version) {
    version = run(join(bin, 'postgres'), ['--version']).then(result => {
      const match = /^postgres \(PostgreSQL\) (.+)$/m.exec(result.stdout)
      if (result.code !== 0 || !match) {
        throw new Error(
          `${join(bin, 'postgres')} --version failed (exit ${result.code}): ${result.stderr}${result.stdout}`
        )
      }
      return match[1].trim()
    })
    versions.set(bin, version)
    version.catch(() => versions.delete(bin))
  }
  return version
}
