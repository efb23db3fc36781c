// Parsing of the CLI's flag values, each failing with a message that names
// the flag and what it accepts; the dump format a file name implies; and the
// global flags as the core's connection options.
import { statSync } from 'node:fs'
import { InvalidArgumentError } from 'commander'
import {
  COMPRESSION_FORMS,
  DUMP_FORMATS,
  parseCompression,
  type Compression,
  type ConnectionOptions,
  type DumpFormat
} from '../core/index.ts'

/** A parser for a whole number within [min, max]. */
export function wholeNumber(
  flag: string,
  [min, max]: readonly [number, number]
): (value: string) => number {
  return value => {
    if (!/^\d+$/.test(value) || Number(value) < min || Number(value) > max) {
      throw new InvalidArgumentError(
        `${flag} takes a whole number from ${min} to ${max}.`
      )
    }
    return Number(value)
  }
}

/** A dump format, in any case: `custom`, `Plain`, `TAR`. */
export function formatValue(value: string): DumpFormat {
  const format = value.trim().toLowerCase()
  if ((DUMP_FORMATS as readonly string[]).includes(format))
    return format as DumpFormat
  throw new InvalidArgumentError(`Expected one of: ${DUMP_FORMATS.join(', ')}.`)
}

/** pg_dump's compression, as `-Z` takes it. */
export function compressionValue(value: string): Compression {
  try {
    return parseCompression(value)
  } catch {
    throw new InvalidArgumentError(`Expected ${COMPRESSION_FORMS}.`)
  }
}

/** Appends a repeated flag's value. */
export const collect = (value: string, previous: string[]): string[] => [
  ...previous,
  value
]

/** Splits a comma-separated list, dropping blanks. */
export const commaList = (value: string): string[] =>
  value
    .split(',')
    .map(item => item.trim())
    .filter(Boolean)

/**
 * The format a dump file's name implies, as pg_dump users name them:
 * `.sql` plain, `.tar` tar, a name ending in `/` or an existing folder
 * directory, anything else custom.
 */
export function formatOfName(file: string): DumpFormat {
  if (/[\\/]$/.test(file)) return 'directory'
  if (statSync(file, { throwIfNoEntry: false })?.isDirectory())
    return 'directory'
  const lower = file.toLowerCase()
  if (lower.endsWith('.sql')) return 'plain'
  if (lower.endsWith('.tar')) return 'tar'
  return 'custom'
}

/** The flags every command shares. */
export interface GlobalOptions {
  pgConnection?: string
  service?: string
  serviceFile?: string
  dbname?: string
  pgBinDir?: string
  pgVersion?: number
  installClient: 'auto' | 'never'
  wait: number
  verbose?: boolean
}

/** A usage error: one line, then where to read more. */
export class UsageError extends Error {}

/** The global flags as the Dumper's connection options. */
export function connectionOptions(o: GlobalOptions): ConnectionOptions {
  if (o.pgConnection !== undefined && o.service !== undefined) {
    throw new UsageError(
      '-p/--pg-connection and -s/--service name the same thing: give one.'
    )
  }
  const connection = o.pgConnection ?? o.service
  if (connection === undefined) {
    throw new UsageError(
      'the connection is missing: give -p/--pg-connection (or -s/--service) with a service name or a connection string.'
    )
  }
  return {
    connection,
    dbname: o.dbname,
    serviceFile: o.serviceFile,
    pgBinDir: o.pgBinDir,
    pgVersion: o.pgVersion,
    installClient: o.installClient,
    waitTimeoutMs: o.wait * 1000
  }
}

/** The dump command's flags, as commander parses them. */
export interface DumpFlags {
  scrub?: string
  verify: 'archive' | 'restore'
  verifyConnection?: string
  allowMetaCommands: boolean
  globals: boolean
  rolePasswords: boolean
  format?: DumpFormat
  excludeSchema: string[]
  schema: string[]
  excludeTableData: string[]
  jobs: number
  compress?: Compression
  owner: boolean
  privileges: boolean
}
