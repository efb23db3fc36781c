// The schema lists of a dump, checked against the database before pg_dump
// runs: items that match no schema are named with the schemas there are,
// and an excluded schema that kept objects use is named with those objects.
import { ToolError } from '../errors.ts'
import {
  matchSchemas,
  pgDumpPattern,
  unmatchedWarning
} from '../schema-patterns.ts'
import type { Session } from '../session.ts'
import { quoteLiteral } from '../sql.ts'
import type { OptionName } from '../wording.ts'

/** How many kept objects a warning names before it counts the rest. */
const NAMED = 20

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

/**
 * The objects outside `excluded` that depend on objects inside it (a view
 * over a table, a trigger calling a function, a column of a type there),
 * each as "<object> (uses <object>)".
 */
async function keptDependents(
  session: Session,
  excluded: readonly string[]
): Promise<string[]> {
  const names = quoteLiteral(JSON.stringify(excluded))
  const json = await session.query(
    `WITH excluded AS (SELECT json_array_elements_text(${names}::json) AS name),
deps AS (
  SELECT DISTINCT
    CASE WHEN dep.type = 'rule'
      THEN 'view ' || (SELECT (pg_identify_object('pg_class'::regclass, r.ev_class, 0)).identity FROM pg_rewrite r WHERE r.oid = d.objid)
      ELSE dep.type || ' ' || dep.identity END AS dependent,
    ref.type || ' ' || ref.identity AS used
  FROM pg_depend d
  CROSS JOIN LATERAL pg_identify_object(d.classid, d.objid, d.objsubid) dep
  -- objsubid 0: a column used counts as its table; schema names come quoted
  CROSS JOIN LATERAL pg_identify_object(d.refclassid, d.refobjid, 0) ref
  WHERE d.deptype = 'n'
    AND ref.schema IN (SELECT quote_ident(name) FROM excluded)
    -- a rule or trigger belongs to the schema of its table
    AND coalesce(dep.schema, (
      SELECT (pg_identify_object('pg_class'::regclass, coalesce(
        (SELECT r.ev_class FROM pg_rewrite r WHERE d.classid = 'pg_rewrite'::regclass AND r.oid = d.objid),
        (SELECT t.tgrelid FROM pg_trigger t WHERE d.classid = 'pg_trigger'::regclass AND t.oid = d.objid)), 0)).schema
    ), '') NOT IN (SELECT quote_ident(name) FROM excluded)
)
SELECT coalesce(json_agg(dependent || ' (uses ' || used || ')' ORDER BY dependent, used), '[]') FROM deps`,
    'find the kept objects that use the excluded schemas',
    session.connection,
    true
  )
  return parseList(json)
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
    const dependents = await keptDependents(session, excluded.matched)
    if (dependents.length) {
      const more = dependents.length - NAMED
      session.logger.warning(
        `Kept objects use the excluded schema${excluded.matched.length > 1 ? 's' : ''} ${excluded.matched.join(', ')}: ` +
          `${dependents.slice(0, NAMED).join('; ')}${more > 0 ? `; … and ${more} more` : ''}. ` +
          'Restoring this dump fails on them unless the target holds those objects already.'
      )
    }
  }
  return {
    excludeSchemas: excludeSchemas.map(pgDumpPattern),
    schemas: schemas.map(pgDumpPattern)
  }
}
