// Every error the core throws on purpose, in one place. Each names what
// failed and carries the tool's own message, so front ends can print
// `<name>: <message>` as is.

/** Which PostgreSQL program an error came from. */
export type Tool = 'pg_dump' | 'pg_dumpall' | 'pg_restore' | 'psql'

/** The two operations; each decides once which public errors it throws. */
export type Operation = 'dump' | 'restore'

/** Details of a tool run that ended badly. */
interface ToolFailure {
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

/** No installed client is new enough, and none could be installed. */
export class PgClientVersionMismatch extends DumperError {
  override readonly name = 'PgClientVersionMismatch'
}

/**
 * An age-encrypted dump that cannot be decrypted: no key was given, the key
 * is not one of its recipients', or the file is corrupt or cut short.
 */
export class DecryptionFailed extends DumperError {
  override readonly name = 'DecryptionFailed'
}

/**
 * The scrub script failed in the throwaway copy: nothing was dumped. Carries
 * psql's own message and, when psql named one, the script's line.
 */
export class ScrubFailed extends DumperError {
  override readonly name = 'ScrubFailed'
  /** the script's line psql stopped at, if it said */
  readonly line?: number

  constructor(message: string, failure: ToolFailure, line?: number) {
    super(message, failure)
    this.line = line
  }
}

/** Why the throwaway copy to scrub could not be made. */
export type ScrubCopyProblem = 'busy' | 'permission' | 'other'

/**
 * The throwaway copy a scrub runs in could not be made (CREATE DATABASE …
 * TEMPLATE): other sessions use the source (`busy`), the role may not
 * create databases (`permission`), or the server refused for another reason.
 */
export class ScrubCopyFailed extends DumperError {
  override readonly name = 'ScrubCopyFailed'
  readonly problem: ScrubCopyProblem

  constructor(
    message: string,
    failure: ToolFailure,
    problem: ScrubCopyProblem
  ) {
    super(message, failure)
    this.problem = problem
  }
}

/**
 * A restore drill (verify: restore) failed: the dump did not restore into
 * the scratch database, or a table's rows there differ from those counted
 * in the dump's snapshot. Nothing took the target's name.
 */
export class VerificationFailed extends DumperError {
  override readonly name = 'VerificationFailed'
  /** the tables that differ, `schema.table` */
  readonly tables: readonly string[]

  constructor(
    message: string,
    tables: readonly string[],
    failure?: ToolFailure
  ) {
    super(message, failure)
    this.tables = tables
  }
}

/** The run was cancelled (SIGINT or SIGTERM to the action or CLI). */
export class OperationCancelled extends DumperError {
  override readonly name = 'OperationCancelled'
}

/**
 * Thrown inside the core by parts that serve both operations (the session,
 * option checks, the read-back): a tool ran and failed (`failed`), or could
 * not be run or refused its arguments (`command`). The operation turns it
 * into its public error once, in {@link operationError}.
 */
export class ToolError extends DumperError {
  readonly kind: 'failed' | 'command'

  constructor(
    kind: 'failed' | 'command',
    message: string,
    failure?: ToolFailure
  ) {
    super(message, failure)
    this.name = 'ToolError'
    this.kind = kind
  }
}

const PUBLIC = {
  dump: { failed: PgDumpFailed, command: PgDumpCommandError },
  restore: { failed: PgRestoreFailed, command: PgRestoreCommandError }
} as const

/** The public error of `operation` for a ToolError; anything else as it is. */
export function operationError(operation: Operation, error: unknown): unknown {
  if (!(error instanceof ToolError)) return error
  const failure =
    error.tool === undefined
      ? undefined
      : { tool: error.tool, exitCode: error.exitCode, stderr: error.stderr }
  return new PUBLIC[operation][error.kind](error.message, failure)
}

/**
 * An error of the operating system (a Node system error, with `code` and
 * `syscall`: a file that cannot be read, a folder that cannot be made) as a
 * `command` ToolError with the system's message, so no failure reaches a
 * front end untyped; anything else as it is.
 */
export function systemToolError(error: unknown): unknown {
  if (error instanceof DumperError || !(error instanceof Error)) return error
  const { code, syscall } = error as NodeJS.ErrnoException
  if (typeof code !== 'string' || typeof syscall !== 'string') return error
  return new ToolError('command', error.message)
}

/** Formats any thrown value as `<ErrorName>: <message>`, the form both front ends print. */
export function describeError(error: unknown): string {
  if (error instanceof Error) return `${error.name}: ${error.message}`
  return `Error: ${String(error)}`
}
