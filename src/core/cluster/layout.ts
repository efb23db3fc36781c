// How a dump of roles and tablespaces, and of several databases, lies on
// disk: `globals.sql` beside the dump, and each database's dump named after
// it in one folder (`<dbname>.dump`, `.sql`, `.tar`, `.dir`); encrypted, each
// name ends in `.age` (`globals.sql.age`, `<dbname>.dump.age`). The names
// alone say what each file is, so a folder (or an artifact) needs no manifest.
import { statSync } from 'node:fs'
import { readdir, stat } from 'node:fs/promises'
import { basename, dirname, join } from 'node:path'
import { AGE_EXTENSION } from '../age/kind.ts'
import type { DumpFormat } from '../args.ts'

/** The roles and tablespaces script, beside the dump or in the folder. */
export const GLOBALS_FILE = 'globals.sql'

/** The roles and tablespaces script encrypted with age. */
export const GLOBALS_AGE_FILE = `${GLOBALS_FILE}${AGE_EXTENSION}`

/** Whether a file name is the roles and tablespaces script, plain or encrypted. */
export function isGlobalsFile(name: string): boolean {
  return name === GLOBALS_FILE || name === GLOBALS_AGE_FILE
}

const EXTENSIONS: Record<DumpFormat, string> = {
  custom: '.dump',
  plain: '.sql',
  tar: '.tar',
  directory: '.dir'
}

// what file systems or @actions/artifact refuse in a name, and `%` itself
// eslint-disable-next-line no-control-regex
const UNSAFE = /[\0-\x1f\x7f/\\:*?"<>|%]/gu

/** A database name with what a file name may not hold percent-encoded (UTF-8). */
export function encodedName(database: string): string {
  return database.replace(UNSAFE, c =>
    [...Buffer.from(c)]
      .map(b => `%${b.toString(16).toUpperCase().padStart(2, '0')}`)
      .join('')
  )
}

/** The extension of a format's dump, without its dot: dump, sql, tar, dir. */
export function formatExtension(format: DumpFormat): string {
  return EXTENSIONS[format].slice(1)
}

/**
 * The file name of a database's dump: its name with the characters a file
 * name or an artifact may not hold percent-encoded (UTF-8), and the format's
 * extension (and `.age` when `encrypted`). A plain dump of a database named
 * `globals` would be globals.sql: its first letter is encoded too.
 */
export function databaseFileName(
  database: string,
  format: DumpFormat,
  encrypted = false
): string {
  let name = encodedName(database)
  if (`${name}${EXTENSIONS[format]}` === GLOBALS_FILE)
    name = `%67${name.slice(1)}`
  return `${name}${EXTENSIONS[format]}${encrypted ? AGE_EXTENSION : ''}`
}

/** The database a dump's file name (`.age` or not) stands for; undefined for any other name. */
export function databaseOfFileName(file: string): string | undefined {
  const name = file.endsWith(AGE_EXTENSION)
    ? file.slice(0, -AGE_EXTENSION.length)
    : file
  const extension = Object.values(EXTENSIONS).find(e => name.endsWith(e))
  if (extension === undefined || name === GLOBALS_FILE) return undefined
  const stem = name.slice(0, -extension.length)
  if (stem === '') return undefined
  try {
    return decodeURIComponent(stem)
  } catch {
    return undefined
  }
}

/** One database's dump in a folder of several. */
export interface DatabaseFile {
  database: string
  file: string
  /** the same database's dumps in other formats, left alone (the archive is preferred) */
  others?: string[]
}

// of one database's dumps in several formats, the one restored: an archive
// first (custom, then directory and tar: pg_restore restores it selectively
// and in parallel), a plain script last
const PREFERRED = ['.dump', '.dir', '.tar', '.sql']

/** How far down PREFERRED a dump's file name (`.age` or not) is. */
function rank(file: string): number {
  const name = file.endsWith(AGE_EXTENSION)
    ? file.slice(0, -AGE_EXTENSION.length)
    : file
  return PREFERRED.findIndex(e => name.endsWith(e))
}

/** One entry per database: of its dumps in several formats, the preferred one. */
function preferred(dumps: readonly DatabaseFile[]): DatabaseFile[] {
  const byDatabase = new Map<string, DatabaseFile[]>()
  for (const d of dumps)
    byDatabase.set(d.database, [...(byDatabase.get(d.database) ?? []), d])
  return [...byDatabase.values()].map(all => {
    const [first, ...rest] = [...all].sort(
      (a, b) => rank(a.file) - rank(b.file)
    )
    return rest.length ? { ...first, others: rest.map(d => d.file) } : first
  })
}

/** A restore's path that is one dump, with the globals beside it if any. */
export interface OneDumpLayout {
  kind: 'single'
  file: string
  globals?: string
}

/** A restore's path that is a folder of several databases' dumps, with their globals if any. */
export interface DatabasesLayout {
  kind: 'databases'
  folder: string
  dumps: DatabaseFile[]
  globals?: string
}

/** What a restore's path holds. */
type DumpLayout = OneDumpLayout | DatabasesLayout

const exists = (path: string) =>
  stat(path).then(
    info => info.isFile(),
    () => false
  )

/**
 * Reads a restore's path: a folder with no toc.dat (not a directory
 * archive) holding dumps named after databases is a dump of several; any
 * other path one dump. The globals file is the folder's, or the one beside
 * the dump. Throws a LayoutError for a folder that holds neither.
 */
export async function readLayout(path: string): Promise<DumpLayout> {
  const info = await stat(path).catch(() => undefined)
  const isFolder =
    info?.isDirectory() === true && !(await exists(join(path, 'toc.dat')))
  if (!isFolder) {
    const globals = isGlobalsFile(basename(path))
      ? undefined
      : await globalsIn(dirname(path), path.endsWith(AGE_EXTENSION))
    return { kind: 'single', file: path, ...(globals && { globals }) }
  }
  const entries = (await readdir(path)).sort()
  const dumps: DatabaseFile[] = []
  const other: string[] = []
  for (const entry of entries) {
    const database = databaseOfFileName(entry)
    if (database !== undefined)
      dumps.push({ database, file: join(path, entry) })
    else if (!isGlobalsFile(entry)) other.push(entry)
  }
  if (dumps.length === 0 || other.length > 0) {
    throw new LayoutError(
      `${path} is a folder without toc.dat, so not a directory-format dump, and not a dump of several databases either ` +
        `(${GLOBALS_FILE} and one <dbname>.dump, .sql, .tar or .dir per database, each maybe encrypted: .age)` +
        (other.length
          ? `: it holds ${other.slice(0, 10).join(', ')}`
          : ': it holds no dump')
    )
  }
  if (entries.includes(GLOBALS_FILE) && entries.includes(GLOBALS_AGE_FILE)) {
    throw new LayoutError(
      `${path} holds both ${GLOBALS_FILE} and ${GLOBALS_AGE_FILE}: it cannot be told which roles and tablespaces belong to its dumps. Remove one.`
    )
  }
  const globals = await globalsIn(path, true)
  return {
    kind: 'databases',
    folder: path,
    dumps: preferred(dumps),
    ...(globals && { globals })
  }
}

/**
 * The roles and tablespaces script in `folder`: the encrypted one first
 * when `encrypted` (beside an age file), else the plain one first.
 */
async function globalsIn(
  folder: string,
  encrypted: boolean
): Promise<string | undefined> {
  const names = encrypted
    ? [GLOBALS_AGE_FILE, GLOBALS_FILE]
    : [GLOBALS_FILE, GLOBALS_AGE_FILE]
  for (const name of names) {
    if (await exists(join(folder, name))) return join(folder, name)
  }
  return undefined
}

/** Whether `path` is a folder but no directory archive (for titles; readLayout decides). */
export function holdsSeveral(path: string): boolean {
  const info = statSync(path, { throwIfNoEntry: false })
  return (
    info?.isDirectory() === true &&
    statSync(join(path, 'toc.dat'), { throwIfNoEntry: false }) === undefined
  )
}

/** A folder that is no dump of any layout. */
export class LayoutError extends Error {
  override readonly name = 'LayoutError'
}
