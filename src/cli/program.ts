// The pg-dumper command line, mirroring PUM's:
//   pg-dumper -p SERVICE dump FILE [-f plain] [-N SCHEMA]…
//   pg-dumper -p SERVICE restore FILE [-x] [-N SCHEMA]…
// (-s/--service is PUM's older spelling of -p/--pg-connection; both work.)
import { Command, CommanderError, Option } from 'commander'
import {
  Cancellation,
  cancelOnSignals,
  describeError,
  Dumper,
  type DumpOptions,
  type Logger,
  type RestoreOptions
} from '../core/index.ts'
import {
  BOUNDS,
  collect,
  connectionOptions,
  UsageError,
  type DumpFlags,
  type GlobalOptions,
  commaList,
  compressionValue,
  formatOfName,
  formatValue,
  wholeNumber
} from './options.ts'
import { printDump, printRestore } from './report.ts'
import { stderrLogger } from './stderr-logger.ts'
import { VERSION } from './version.ts'
import { cliWording } from './wording.ts'

/** Exit codes: success, a failed dump or restore, bad usage. */
export const EXIT = { ok: 0, failed: 1, usage: 2 } as const

const PROGRAM = 'pg-dumper'

function dumperFor(command: Command): { dumper: Dumper; logger: Logger } {
  const o = command.optsWithGlobals<GlobalOptions>()
  const logger = stderrLogger(o.verbose ?? false)
  const dumper = new Dumper({
    ...connectionOptions(o),
    cancellation,
    logger,
    wording: cliWording
  })
  return { dumper, logger }
}

function excludeSchemaOption(): Option {
  return new Option(
    '-N, --exclude-schema <schema>',
    'leave this schema out (repeatable)'
  )
    .argParser(collect)
    .default([])
}

function jobsOption(what: string): Option {
  return new Option('-j, --jobs <n>', `parallel ${what} jobs (1–64)`)
    .argParser(wholeNumber('-j/--jobs', BOUNDS.jobs))
    .default(1)
}

/** Builds the program; actions resolve once the dump or restore is done. */
export function buildProgram(): Command {
  const program = new Command(PROGRAM)
    .description(
      'Dump and restore PostgreSQL databases with pg_dump, pg_restore and psql.'
    )
    .version(VERSION, '-V, --version', 'print the version and exit')
    .option(
      '-p, --pg-connection <connection>',
      'a pg_service.conf service name, or a key=value / postgresql:// connection string'
    )
    .option('-s, --service <connection>', 'the same as -p (PUM’s older name)')
    .option('--service-file <path>', 'pg_service.conf to read services from')
    .option('-d, --dbname <name>', "database name overriding the connection's")
    .option('--pg-bin-dir <dir>', 'folder holding pg_dump, pg_restore and psql')
    .option(
      '--pg-version <major>',
      'use a client of this PostgreSQL major',
      wholeNumber('--pg-version', BOUNDS.pgVersion)
    )
    .addOption(
      new Option(
        '--install-client <when>',
        'install a missing client with apt (Linux): auto or never'
      )
        .choices(['auto', 'never'])
        .default('never')
    )
    .option(
      '--wait <seconds>',
      'wait this long for the server to accept connections (0–3600)',
      wholeNumber('--wait', BOUNDS.wait),
      0
    )
    .option('-v, --verbose', 'show the tools’ raw output')
    .allowExcessArguments()
    .action((_options: unknown, self: Command) => {
      const [command] = self.args
      throw new UsageError(
        command === undefined
          ? 'a command is needed: dump FILE or restore FILE.'
          : `unknown command '${command}': the commands are dump and restore.`
      )
    })

  program
    .command('dump')
    .description('dump the database to FILE')
    .argument('<file>', 'where to write the dump')
    .addOption(
      new Option(
        '-f, --format <format>',
        'custom (compressed archive), plain (SQL), directory or tar, in any case; default: from the file name (.sql plain, .tar tar, a folder directory, else custom)'
      ).argParser(formatValue)
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
    .addOption(jobsOption('pg_dump (directory format)'))
    .option(
      '-Z, --compress <method>',
      'gzip[:1-9], lz4[:1-12], zstd[:1-22], none, or a gzip level 0-9',
      compressionValue
    )
    .option(
      '--scrub <sql-file>',
      'run this SQL in a throwaway copy of the database and dump the copy (dropped afterwards)'
    )
    .option(
      '--allow-meta-commands',
      'let the scrub script run psql meta-commands (not \\connect): only for a script you trust',
      false
    )
    .option('--globals', 'also dump roles and tablespaces (globals.sql)', false)
    .option('--role-passwords', 'with --globals: password hashes too', false)
    .action(async (file: string, o: DumpFlags, command: Command) => {
      const { dumper, logger } = dumperFor(command)
      const format = o.format ?? formatOfName(file)
      if (o.format === undefined) {
        logger.info(
          `Format ${format}, from the file name ${file} (-f chooses another)`
        )
      }
      const options: DumpOptions = {
        file,
        format,
        excludeSchemas: o.excludeSchema,
        schemas: o.schema,
        excludeTableData: o.excludeTableData,
        jobs: o.jobs,
        compression: o.compress,
        scrub: o.scrub === undefined ? undefined : { file: o.scrub },
        allowMetaCommands: o.allowMetaCommands,
        globals: o.globals,
        rolePasswords: o.rolePasswords
      }
      printDump(await dumper.dump(options))
    })

  program
    .command('restore')
    .description(
      'restore FILE (custom, directory or tar archive, or plain SQL: recognised) into the database'
    )
    .argument('<file>', 'the dump to restore')
    .option(
      '-x, --ignore-errors',
      'succeed even if the restore reports errors',
      false
    )
    .addOption(excludeSchemaOption())
    .addOption(jobsOption('pg_restore (custom and directory archives)'))
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
      '--allow-meta-commands',
      'let a plain script run psql meta-commands beyond pg_dump’s own (they act on this machine: only for a script you trust)',
      false
    )
    .option('--globals', 'require globals.sql beside FILE, applied first')
    .option('--no-globals', 'leave a globals.sql beside FILE alone')
    .option(
      '--databases <names>',
      'restore into each of these databases (comma-separated), (re)created: once, then copied',
      commaList
    )
    .action(
      async (
        file: string,
        o: {
          ignoreErrors: boolean
          excludeSchema: string[]
          jobs: number
          databases?: string[]
          globals?: boolean
          singleTransaction: boolean
          clean: boolean
          createDatabase: boolean
          allowMetaCommands: boolean
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
          createDatabase: o.createDatabase,
          allowMetaCommands: o.allowMetaCommands,
          globals: o.globals
        }
        printRestore(await dumperFor(command).dumper.restore(options))
      }
    )

  for (const command of [program, ...program.commands]) {
    const name = command === program ? PROGRAM : `${PROGRAM} ${command.name()}`
    command
      .exitOverride()
      .configureOutput({
        outputError: (text, write) => write(`${PROGRAM}: ${text}`)
      })
      .showHelpAfterError(`Try "${name} --help" for more information.`)
  }
  return program
}

const cancellation = new Cancellation()

/** Runs the CLI on argv (node, script, …args); resolves to the exit code. */
export async function main(argv: readonly string[]): Promise<number> {
  cancelOnSignals(cancellation, {
    stopped: signal => {
      process.stderr.write(
        `${PROGRAM}: OperationCancelled: Cancelled by ${signal}.\n`
      )
      process.exit(EXIT.failed)
    },
    repeated: (signal, first) =>
      process.stderr.write(
        `${PROGRAM}: ${signal} while cleaning up after ${first}: the clean-up finishes first\n`
      )
  })
  const program = buildProgram()
  try {
    await program.parseAsync([...argv])
    return EXIT.ok
  } catch (error) {
    if (error instanceof CommanderError) {
      // help and version end here too, with exit code 0
      return error.exitCode === 0 ? EXIT.ok : EXIT.usage
    }
    if (error instanceof UsageError) {
      process.stderr.write(
        `${PROGRAM}: error: ${error.message}\nTry "${PROGRAM} --help" for more information.\n`
      )
      return EXIT.usage
    }
    process.stderr.write(`${PROGRAM}: ${describeError(error)}\n`)
    return EXIT.failed
  }
}
