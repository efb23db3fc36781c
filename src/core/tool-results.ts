// How the session judges a tool run: a tool that could not start, and a
// housekeeping psql that failed, as ToolErrors.
import { ToolError, type Tool } from './errors.ts'
import {
  failureMessage,
  ToolNotRunnable,
  type ToolResult
} from './process/runner.ts'

/** A command ToolError for a tool that could not run; other errors as they are. */
export function cannotRun(tool: Tool, error: unknown): unknown {
  if (!(error instanceof ToolNotRunnable)) return error
  const missing = error.tool ?? tool
  return new ToolError('command', `Cannot run ${missing}: ${error.message}`, {
    tool: missing
  })
}

/** The result of a psql housekeeping run, or a failed ToolError. */
export function checked(result: ToolResult, what: string): ToolResult {
  if (result.exitCode === 0) return result
  throw new ToolError(
    'failed',
    `Could not ${what}: ${failureMessage('psql', result)}`,
    { tool: 'psql', exitCode: result.exitCode, stderr: result.stderr }
  )
}
