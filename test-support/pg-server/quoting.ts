// Quoting values for the two languages tests speak to a server in: libpq's
// conninfo strings and SQL.

/** Quotes one conninfo value the way libpq parses it. */
export function conninfoValue(value: string): string {
  if (value !== '' && !/[\s'\\]/.test(value)) return value
  return `'${value.replace(/[\\']/g, c => `\\${c}`)}'`
}

/** Quotes an SQL identifier. */
export function quoteIdent(name: string): string {
  return `"${name.replace(/"/g, '""')}"`
}

/** Quotes an SQL string literal (standard_conforming_strings on). */
export function quoteLiteral(value: string): string {
  return `'${value.replace(/'/g, "''")}'`
}
