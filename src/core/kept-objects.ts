// Kept objects that use what an excluded schema holds, as one wording at dump
// (from the catalogue) and at restore (from the dump's table of contents):
// uses of an extension's members as one line per extension, the rest named.

/**
 * One kept object's use of an object in an excluded schema. A use of an
 * extension's member is only counted: its names may be empty and its
 * `object` an id.
 */
export interface KeptUse {
  /** the kept object as the warning names it: `view tww_app.nodes` */
  dependent: string
  /** its kind, to count it: `table column`, `view`, `trigger` */
  kind: string
  /** the object it is part of (a column's table), to count once */
  object: string
  /** that object's kind: `table`, `view`, `index` */
  objectKind: string
  /** what it uses: `table "TWW_od".node` */
  used: string
  /** the used object's kind: `type`, `operator class`, `function` */
  usedKind: string
  /** the extension the used object belongs to, if it does */
  extension?: string | null
}

/** How many uses a warning names before it counts the rest. */
const NAMED = 20

const plural = (kind: string, n: number) =>
  n === 1
    ? kind
    : /(s|x|ch|sh)$/.test(kind)
      ? `${kind}es`
      : /[^aeiou]y$/.test(kind)
        ? `${kind.slice(0, -1)}ies`
        : `${kind}s`

/** `a, b and c` */
function andList(items: readonly string[]): string {
  return items.length > 1
    ? `${items.slice(0, -1).join(', ')} and ${items[items.length - 1]}`
    : (items[0] ?? '')
}

/** `3 tables, 2 indexes and 1 view`, the largest count first. */
function countsByKind(kinds: readonly string[]): string {
  const counts = new Map<string, number>()
  for (const kind of kinds) counts.set(kind, (counts.get(kind) ?? 0) + 1)
  return andList(
    [...counts]
      .sort(([a, m], [b, n]) => n - m || a.localeCompare(b))
      .map(([kind, n]) => `${n} ${plural(kind, n)}`)
  )
}

/** The line of one extension: what uses its members, and which kinds of them. */
function extensionLine(
  extension: string,
  uses: readonly KeptUse[],
  createsExtensions: boolean
): string {
  const objects = new Map(uses.map(u => [`${u.objectKind} ${u.object}`, u]))
  const usedKinds = [...new Set(uses.map(u => u.usedKind))].sort()
  return (
    `Kept objects (${countsByKind([...objects.values()].map(u => u.objectKind))}) ` +
    `use ${andList(usedKinds.map(k => plural(k, 2)))} of extension ${extension}: the target needs it ` +
    (createsExtensions
      ? '(the dump still creates it).'
      : '(the dump does not create it: create it in the target first).')
  )
}

/**
 * The warnings for kept objects that use what the `excluded` schemas hold:
 * one per extension whose members they use, and one naming the rest, the
 * first {@link NAMED} by name and the others counted by kind. `when` words
 * the last sentence: a dump restored later, or this restore.
 */
export function keptUsesWarnings(
  uses: readonly KeptUse[],
  excluded: readonly string[],
  when: { at: 'dump' | 'restore'; createsExtensions: boolean }
): string[] {
  const byExtension = new Map<string, KeptUse[]>()
  const named: string[] = []
  const kinds = new Map<string, string>()
  for (const use of uses) {
    if (use.extension) {
      const list = byExtension.get(use.extension)
      if (list) list.push(use)
      else byExtension.set(use.extension, [use])
      continue
    }
    const item = `${use.dependent} (uses ${use.used})`
    if (kinds.has(item)) continue
    kinds.set(item, use.kind)
    named.push(item)
  }
  const warnings = [...byExtension]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([name, list]) => extensionLine(name, list, when.createsExtensions))
  if (named.length) {
    const rest = named.slice(NAMED)
    const more = rest.length
      ? `; … and ${rest.length} more (${countsByKind(rest.map(i => kinds.get(i) ?? 'object'))})`
      : ''
    warnings.push(
      `Kept objects use the excluded schema${excluded.length > 1 ? 's' : ''} ${excluded.join(', ')}: ` +
        `${named.slice(0, NAMED).join('; ')}${more}. ` +
        (when.at === 'dump'
          ? 'Restoring this dump fails on them unless the target holds those objects already.'
          : 'This restore fails on them unless the target holds those objects already.')
    )
  }
  return warnings
}
