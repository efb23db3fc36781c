// A dump's versions at restore: the client it needs, and what to tell a user
// before restoring it into an older server than the one it came from (which
// errors usually follow, and what to do).
import { minimumReaderMajor, type ArchiveHeader } from '../archive/header.ts'
import type { ClientNeed } from '../client/resolver.ts'
import type { Tool } from '../errors.ts'
import type { PgVersion } from '../versions.ts'
import type { Wording } from '../wording.ts'

/** Where a dump came from. */
interface DumpOrigin {
  dumpedFrom?: PgVersion
  dumpedBy?: PgVersion
}

/** The warning for restoring `origin` into `target`, or undefined when none is due. */
export function olderTargetWarning(
  origin: DumpOrigin,
  target: PgVersion,
  w: Wording
): string | undefined {
  const from = origin.dumpedFrom
  const by = origin.dumpedBy
  const olderThanSource = from !== undefined && target.major < from.major
  // pg_dump 17+ writes SET transaction_timeout, unknown to older servers
  const olderThanDumper =
    by !== undefined && by.major >= 17 && target.major < 17
  if (!olderThanSource && !olderThanDumper) return undefined
  const expected = [
    ...(olderThanDumper
      ? [
          'unrecognized configuration parameter "transaction_timeout" (written by pg_dump 17 and later)'
        ]
      : []),
    'syntax errors or unknown options for features the older server lacks (e.g. new CREATE TABLE, index or publication options)',
    'functions, types or catalog columns that do not exist in the older server'
  ]
  const source = from ? `a PostgreSQL ${from.text} server` : 'a newer server'
  const dumper = by ? ` by pg_dump ${by.text}` : ''
  return (
    `Restoring a dump of ${source}${dumper} into PostgreSQL ${target.text}, which is older. ` +
    `Errors that usually follow:\n- ${expected.join('\n- ')}\n` +
    `Restore into a server of version ${from?.major ?? by?.major} or newer, or set ${w.name('ignoreErrors')} to accept a partial restore.`
  )
}

/** The client a dump needs: one at least as new as what wrote it. */
export function readerNeed(header: ArchiveHeader, tool: Tool): ClientNeed {
  const major = minimumReaderMajor(header)
  return major === undefined
    ? { major: 0, why: 'the dump', tool }
    : {
        major,
        why: `the dump (made by pg_dump ${header.dumpedBy?.text ?? major})`,
        tool
      }
}
