// Edits a pg_restore table of contents (`pg_restore --list`). pg_restore's
// --exclude-schema leaves out the objects in a schema but still creates the
// schema itself (and its comment): its own entries are not "in" the schema.
// Dropping those entries from the list makes an excluded schema truly absent.

const ENTRY = /^\d+; \d+ \d+ (.*)$/
const SCHEMA_ENTRY = 'SCHEMA - '
// entries that belong to a schema object, with the schema name quoted as an identifier
const ON_SCHEMA = [
  'COMMENT - SCHEMA ',
  'ACL - SCHEMA ',
  'SECURITY LABEL - SCHEMA '
]

/** Drops the trailing owner from "<tag> <owner>". */
function withoutOwner(tagAndOwner: string): string {
  const at = tagAndOwner.lastIndexOf(' ')
  return at < 0 ? tagAndOwner : tagAndOwner.slice(0, at)
}

/** "My Schema" (as fmtId quotes it) → My Schema; bare names stay as they are. */
function unquoteIdent(ident: string): string {
  return ident.startsWith('"') && ident.endsWith('"') && ident.length >= 2
    ? ident.slice(1, -1).replace(/""/g, '"')
    : ident
}

/** The schema an entry creates or describes, if it is a schema's own entry. */
export function schemaOfEntry(line: string): string | undefined {
  const body = ENTRY.exec(line)?.[1]
  if (body === undefined) return undefined
  if (body.startsWith(SCHEMA_ENTRY)) {
    return withoutOwner(body.slice(SCHEMA_ENTRY.length))
  }
  const prefix = ON_SCHEMA.find(p => body.startsWith(p))
  if (prefix) return unquoteIdent(withoutOwner(body.slice(prefix.length)))
  return undefined
}

/** The list without the entries that create or describe the given schemas. */
export function withoutSchemaEntries(
  list: string,
  schemas: readonly string[]
): string {
  const excluded = new Set(schemas)
  return list
    .split('\n')
    .filter(line => {
      const schema = schemaOfEntry(line)
      return schema === undefined || !excluded.has(schema)
    })
    .join('\n')
}
