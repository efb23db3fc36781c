// What a restore drill compares: the tables the dump holds rows of (its
// schema lists and exclude-table-data applied to the snapshot's counts),
// and their rows after the restore, table by table.
import { VerificationFailed } from '../errors.ts'
import { matchesSchema } from '../schema-patterns.ts'
import type { OneDumpOptions } from './plan.ts'
import type { TableRows } from './snapshot.ts'

/** What a drill proved. */
export interface Verified {
  /** tables whose rows were compared */
  tables: number
  /** their rows, as dumped and as restored */
  rows: number
  /** how long the drill took (restore, counts, drop) */
  durationMs: number
}

/** What the drills of several dumps proved together; undefined when none ran. */
export function sumVerified(
  dumps: readonly { verified?: Verified }[]
): Verified | undefined {
  const all = dumps.flatMap(d => (d.verified ? [d.verified] : []))
  if (all.length === 0) return undefined
  return {
    tables: all.reduce((sum, v) => sum + v.tables, 0),
    rows: all.reduce((sum, v) => sum + v.rows, 0),
    durationMs: all.reduce((sum, v) => sum + v.durationMs, 0)
  }
}

/** How many differing tables and restore errors a failure names. */
const NAMED = 10

/**
 * A pg_dump table pattern (`schema.table`, `table`, with `*`, `?` and
 * double quotes) as a test of a schema and table: unquoted letters are
 * folded to lower case, as pg_dump does; a pattern without a schema
 * matches the table in any schema.
 */
export function tablePattern(
  pattern: string
): (schema: string, table: string) => boolean {
  // each part as a regular expression's source
  const parts: string[] = ['']
  const add = (source: string) => {
    parts[parts.length - 1] += source
  }
  let quoted = false
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern.charAt(i)
    if (c === '"') {
      if (quoted && pattern.charAt(i + 1) === '"') {
        add('"')
        i++
      } else quoted = !quoted
    } else if (!quoted && c === '.') parts.push('')
    else if (!quoted && c === '*') add('.*')
    else if (!quoted && c === '?') add('.')
    else
      add((quoted ? c : c.toLowerCase()).replace(/[\\^$.|+()[\]{}*?]/g, '\\$&'))
  }
  const regex = (source: string) => new RegExp(`^${source}$`, 's')
  const table = regex(parts[parts.length - 1] ?? '')
  const schema = parts.length > 1 ? regex(parts[parts.length - 2] ?? '') : /^/
  return (s, t) => schema.test(s) && table.test(t)
}

/** The snapshot's tables the dump holds rows of: in its schemas, not excluded, rows not left out. */
export function dumpedTables<T extends [string, string, ...unknown[]]>(
  counted: readonly T[],
  options: Pick<
    OneDumpOptions,
    'schemas' | 'excludeSchemas' | 'excludeTableData'
  >
): T[] {
  const schemas = options.schemas ?? []
  const excluded = options.excludeSchemas ?? []
  const noData = (options.excludeTableData ?? []).map(tablePattern)
  return counted.filter(
    ([schema, table]) =>
      (schemas.length === 0 || schemas.some(p => matchesSchema(p, schema))) &&
      !excluded.some(p => matchesSchema(p, schema)) &&
      !noData.some(test => test(schema, table))
  )
}

/** A name as it is when plain, else quoted with escapes (no line break reaches a message). */
const part = (name: string) =>
  /^[a-z_][a-z0-9_$]*$/.test(name) ? name : JSON.stringify(name)
const label = (schema: string, table: string) =>
  `${part(schema)}.${part(table)}`

/**
 * Compares each dumped table's rows with the restored one's; throws
 * VerificationFailed naming the tables that differ and the restore's
 * first errors, when it failed or any differs.
 */
export function compareRows(
  dumped: readonly TableRows[],
  restored: readonly TableRows[],
  restoreFailure: string | undefined,
  about: { file: string; durationMs: number }
): Verified {
  const found = new Map(restored.map(([s, t, n]) => [`${s}\u0000${t}`, n]))
  const differ: string[] = []
  const details: string[] = []
  for (const [schema, table, rows] of dumped) {
    const got = found.get(`${schema}\u0000${table}`)
    if (got === rows) continue
    differ.push(label(schema, table))
    details.push(
      `${label(schema, table)}: ${rows} row(s) dumped, ${got === undefined ? 'no such table' : `${got}`} restored`
    )
  }
  if (restoreFailure === undefined && differ.length === 0) {
    return {
      tables: dumped.length,
      rows: dumped.reduce((sum, [, , n]) => sum + n, 0),
      durationMs: about.durationMs
    }
  }
  const tables = differ.length
    ? `${differ.length} of ${dumped.length} table(s) differ after the restore: ${details.slice(0, NAMED).join('; ')}${differ.length > NAMED ? `; and ${differ.length - NAMED} more` : ''}`
    : `every table's rows matched`
  const errors = restoreFailure
    ? `The restore failed: ${restoreFailure.split('\n').slice(0, NAMED).join('\n')}`
    : ''
  throw new VerificationFailed(
    `The restore drill failed, so ${about.file} was not written: ${restoreFailure ? 'the dump does not restore' : 'the restored rows differ from the dumped ones'}; ${tables}.${errors ? `\n${errors}` : ''}`,
    differ
  )
}
