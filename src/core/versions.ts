// PostgreSQL version numbers as the tools and the server print them.

/** A PostgreSQL release: `major` is 15 for 15.18 (and 9.6 counts as 9). */
export interface PgVersion {
  major: number
  minor: number
  /** as printed, e.g. `15.18` or `9.6.24` */
  text: string
}

/**
 * Reads a version from text such as `pg_dump (PostgreSQL) 15.18 (Debian …)`,
 * `15.18 (Debian 15.18-0+deb12u1)`, `17beta1` or `9.6.24`.
 */
export function parseVersion(text: string): PgVersion | undefined {
  const m =
    /(?:^|\s|\))(\d+)(?:\.(\d+))?(?:\.(\d+))?(?:(?:alpha|beta|rc|devel)\d*)?(?=\s|$|\))/.exec(
      text.replace(/^.*\(PostgreSQL\)\s*/, '')
    )
  if (!m) return undefined
  const major = Number(m[1])
  // before 10, the major was two numbers (9.6); we keep the first as major
  const minor = major < 10 ? Number(m[3] ?? 0) : Number(m[2] ?? 0)
  const printed = [m[1], m[2], m[3]].filter(p => p !== undefined).join('.')
  return { major, minor, text: printed }
}

/** The server's version as `SHOW server_version` printed it; major 0 when it reads as none. */
export function serverVersionOf(printed: string): PgVersion {
  return (
    parseVersion(printed) ?? {
      major: 0,
      minor: 0,
      text: printed.split(/\s+/)[0] ?? ''
    }
  )
}

/** Orders versions: negative when a is older than b. */
export function compareVersions(a: PgVersion, b: PgVersion): number {
  return a.major - b.major || a.minor - b.minor
}

/**
 * The first release of each major whose psql has restricted mode
 * (`\restrict`, August 2025): 18 and later have it from the start; 12 and
 * older never got it.
 */
const RESTRICTED_MODE_SINCE: Readonly<Record<number, number>> = {
  13: 22,
  14: 19,
  15: 14,
  16: 10,
  17: 6
}

/** True when this release's psql knows `\restrict`. */
export function hasRestrictedMode(v: PgVersion): boolean {
  const since = RESTRICTED_MODE_SINCE[v.major]
  return v.major >= 18 || (since !== undefined && v.minor >= since)
}

/** The releases whose psql has restricted mode, for messages. */
export const RESTRICTED_MODE_RELEASES = `${Object.entries(RESTRICTED_MODE_SINCE)
  .map(([major, minor]) => `${major}.${minor}`)
  .join(', ')} or newer of each major, or any 18+`
