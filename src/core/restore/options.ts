// Refuses restore options the tools cannot honour, before anything runs,
// with a message that says what to do instead.
import type { ArchiveFormat } from '../archive/format.ts'
import { ToolError } from '../errors.ts'
import type { Wording } from '../wording.ts'

/** The restore options that can clash. */
interface RestoreChoices {
  excludeSchemas?: readonly string[]
  ignoreErrors?: boolean
  jobs?: number
  singleTransaction?: boolean
  clean?: boolean
  createDatabase?: boolean
  databases?: readonly string[]
}

/** Throws a command ToolError for a combination that cannot be done. */
export function checkRestoreOptions(
  o: RestoreChoices,
  format: ArchiveFormat,
  hasDbname: boolean,
  w: Wording
): void {
  const refuse = (message: string): never => {
    throw new ToolError('command', message, {
      tool: format === 'plain' ? 'psql' : 'pg_restore'
    })
  }
  const excluded = o.excludeSchemas ?? []
  if (format === 'plain' && excluded.length > 0) {
    refuse(
      `Cannot exclude schemas (${excluded.join(', ')}) from a plain SQL dump: ` +
        'psql runs the whole script. Exclude them when dumping, or dump in custom format.'
    )
  }
  if (o.singleTransaction && o.ignoreErrors) {
    refuse(
      `${w.name('singleTransaction')} makes the restore all or nothing: it cannot also ignore errors.`
    )
  }
  if (o.singleTransaction && (o.jobs ?? 1) > 1 && format !== 'plain') {
    refuse(
      'pg_restore cannot restore in a single transaction with several jobs: choose one.'
    )
  }
  if (o.clean && format === 'plain') {
    refuse(
      `${w.name('clean')} needs an archive (custom, directory or tar): a plain SQL dump runs as written. Dump in custom format, or restore into an empty database.`
    )
  }
  const databases = o.databases ?? []
  const repeated = databases.find((name, i) => databases.indexOf(name) !== i)
  if (repeated !== undefined) {
    refuse(
      `The database ${repeated} is named twice among the databases to restore into: name each once.`
    )
  }
  if (o.createDatabase && !o.databases?.length && !hasDbname) {
    refuse(
      `${w.name('createDatabase')} needs the database name: name it in the connection string or in ${w.name('dbname')}.`
    )
  }
}
