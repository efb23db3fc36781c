// The schema lists of a dump, checked against the database before pg_dump
// runs: items that match no schema are named with the schemas there are,
// and an excluded schema that kept objects use is named with those objects.
import { ToolError } from '../errors.ts'
import { keptUsesWarnings, type KeptUse } from '../kept-objects.ts'
import {
  matchSchemas,
  pgDumpPattern,
  unmatchedWarning
} from '../schema-patterns.ts'
import type { Session } from '../session.ts'
import { quoteLiteral } from '../sql.ts'
import type { OptionName } from '../wording.ts'

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

// The catalogues whose objects live in a schema and that kept objects use.
const IN_SCHEMA: readonly (readonly [string, string])[] = [
  ['pg_class', 'relnamespace'],
  ['pg_type', 'typnamespace'],
  ['pg_proc', 'pronamespace'],
  ['pg_constraint', 'connamespace'],
  ['pg_operator', 'oprnamespace'],
  ['pg_opclass', 'opcnamespace'],
  ['pg_opfamily', 'opfnamespace'],
  ['pg_collation', 'collnamespace'],
  ['pg_conversion', 'connamespace'],
  ['pg_ts_config', 'cfgnamespace'],
  ['pg_ts_dict', 'dictnamespace']
]

// Objects without a schema of their own belong to another: a rule, trigger,
// default or policy to its table, an operator family's members to it.
const OWNERS: readonly (readonly [string, string, string])[] = [
  ['pg_rewrite', 'ev_class', 'pg_class'],
  ['pg_trigger', 'tgrelid', 'pg_class'],
  ['pg_attrdef', 'adrelid', 'pg_class'],
  ['pg_policy', 'polrelid', 'pg_class'],
  ['pg_amop', 'amopfamily', 'pg_opfamily'],
  ['pg_amproc', 'amprocfamily', 'pg_opfamily']
]

/**
 * The uses of objects inside `excluded` by objects outside it (a view over
 * a table, a trigger calling a function, a column of a type there), leaving
 * out the members of extensions, which the extension brings. One query;
 * the catalogue's names are looked up only for the uses found, so that it
 * stays cheap (and below the planner's JIT threshold) on large models.
 */
async function keptUses(
  session: Session,
  excluded: readonly string[]
): Promise<KeptUse[]> {
  const names = quoteLiteral(JSON.stringify(excluded))
  const owners = (column: (o: readonly string[]) => string) =>
    OWNERS.map(column).join(', ')
  const json = await session.query(
    `WITH excluded AS (SELECT json_array_elements_text(${names}::json) AS name),
ns AS (SELECT oid FROM pg_namespace WHERE nspname IN (SELECT name FROM excluded)),
inside AS (
  ${IN_SCHEMA.map(([t, n]) => `SELECT '${t}'::regclass AS classid, oid FROM ${t} WHERE ${n} IN (SELECT oid FROM ns)`).join('\n  UNION ALL ')}
),
uses AS (
  SELECT d.classid, d.objid, d.objsubid, d.refclassid, d.refobjid,
    CASE ${OWNERS.map(([t, , owner]) => `WHEN d.classid = '${t}'::regclass THEN '${owner}'::regclass`).join(' ')} ELSE d.classid END AS oclass,
    coalesce(${owners(([t, column]) => `${t}.${column}`)}, d.objid) AS oobj
  FROM pg_depend d
  JOIN inside i ON i.classid = d.refclassid AND i.oid = d.refobjid
  ${OWNERS.map(([t]) => `LEFT JOIN ${t} ON d.classid = '${t}'::regclass AND ${t}.oid = d.objid`).join('\n  ')}
  WHERE d.deptype = 'n'
),
kept AS (
  SELECT u.*, pg_identify_object(u.oclass, u.oobj, 0) AS owner FROM uses u
  WHERE NOT EXISTS (SELECT FROM pg_depend e WHERE e.classid = u.oclass AND e.objid = u.oobj AND e.deptype = 'e')
),
found AS (
  SELECT DISTINCT
    CASE WHEN rule THEN 'view ' || (k.owner).identity ELSE dep.type || ' ' || dep.identity END AS dependent,
    CASE WHEN rule THEN 'view' ELSE dep.type END AS kind,
    CASE WHEN rule THEN (k.owner).identity ELSE obj.identity END AS object,
    CASE WHEN rule THEN (k.owner).type ELSE obj.type END AS "objectKind",
    ref.type || ' ' || ref.identity AS used,
    ref.type AS "usedKind",
    -- an array type belongs to its element type's extension
    (SELECT x.extname FROM pg_depend e JOIN pg_extension x ON x.oid = e.refobjid
      WHERE e.classid = k.refclassid AND e.deptype = 'e' AND e.refclassid = 'pg_extension'::regclass
        AND e.objid IN (k.refobjid, (SELECT i.refobjid FROM pg_depend i WHERE i.classid = k.refclassid
          AND i.objid = k.refobjid AND i.refclassid = k.refclassid AND i.deptype = 'i' LIMIT 1))
      LIMIT 1) AS extension
  FROM kept k
  CROSS JOIN LATERAL (SELECT k.classid = 'pg_rewrite'::regclass AS rule) r
  CROSS JOIN LATERAL pg_identify_object(k.classid, k.objid, k.objsubid) dep
  CROSS JOIN LATERAL pg_identify_object(k.classid, k.objid, 0) obj
  -- objsubid 0: a column used counts as its table; schema names come quoted
  CROSS JOIN LATERAL pg_identify_object(k.refclassid, k.refobjid, 0) ref
  WHERE coalesce((k.owner).schema, '') NOT IN (SELECT quote_ident(name) FROM excluded)
)
SELECT coalesce(json_agg(found ORDER BY dependent, used), '[]') FROM found`,
    'find the kept objects that use the excluded schemas',
    session.connection,
    true
  )
  return parseUses(json)
}

function parseUses(json: string): KeptUse[] {
  const value: unknown = JSON.parse(json)
  const text = (v: unknown): v is string => typeof v === 'string'
  if (
    !Array.isArray(value) ||
    !value.every(
      (u: Record<string, unknown>) =>
        text(u.dependent) &&
        text(u.kind) &&
        text(u.object) &&
        text(u.objectKind) &&
        text(u.used) &&
        text(u.usedKind)
    )
  ) {
    throw new ToolError('failed', `psql printed no list of uses: ${json}`)
  }
  return value as KeptUse[]
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
