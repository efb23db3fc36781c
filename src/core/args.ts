// Argument lists of every command the core runs, as pure functions of typed
// options: no I/O here, so each list can be checked as a table in tests.
import { devNull } from 'node:os'

/** Output formats of pg_dump the core supports. */
export const DUMP_FORMATS = ['custom', 'plain'] as const
export type DumpFormat = (typeof DUMP_FORMATS)[number]

/** Options that shape a pg_dump run. */
export interface DumpArgsOptions {
  /** conninfo without password (see connection.ts) */
  conninfo: string
  /** absolute path pg_dump writes to */
  file: string
  format: DumpFormat
  /** schema patterns to leave out, each passed as its own argument */
  excludeSchemas: readonly string[]
}

/** Options that shape a restore run. */
export interface RestoreArgsOptions {
  conninfo: string
  /** absolute path of the archive or SQL script */
  file: string
  /** exact schema names pg_restore leaves out */
  excludeSchemas: readonly string[]
  /** keep going after errors (psql only; pg_restore always keeps going) */
  ignoreErrors: boolean
  /** a table-of-contents file restricting what pg_restore restores */
  useList?: string
}

const FORMAT_FLAG: Record<DumpFormat, string> = {
  custom: '--format=custom',
  plain: '--format=plain'
}

/** The connection argument; none when libpq's defaults and environment decide. */
function dbnameArg(conninfo: string): string[] {
  return conninfo === '' ? [] : [`--dbname=${conninfo}`]
}

/** A file operand for a tool that takes it positionally: never read as an option. */
export function fileOperand(file: string): string {
  return file.startsWith('-') ? `./${file}` : file
}

/** pg_dump arguments: always --no-owner --no-privileges, written with --file. */
export function dumpArgs(o: DumpArgsOptions): string[] {
  return [
    '--no-owner',
    '--no-privileges',
    FORMAT_FLAG[o.format],
    `--file=${o.file}`,
    ...o.excludeSchemas.map(s => `--exclude-schema=${s}`),
    ...dbnameArg(o.conninfo)
  ]
}

/**
 * pg_restore arguments for a custom archive. pg_restore keeps going after an
 * error and reports the count at the end, which is what lets the caller
 * either list every error or ignore them.
 */
export function pgRestoreArgs(o: RestoreArgsOptions): string[] {
  return [
    '--no-owner',
    ...o.excludeSchemas.map(s => `--exclude-schema=${s}`),
    ...(o.useList ? [`--use-list=${o.useList}`] : []),
    ...dbnameArg(o.conninfo),
    fileOperand(o.file)
  ]
}

/** pg_restore arguments that print an archive's table of contents. */
export function tocListArgs(file: string): string[] {
  return ['--list', fileOperand(file)]
}

/**
 * psql arguments to run a plain SQL dump. Without ON_ERROR_STOP psql carries
 * on after a failed statement and still exits 0, so it is set unless errors
 * are to be ignored. Query results (set_config, setval) go to the null device.
 */
export function psqlRestoreArgs(o: RestoreArgsOptions): string[] {
  return [
    '--no-psqlrc',
    '--quiet',
    ...(o.ignoreErrors ? [] : ['--set=ON_ERROR_STOP=1']),
    `--output=${devNull}`,
    `--file=${o.file}`,
    ...dbnameArg(o.conninfo)
  ]
}

/** psql arguments that print the server's version, e.g. `15.18 (Debian …)`. */
export function serverVersionArgs(conninfo: string): string[] {
  return [
    '--no-psqlrc',
    '--tuples-only',
    '--no-align',
    '--set=ON_ERROR_STOP=1',
    '--command=SHOW server_version',
    ...dbnameArg(conninfo)
  ]
}
