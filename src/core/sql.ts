// Quoting for the few SQL statements the core writes itself (creating and
// copying databases).

/** Quotes an SQL identifier: "name", doubling embedded quotes. */
export function quoteIdent(name: string): string {
  return `"${name.replace(/"/g, '""')}"`
}

/**
 * Quotes an SQL string literal: 'text', doubling embedded quotes. Text with
 * a backslash is written E'…' with the backslashes doubled too, so it stays
 * one literal on a server with standard_conforming_strings off, where a
 * name ending in a backslash would otherwise escape the closing quote.
 */
export function quoteLiteral(text: string): string {
  const quoted = text.replace(/'/g, "''")
  return text.includes('\\')
    ? `E'${quoted.replace(/\\/g, '\\\\')}'`
    : `'${quoted}'`
}

/** DROP DATABASE IF EXISTS, ending the sessions still on it where the server can (WITH (FORCE), PostgreSQL 13+). */
export function dropDatabaseSql(name: string, serverMajor: number): string {
  const force = serverMajor >= 13 ? ' WITH (FORCE)' : ''
  return `DROP DATABASE IF EXISTS ${quoteIdent(name)}${force}`
}
