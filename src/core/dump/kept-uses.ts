// What kept objects use in the schemas a dump leaves out, from the
// catalogue in one query. Members of extensions are no concern (the
// extension brings them); uses of them are only counted per extension.
import { ToolError } from '../errors.ts'
import type { KeptUse } from '../kept-objects.ts'
import type { Session } from '../session.ts'
import { quoteLiteral } from '../sql.ts'

// The catalogues whose objects live in a schema, by their schema column.
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
  ['pg_statistic_ext', 'stxnamespace'],
  ['pg_ts_config', 'cfgnamespace'],
  ['pg_ts_dict', 'dictnamespace'],
  ['pg_ts_parser', 'prsnamespace'],
  ['pg_ts_template', 'tmplnamespace']
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

const inside = IN_SCHEMA.map(
  ([t, n]) =>
    `SELECT '${t}'::regclass::oid AS classid, oid FROM ${t} WHERE ${n} IN (SELECT oid FROM ns)`
).join('\n  UNION ALL ')

const ownerClass = `CASE ${OWNERS.map(([t, , owner]) => `WHEN d.classid = '${t}'::regclass THEN '${owner}'::regclass::oid`).join(' ')} ELSE d.classid END`
const ownerOid = `coalesce(${OWNERS.map(([t, column]) => `${t}.${column}`).join(', ')}, d.objid)`
const ownerJoins = OWNERS.map(
  ([t]) =>
    `LEFT JOIN ${t} ON d.classid = '${t}'::regclass AND ${t}.oid = d.objid`
).join('\n  ')

// Names come from pg_identify_object (schema names quoted as needed), called
// once per object used and per object named: never for each dependency, so
// that the query stays cheap and far below the planner's JIT threshold,
// which the first form of this query crossed on large models.
const QUERY = (
  names: string
) => `WITH excluded AS (SELECT json_array_elements_text(${names}::json) AS name),
ns AS (SELECT oid FROM pg_namespace WHERE nspname IN (SELECT name FROM excluded)),
inside AS (
  ${inside}
),
uses AS (
  SELECT d.classid, d.objid, d.objsubid, d.refclassid, d.refobjid,
    ${ownerClass} AS oclass, ${ownerOid} AS oobj
  FROM pg_depend d
  JOIN inside i ON i.classid = d.refclassid AND i.oid = d.refobjid
  ${ownerJoins}
  WHERE d.deptype = 'n'
  OFFSET 0
),
kept AS (
  SELECT u.*, u.classid = 'pg_rewrite'::regclass AS rule,
    -- a rule counts as its view
    CASE WHEN u.classid = 'pg_rewrite'::regclass THEN u.oclass ELSE u.classid END AS objclass,
    CASE WHEN u.classid = 'pg_rewrite'::regclass THEN u.oobj ELSE u.objid END AS objoid
  FROM uses u
  WHERE NOT EXISTS (SELECT FROM inside i WHERE i.classid = u.oclass AND i.oid = u.oobj)
    AND NOT EXISTS (SELECT FROM pg_depend e WHERE e.classid = u.oclass AND e.objid = u.oobj AND e.deptype = 'e')
),
refs AS (
  SELECT s.refclassid, s.refobjid, ref.type, ref.identity,
    -- the extension it belongs to; an array type, its element type's
    (SELECT (SELECT x.extname FROM pg_extension x WHERE x.oid = e.refobjid) FROM pg_depend e
      WHERE e.classid = s.refclassid AND e.deptype = 'e'
        AND e.objid IN (s.refobjid, (SELECT i.refobjid FROM pg_depend i WHERE i.classid = s.refclassid
          AND i.objid = s.refobjid AND i.refclassid = s.refclassid AND i.deptype = 'i' LIMIT 1))
      LIMIT 1) AS extension
  FROM (SELECT DISTINCT refclassid, refobjid FROM kept) s
  -- objsubid 0: a column used counts as its table
  CROSS JOIN LATERAL pg_identify_object(s.refclassid, s.refobjid, 0) ref
),
found AS (
  SELECT k.*, r.type AS rtype, r.identity AS ridentity, r.extension
  FROM kept k JOIN refs r ON r.refclassid = k.refclassid AND r.refobjid = k.refobjid
),
named AS (
  SELECT DISTINCT
    CASE WHEN f.rule THEN 'view ' || obj.identity ELSE dep.type || ' ' || dep.identity END AS dependent,
    CASE WHEN f.rule THEN 'view' ELSE dep.type END AS kind,
    obj.identity AS object, obj.type AS "objectKind",
    f.rtype || ' ' || f.ridentity AS used, f.rtype AS "usedKind", NULL::name AS extension
  FROM found f
  CROSS JOIN LATERAL pg_identify_object(f.objclass, f.objoid, 0) obj
  CROSS JOIN LATERAL pg_identify_object(f.classid, f.objid, f.objsubid) dep
  WHERE f.extension IS NULL
),
members AS (
  -- uses of extension members are counted, not named: kinds from the catalogue
  SELECT DISTINCT '' AS dependent, '' AS kind, f.objclass || '/' || f.objoid AS object,
    CASE f.objclass
      WHEN 'pg_class'::regclass THEN (SELECT CASE c.relkind WHEN 'i' THEN 'index' WHEN 'I' THEN 'index'
        WHEN 'v' THEN 'view' WHEN 'm' THEN 'materialized view' WHEN 'f' THEN 'foreign table'
        WHEN 'S' THEN 'sequence' WHEN 'c' THEN 'composite type' ELSE 'table' END
        FROM pg_class c WHERE c.oid = f.objoid)
      WHEN 'pg_proc'::regclass THEN 'function'
      ELSE (SELECT o.type FROM pg_identify_object(f.objclass, f.objoid, 0) o) END AS "objectKind",
    '' AS used, f.rtype AS "usedKind", f.extension
  FROM found f
  WHERE f.extension IS NOT NULL
)
SELECT coalesce(json_agg(x ORDER BY extension, dependent, used), '[]')
FROM (SELECT * FROM named UNION ALL SELECT * FROM members) x`

/**
 * The uses of objects inside `excluded` by objects outside it (a view over
 * a table, a trigger calling a function, a column of a type there), leaving
 * out the members of extensions. A use of an extension's member comes with
 * its extension, the kinds of the object and of the member, and an id for
 * the object in place of names.
 */
export async function keptUses(
  session: Session,
  excluded: readonly string[]
): Promise<KeptUse[]> {
  const json = await session.query(
    QUERY(quoteLiteral(JSON.stringify(excluded))),
    'find the kept objects that use the excluded schemas',
    session.connection,
    true
  )
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
