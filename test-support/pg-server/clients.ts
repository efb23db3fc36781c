// The PostgreSQL clients (pg_dump, pg_restore and psql together) installed
// on this machine, found the way the action looks for them, synchronously so
// that clientTool() can answer at any time.
import { execFileSync } from 'node:child_process'
import { realpathSync } from 'node:fs'
import { basename, join } from 'node:path'
import { installedLocations, isExecutable, type Location } from './locations.ts'

export const CLIENT_TOOLS = ['pg_dump', 'pg_restore', 'psql'] as const

/** A folder with all three clients, and their major when known. */
export interface ClientDir extends Location {
  major: number | undefined
}

/** True when bin holds pg_dump, pg_restore and psql as executables. */
export function hasClientTools(bin: string): boolean {
  return CLIENT_TOOLS.every(tool => isExecutable(join(bin, tool)))
}

/** The major `bin/pg_dump --version` reports, undefined when it does not run. */
export function clientMajor(bin: string): number | undefined {
  try {
    const text = execFileSync(join(bin, 'pg_dump'), ['--version'], {
      encoding: 'utf8',
      timeout: 10_000,
      stdio: ['ignore', 'pipe', 'ignore']
    })
    const match = /\(PostgreSQL\) (\d+)(?:\.(\d+))?/.exec(text)
    if (!match) return undefined
    const first = Number(match[1])
    return first >= 10 ? first : Number(`${first}.${match[2] ?? 0}`)
  } catch {
    return undefined
  }
}

let cache: ClientDir[] | undefined

/**
 * Every installed client in search order (/usr/lib/postgresql/<N>/bin and
 * Homebrew's newest first, then PATH), each real pg_dump once. Debian's
 * /usr/bin/pg_wrapper is skipped: it only runs one of the first.
 * Remembered; forgetClients() after installing one.
 */
export function installedClients(): ClientDir[] {
  if (cache) return cache
  const seen = new Set<string>()
  const found: ClientDir[] = []
  for (const location of installedLocations()) {
    if (!hasClientTools(location.bin)) continue
    let real: string
    try {
      real = realpathSync(join(location.bin, 'pg_dump'))
    } catch {
      continue
    }
    if (basename(real) === 'pg_wrapper' || seen.has(real)) continue
    seen.add(real)
    const major = location.major ?? clientMajor(location.bin)
    found.push({ ...location, major })
  }
  cache = found
  return found
}

export function forgetClients(): void {
  cache = undefined
}

/** The newest major among the installed clients, if any reports one. */
export function newestClientMajor(): number | undefined {
  const majors = installedClients()
    .map(c => c.major)
    .filter((m): m is number => m !== undefined)
  return majors.length ? Math.max(...majors) : undefined
}
