// Creating databases around a restore: a missing target,
// and the fan-out copies made from the first restored database.
import type { Session } from '../session.ts'
import { dropDatabaseSql, quoteIdent, quoteLiteral } from '../sql.ts'
import type { PgVersion } from '../versions.ts'

/**
 * Drops each of `names` if it exists and creates it from `template`, one
 * after the other in one psql session. Connections to them are ended first
 * (WITH (FORCE), PostgreSQL 13+). From PostgreSQL 15 a copy is made by
 * copying files, which beats WAL-logging every block.
 */
export async function recreateDatabases(
  session: Session,
  names: readonly string[],
  template: string,
  server: PgVersion
): Promise<void> {
  const strategy =
    server.major >= 15 && template !== 'template0'
      ? ' STRATEGY = FILE_COPY'
      : ''
  await session.sql(
    names.flatMap(name => [
      dropDatabaseSql(name, server.major),
      `CREATE DATABASE ${quoteIdent(name)} TEMPLATE ${quoteIdent(template)}${strategy}`
    ]),
    `(re)create the database${names.length > 1 ? 's' : ''} ${names.join(', ')} from ${template}`
  )
}

/** Creates `name` (empty, from template0) unless it exists; true if it did. */
export async function createDatabaseIfMissing(
  session: Session,
  name: string
): Promise<boolean> {
  const count = await session.query(
    `SELECT count(*) FROM pg_database WHERE datname = ${quoteLiteral(name)}`,
    `check whether the database ${name} exists`
  )
  if (count === '1') return false
  await session.sql(
    [`CREATE DATABASE ${quoteIdent(name)} TEMPLATE template0`],
    `create the database ${name}`
  )
  return true
}
