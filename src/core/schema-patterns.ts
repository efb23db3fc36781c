// One grammar for schema lists, at dump and at restore: names as the
// catalogue spells them (case-sensitive, no quoting needed) with pg_dump's
// `*` and `?` wildcards. An item wholly in double quotes is an exact name
// (`"a*b"` is the schema a*b), for users who quote out of habit.

/** A schema item as the user wrote it, read: an exact name or a pattern. */
interface SchemaItem {
  text: string
  exact: boolean
}

function read(item: string): SchemaItem {
  if (item.length >= 2 && item.startsWith('"') && item.endsWith('"')) {
    return { text: item.slice(1, -1).replace(/""/g, '"'), exact: true }
  }
  return { text: item, exact: false }
}

const quote = (literal: string) => `"${literal.replace(/"/g, '""')}"`

/**
 * The item as a pg_dump pattern that means the same: every literal run
 * double-quoted (so case is kept and `.` is no separator), `*` and `?`
 * left as wildcards.
 */
export function pgDumpPattern(item: string): string {
  const { text, exact } = read(item)
  if (exact) return quote(text)
  return text
    .split(/([*?])/)
    .filter(part => part !== '')
    .map(part => (part === '*' || part === '?' ? part : quote(part)))
    .join('')
}

/** Whether `name` is one the item means. */
export function matchesSchema(item: string, name: string): boolean {
  const { text, exact } = read(item)
  if (exact) return name === text
  const source = text
    .split(/([*?])/)
    .map(part =>
      part === '*'
        ? '.*'
        : part === '?'
          ? '.'
          : part.replace(/[\\^$.|+()[\]{}]/g, '\\$&')
    )
    .join('')
  return new RegExp(`^${source}$`, 's').test(name)
}

/** The names among `names` the items mean, and the items that mean none. */
export function matchSchemas(
  items: readonly string[],
  names: readonly string[]
): { matched: string[]; unmatched: string[] } {
  const matched = names.filter(name =>
    items.some(item => matchesSchema(item, name))
  )
  const unmatched = items.filter(
    item => !names.some(name => matchesSchema(item, name))
  )
  return { matched, unmatched }
}

/** The warning for items that match no schema, naming the schemas there are. */
export function unmatchedWarning(
  option: string,
  unmatched: readonly string[],
  names: readonly string[],
  where: string
): string | undefined {
  if (unmatched.length === 0) return undefined
  return (
    `${option}: ${unmatched.map(i => `'${i}'`).join(', ')} ` +
    `${unmatched.length > 1 ? 'match' : 'matches'} no schema of ${where}. Its schemas are: ${names.join(', ') || 'none'}. ` +
    'Names are case-sensitive, as the catalogue spells them; * and ? are wildcards.'
  )
}
