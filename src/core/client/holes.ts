// Client releases with known security holes: the first release of each
// major that fixes each, and the warning for running an older one.
import type { Tool } from '../errors.ts'
import { parseVersion, type PgVersion } from '../versions.ts'
import type { Wording } from '../wording.ts'

/** A hole in a client tool, and the first release of each major that fixes it. */
interface ClientHole {
  cve: string
  /** the tool it exposes */
  tool: Tool
  /** what a hostile server could do to an older one */
  risk: string
  /** the first fixed release of each major then supported, oldest major first */
  fixedIn: readonly string[]
}

/** Every hole pg-dumper warns of. */
export const CLIENT_HOLES: readonly ClientHole[] = [
  {
    cve: 'CVE-2026-6477',
    tool: 'pg_dump',
    risk: "a hostile server could overwrite pg_dump's stack through libpq's large-object reads (lo_read)",
    // the May 2026 minor releases
    fixedIn: ['14.23', '15.18', '16.14', '17.10', '18.4']
  }
]

/** How a client's version stands against a hole. */
type HoleStatus =
  | { kind: 'fixed' }
  /** an older release of a major that has a fixed one */
  | { kind: 'older'; fixed: PgVersion }
  /** a major older than every fixed one (out of support): no release of it is fixed */
  | { kind: 'unsupported'; oldest: PgVersion }

const release = (text: string): PgVersion => parseVersion(text) as PgVersion

/**
 * Where `version` stands against `hole`. A major newer than the table's
 * was first released after the fix, so it has it.
 */
export function holeStatus(hole: ClientHole, version: PgVersion): HoleStatus {
  const fixes = hole.fixedIn.map(release)
  const same = fixes.find(f => f.major === version.major)
  if (same) {
    return version.minor >= same.minor
      ? { kind: 'fixed' }
      : { kind: 'older', fixed: same }
  }
  const oldest = fixes[0]
  return version.major < oldest.major
    ? { kind: 'unsupported', oldest }
    : { kind: 'fixed' }
}

/** The warning for running `tool` at `version` when a hole affects it, one per hole. */
export function holeWarnings(
  tool: Tool,
  version: PgVersion,
  w: Wording
): { cve: string; warning: string }[] {
  const warnings: { cve: string; warning: string }[] = []
  for (const hole of CLIENT_HOLES) {
    if (hole.tool !== tool) continue
    const status = holeStatus(hole, version)
    const what = `${hole.cve}: ${hole.risk}`
    const auto = w.set('installClient', 'auto')
    if (status.kind === 'older') {
      const fixed = status.fixed.text
      warnings.push({
        cve: hole.cve,
        warning:
          `${tool} ${version.text} is older than ${fixed}, the release that fixes ${what}. ` +
          `Use ${tool} ${fixed} or newer: update postgresql-client-${version.major}, or set ${w.name('pgBinDir')} to a current client ` +
          `(${auto} installs the current release when no installed client fits).`
      })
    } else if (status.kind === 'unsupported') {
      const oldest = status.oldest
      warnings.push({
        cve: hole.cve,
        warning:
          `${tool} ${version.text} is of PostgreSQL ${version.major}, past its end of life: no release of it fixes ${what}. ` +
          `Use ${tool} ${oldest.text} or newer (a newer ${tool} dumps older servers too): set ${w.name('pgVersion')} to ${oldest.major} or later ` +
          `(${auto} installs it when it is missing), or ${w.name('pgBinDir')} to a current client.`
      })
    }
  }
  return warnings
}
