// The inputs of whole clusters: several databases in 'dbname', 'globals' and
// 'role-passwords', read into the core's cluster options.
import type { DumpOptions, RestoreOptions } from '../core/index.ts'
import { InputError } from './input-parsers.ts'
import { Inputs } from './input-names.ts'
import { input } from './read-input.ts'

/** Where several databases' dumps go when 'file' is empty: a folder. */
export const DEFAULT_FOLDER = 'backup'

/** What a dump reads: the names in 'dbname' and the core's options. */
interface ClusterDumpInputs {
  /** the names 'dbname' lists (one: the connection's database) */
  dbnames: string[]
  /** several databases: 'file' is a folder */
  several: boolean
  /** more than one file goes up (globals, or several databases) */
  severalFiles: boolean
  options: Pick<DumpOptions, 'databases' | 'globals' | 'rolePasswords'>
}

/** The dump's cluster inputs. */
export function readClusterDump(): ClusterDumpInputs {
  const dbnames = input(Inputs.Dbname)
  const several = dbnames.length > 1
  const globals = input(Inputs.Globals) ?? false
  const rolePasswords = input(Inputs.RolePasswords)
  return {
    dbnames,
    several,
    severalFiles: several || globals,
    options: {
      ...(several && { databases: dbnames }),
      ...(globals && { globals, rolePasswords })
    }
  }
}

/**
 * The restore's cluster inputs. 'databases' (one dump into several copies)
 * cannot take several databases, each of which goes into its namesake.
 */
export function readClusterRestore(databases: readonly string[]): {
  dbnames: string[]
  options: Pick<RestoreOptions, 'globals' | 'dbnames'>
} {
  const dbnames = input(Inputs.Dbname)
  if (dbnames.length > 1 && databases.length > 0) {
    throw new InputError(
      `The '${Inputs.Dbname}' input names several databases, each restored into its namesake, and '${Inputs.Databases}' ` +
        'restores one dump into several copies: give one or the other.'
    )
  }
  // empty: apply the globals the dump has beside it
  const globals = input(Inputs.Globals)
  return { dbnames, options: { globals, dbnames } }
}
