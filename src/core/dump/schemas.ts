// The schema lists of a dump, checked against the database before pg_dump
// runs: items that match no schema are named with the schemas there are,
// and an excluded schema that kept objects use is named with those objects.
import { ToolError } from '../errors.ts'
import { keptUsesWarnings } from '../kept-objects.ts'
import {
  matchSchemas,
  pgDumpPattern,
  unmatchedWarning
} from '../schema-patterns.ts'
import type { Session } from '../session.ts'
import type { OptionName } from '../wording.ts'
import { keptUses } from './kept-uses.ts'

/** The schemas the connection's database holds, system schemas left out. */
async function schemaNames(session: Session): Promise<string[]> {
  const json = await session.query(
    `SELECT coalesce(json_agg(nspname ORDER BY nspname), '[]') FROM pg_namespace ` +
      `WHERE nspname NOT LIKE 'pg\\_%' AND nspname <> 'information_schema'`,
    'list the schemas of the database',
    session.connection,
    true
  )
  return parseList(json)
}

function parseList(json: string): string[] {
  const value: unknown = JSON.parse(json)
  if (!Array.isArray(value) || !value.every(v => typeof v === 'string')) {
    throw new ToolError('failed', `psql printed no list of names: ${json}`)
  }
  return value
}

/** Warns about the items of `option` that match no schema in `names`. */
function warnUnmatched(
  session: Session,
  option: OptionName,
  unmatched: readonly string[],
  names: readonly string[]
): void {
  const warning = unmatchedWarning(
    session.wording.name(option),
    unmatched,
    names,
    session.target
  )
  if (warning) session.logger.warning(warning)
}

/**
 * The dump's schema lists as pg_dump patterns, after checking them against
 * the database; warns about items that match nothing and about kept
 * objects that use an excluded schema.
 */
export async function checkedSchemaPatterns(
  session: Session,
  excludeSchemas: readonly string[],
  schemas: readonly string[]
): Promise<{ excludeSchemas: string[]; schemas: string[] }> {
  if (excludeSchemas.length === 0 && schemas.length === 0) {
    return { excludeSchemas: [], schemas: [] }
  }
  const names = await schemaNames(session)
  const excluded = matchSchemas(excludeSchemas, names)
  warnUnmatched(session, 'excludeSchemas', excluded.unmatched, names)
  warnUnmatched(
    session,
    'schemas',
    matchSchemas(schemas, names).unmatched,
    names
  )
  if (excluded.matched.length) {
    const uses = await keptUses(session, excluded.matched)
    // pg_dump creates extensions unless a schema list narrows the dump
    const at = { at: 'dump', createsExtensions: schemas.length === 0 } as const
    for (const warning of keptUsesWarnings(uses, excluded.matched, at))
      session.logger.warning(warning)
  }
  return {
    excludeSchemas: excludeSchemas.map(pgDumpPattern),
    schemas: schemas.map(pgDumpPattern)
  }
}
