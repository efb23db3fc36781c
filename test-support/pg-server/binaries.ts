// Where the server binaries of each PostgreSQL major are on this machine
// (/usr/lib/postgresql/<N>/bin, node_modules/pg-server-<N>) and which version
// they are.
import { accessSync, constants, existsSync, readdirSync } from 'node:fs'
import { delimiter, dirname, join } from 'node:path'
import { run } from './run.ts'

export function isExecutable(path: string): boolean {
  try {
    accessSync(path, constants.X_OK)
    return true
  } catch {
    return false
  }
}

export const SYSTEM_ROOT = '/usr/lib/postgresql'

/** /usr/lib/postgresql/<major>/bin when it holds initdb (Debian/Ubuntu layout). */
function systemBinDir(major: number): string | undefined {
  const bin = join(SYSTEM_ROOT, String(major), 'bin')
  return isExecutable(join(bin, 'initdb')) ? bin : undefined
}

/** node_modules/pg-server-<major>/native/bin, looked up like Node looks up packages. */
function packageBinDir(major: number): string | undefined {
  for (let dir = import.meta.dirname; ; dir = dirname(dir)) {
    const bin = join(dir, 'node_modules', `pg-server-${major}`, 'native', 'bin')
    if (isExecutable(join(bin, 'initdb'))) return bin
    if (dirname(dir) === dir) return undefined
  }
}

/** PG_DUMPER_SERVER_BIN_DIR, else the highest /usr/lib/postgresql/N/bin with initdb, else PATH's. */
export function defaultServerBinDir(): string | undefined {
  const fromEnv = process.env.PG_DUMPER_SERVER_BIN_DIR
  if (fromEnv) return fromEnv
  if (existsSync(SYSTEM_ROOT)) {
    const majors = readdirSync(SYSTEM_ROOT)
      .filter(name => /^\d+(\.\d+)?$/.test(name))
      .sort((a, b) => Number(b) - Number(a))
    for (const major of majors) {
      const bin = join(SYSTEM_ROOT, major, 'bin')
      if (isExecutable(join(bin, 'initdb'))) return bin
    }
  }
  for (const dir of (process.env.PATH ?? '').split(delimiter)) {
    if (dir && isExecutable(join(dir, 'initdb'))) return dir
  }
  return undefined
}

/**
 * Directory of the server binaries (initdb, pg_ctl, postgres) of a major:
 * /usr/lib/postgresql/<major>/bin, else node_modules/pg-server-<major>/native/bin;
 * undefined when neither exists. Without a major: the default server's
 * (PG_DUMPER_SERVER_BIN_DIR, else the newest system one, else PATH's).
 */
export function serverBinDir(major?: number): string | undefined {
  if (major === undefined) return defaultServerBinDir()
  return systemBinDir(major) ?? packageBinDir(major)
}

function findMajors(): number[] {
  const majors = new Set<number>()
  if (existsSync(SYSTEM_ROOT)) {
    for (const name of readdirSync(SYSTEM_ROOT)) {
      if (/^\d+$/.test(name) && systemBinDir(Number(name))) {
        majors.add(Number(name))
      }
    }
  }
  for (let major = 10; major <= 40; major++) {
    if (packageBinDir(major)) majors.add(major)
  }
  return [...majors].sort((a, b) => a - b)
}

/**
 * The majors whose server binaries are on this machine, ascending: those of
 * /usr/lib/postgresql/<N>/bin and node_modules/pg-server-<N>. Each works as
 * startServer({ major }) (unless EXTERNAL).
 */
export const AVAILABLE_MAJORS: number[] = findMajors()

/** Major of a server_version string: '15.18 (Debian …)' → 15, '9.6.24' → 9. */
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
