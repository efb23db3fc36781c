// What a failed scrub script says: psql's own message, its
// `psql:<file>:<line>:` prefix turned into the script's line, and nothing of
// the script's text (it may hold secrets: salts, replacement values).
import { failureMessage, type ToolResult } from '../process/runner.ts'

// a name or value in a message, quoted as PostgreSQL quotes them (English
// "…", translations »…«, « … », “…”, „…“): the script's words, left out
const QUOTED = /"[^"\n]*"|»[^«\n]*«|«[^»\n]*»|“[^”\n]*”|„[^“”\n]*[“”]/g

/** A message with its quoted names and values left out. */
function withoutQuotes(message: string): string {
  return message.replace(QUOTED, '"…"')
}

/**
 * The message of a scrub script psql stopped, and the line it stopped at.
 * Only the first line of each message is kept, without what it quotes:
 * psql and the server quote the failing statement (`LINE 2: …`, DETAIL,
 * CONTEXT, QUERY) and its words (`syntax error at or near "…"`).
 */
export function scrubFailure(
  result: ToolResult,
  file: string,
  label: string
): { message: string; line?: number } {
  const prefix = `psql:${file}:`
  const lines = failureMessage('psql', result).split('\n')
  // psql prefixes each message about the script with its file and line;
  // the notices before the error are left out
  const at = lines.findIndex(l =>
    /^(?:psql:.*?:\d+: )?(?:ERROR|FATAL|PANIC):/.test(l)
  )
  const from = lines.slice(at < 0 ? 0 : at)
  let line: number | undefined
  const kept: string[] = []
  for (const l of from) {
    const match = l.startsWith(prefix)
      ? /^(\d+): (.*)$/.exec(l.slice(prefix.length))
      : null
    if (!match) continue
    line ??= Number(match[1])
    kept.push(match[2])
  }
  if (line === undefined && /^psql: error:/m.test(from.join('\n'))) {
    return {
      message: `The scrub script ${label} could not run in the throwaway copy, so nothing was dumped and the copy was dropped: ${from.join('\n')}\nThe role must be able to connect to the copy (pg_hba.conf: databases named pg_dumper_scrub_…).`
    }
  }
  // a message about no line of the script (a lost connection): its first line
  if (kept.length === 0 && from[0]) kept.push(from[0])
  const shown =
    withoutQuotes(kept.join('\n')) ||
    failureMessage('psql', { ...result, stderr: '' })
  const where = line === undefined ? '' : ` at line ${line}`
  const left = shown.includes('"…"')
    ? ' (names and values are left out: the script may hold secrets)'
    : ''
  return {
    message: `The scrub script ${label} failed${where}, so nothing was dumped and the throwaway copy was dropped: ${shown}${left}`,
    line
  }
}
