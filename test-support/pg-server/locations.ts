// Where the harness looks for PostgreSQL programs: the folders installers
// use, PATH, and the pg-server-<N> npm packages; and the override that makes
// the set-up self-tests search an empty (or assembled) folder instead.
import { accessSync, constants, readdirSync } from 'node:fs'
import { delimiter, dirname, join } from 'node:path'

export function isExecutable(path: string): boolean {
  try {
    accessSync(path, constants.X_OK)
    return true
  } catch {
    return false
  }
}

/**
 * PG_DUMPER_TEST_PG_SEARCH_ROOT: look for PostgreSQL only under this folder
 * (its usr/lib/postgresql, opt/homebrew/opt, … and node_modules), never on
 * PATH. Self-tests point it at an empty folder to play "no PostgreSQL".
 */
export const SEARCH_ROOT =
  process.env.PG_DUMPER_TEST_PG_SEARCH_ROOT || undefined

const under = (path: string) => (SEARCH_ROOT ? join(SEARCH_ROOT, path) : path)

/** Debian's and Ubuntu's (and PGDG's) home of every major: <root>/<N>/bin. */
export const SYSTEM_ROOT = under('/usr/lib/postgresql')

const HOMEBREW_OPTS = [
  '/opt/homebrew',
  '/usr/local',
  '/home/linuxbrew/.linuxbrew'
].map(prefix => under(join(prefix, 'opt')))

/** A folder that may hold PostgreSQL programs; major when its name says. */
export interface Location {
  bin: string
  major?: number
  kind: 'system' | 'homebrew' | 'path'
}

/** Names in dir matching pattern (a numbered group), highest number first. */
function numbered(dir: string, pattern: RegExp): [string, number][] {
  let names: string[]
  try {
    names = readdirSync(dir)
  } catch {
    return []
  }
  return names
    .map(name => [name, Number(pattern.exec(name)?.[1] ?? NaN)] as const)
    .filter((entry): entry is [string, number] => !Number.isNaN(entry[1]))
    .sort((a, b) => b[1] - a[1])
}

/**
 * The installed folders in search order: /usr/lib/postgresql/<N>/bin and
 * Homebrew's opt/postgresql@<N>/bin, newest first, Homebrew's unversioned
 * opt/postgresql/bin and opt/libpq/bin, then each PATH entry (none under
 * SEARCH_ROOT). Whether a folder holds a server or a client is the caller's
 * question.
 */
export function installedLocations(): Location[] {
  const found: Location[] = []
  for (const [name, major] of numbered(SYSTEM_ROOT, /^(\d+(?:\.\d+)?)$/)) {
    found.push({ bin: join(SYSTEM_ROOT, name, 'bin'), major, kind: 'system' })
  }
  for (const opt of HOMEBREW_OPTS) {
    for (const [name, major] of numbered(opt, /^postgresql@(\d+)$/)) {
      found.push({ bin: join(opt, name, 'bin'), major, kind: 'homebrew' })
    }
    for (const name of ['postgresql', 'libpq']) {
      found.push({ bin: join(opt, name, 'bin'), kind: 'homebrew' })
    }
  }
  const path = SEARCH_ROOT ? '' : (process.env.PATH ?? '')
  for (const dir of path.split(delimiter)) {
    // an empty entry means the working directory, which is no install
    if (dir.trim() !== '') found.push({ bin: dir, kind: 'path' })
  }
  return found
}

/**
 * node_modules/pg-server-<N>/native/bin (with an executable initdb) by
 * major, highest first, looked up the way Node looks up packages: the
 * nearest node_modules holding a name wins. Under SEARCH_ROOT, only
 * <root>/node_modules.
 */
export function packageBinDirs(): Map<number, string> {
  const found = new Map<number, string>()
  const dirs: string[] = []
  if (SEARCH_ROOT) dirs.push(SEARCH_ROOT)
  else {
    for (let dir = import.meta.dirname; ; dir = dirname(dir)) {
      dirs.push(dir)
      if (dirname(dir) === dir) break
    }
  }
  for (const dir of dirs) {
    const modules = join(dir, 'node_modules')
    for (const [name, major] of numbered(modules, /^pg-server-(\d+)$/)) {
      const bin = join(modules, name, 'native', 'bin')
      if (!found.has(major) && isExecutable(join(bin, 'initdb'))) {
        found.set(major, bin)
      }
    }
  }
  return new Map([...found].sort((a, b) => b[0] - a[0]))
}
