// Refuses dump and restore options the tools cannot honour, before anything
// runs, with a message that says what to do instead.
import type { DumpFormat } from '../args.ts'
import type { ArchiveFormat } from '../archive/format.ts'
import {
  compressArg,
  CompressionError,
  describeCompression,
  type Compression
} from '../dump/compression.ts'
import { PgDumpCommandError, PgRestoreCommandError } from '../errors.ts'

/** The restore options that can clash. */
export interface RestoreChoices {
  excludeSchemas?: readonly string[]
  ignoreErrors?: boolean
  jobs?: number
  singleTransaction?: boolean
  clean?: boolean
  createDatabase?: boolean
  databases?: readonly string[]
}

/** Throws PgRestoreCommandError for a combination that cannot be done. */
export function checkRestoreOptions(
  o: RestoreChoices,
  format: ArchiveFormat,
  hasDbname: boolean
): void {
  const refuse = (message: string): never => {
    throw new PgRestoreCommandError(message, {
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
      'single-transaction makes the restore all or nothing: it cannot also ignore errors.'
    )
  }
  if (o.singleTransaction && (o.jobs ?? 1) > 1 && format !== 'plain') {
    refuse(
      'pg_restore cannot restore in a single transaction with several jobs: choose one.'
    )
  }
  if (o.clean && format === 'plain') {
    refuse(
      'clean needs an archive (custom, directory or tar): a plain SQL dump runs as written. Dump in custom format, or restore into an empty database.'
    )
  }
  if (o.createDatabase && !o.databases?.length && !hasDbname) {
    refuse(
      'create-database needs the database name: name it in the connection string or in dbname.'
    )
  }
}

/** The --compress argument for the client that runs, or none; throws PgDumpCommandError. */
export function dumpCompressArg(
  format: DumpFormat,
  compression: Compression | undefined,
  clientMajor: number
): string | undefined {
  if (compression === undefined) return undefined
  if (format === 'tar' || format === 'plain') {
    throw new PgDumpCommandError(
      `compress '${describeCompression(compression)}' applies to the custom and directory formats, not ${format}.`,
      { tool: 'pg_dump' }
    )
  }
  try {
    return compressArg(compression, clientMajor)
  } catch (error) {
    if (error instanceof CompressionError) {
      throw new PgDumpCommandError(error.message, { tool: 'pg_dump' })
    }
    throw error
  }
}
