// The core's Logger for a terminal: progress on stderr, so stdout carries
// only the result.
import type { Logger } from '../core/index.ts'

/** Writes progress lines to stderr; debug lines only when verbose. */
export function stderrLogger(verbose: boolean): Logger {
  const write = (line: string) => process.stderr.write(`${line}\n`)
  return {
    info: write,
    warning: message => write(`warning: ${message}`),
    debug: message => {
      if (verbose) write(message)
    },
    group: async (name, fn) => {
      write(`== ${name}`)
      return fn()
    }
  }
}
