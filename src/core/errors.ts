// Typed errors of the Dumper core: each names what failed and carries the
// tool's own message, so front ends can print `<name>: <message>` as is.

/** Which PostgreSQL program an error came from. */
export type Tool = 'pg_dump' | 'pg_restore' | 'psql'

/** Details of a tool run that ended badly. */
export interface ToolFailure {
  /** the program that ran (or could not run) */
  tool: Tool
  /** its exit code; undefined when it never started */
  exitCode?: number
  /** what it wrote to stderr, trimmed */
  stderr?: string
}

/** Base class of every error the core throws on purpose. */
export class DumperError extends Error {
  readonly tool?: Tool
  readonly exitCode?: number
  readonly stderr?: string

  constructor(message: string, failure?: ToolFailure) {
    super(message)
    this.name = 'DumperError'
    this.tool = failure?.tool
    this.exitCode = failure?.exitCode
    this.stderr = failure?.stderr
  }
}

/** pg_dump (or the connection check before it) ran and failed. */
export class PgDumpFailed extends DumperError {
  override readonly name = 'PgDumpFailed'
}

/** pg_restore or psql ran and failed to restore. */
export class PgRestoreFailed extends DumperError {
  override readonly name = 'PgRestoreFailed'
}

/** pg_dump could not be run: executable missing or arguments invalid. */
export class PgDumpCommandError extends DumperError {
  override readonly name = 'PgDumpCommandError'
}

/** pg_restore or psql could not be run: executable missing or invalid arguments. */
export class PgRestoreCommandError extends DumperError {
  override readonly name = 'PgRestoreCommandError'
}

/** Formats any thrown value as `<ErrorName>: <message>`, the form both front ends print. */
export function describeError(error: unknown): string {
  if (error instanceof Error) return `${error.name}: ${error.message}`
  return `Error: ${String(error)}`
}

/** No installed client is new enough, and none could be installed. */
export class PgClientVersionMismatch extends DumperError {
  override readonly name = 'PgClientVersionMismatch'
}
