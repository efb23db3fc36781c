// Decides whether a pg_restore or psql run restored successfully, from its
// exit code and the errors it printed.
import { ToolError, type Tool } from '../errors.ts'
import {
  listErrors,
  parsePgRestoreOutput,
  parsePsqlOutput
} from './tool-errors.ts'
import { failureMessage, type ToolResult } from '../process/runner.ts'
import type { Wording } from '../wording.ts'

/** A restore that succeeded, possibly with errors it was told to ignore. */
export interface RestoreOutcome {
  ignoredErrors: number
  /** the warning to show when errors were ignored */
  warning?: string
}

/** Judges a restore run; throws a failed ToolError when it failed. */
export function judgeRestore(
  tool: Tool,
  result: ToolResult,
  ignoreErrors: boolean,
  target: string,
  w: Wording
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
  if (tolerable && ignoreErrors) {
    return {
      ignoredErrors: total,
      warning:
        `Ignored ${total} error(s) ${tool} reported restoring into ${target}:\n` +
        listErrors(report.errors, total)
    }
  }
  const existing = conflicts(report.errors)
  const advice = existing.length
    ? `\nThe target database already holds objects the dump creates: ${existing.slice(0, 10).join(', ')}${existing.length > 10 ? `, … (${existing.length} in all)` : ''}. ` +
      `Restore with ${w.name('clean')} to drop them first, or into an empty database (${w.name('createDatabase')} creates a missing one); ${w.name('ignoreErrors')} keeps what is there.`
    : ''
  const message =
    tolerable || report.errors.length > 0
      ? `${tool} reported ${total} error(s):\n${listErrors(report.errors, total)}${advice}`
      : failureMessage(tool, result)
  throw new ToolError('failed', message, {
    tool,
    exitCode: result.exitCode,
    stderr: result.stderr
  })
}

/** The objects that already existed, from "… "name" already exists" errors. */
export function conflicts(errors: readonly string[]): string[] {
  const found = new Set<string>()
  for (const error of errors) {
    const m = /ERROR: +(?:([a-z ]+?) )?"([^"]+)" already exists/.exec(error)
    if (m) found.add(m[1] ? `${m[1]} ${m[2]}` : m[2])
  }
  return [...found]
}
