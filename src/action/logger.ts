// The core's Logger and Wording for the action: groups, warnings and debug
// lines in the workflow log, and options named as action.yml names them.
import * as core from './runner.ts'
import { wordingOf, type Logger, type Wording } from '../core/index.ts'
import { Inputs } from './input-names.ts'

// The runner (.NET) trims what char.IsWhiteSpace calls white space before it
// looks for `::` at the start of a line: JavaScript's \s lacks U+0085 (NEL),
// so spaces, controls and format characters all count here. Line breaks do
// not: `^` finds each line's start itself (and the class stays linear).
// eslint-disable-next-line no-control-regex
const LEADING = /^([\p{Zs}\p{Cf}\0-\t\v\f\x0e-\x1f\x7f-\x9f]*)::/gmu

/**
 * Text made safe to write to the workflow log. The runner obeys a line
 * whose text, once trimmed, starts with `::`, and `##[name]` anywhere in a
 * line (actions/runner ActionCommand.TryParseV2, then TryParse); core.info
 * writes text raw, and core.warning/error/debug/group escape only % and line
 * breaks. A zero-width space after the first character breaks both: even
 * where the runner's culture-aware search skips it, the command name it
 * reads then starts with `:` or `[`, never a command's.
 */
export function inert(text: string): string {
  return text.replace(LEADING, '$1:\u200b:').replaceAll('##[', '#\u200b#[')
}

/** Logs through the runner's workflow commands, every text made inert. */
export const actionLogger: Logger = {
  info: message => core.info(inert(message)),
  warning: message => core.warning(inert(message)),
  debug: message => core.debug(inert(message)),
  group: (name, fn) => core.group(inert(name), fn)
}

/** Options named as inputs: `pg-bin-dir`, `install-client: auto`. */
export const actionWording: Wording = wordingOf(
  {
    allowMetaCommands: Inputs.AllowMetaCommands,
    clean: Inputs.Clean,
    compression: Inputs.Compress,
    createDatabase: Inputs.CreateDatabase,
    databases: Inputs.Databases,
    dbname: Inputs.Dbname,
    decryptKey: Inputs.DecryptKey,
    excludeSchemas: Inputs.ExcludeSchemas,
    globals: Inputs.Globals,
    ignoreErrors: Inputs.IgnoreErrors,
    installClient: Inputs.InstallClient,
    pgBinDir: Inputs.PgBinDir,
    pgVersion: Inputs.PgVersion,
    rolePasswords: Inputs.RolePasswords,
    schemas: Inputs.Schemas,
    scrub: Inputs.Scrub,
    singleTransaction: Inputs.SingleTransaction,
    verify: Inputs.Verify,
    verifyConnection: Inputs.VerifyConnection
  },
  (name, value) => `${name}: ${value}`
)
