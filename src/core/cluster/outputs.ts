// The files a dump writes: one file, or each database in each format in one
// folder. A dump's file name may hold the placeholders {dbname} and {ext}
// (dump, sql, tar, dir): `out/{dbname}-2026.1.{ext}` writes each dump into
// `out` by that name, beside what `out` already holds; without placeholders
// the dumps of several go into the folder `file`, as `<dbname>.<ext>`.
import { basename, dirname, join, resolve } from 'node:path'
import { AGE_EXTENSION } from '../age/kind.ts'
import type { DumpFormat } from '../args.ts'
import { ToolError } from '../errors.ts'
import type { Session } from '../session.ts'
import {
  databaseFileName,
  encodedName,
  formatExtension,
  GLOBALS_AGE_FILE,
  GLOBALS_FILE,
  isGlobalsFile
} from './layout.ts'

/** The placeholders a dump's file name may hold. */
export const PLACEHOLDERS = ['{dbname}', '{ext}'] as const

const PLACEHOLDER = /\{[A-Za-z_]+\}/gu

/** The placeholders (`{word}`) a path's file name holds, known or not. */
function placeholdersIn(file: string): string[] {
  return basename(file).match(PLACEHOLDER) ?? []
}

/** Whether a dump's file name holds a placeholder. */
export function holdsPlaceholders(file: string): boolean {
  return placeholdersIn(file).length > 0
}

/**
 * Why `file` cannot name a dump's files, or undefined: a placeholder that
 * is none of PLACEHOLDERS, or one in the folder (every file of a dump goes
 * into one folder).
 */
export function placeholderProblem(file: string): string | undefined {
  const unknown = placeholdersIn(file).find(
    p => !(PLACEHOLDERS as readonly string[]).includes(p)
  )
  if (unknown !== undefined)
    return `${unknown} is no placeholder (the file name may hold ${PLACEHOLDERS.join(' and ')})`
  const folder = dirname(file)
  if (PLACEHOLDERS.some(p => folder.includes(p)))
    return 'placeholders go in the file name, not in its folder: every file of a dump goes into one folder'
  return undefined
}

/**
 * A file name with its placeholders filled in: the database's name
 * percent-encoded as in a folder of several, the format's extension.
 */
export function expandName(
  name: string,
  database: string,
  format: DumpFormat
): string {
  return name
    .replaceAll('{dbname}', encodedName(database))
    .replaceAll('{ext}', formatExtension(format))
}

/** One file of a dump of several: a database in a format, by its name in the folder. */
interface OutputFile {
  database: string
  format: DumpFormat
  name: string
}

/** Where a dump of several goes. */
export interface SeveralOutputs {
  /** absolute path of the folder */
  folder: string
  /**
   * the names come from the file's placeholders: each file takes its place
   * in the folder, whose other files stay; else the folder is the dump's
   * and replaced as a whole
   */
  named: boolean
  files: OutputFile[]
}

/** Why the files cannot all be written: two to one name, or one to the globals'. */
function clash(files: readonly OutputFile[]): string | undefined {
  const seen = new Map<string, OutputFile>()
  for (const f of files) {
    if (isGlobalsFile(f.name))
      return `the ${f.format} dump of ${f.database} would be ${f.name}, the roles and tablespaces script's name`
    const earlier = seen.get(f.name)
    if (earlier)
      return `the ${earlier.format} dump of ${earlier.database} and the ${f.format} dump of ${f.database} would both be ${f.name}`
    seen.set(f.name, f)
  }
  return undefined
}

/**
 * Each database in each format, in one folder: the file's folder and names
 * from its placeholders, or the folder `file` and `<dbname>.<ext>`; with
 * `encrypted` each name ends in `.age`. Throws a `command` ToolError when
 * two would have one name.
 */
export function severalOutputs(
  file: string,
  databases: readonly string[],
  formats: readonly DumpFormat[],
  encrypted: boolean
): SeveralOutputs {
  const named = holdsPlaceholders(file)
  const age = (name: string) =>
    encrypted && !name.endsWith(AGE_EXTENSION)
      ? `${name}${AGE_EXTENSION}`
      : name
  const files = databases.flatMap(database =>
    formats.map(format => ({
      database,
      format,
      name: named
        ? age(expandName(basename(file), database, format))
        : databaseFileName(database, format, encrypted)
    }))
  )
  const problem = clash(files)
  if (problem) {
    throw new ToolError(
      'command',
      `Cannot dump to ${file}: ${problem}. Put ${PLACEHOLDERS.join(' and ')} in the file name so that each dump has its own.`,
      { tool: 'pg_dump' }
    )
  }
  return { folder: resolve(named ? dirname(file) : file), named, files }
}

/** The paths a dump of several takes the place of: its folder, or each named file and the globals. */
export function severalTargets(
  outputs: SeveralOutputs,
  globals: boolean,
  encrypted: boolean
): string[] {
  if (!outputs.named) return [outputs.folder]
  return [
    ...outputs.files.map(f => join(outputs.folder, f.name)),
    ...(globals
      ? [join(outputs.folder, encrypted ? GLOBALS_AGE_FILE : GLOBALS_FILE)]
      : [])
  ]
}

/** A dump of one file, its placeholders filled in with the database's name. */
export async function expandOne<
  T extends { file: string; plainFile?: string; format?: DumpFormat }
>(session: Session, options: T): Promise<T> {
  if (!holdsPlaceholders(options.file)) return options
  const database = await session.databaseName()
  const format = options.format ?? 'custom'
  const fill = (path: string) =>
    join(dirname(path), expandName(basename(path), database, format))
  return {
    ...options,
    file: fill(options.file),
    ...(options.plainFile !== undefined && {
      plainFile: fill(options.plainFile)
    })
  }
}
