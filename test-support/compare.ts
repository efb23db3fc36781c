// Comparison helpers for dump/restore tests: a database's schema and data
// described in comparable form.
import {
  clientEnv,
  clientTool,
  quoteIdent,
  quoteLiteral,
  run,
  type TestServer
} from './pg-server.ts'

export interface SnapshotOptions {
  /** exact schema names to leave out (passed to pg_dump --exclude-schema) */
  excludeSchemas?: readonly string[]
}

/**
 * Normalized `pg_dump --schema-only --no-owner --no-privileges` text, without
 * comments, blank lines, SET lines and \restrict/\unrestrict lines (random keys).
 */
export async function schemaSnapshot(
  server: TestServer,
  dbname: string,
  options: SnapshotOptions = {}
): Promise<string> {
  const args = ['--schema-only', '--no-owner', '--no-privileges']
  for (const schema of options.excludeSchemas ?? []) {
    // a quoted pattern matches the exact name, upper case and all
    args.push(`--exclude-schema=${quoteIdent(schema)}`)
  }
  args.push('-d', server.conninfoNoPassword(dbname))
  const result = await run(clientTool('pg_dump'), args, {
    env: clientEnv(server.password)
  })
  if (result.code !== 0) {
    throw new Error(
      `pg_dump --schema-only of ${dbname} failed (exit ${result.code}):\n${result.stderr}`
    )
  }
  return result.stdout
    .split('\n')
    .filter(
      line =>
        line.trim() !== '' &&
        !line.startsWith('--') &&
        !line.startsWith('SET ') &&
        !/^\\(un)?restrict\b/.test(line)
    )
    .join('\n')
}

/** Key under which dataChecksums reports all large objects together. */
export const LARGE_OBJECTS_KEY = 'pg_catalog.pg_largeobject'

// user relations holding data: tables, partitioned tables, partitions,
// materialized views and sequences, without members of extensions
const RELATIONS_SQL = `
SELECT coalesce(json_agg(json_build_object(
         'name', format('%I.%I', n.nspname, c.relname),
         'kind', c.relkind::text,
         'populated', c.relispopulated
       ) ORDER BY n.nspname, c.relname), '[]')
FROM pg_class AS c
JOIN pg_namespace AS n ON n.oid = c.relnamespace
WHERE c.relkind IN ('r', 'p', 'm', 'S')
  AND n.nspname !~ '^pg_' AND n.nspname <> 'information_schema'
  AND NOT EXISTS (
    SELECT FROM pg_depend AS d
    WHERE d.classid = 'pg_class'::regclass AND d.objid = c.oid AND d.deptype = 'e'
  )
`

// the same settings everywhere, so the text form of values cannot differ by session
const STABLE_OUTPUT = `
SET TimeZone = 'UTC';
SET DateStyle = 'ISO, YMD';
SET IntervalStyle = 'postgres';
SET extra_float_digits = 1;
SET bytea_output = 'hex';
`

interface Relation {
  name: string
  kind: string
  populated: boolean
}

/**
 * Checksum of all data, keyed by qualified relation name (format('%I.%I')):
 * tables and partitions and materialized views as "rows:md5", sequences as
 * "last_value:is_called", and all large objects under LARGE_OBJECTS_KEY.
 */
export async function dataChecksums(
  server: TestServer,
  dbname: string
): Promise<Map<string, string>> {
  const relations = JSON.parse(
    await server.psql(dbname, RELATIONS_SQL)
  ) as Relation[]

  const parts = relations.map(rel => {
    const name = quoteLiteral(rel.name)
    if (rel.kind === 'S') {
      return `SELECT ${name}, (SELECT last_value || ':' || is_called FROM ${rel.name})`
    }
    // selecting from an unpopulated materialized view is an error
    if (rel.kind === 'm' && !rel.populated) {
      return `SELECT ${name}, 'unpopulated'::text`
    }
    // COLLATE "C": row order must not depend on the database's collation
    return (
      `SELECT ${name}, (SELECT count(*) || ':' || md5(coalesce(string_agg(t::text, E'\\n' ` +
      `ORDER BY t::text COLLATE "C"), '')) FROM ${rel.name} AS t)`
    )
  })
  parts.push(
    `SELECT ${quoteLiteral(LARGE_OBJECTS_KEY)}, (SELECT count(*) || ':' || ` +
      `md5(coalesce(string_agg(oid::text || ':' || md5(lo_get(oid)), E'\\n' ORDER BY oid), '')) ` +
      `FROM pg_catalog.pg_largeobject_metadata)`
  )
  const query =
    `${STABLE_OUTPUT}SELECT json_agg(json_build_array(k, v)) FROM (\n` +
    `${parts.join('\nUNION ALL\n')}\n) AS s (k, v)`
  const rows = JSON.parse(await server.psql(dbname, query)) as [
    string,
    string
  ][]
  return new Map(rows.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))
}

/** User schemas (not pg_* nor information_schema), sorted. */
export async function schemaNames(
  server: TestServer,
  dbname: string
): Promise<string[]> {
  const out = await server.psql(
    dbname,
    `SELECT coalesce(json_agg(nspname ORDER BY nspname), '[]') FROM pg_namespace
     WHERE nspname !~ '^pg_' AND nspname <> 'information_schema'`
  )
  return JSON.parse(out) as string[]
}
