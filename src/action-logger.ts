// The core's Logger on top of @actions/core: groups, warnings and debug lines
// in the workflow log.
import * as core from '@actions/core'
import type { Logger } from './core/logger.ts'

/** Logs through the runner's workflow commands. */
export const actionLogger: Logger = {
  info: message => core.info(message),
  warning: message => core.warning(message),
  debug: message => core.debug(message),
  group: (name, fn) => core.group(name, fn)
}
