// The small logging surface the core writes to; the action maps it onto
// @actions/core, the CLI onto stderr.

/** Where the core reports progress. Every method must be safe to call often. */
export interface Logger {
  /** what a user needs to read: commands, sizes, durations */
  info(message: string): void
  /** something went wrong but the run goes on */
  warning(message: string): void
  /** details for debugging: argument lists, raw tool output */
  debug(message: string): void
  /** runs fn inside a named, collapsible section of the log */
  group<T>(name: string, fn: () => Promise<T>): Promise<T>
}

/** A logger that drops everything; the default for library use. */
export const silentLogger: Logger = {
  info: () => undefined,
  warning: () => undefined,
  debug: () => undefined,
  group: (_name, fn) => fn()
}
