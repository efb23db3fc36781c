// Reads and edits a pg_restore table of contents (`pg_restore --list`): the
// one parser of its lines. Entries are `<id>; <table oid> <oid> <desc…>`;
// comment lines start with `;`.
//
// pg_restore's --exclude-schema leaves out the objects in a schema but still
// creates the schema itself (and its comment): its own entries are not "in"
// the schema. Dropping those entries from the list makes an excluded schema
// truly absent.

const ENTRY_START = /^\d+;/
const ENTRY = /^\d+; \d+ \d+ (.*)$/
const SCHEMA_ENTRY = 'SCHEMA - '
// entries that belong to a schema object, with the schema name quoted as an identifier
const ON_SCHEMA = [
  'COMMENT - SCHEMA ',
  'ACL - SCHEMA ',
  'SECURITY LABEL - SCHEMA '
]

/** The entry lines of a list, comments and blanks left out. */
export function tocEntries(list: string): string[] {
  return list.split('\n').filter(line => ENTRY_START.test(line))
}

/** How many entries a table of contents lists. */
export function tocEntryCount(list: string): number {
  return tocEntries(list).length
}

/** The dump id an entry line starts with. */
export function entryId(line: string): number {
  return Number.parseInt(line, 10)
}

/**
 * Splits a table of contents into `parts` lists, so that several pg_restore
 * processes can read an archive back at once (each `--use-list` reads only
 * its entries' data). The heaviest entries are dealt first, each to the
 * lightest part (equal weights: round-robin); each part keeps the order of
 * the table of contents.
 */
export function splitToc(
  list: string,
  parts: number,
  weight: (line: string) => number = () => 1
): string[] {
  const entries = tocEntries(list).map((line, index) => ({
    line,
    index,
    weight: weight(line)
  }))
  const count = Math.max(1, Math.min(parts, entries.length))
  const lists = Array.from({ length: count }, () => ({
    total: 0,
    entries: [] as typeof entries
  }))
  for (const entry of [...entries].sort((a, b) => b.weight - a.weight)) {
    const lightest = lists.reduce((min, l) => (l.total < min.total ? l : min))
    lightest.entries.push(entry)
    lightest.total += entry.weight
  }
  return lists.map(
    l =>
      `${l.entries
        .sort((a, b) => a.index - b.index)
        .map(e => e.line)
        .join('\n')}\n`
  )
}

/** What an entry line holds after its oids: `<desc> <schema> <tag> <owner>`. */
export function entryBody(line: string): string | undefined {
  return ENTRY.exec(line)?.[1]
}

const DEPENDS_ON = /^;\s*depends on:((?: \d+)*)\s*$/

/**
 * The dump ids of a "depends on" line, which `--list --verbose` prints after
 * an entry; undefined for any other line.
 */
export function dependsOn(line: string): number[] | undefined {
  const ids = DEPENDS_ON.exec(line)?.[1].trim()
  return ids === undefined ? undefined : ids ? ids.split(' ').map(Number) : []
}

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

/** The schemas an archive creates, and public, which every database has. */
export function tocSchemas(list: string): string[] {
  const names = new Set(['public'])
  for (const line of tocEntries(list)) {
    const body = ENTRY.exec(line)?.[1]
    if (body?.startsWith(SCHEMA_ENTRY))
      names.add(withoutOwner(body.slice(SCHEMA_ENTRY.length)))
  }
  return [...names].sort()
}

/** An entry the restore of a prepared target decides on. */
export type ExtensionEntry =
  | { kind: 'extension'; name: string }
  | { kind: 'comment'; name: string }
  | { kind: 'data'; schema: string; table: string }

const EXTENSION = /^\d+; \d+ \d+ EXTENSION - (\S+)/
const EXTENSION_COMMENT = /^\d+; \d+ \d+ COMMENT - EXTENSION (\S+)/
const TABLE_DATA = /^\d+; \d+ \d+ TABLE DATA (\S+) (\S+) /

/** An entry line as an extension, its comment or table data; undefined for the rest. */
export function extensionEntry(line: string): ExtensionEntry | undefined {
  const extension = EXTENSION.exec(line)
  if (extension) return { kind: 'extension', name: extension[1] }
  const comment = EXTENSION_COMMENT.exec(line)
  if (comment) return { kind: 'comment', name: comment[1] }
  const data = TABLE_DATA.exec(line)
  if (data) return { kind: 'data', schema: data[1], table: data[2] }
  return undefined
}
