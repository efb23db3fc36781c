// What kept entries of a dump use in the schemas a restore leaves out, read
// from `pg_restore --list --verbose`, which follows each entry with
// ";\tdepends on: <dump ids>" (the dependencies pg_dump recorded, through
// the objects it did not dump: a column of an extension's type depends on
// the extension's entry, which is in no schema).
import type { KeptUse } from '../kept-objects.ts'
import { dependsOn, entryBody, entryId, schemaOfEntry } from './toc.ts'

// entry kinds of more than one word (pg_dump's descs); the others are one
const MULTI_WORD = [
  'TABLE DATA',
  'SEQUENCE SET',
  'SEQUENCE OWNED BY',
  'FK CONSTRAINT',
  'CHECK CONSTRAINT',
  'DEFAULT ACL',
  'MATERIALIZED VIEW DATA',
  'MATERIALIZED VIEW',
  'TEXT SEARCH CONFIGURATION',
  'TEXT SEARCH DICTIONARY',
  'TEXT SEARCH PARSER',
  'TEXT SEARCH TEMPLATE',
  'OPERATOR CLASS',
  'OPERATOR FAMILY',
  'FOREIGN TABLE',
  'FOREIGN DATA WRAPPER',
  'FOREIGN SERVER',
  'USER MAPPING',
  'EVENT TRIGGER',
  'LARGE OBJECT',
  'BLOB METADATA',
  'PROCEDURAL LANGUAGE',
  'SHELL TYPE',
  'ACCESS METHOD',
  'INDEX ATTACH',
  'TABLE ATTACH',
  'ROW SECURITY',
  'PUBLICATION TABLES IN SCHEMA',
  'PUBLICATION TABLE',
  'SUBSCRIPTION TABLE',
  'SECURITY LABEL',
  'DATABASE PROPERTIES',
  'STATISTICS DATA'
].sort((a, b) => b.length - a.length)

// entries whose tag is "<table> <name>": named "<name> on <schema>.<table>"
const ON_TABLE = new Set([
  'TRIGGER',
  'CONSTRAINT',
  'FK CONSTRAINT',
  'CHECK CONSTRAINT',
  'RULE',
  'POLICY'
])

// entries nothing kept should be said to use: rows, comments, grants
const NOT_USED = new Set([
  'TABLE DATA',
  'SEQUENCE SET',
  'MATERIALIZED VIEW DATA',
  'COMMENT',
  'ACL',
  'SECURITY LABEL'
])

const KINDS: Record<string, string> = {
  CONSTRAINT: 'table constraint',
  'FK CONSTRAINT': 'table constraint',
  DEFAULT: 'default value'
}

/** An identifier as pg_identify_object spells it: quoted unless plain. */
function ident(name: string): string {
  return /^[a-z_][a-z0-9_$]*$/.test(name)
    ? name
    : `"${name.replace(/"/g, '""')}"`
}

interface Entry {
  desc: string
  /** the schema it is in; a SCHEMA entry's is the schema itself */
  schema: string | undefined
  label: string
  kind: string
  /** a schema's own entry (SCHEMA, or its comment or grant) */
  ofSchema?: string
}

/** An entry's kind, schema and name; `schemas` are the dump's, longest first. */
function parseEntry(body: string, schemas: readonly string[]): Entry {
  const desc =
    MULTI_WORD.find(d => body.startsWith(`${d} `)) ?? body.split(' ')[0]
  const afterDesc = body.slice(desc.length + 1)
  // the namespace is '-' or a schema's name, which may hold spaces
  const schema = afterDesc.startsWith('- ')
    ? undefined
    : (schemas.find(s => afterDesc.startsWith(`${s} `)) ??
      afterDesc.split(' ')[0])
  const rest = afterDesc.slice((schema ?? '-').length + 1)
  // the owner is the last word (empty for extensions)
  const tag = rest.slice(0, Math.max(0, rest.lastIndexOf(' ')))
  const kind = KINDS[desc] ?? desc.toLowerCase()
  const qualified = (name: string) =>
    schema === undefined ? name : `${ident(schema)}.${name}`
  const space = tag.indexOf(' ')
  let label: string
  if (desc === 'SCHEMA') label = ident(tag)
  else if (ON_TABLE.has(desc) && space > 0)
    label = `${ident(tag.slice(space + 1))} on ${qualified(ident(tag.slice(0, space)))}`
  else if (desc === 'DEFAULT' && space > 0)
    label = `for ${qualified(`${ident(tag.slice(0, space))}.${ident(tag.slice(space + 1))}`)}`
  else label = qualified(tag.includes('(') ? tag : ident(tag))
  return {
    desc,
    schema: desc === 'SCHEMA' ? tag : schema,
    label: `${kind} ${label}`,
    kind
  }
}

/**
 * The uses, by entries of `list` kept in the restore, of entries in the
 * `excluded` schemas (or of their SCHEMA entries). `list` is the verbose
 * table of contents; `schemas` are the schemas the dump holds.
 */
export function tocKeptUses(
  list: string,
  excluded: readonly string[],
  schemas: readonly string[]
): KeptUse[] {
  const bySize = [...schemas].sort((a, b) => b.length - a.length)
  const out = new Set(excluded)
  const entries = new Map<number, Entry>()
  const deps = new Map<number, number[]>()
  let last: number | undefined
  for (const line of list.split('\n')) {
    const body = entryBody(line)
    if (body !== undefined) {
      last = entryId(line)
      entries.set(last, {
        ...parseEntry(body, bySize),
        ofSchema: schemaOfEntry(line)
      })
      continue
    }
    const ids = dependsOn(line)
    if (ids && last !== undefined) deps.set(last, ids)
  }
  const isOut = (e: Entry) =>
    (e.schema !== undefined && out.has(e.schema)) ||
    (e.ofSchema !== undefined && out.has(e.ofSchema))
  const uses = new Map<string, KeptUse>()
  for (const [id, entry] of entries) {
    if (isOut(entry)) continue
    for (const dep of deps.get(id) ?? []) {
      const used = entries.get(dep)
      if (!used || !isOut(used) || NOT_USED.has(used.desc)) continue
      uses.set(`${entry.label}\n${used.label}`, {
        dependent: entry.label,
        kind: entry.kind,
        object: entry.label,
        objectKind: entry.kind,
        used: used.label,
        usedKind: used.kind
      })
    }
  }
  return [...uses.values()].sort(
    (a, b) =>
      a.dependent.localeCompare(b.dependent) || a.used.localeCompare(b.used)
  )
}
