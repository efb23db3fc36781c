// Decides whether a pg_restore or psql run restored successfully, from its
// exit code and the errors it printed.
import { ToolError, type Tool } from '../errors.ts'
import {
  listErrors,
  parsePgRestoreOutput,
  parsePsqlOutput
} from './tool-errors.ts'
import { failureMessage, type ToolResult } from '../process/runner.ts'
import type { FailedCopy } from './plain-script.ts'
import type { Wording } from '../wording.ts'

/** A restore that succeeded, possibly with errors it was told to ignore. */
export interface RestoreOutcome {
  ignoredErrors: number
  /** the warning to show when errors were ignored */
  warning?: string
}

/** What a plain restore's script says about psql's errors. */
interface PlainContext {
  /** the COPYs that failed */
  failedCopies: readonly FailedCopy[]
  /** the script ran in one transaction */
  singleTransaction: boolean
  /**
   * the script is a pg_dump dump: its errors may be quoted. A file that is
   * not (a wrongly chosen file) may hold secrets that psql's errors echo
   */
  quote: boolean
}

const tables = (copies: readonly FailedCopy[]) =>
  copies.map(c => c.table).join(', ')

/** Judges a restore run; throws a failed ToolError when it failed. */
export function judgeRestore(
  tool: Tool,
  result: ToolResult,
  ignoreErrors: boolean,
  target: string,
  w: Wording,
  plain?: PlainContext
): RestoreOutcome {
  const report =
    tool === 'psql'
      ? parsePsqlOutput(result.stderr)
      : parsePgRestoreOutput(result.stderr)
  if (result.exitCode === 0 && report.errors.length === 0)
    return { ignoredErrors: 0 }
  // pg_restore exits 1 both for tolerated statement errors (then it prints
  // its count) and for fatal ones (connection, unreadable archive): only
  // the former may be ignored. psql exits 0 when it carried on past errors.
  const tolerable =
    tool === 'psql' ? result.exitCode === 0 : report.ignoredCount !== undefined
  const total = Math.max(report.ignoredCount ?? 0, report.errors.length)
  if (plain && !plain.quote) {
    // psql's messages echo the lines they failed on: say where, not what
    report.errors = report.errors.map(
      (_, i) =>
        `line ${report.lines?.[i] ?? '?'} of the script (the message is not shown: the file is not a pg_dump dump, and psql's messages may quote its lines; the debug log has them)`
    )
  }
  const copies = plain?.failedCopies ?? []
  const runaway = copies.filter(c => c.dataRanAsSql)
  if (tolerable && ignoreErrors && runaway.length === 0) {
    const lost = copies.length
      ? `\nThe rows of ${tables(copies)} were not restored: ${copies.length > 1 ? 'their COPYs' : 'its COPY'} failed.`
      : ''
    return {
      ignoredErrors: total,
      warning:
        `Ignored ${total} error(s) ${tool} reported restoring into ${target}:\n` +
        listErrors(report.errors, total) +
        lost
    }
  }
  const existing = conflicts(report.errors)
  const advice = existing.length
    ? `\nThe target database already holds objects the dump creates: ${existing.slice(0, 10).join(', ')}${existing.length > 10 ? `, … (${existing.length} in all)` : ''}. ` +
      `Restore with ${w.name('clean')} to drop them first, or into an empty database (${w.name('createDatabase')} creates a missing one). ` +
      `(${w.name('ignoreErrors')} would keep the existing objects but still load the dump's rows into them, duplicating the rows of tables without a unique key.)`
    : ''
  const message =
    tolerable || report.errors.length > 0
      ? `${tool} reported ${total} error(s):\n${listErrors(report.errors, total)}${advice}` +
        plainAdvice(result, report.lines ?? [], runaway, ignoreErrors, w, plain)
      : failureMessage(tool, result)
  throw new ToolError('failed', message, {
    tool,
    exitCode: result.exitCode,
    stderr: result.stderr
  })
}

/** The objects that already existed, from "… "name" already exists" errors. */
function conflicts(errors: readonly string[]): string[] {
  const found = new Set<string>()
  for (const error of errors) {
    const m = /ERROR: +(?:([a-z ]+?) )?"([^"]+)" already exists/.exec(error)
    if (m) found.add(m[1] ? `${m[1]} ${m[2]}` : m[2])
  }
  return [...found]
}

/** What a failed plain restore applied, and what it lost. */
function plainAdvice(
  result: ToolResult,
  lines: readonly number[],
  runaway: readonly FailedCopy[],
  ignoreErrors: boolean,
  w: Wording,
  plain?: PlainContext
): string {
  if (!plain) return ''
  if (ignoreErrors && runaway.length) {
    return (
      `\nThe COPY of ${tables(runaway)} failed, so ${runaway.length > 1 ? 'their' : 'its'} rows were not restored and psql read them as SQL statements: ` +
      `the rest of the script may not have run as written, and later tables may have lost rows. ` +
      `${w.name('ignoreErrors')} cannot make such a restore whole: fix the cause (often a missing table or privilege), or restore into an empty database.`
    )
  }
  // psql exits 3 when ON_ERROR_STOP ends the script
  if (result.exitCode !== 3) return ''
  const at = lines.at(-1)
  const where = at ? ` at line ${at} of the script` : ''
  return plain.singleTransaction
    ? `\npsql stopped${where}: the restore ran in a single transaction, so nothing of it was applied.`
    : `\npsql stopped${where}: the statements before it were applied, the rest of the script was not run.`
}
