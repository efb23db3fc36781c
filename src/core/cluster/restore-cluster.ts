// Restores what a dump with globals or of several databases holds: the
// roles and tablespaces first, then the one dump, or each database into its
// namesake. The Dumper reads the layout here and dispatches; a single dump
// without globals goes to restore/ directly. A dump of several cannot go
// into the copies of `databases`, which is one dump made many.
import { resolve } from 'node:path'
import { ToolError } from '../errors.ts'
import type { Session } from '../session.ts'
import { checkKeyOpens } from '../restore/dump-input.ts'
import type { OneRestoreOptions } from '../restore/plan.ts'
import { restore, type OneRestoreResult } from '../restore/restore.ts'
import { applyGlobals, type GlobalsRestore } from './apply-globals.ts'
import {
  GLOBALS_AGE_FILE,
  GLOBALS_FILE,
  LayoutError,
  readLayout,
  type DatabaseFile,
  type DatabasesLayout,
  type OneDumpLayout
} from './layout.ts'
import { stoppedMidway } from './stopped-midway.ts'

/** What the cluster options add to a restore. */
export interface ClusterRestoreOptions {
  /**
   * the roles and tablespaces: undefined applies the globals.sql beside the
   * dump (or in its folder) when there is one, true requires it, false
   * leaves it alone
   */
  globals?: boolean
  /** a dump of several databases: restore only these (default: every one) */
  dbnames?: readonly string[]
}

/** One database brought back from a dump of several. */
export interface DatabaseRestore extends OneRestoreResult {
  database: string
}

/** What a restore did, with the databases and globals when there are any. */
export interface ClusterRestoreResult extends OneRestoreResult {
  /** each database restored from a dump of several */
  dumps?: DatabaseRestore[]
  globals?: GlobalsRestore
}

/** The globals file to apply, as the option says, or undefined. */
function globalsToApply(
  session: Session,
  found: string | undefined,
  option: boolean | undefined,
  where: string
): string | undefined {
  if (option === false) return undefined
  if (found === undefined && option === true) {
    throw new ToolError(
      'command',
      `${session.wording.set('globals', 'true')} asks for the roles and tablespaces, but there is no ${GLOBALS_FILE} ${where}. ` +
        `Dump with ${session.wording.set('globals', 'true')} (which writes it, or ${GLOBALS_AGE_FILE} when encrypting), or leave it out at restore.`
    )
  }
  if (found !== undefined) {
    session.logger.info(
      `Applying the roles and tablespaces of ${found} first (${session.wording.set('globals', 'false')} leaves them out)`
    )
  }
  return found
}

/** The dumps of the databases asked for, in the folder's order. */
function selected(
  session: Session,
  dumps: readonly DatabaseFile[],
  names: readonly string[],
  folder: string
): DatabaseFile[] {
  const missing = names.filter(n => !dumps.some(d => d.database === n))
  if (missing.length > 0) {
    throw new ToolError(
      'command',
      `${session.wording.name('dbname')} names ${missing.join(', ')}, which ${folder} holds no dump of ` +
        `(it holds ${dumps.map(d => d.database).join(', ')}).`
    )
  }
  return names.length
    ? dumps.filter(d => names.includes(d.database))
    : [...dumps]
}

/** A missing or wrong key fails before any role or database is touched. */
function keyOpens(
  session: Session,
  options: OneRestoreOptions & ClusterRestoreOptions,
  globals: string | undefined,
  dumps: readonly string[]
): Promise<void> {
  const files = options.globals === false || !globals ? [] : [globals]
  return checkKeyOpens(session, [...files, ...dumps], options.decryptKey)
}

/**
 * Reads what the restore's path holds (a LayoutError becomes a failed
 * ToolError); a single dump refuses several names in `dbnames`.
 */
export async function readRestoreLayout(
  session: Session,
  options: OneRestoreOptions & ClusterRestoreOptions
): Promise<OneDumpLayout | DatabasesLayout> {
  const path = resolve(options.file)
  const layout = await readLayout(path).catch((error: unknown) => {
    if (error instanceof LayoutError)
      throw new ToolError('failed', error.message)
    throw error
  })
  const names = options.dbnames ?? []
  if (layout.kind === 'single' && names.length > 1) {
    throw new ToolError(
      'command',
      `${session.wording.name('dbname')} names several databases (${names.join(', ')}), but ${path} is the dump of one. ` +
        'Restore a dump of several databases (a folder, or an artifact, holding one dump per database), or name one database.'
    )
  }
  return layout
}

/** Whether a single dump's restore involves its globals: found and not left out, or asked for. */
export function involvesGlobals(
  layout: OneDumpLayout,
  options: ClusterRestoreOptions
): boolean {
  return (
    options.globals === true ||
    (options.globals !== false && layout.globals !== undefined)
  )
}

/** Restores one dump, the globals beside it first (failing when asked for and missing). */
export async function restoreWithGlobals(
  session: Session,
  options: OneRestoreOptions & ClusterRestoreOptions,
  layout: OneDumpLayout
): Promise<ClusterRestoreResult> {
  const path = resolve(options.file)
  await keyOpens(session, options, layout.globals, [path])
  const globals = await globalsFirst(session, layout, options, `beside ${path}`)
  const result = await restore(session, options)
  return { ...result, ...(globals && { globals }) }
}

/** Restores a dump of several databases, each into its namesake, the globals first. */
export async function restoreDatabases(
  session: Session,
  options: OneRestoreOptions & ClusterRestoreOptions,
  layout: DatabasesLayout
): Promise<ClusterRestoreResult> {
  const started = performance.now()
  const path = resolve(options.file)
  const fanOut = options.databases ?? []
  if (fanOut.length > 0) {
    throw new ToolError(
      'command',
      `${path} holds the dumps of several databases (${layout.dumps.map(d => d.database).join(', ')}), each restored into its namesake, ` +
        `so they cannot all go into the copies ${fanOut.join(', ')}. Leave ${session.wording.name('databases')} empty, or restore one database's dump from the folder.`
    )
  }
  const chosen = selected(session, layout.dumps, options.dbnames ?? [], path)
  await keyOpens(
    session,
    options,
    layout.globals,
    chosen.map(d => d.file)
  )
  session.logger.info(
    `${path} holds the dumps of ${layout.dumps.length} databases (${layout.dumps.map(d => d.database).join(', ')}); ` +
      `restoring ${chosen.map(d => d.database).join(', ')}, each into its namesake`
  )
  for (const { file, others } of chosen) {
    if (others?.length) {
      session.logger.info(
        `Restoring ${file}: ${others.join(', ')} hold the same database in another format and are left alone (an archive is preferred, custom first)`
      )
    }
  }
  const globals = await globalsFirst(session, layout, options, `in ${path}`)
  const dumps: DatabaseRestore[] = []
  for (const { database, file } of chosen) {
    const one = session.forDatabase(database)
    try {
      session.logger.info(`Restoring ${file} into ${database}`)
      const result = await restore(one, {
        ...options,
        file,
        databases: undefined
      })
      dumps.push({ ...result, database })
    } catch (error) {
      const all = chosen.map(d => d.database)
      throw stoppedMidway(error, path, all, dumps.length)
    } finally {
      await one.close()
    }
  }
  const [first] = dumps
  return {
    ...first,
    file: path,
    size: dumps.reduce((sum, d) => sum + d.size, 0),
    sha256: '',
    durationMs: performance.now() - started,
    ignoredErrors: dumps.reduce((sum, d) => sum + d.ignoredErrors, 0),
    databases: dumps.map(d => d.database),
    dumps,
    ...(globals && { globals })
  }
}

/** Applies the globals the layout holds, when the options ask for them; what it did, if anything. */
async function globalsFirst(
  session: Session,
  layout: { globals?: string },
  options: OneRestoreOptions & ClusterRestoreOptions,
  where: string
): Promise<GlobalsRestore | undefined> {
  const file = globalsToApply(session, layout.globals, options.globals, where)
  return file === undefined
    ? undefined
    : applyGlobals(session, file, options.decryptKey)
}
