// What a failed scrub script says: psql's own message, its
// `psql:<file>:<line>:` prefix turned into the script's line.
import { failureMessage, type ToolResult } from '../process/runner.ts'

/** The message of a scrub script psql stopped, and the line it stopped at. */
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
  let line: number | undefined
  const said = lines
    .slice(at < 0 ? 0 : at)
    .map(l => {
      if (!l.startsWith(prefix)) return l
      const match = /^(\d+): (.*)$/.exec(l.slice(prefix.length))
      if (!match) return l
      line ??= Number(match[1])
      return match[2]
    })
    .join('\n')
  if (line === undefined && /^psql: error:/m.test(said)) {
    return {
      message: `The scrub script ${label} could not run in the throwaway copy, so nothing was dumped and the copy was dropped: ${said}\nThe role must be able to connect to the copy (pg_hba.conf: databases named pg_dumper_scrub_…).`
    }
  }
  const where = line === undefined ? '' : ` at line ${line}`
  return {
    message: `The scrub script ${label} failed${where}, so nothing was dumped and the throwaway copy was dropped: ${said}`,
    line
  }
}
