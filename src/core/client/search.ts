// Finds the PostgreSQL clients (pg_dump, pg_restore, psql) installed where
// the usual installers put them, and picks the one a dump or restore needs.
import { constants } from 'node:fs'
import { access, open, readdir, realpath, stat } from 'node:fs/promises'
import { basename, join } from 'node:path'
import { silentLogger, type Logger } from '../logger.ts'
import { clientVersion, executableName, TOOLS } from './tools.ts'
import { compareVersions, type PgVersion } from '../versions.ts'

export { clientVersion, missingTools } from './tools.ts'

/** Which installer's layout a client was found in. */
export type Layout =
  'debian' | 'rhel' | 'homebrew' | 'windows' | 'path' | 'pg-bin-dir'

/** A folder holding pg_dump, pg_restore and psql, and their version. */
export interface ClientInstall {
  binDir: string
  version: PgVersion
  layout: Layout
}

/** Where findClients looks. */
export interface SearchOptions {
  /**
   * prefix every well-known location with this folder (tests assemble install
   * layouts in a temp root); default ''. Under a root, Windows'
   * `C:\Program Files` becomes `<root>/Program Files`.
   */
  root?: string
  /** decides the locations, `.exe` names and PATH separator; default process.platform */
  platform?: NodeJS.Platform
  /** PATH to search last; default process.env.PATH */
  path?: string
  logger?: Logger
}

const HOMEBREW_PREFIXES = [
  '/opt/homebrew',
  '/usr/local',
  '/home/linuxbrew/.linuxbrew'
]

interface Candidate {
  binDir: string
  layout: Layout
}

/** Names in dir matching pattern, highest number first; none if unreadable. */
async function numberedDirs(dir: string, pattern: RegExp): Promise<string[]> {
  let names: string[]
  try {
    names = await readdir(dir)
  } catch {
    return []
  }
  const number = (name: string) => Number(pattern.exec(name)?.[1] ?? NaN)
  return names
    .filter(name => !Number.isNaN(number(name)))
    .sort((a, b) => number(b) - number(a))
}

/** The folders that may hold a client, in search order. */
async function candidates(
  root: string,
  platform: NodeJS.Platform,
  path: string
): Promise<Candidate[]> {
  const found: Candidate[] = []
  const add = (layout: Layout, binDir: string) => found.push({ binDir, layout })

  if (platform !== 'win32') {
    const debian = join(root, '/usr/lib/postgresql')
    for (const n of await numberedDirs(debian, /^(\d+(?:\.\d+)?)$/))
      add('debian', join(debian, n, 'bin'))

    const usr = join(root, '/usr')
    for (const n of await numberedDirs(usr, /^pgsql-(\d+(?:\.\d+)?)$/))
      add('rhel', join(usr, n, 'bin'))

    for (const prefix of HOMEBREW_PREFIXES) {
      const opt = join(root, prefix, 'opt')
      for (const n of await numberedDirs(opt, /^postgresql@(\d+(?:\.\d+)?)$/))
        add('homebrew', join(opt, n, 'bin'))
      // the unversioned formulae follow the newest major; libpq has the clients only
      add('homebrew', join(opt, 'postgresql', 'bin'))
      add('homebrew', join(opt, 'libpq', 'bin'))
    }
  } else {
    // a test root stands in for the system drive, so it has no `C:` part
    const programFiles = root
      ? join(root, 'Program Files')
      : (process.env.ProgramFiles ?? 'C:\\Program Files')
    const edb = join(programFiles, 'PostgreSQL')
    for (const n of await numberedDirs(edb, /^(\d+(?:\.\d+)?)$/))
      add('windows', join(edb, n, 'bin'))
  }

  const separator = platform === 'win32' ? ';' : ':'
  for (const entry of path.split(separator)) {
    // an empty entry means the working directory, which is no install
    if (entry.trim() !== '') add('path', entry)
  }
  return found
}

/**
 * True when file is Debian's pg_wrapper, the Perl script behind
 * /usr/bin/pg_dump that runs one of /usr/lib/postgresql/<N>/bin's clients.
 */
async function isPgWrapper(file: string): Promise<boolean> {
  if (basename(await realpath(file)) === 'pg_wrapper') return true
  const handle = await open(file, 'r')
  try {
    const { buffer, bytesRead } = await handle.read(Buffer.alloc(2048), 0, 2048)
    const head = buffer.subarray(0, bytesRead).toString('latin1')
    return head.startsWith('#!') && head.includes('PgCommon')
  } finally {
    await handle.close()
  }
}

/**
 * The real path of binDir's pg_dump when binDir holds all three clients as
 * executable files; otherwise why not (nothing to say when there is no
 * pg_dump at all, as in most PATH entries).
 */
async function inspect(
  candidate: Candidate,
  platform: NodeJS.Platform
): Promise<{ key: string } | { skip?: string }> {
  const pgDump = join(candidate.binDir, executableName('pg_dump', platform))
  for (const tool of TOOLS) {
    const file = join(candidate.binDir, executableName(tool, platform))
    try {
      if (!(await stat(file)).isFile()) return { skip: `${file} is no file` }
      await access(file, constants.X_OK)
    } catch {
      return file === pgDump ? {} : { skip: `${file} is missing` }
    }
  }
  try {
    // skipped, not resolved: every client pg_wrapper can run lives in
    // /usr/lib/postgresql/<N>/bin, which the Debian layout already finds
    if (await isPgWrapper(pgDump))
      return { skip: `${pgDump} is Debian's pg_wrapper` }
    return { key: await realpath(pgDump) }
  } catch (error) {
    return { skip: `cannot read ${pgDump}: ${String(error)}` }
  }
}

/**
 * Every installed client (a folder with pg_dump, pg_restore and psql), newest
 * first, de-duplicated by the real path of pg_dump (the first location found
 * wins). Searched in this order: Debian/Ubuntu `/usr/lib/postgresql/<N>/bin`,
 * RHEL `/usr/pgsql-<N>/bin`, Homebrew's `opt/postgresql@<N>/bin`,
 * `opt/postgresql/bin` and `opt/libpq/bin` under /opt/homebrew, /usr/local and
 * /home/linuxbrew/.linuxbrew (all but Windows), `C:\Program Files\PostgreSQL\<N>\bin`
 * (Windows only), then each PATH entry. Debian's pg_wrapper is skipped.
 * Folders whose pg_dump does not report a version are skipped.
 */
export async function findClients(
  options: SearchOptions = {}
): Promise<ClientInstall[]> {
  const platform = options.platform ?? process.platform
  const logger = options.logger ?? silentLogger
  const all = await candidates(
    options.root ?? '',
    platform,
    options.path ?? process.env.PATH ?? ''
  )
  const inspected = await Promise.all(all.map(c => inspect(c, platform)))

  const seen = new Set<string>()
  const unique: Candidate[] = []
  all.forEach((candidate, i) => {
    const result = inspected[i]
    if (!('key' in result)) {
      if (result.skip) logger.debug(`Not a PostgreSQL client: ${result.skip}`)
    } else if (seen.has(result.key)) {
      logger.debug(`${candidate.binDir}: same client as one found before`)
    } else {
      seen.add(result.key)
      unique.push(candidate)
    }
  })

  const versions = await Promise.all(
    unique.map(async c => {
      try {
        return await clientVersion(c.binDir, platform)
      } catch (error) {
        logger.debug(
          `Skipping ${c.binDir}: ${error instanceof Error ? error.message : String(error)}`
        )
        return undefined
      }
    })
  )
  const installs: ClientInstall[] = []
  unique.forEach((c, i) => {
    const version = versions[i]
    if (version) installs.push({ ...c, version })
  })
  // stable: equal versions keep the search order
  return installs.sort((a, b) => compareVersions(b.version, a.version))
}

/** The client to use, and why in one sentence. */
interface ClientChoice {
  install: ClientInstall
  reason: string
}

/**
 * Pure: the install of the oldest major that is >= need.major (or exactly
 * `forced` when given; then even one older than needed, which the reason
 * says); within that major, the newest minor, then the earlier found.
 * Undefined if none. `need.why` names what sets the need, e.g.
 * "the server (16.4)"; the reason then reads "the oldest installed client
 * not older than the server (16.4)".
 */
export function chooseClient(
  installs: readonly ClientInstall[],
  need: { major: number; why: string },
  forced?: number
): ClientChoice | undefined {
  const fits = installs.filter(i =>
    forced === undefined
      ? i.version.major >= need.major
      : i.version.major === forced
  )
  const best = fits.reduce<ClientInstall | undefined>((best, i) => {
    if (!best) return i
    const byMajor = i.version.major - best.version.major
    if (byMajor !== 0) return byMajor < 0 ? i : best
    return i.version.minor > best.version.minor ? i : best
  }, undefined)
  if (!best) return undefined
  if (forced === undefined)
    return {
      install: best,
      reason: `the oldest installed client not older than ${need.why}`
    }
  return {
    install: best,
    reason:
      forced >= need.major
        ? `PostgreSQL ${forced} was asked for`
        : `PostgreSQL ${forced} was asked for, although ${need.why} needs ${need.major} or newer`
  }
}
