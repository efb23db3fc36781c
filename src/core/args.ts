// Argument lists of every command the core runs, as pure functions of typed
// options: no I/O here, so each list can be checked as a table in tests.
import { devNull } from 'node:os'
import type { ArchiveFormat } from './archive/format.ts'

/** Output formats of pg_dump the core supports. */
export const DUMP_FORMATS = ['custom', 'plain', 'directory', 'tar'] as const
export type DumpFormat = (typeof DUMP_FORMATS)[number]

/** Formats pg_dump can write with several jobs. */
export const PARALLEL_DUMP_FORMATS: readonly DumpFormat[] = ['directory']
/** Archive formats pg_restore can read with several jobs. */
export const PARALLEL_RESTORE_FORMATS: readonly string[] = [
  'custom',
  'directory'
]

/** Options that shape a pg_dump run. */
interface DumpArgsOptions {
  /** conninfo without password (see connection.ts) */
  conninfo: string
  /** absolute path pg_dump writes to */
  file: string
  format: DumpFormat
  /** schema patterns to leave out, each passed as its own argument */
  excludeSchemas: readonly string[]
  /** schema patterns to dump, leaving out all others */
  schemas?: readonly string[]
  /** table patterns whose rows are left out (the tables stay) */
  excludeTableData?: readonly string[]
  /** parallel jobs (directory format only) */
  jobs?: number
  /** a ready `--compress=…` argument for the client that runs */
  compress?: string
  /** --verbose: pg_dump reports each item its parallel workers finish */
  verbose?: boolean
  /** --no-sync: `file` is a FIFO, which cannot be fsynced (the action syncs what it writes) */
  noSync?: boolean
  /** --snapshot: dump in a snapshot another session exported (a restore drill's counts) */
  snapshot?: string
  /** keep who owns each object (no --no-owner) and the GRANTs (no --no-privileges) */
  owner?: boolean
  privileges?: boolean
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
  /** parallel jobs (custom and directory archives) */
  jobs?: number
  /** all or nothing: one transaction, stopping at the first error */
  singleTransaction?: boolean
  /** drop the dumped objects before creating them (archives only) */
  clean?: boolean
  /** tell pg_restore the archive's format: a FIFO cannot be probed and reopened */
  format?: ArchiveFormat
  /** set the owners the archive records (no --no-owner) */
  owner?: boolean
}

const FORMAT_FLAG: Record<DumpFormat, string> = {
  custom: '--format=custom',
  plain: '--format=plain',
  directory: '--format=directory',
  tar: '--format=tar'
}

const jobsArg = (jobs: number | undefined) =>
  jobs !== undefined && jobs > 1 ? [`--jobs=${jobs}`] : []

/** The connection argument; none when libpq's defaults and environment decide. */
function dbnameArg(conninfo: string): string[] {
  return conninfo === '' ? [] : [`--dbname=${conninfo}`]
}

/** A file operand for a tool that takes it positionally: never read as an option. */
function fileOperand(file: string): string {
  return file.startsWith('-') ? `./${file}` : file
}

/** pg_dump arguments: --no-owner --no-privileges unless asked, written with --file. */
export function dumpArgs(o: DumpArgsOptions): string[] {
  return [
    ...(o.owner ? [] : ['--no-owner']),
    ...(o.privileges ? [] : ['--no-privileges']),
    FORMAT_FLAG[o.format],
    `--file=${o.file}`,
    ...(PARALLEL_DUMP_FORMATS.includes(o.format) ? jobsArg(o.jobs) : []),
    ...(o.compress ? [o.compress] : []),
    ...(o.schemas ?? []).map(s => `--schema=${s}`),
    ...o.excludeSchemas.map(s => `--exclude-schema=${s}`),
    ...(o.excludeTableData ?? []).map(t => `--exclude-table-data=${t}`),
    ...(o.verbose ? ['--verbose'] : []),
    ...(o.noSync ? ['--no-sync'] : []),
    ...(o.snapshot ? [`--snapshot=${o.snapshot}`] : []),
    ...dbnameArg(o.conninfo)
  ]
}

/**
 * A database name as a one-keyword conninfo, `dbname='…'` (backslash and
 * quote escaped), for an option libpq expands as a connection string when
 * its value holds `=` or starts `postgresql://`: a database named
 * `host=elsewhere port=…` would connect (and send the password) to
 * another server. Inside the quotes the name is only a name.
 */
export function dbnameConninfo(name: string): string {
  return `dbname='${name.replace(/['\\]/g, '\\$&')}'`
}

/**
 * pg_dumpall arguments that write the cluster's roles and tablespaces
 * (--globals-only) to a file. pg_dumpall ignores the database a connection
 * string names, so the database it first connects to (the one being dumped,
 * known to let this user in) is given apart with --database, as a conninfo
 * (libpq expands the option; see dbnameConninfo). Without role passwords it
 * reads pg_roles, which any user may, instead of pg_authid.
 */
export function dumpallGlobalsArgs(o: {
  conninfo: string
  file: string
  database?: string
  rolePasswords: boolean
  /** writing into a FIFO, which cannot be fsynced (the age file is synced instead) */
  noSync?: boolean
}): string[] {
  return [
    '--globals-only',
    ...(o.rolePasswords ? [] : ['--no-role-passwords']),
    ...(o.noSync ? ['--no-sync'] : []),
    `--file=${o.file}`,
    ...(o.database !== undefined
      ? [`--database=${dbnameConninfo(o.database)}`]
      : []),
    ...dbnameArg(o.conninfo)
  ]
}

/** pg_restore arguments for an archive: it keeps going after an error and reports the count at the end. */
export function pgRestoreArgs(o: RestoreArgsOptions): string[] {
  return [
    ...(o.owner ? [] : ['--no-owner']),
    ...(o.clean ? ['--clean', '--if-exists'] : []),
    ...(o.singleTransaction ? ['--single-transaction', '--exit-on-error'] : []),
    ...jobsArg(o.jobs),
    ...o.excludeSchemas.map(s => `--exclude-schema=${s}`),
    ...(o.useList ? [`--use-list=${o.useList}`] : []),
    ...formatArg(o.format),
    ...dbnameArg(o.conninfo),
    fileOperand(o.file)
  ]
}

/** pg_restore's `--format` for an archive read from a FIFO; nothing when it may probe. */
export function formatArg(format: ArchiveFormat | undefined): string[] {
  return format === undefined || format === 'plain' ? [] : [FORMAT_FLAG[format]]
}

/** pg_restore arguments that read a whole archive, every block decompressed, SQL thrown away. */
export function readBackArgs(file: string, useList?: string): string[] {
  return [
    `--file=${devNull}`,
    ...(useList ? [`--use-list=${useList}`] : []),
    fileOperand(file)
  ]
}

/**
 * pg_restore arguments that read a custom archive from a FIFO, its output
 * thrown away. The format is given: detecting it would read the first bytes
 * and reopen the file, and a FIFO's bytes can be read only once.
 */
export function streamReadBackArgs(fifo: string): string[] {
  return ['--format=custom', `--file=${devNull}`, fileOperand(fifo)]
}

/** pg_restore arguments that print an archive's table of contents. */
export function tocListArgs(file: string, format?: ArchiveFormat): string[] {
  return ['--list', ...formatArg(format), fileOperand(file)]
}

/**
 * Where psql reads a script: with `restricted`, first its standard input
 * (which carries `\restrict <key>`, so that psql itself refuses every
 * meta-command of the script), then the script in the same session.
 */
function scriptFiles(file: string, restricted: boolean): string[] {
  return [
    // -w: never a password prompt, which would read stdin (the key) as one
    ...(restricted ? ['-w', '--file=-'] : []),
    // the meta-command scan of a script lexes quotes as psql does with this
    // on, whatever the server's default; runs first, in the same session
    `--command=${STANDARD_STRINGS}`,
    `--file=${file}`
  ]
}

/**
 * psql arguments to run a plain SQL dump. Without ON_ERROR_STOP psql carries
 * on after a failed statement and still exits 0, so it is set unless errors
 * are to be ignored. Query results (set_config, setval) go to the null device.
 */
export function psqlRestoreArgs(
  o: RestoreArgsOptions & { restricted: boolean }
): string[] {
  return [
    '--no-psqlrc',
    '--quiet',
    ...(o.ignoreErrors ? [] : ['--set=ON_ERROR_STOP=1']),
    ...(o.singleTransaction ? ['--single-transaction'] : []),
    `--output=${devNull}`,
    ...scriptFiles(o.file, o.restricted),
    ...dbnameArg(o.conninfo)
  ]
}

/**
 * psql arguments to run a scrub script in a throwaway copy: stop at the
 * first error (exit 3), all of it in one transaction, results to the null
 * device, quotes lexed as the meta-command scan lexed them. `around` are
 * the SQL statements that prove the transaction committed (scrub-commit.ts),
 * run right before and right after the script, in its transaction.
 */
export function psqlScrubArgs(
  conninfo: string,
  file: string,
  around: { before: string; after: string },
  /** psql reads `\restrict <key>` from stdin first (see scriptFiles) */
  restricted: boolean
): string[] {
  return [
    '--no-psqlrc',
    '--quiet',
    '--set=ON_ERROR_STOP=1',
    // messages without the failing statement's text (LINE 3: …, CONTEXT)
    '--set=VERBOSITY=terse',
    '--single-transaction',
    `--output=${devNull}`,
    ...(restricted ? ['-w', '--file=-'] : []),
    `--command=${STANDARD_STRINGS}`,
    `--command=${around.before}`,
    `--file=${file}`,
    `--command=${around.after}`,
    ...dbnameArg(conninfo)
  ]
}

/** Set before a plain script runs (pg_dump's scripts set it too). */
const STANDARD_STRINGS = 'SET standard_conforming_strings = on'

/**
 * psql arguments that (re)create databases: each `--command` runs on its
 * own, outside a transaction, as DROP/CREATE DATABASE require.
 */
export function psqlCommandArgs(
  conninfo: string,
  commands: readonly string[]
): string[] {
  return [
    '--no-psqlrc',
    '--quiet',
    '--set=ON_ERROR_STOP=1',
    ...commands.map(c => `--command=${c}`),
    ...dbnameArg(conninfo)
  ]
}

/** psql arguments that print each query's result in turn, unaligned. */
export function psqlQueryArgs(conninfo: string, ...sql: string[]): string[] {
  return [
    '--no-psqlrc',
    '--tuples-only',
    '--no-align',
    '--set=ON_ERROR_STOP=1',
    ...sql.map(q => `--command=${q}`),
    ...dbnameArg(conninfo)
  ]
}

/** psql arguments that print the server's version, e.g. `15.18 (Debian …)`, then `question`'s answer if any. */
export function serverVersionArgs(
  conninfo: string,
  question?: string
): string[] {
  const more = question === undefined ? [] : [question]
  return psqlQueryArgs(conninfo, 'SHOW server_version', ...more)
}
