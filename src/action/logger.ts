// The core's Logger and Wording for the action: groups, warnings and debug
// lines in the workflow log, and options named as action.yml names them.
import * as core from '@actions/core'
import { wordingOf, type Logger, type Wording } from '../core/index.ts'
import { Inputs } from './input-names.ts'

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

/** Options named as inputs: `pg-bin-dir`, `install-client: auto`. */
export const actionWording: Wording = wordingOf(
  {
    clean: Inputs.Clean,
    compression: Inputs.Compress,
    createDatabase: Inputs.CreateDatabase,
    dbname: Inputs.Dbname,
    excludeSchemas: Inputs.ExcludeSchemas,
    ignoreErrors: Inputs.IgnoreErrors,
    installClient: Inputs.InstallClient,
    pgBinDir: Inputs.PgBinDir,
    pgVersion: Inputs.PgVersion,
    schemas: Inputs.Schemas,
    singleTransaction: Inputs.SingleTransaction
  },
  (name, value) => `${name}: ${value}`
)
