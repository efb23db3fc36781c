// psql's restricted mode, the boundary of every script the core runs
// through psql (a plain dump, a globals script, a scrub script): psql reads
// `\restrict <key>` from its standard input before the script, and from
// then on refuses each of the script's meta-commands (`\!`, `\o`, `\copy …
// program`…) itself, whatever a scan of ours made of the text. The key is
// new for each run and exists only in this process and psql's input: never
// on a command line, in a file or in the log, so no script can lift it.
import { randomBytes } from 'node:crypto'
import type { ResolvedClient } from '../client/resolver.ts'
import type { ToolResult } from '../process/runner.ts'
import type { Session } from '../session.ts'

/** A key psql's `\restrict` accepts: letters and digits. */
function newKey(): string {
  return randomBytes(32).toString('hex')
}

/**
 * PGOPTIONS that make the server end a script's statement within a second
 * of psql going away (PostgreSQL 14+): a signal to the whole process group
 * ends psql before it can cancel the statement, which would otherwise go on
 * and commit after the step failed.
 */
function connectionCheck(session: Session): Record<string, string> {
  if ((session.serverMajor ?? 0) < 14) return {}
  const given = process.env.PGOPTIONS
  const check = '-c client_connection_check_interval=1000'
  return { PGOPTIONS: given ? `${given} ${check}` : check }
}

/**
 * Runs psql with `args(restricted)`; when restricted, psql first reads
 * `\restrict <key>` from its standard input (`args(true)` must read it:
 * `--file=-` before the script).
 */
export function runScript(
  session: Session,
  client: ResolvedClient,
  args: (restricted: boolean) => string[],
  restricted: boolean,
  /** keep psql's stderr out of the debug log (a scrub script's errors quote its lines) */
  how: { unloggedStderr?: boolean } = {}
): Promise<ToolResult> {
  const env = connectionCheck(session)
  if (!restricted)
    return session.run(client, 'psql', args(false), { ...how, env })
  const input = Buffer.from(`\\restrict ${newKey()}\n`)
  return session.run(client, 'psql', args(true), { ...how, env, input })
}

/** psql's messages name `path` (a FIFO or a private copy) as `shown`, the file the user gave. */
export function naming(
  result: ToolResult,
  path: string,
  shown: string
): ToolResult {
  return { ...result, stderr: result.stderr.split(path).join(shown) }
}
