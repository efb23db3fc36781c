// Quoting for the few SQL statements the core writes itself (creating and
// copying databases).

/** Quotes an SQL identifier: "name", doubling embedded quotes. */
export function quoteIdent(name: string): string {
  return `"${name.replace(/"/g, '""')}"`
}

/** Quotes an SQL string literal: 'text', doubling embedded quotes. */
export function quoteLiteral(text: string): string {
  return `'${text.replace(/'/g, "''")}'`
}
