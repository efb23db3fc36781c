// The core's Logger on top of @actions/core: groups, warnings and debug lines
// in the workflow log.
import * as core from '@actions/core'
import type { Logger } from '../core/logger.ts'

/**
 * The runner reads any output line that starts with `::` as a workflow
 * command. core.warning/debug/group escape their text; info writes it raw,
 * so a line from a file, schema or database name must not start with `::`.
 */
export function inert(message: string): string {
  return message.replace(/^(\s*)::/gm, '$1:\u200b:')
}

/** Logs through the runner's workflow commands. */
export const actionLogger: Logger = {
  info: message => core.info(inert(message)),
  warning: message => core.warning(message),
  debug: message => core.debug(message),
  group: (name, fn) => core.group(name, fn)
}
