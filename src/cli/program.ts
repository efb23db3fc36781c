// The pg-dumper command line, mirroring PUM's:
//   pg-dumper -s SERVICE dump FILE [-f plain] [-N SCHEMA]…
//   pg-dumper -s SERVICE restore FILE [-x] [-N SCHEMA]…
import {
  Command,
  CommanderError,
  InvalidArgumentError,
  Option
} from 'commander'
import {
  Cancellation,
  describeError,
  DUMP_FORMATS,
  Dumper,
  parseCompression,
  wordingOf,
  type Compression,
  type ConnectionOptions,
  type DumpFormat,
  type DumpOptions,
  type RestoreOptions
} from '../core/index.ts'
import { printDump, printRestore } from './report.ts'
import { stderrLogger } from './stderr-logger.ts'

/** Exit codes: success, a failed dump or restore, bad usage. */
export const EXIT = { ok: 0, failed: 1, usage: 2 } as const

interface GlobalOptions {
  service: string
  serviceFile?: string
  dbname?: string
  pgBinDir?: string
  pgVersion?: number
  installClient: 'auto' | 'never'
  wait: number
  verbose?: boolean
}

const wholeNumber = (name: string) => (value: string) => {
  if (!/^\d+$/.test(value)) {
    throw new InvalidArgumentError(`${name} takes a whole number.`)
  }
  return Number(value)
}

const collect = (value: string, previous: string[]) => [...previous, value]

function excludeSchemaOption(): Option {
  return new Option(
    '-N, --exclude-schema <schema>',
    'leave this schema out (repeatable)'
  )
    .argParser(collect)
    .default([])
}

/** Options named as flags: `--pg-bin-dir`, `--install-client auto`. */
const cliWording = wordingOf(
  {
    clean: '--clean',
    compression: '--compress',
    createDatabase: '--create-database',
    dbname: '--dbname',
    ignoreErrors: '--ignore-errors',
    installClient: '--install-client',
    pgBinDir: '--pg-bin-dir',
    pgVersion: '--pg-version',
    singleTransaction: '--single-transaction'
  },
  (name, value) => `${name} ${value}`
)

/** The global flags as the Dumper's connection options. */
function connectionOptions(o: GlobalOptions): ConnectionOptions {
  return {
    connection: o.service,
    dbname: o.dbname,
    serviceFile: o.serviceFile,
    pgBinDir: o.pgBinDir,
    pgVersion: o.pgVersion,
    installClient: o.installClient,
    waitTimeoutMs: o.wait * 1000
  }
}

function dumperFor(command: Command): Dumper {
  const o = command.optsWithGlobals<GlobalOptions>()
  return new Dumper({
    ...connectionOptions(o),
    cancellation,
    logger: stderrLogger(o.verbose ?? false),
    wording: cliWording
  })
}

/** Builds the program; actions resolve once the dump or restore is done. */
export function buildProgram(): Command {
  const program = new Command('pg-dumper')
    .description(
      'Dump and restore PostgreSQL databases with pg_dump, pg_restore and psql.'
    )
    .requiredOption(
      '-s, --service <connection>',
      'a pg_service.conf service name, or a key=value / postgresql:// connection string'
    )
    .option('--service-file <path>', 'pg_service.conf to read services from')
    .option('-d, --dbname <name>', "database name overriding the connection's")
    .option('--pg-bin-dir <dir>', 'folder holding pg_dump, pg_restore and psql')
    .option(
      '--pg-version <major>',
      'use a client of this PostgreSQL major',
      wholeNumber('--pg-version')
    )
    .addOption(
      new Option(
        '--install-client <when>',
        'install a missing client with apt (Linux)'
      )
        .choices(['auto', 'never'])
        .default('never')
    )
    .option(
      '--wait <seconds>',
      'wait this long for the server to accept connections',
      wholeNumber('--wait'),
      0
    )
    .option('-v, --verbose', 'show the tools’ raw output')
    .showHelpAfterError()
    .exitOverride()

  program
    .command('dump')
    .description('dump the database to FILE')
    .argument('<file>', 'where to write the dump')
    .addOption(
      new Option(
        '-f, --format <format>',
        'custom (compressed archive) or plain (SQL)'
      )
        .choices(DUMP_FORMATS)
        .default('custom')
    )
    .addOption(excludeSchemaOption())
    .addOption(
      new Option('-n, --schema <pattern>', 'dump only this schema (repeatable)')
        .argParser(collect)
        .default([])
    )
    .addOption(
      new Option(
        '--exclude-table-data <pattern>',
        "leave this table's rows out (repeatable)"
      )
        .argParser(collect)
        .default([])
    )
    .option(
      '-j, --jobs <n>',
      'parallel pg_dump jobs (directory format)',
      wholeNumber('--jobs'),
      1
    )
    .option(
      '-Z, --compress <method>',
      'gzip[:level], lz4[:level], zstd[:level] or none',
      (v: string) => {
        try {
          return parseCompression(v)
        } catch (error) {
          throw new InvalidArgumentError((error as Error).message)
        }
      }
    )
    .action(
      async (
        file: string,
        o: {
          format: DumpFormat
          excludeSchema: string[]
          schema: string[]
          excludeTableData: string[]
          jobs: number
          compress?: Compression
        },
        command: Command
      ) => {
        const options: DumpOptions = {
          file,
          format: o.format,
          excludeSchemas: o.excludeSchema,
          schemas: o.schema,
          excludeTableData: o.excludeTableData,
          jobs: o.jobs,
          compression: o.compress
        }
        printDump(await dumperFor(command).dump(options))
      }
    )

  program
    .command('restore')
    .description(
      'restore FILE (custom archive or plain SQL, recognised) into the database'
    )
    .argument('<file>', 'the dump to restore')
    .option(
      '-x, --ignore-errors',
      'succeed even if the restore reports errors',
      false
    )
    .addOption(excludeSchemaOption())
    .option(
      '-j, --jobs <n>',
      'parallel pg_restore jobs (custom and directory archives)',
      wholeNumber('--jobs'),
      1
    )
    .option(
      '--single-transaction',
      'all or nothing: a failed restore leaves the target as it was',
      false
    )
    .option('--clean', 'drop the dumped objects first (archives only)', false)
    .option(
      '--create-database',
      'create the target database when missing',
      false
    )
    .option(
      '--databases <names>',
      'restore into each of these databases (comma-separated), (re)created: once, then copied',
      (v: string) =>
        v
          .split(',')
          .map(d => d.trim())
          .filter(Boolean)
    )
    .action(
      async (
        file: string,
        o: {
          ignoreErrors: boolean
          excludeSchema: string[]
          jobs: number
          databases?: string[]
          singleTransaction: boolean
          clean: boolean
          createDatabase: boolean
        },
        command: Command
      ) => {
        const options: RestoreOptions = {
          file,
          ignoreErrors: o.ignoreErrors,
          excludeSchemas: o.excludeSchema,
          jobs: o.jobs,
          databases: o.databases,
          singleTransaction: o.singleTransaction,
          clean: o.clean,
          createDatabase: o.createDatabase
        }
        printRestore(await dumperFor(command).restore(options))
      }
    )

  program.commands.forEach(c => c.showHelpAfterError().exitOverride())
  return program
}

const cancellation = new Cancellation()

/** Runs the CLI on argv (node, script, …args); resolves to the exit code. */
export async function main(argv: readonly string[]): Promise<number> {
  const stop = (signal: NodeJS.Signals) => {
    if (cancellation.cancel(signal) > 0) return
    cancellation.removeTemps()
    process.stderr.write(`OperationCancelled: Cancelled by ${signal}.\n`)
    process.exit(EXIT.failed)
  }
  process.once('SIGINT', stop)
  process.once('SIGTERM', stop)
  const program = buildProgram()
  try {
    await program.parseAsync([...argv])
    return EXIT.ok
  } catch (error) {
    if (error instanceof CommanderError) {
      // help and version end here too, with exit code 0
      return error.exitCode === 0 ? EXIT.ok : EXIT.usage
    }
    process.stderr.write(`${describeError(error)}\n`)
    return EXIT.failed
  }
}
