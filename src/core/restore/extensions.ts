// Restoring into a target a DBA prepared: extensions that already exist
// there (PostGIS, created by a superuser) are not created again, nor their
// comments replaced, and the data of their configuration tables
// (spatial_ref_sys) is restored only where the user may write it.
import type { ExtensionEntry } from '../archive/toc.ts'
import type { Connection } from '../connection/connection.ts'
import { ToolError } from '../errors.ts'
import type { Session } from '../session.ts'

/** An extension in the target, and the configuration tables it dumps. */
interface TargetExtension {
  name: string
  owner: string
  config: { schema: string; table: string; insert: boolean }[]
}

export type { ExtensionEntry }

/** Who the user is in the target database, and its extensions. */
export interface TargetState {
  user: string
  extensions: TargetExtension[]
}

/** Asks the target its extensions and who the user is there, as JSON: {@link TargetState}. */
export const TARGET_STATE_SQL = `SELECT json_build_object('user', current_user, 'extensions', coalesce((
  SELECT json_agg(json_build_object(
    'name', e.extname,
    'owner', pg_get_userbyid(e.extowner),
    'config', coalesce((
      SELECT json_agg(json_build_object(
        'schema', n.nspname, 'table', c.relname,
        'insert', has_table_privilege(c.oid, 'INSERT')))
      FROM unnest(e.extconfig) AS cfg(oid)
      JOIN pg_class c ON c.oid = cfg.oid
      JOIN pg_namespace n ON n.oid = c.relnamespace), '[]')))
  FROM pg_extension e), '[]'))`

/** The target's state from TARGET_STATE_SQL's answer (undefined if it is not one: then asked again). */
export function parseTargetState(answer: string): TargetState | undefined {
  try {
    const state = JSON.parse(answer) as TargetState
    return Array.isArray(state.extensions) ? state : undefined
  } catch {
    return undefined
  }
}

/**
 * Starts asking the target its state, to run while the dump's items are
 * listed; a failure is thrown where the answer is needed, and only then.
 */
export function targetStateAhead(
  session: Session,
  target: Connection
): Promise<TargetState> {
  const ahead = session
    .query(
      TARGET_STATE_SQL,
      'list the extensions of the target database',
      target,
      true
    )
    .then(answer => JSON.parse(answer) as TargetState)
  ahead.catch(() => {})
  return ahead
}

/**
 * Whether {@link targetsOwn} may leave out any item of a dump that creates
 * `extensions`: the target has one of them, or an extension whose
 * configuration table the user may not write. When not, the dump's items
 * need not be listed.
 */
export function targetMayOwn(
  extensions: readonly string[],
  state: TargetState
): boolean {
  if (extensions.length === 0) return false
  return state.extensions.some(
    e => extensions.includes(e.name) || e.config.some(c => !c.insert)
  )
}

/** What to do with an entry: keep it, skip it (saying why), or count its rows first. */
type Verdict =
  | { action: 'keep' }
  | { action: 'skip'; why: string }
  | { action: 'count'; extension: TargetExtension; owner: string }

/** The verdict on one entry of the dump, given the target's extensions. */
function judgeEntry(
  entry: ExtensionEntry,
  extensions: readonly TargetExtension[]
): Verdict {
  if (entry.kind !== 'data') {
    const existing = extensions.find(e => e.name === entry.name)
    if (!existing) return { action: 'keep' }
    return {
      action: 'skip',
      why:
        entry.kind === 'extension'
          ? `extension ${entry.name}: already in the target (owned by ${existing.owner}), not created again`
          : `comment on extension ${entry.name}: the target's extension keeps its own`
    }
  }
  for (const extension of extensions) {
    const table = extension.config.find(
      c => c.schema === entry.schema && c.table === entry.table
    )
    if (table && !table.insert)
      return { action: 'count', extension, owner: extension.owner }
  }
  return { action: 'keep' }
}

/**
 * Why an item is left out as it passes (the target has its extension), or
 * undefined: kept. For a script read once, into a target where no
 * configuration table needs its rows counted first.
 */
export function skipAsItPasses(
  entry: ExtensionEntry,
  extensions: readonly TargetExtension[]
): string | undefined {
  const verdict = judgeEntry(entry, extensions)
  return verdict.action === 'skip' ? verdict.why : undefined
}

/** The verdict on a configuration table's data once its rows are counted. */
function judgeRows(
  entry: Extract<ExtensionEntry, { kind: 'data' }>,
  rows: number,
  extension: TargetExtension,
  user: string
): { action: 'skip'; why: string } {
  const table = `${entry.schema}.${entry.table}`
  if (rows === 0) {
    return {
      action: 'skip',
      why: `data of ${table}: a configuration table of the extension ${extension.name} that ${user} may not write, and the dump holds no rows for it`
    }
  }
  throw new ToolError(
    'failed',
    `The dump holds ${rows} row(s) for ${table}, a configuration table of the extension ${extension.name} (owned by ${extension.owner}), ` +
      `and ${user} may not insert into it, so they cannot be restored. Ask the DBA to GRANT INSERT ON ${table} TO ${user} ` +
      `(or to restore those rows as ${extension.owner}), then restore again. Nothing was restored.`
  )
}

/**
 * The items of a dump (TOC lines, script sections) to leave out because the
 * target already has them, with the reasons logged. `entryOf` says what an
 * item is; `rowsOf` counts a data item's rows when that decides.
 * `ahead`: the target's state, asked beforehand (targetStateAhead).
 * Throws when a configuration table's rows cannot be restored.
 */
export async function targetsOwn<T>(
  session: Session,
  target: Connection,
  items: readonly T[],
  entryOf: (item: T) => ExtensionEntry | undefined,
  rowsOf: (item: T) => Promise<number>,
  ahead?: Promise<TargetState> | TargetState
): Promise<Set<T>> {
  const skipped = new Set<T>()
  const whys: string[] = []
  if (!items.some(item => entryOf(item)?.kind === 'extension')) return skipped
  const { user, extensions } = await (ahead ??
    targetStateAhead(session, target))
  for (const item of items) {
    const entry = entryOf(item)
    const verdict = entry ? judgeEntry(entry, extensions) : undefined
    if (!entry || !verdict || verdict.action === 'keep') continue
    if (verdict.action === 'skip') whys.push(verdict.why)
    else if (entry.kind === 'data')
      whys.push(
        judgeRows(entry, await rowsOf(item), verdict.extension, user).why
      )
    else continue
    skipped.add(item)
  }
  if (whys.length)
    session.logger.info(
      `Skipped, as the target already has them: ${whys.join('; ')}`
    )
  return skipped
}
