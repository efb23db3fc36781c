// The pg-dumper command line, mirroring PUM's:
//   pg-dumper -p SERVICE dump FILE [-f plain] [-N SCHEMA]…
//   pg-dumper -p SERVICE restore FILE [-x] [-N SCHEMA]…
// (-s/--service is PUM's older spelling of -p/--pg-connection; both work.)
import { Command, CommanderError, Option } from 'commander'
import {
  Cancellation,
  cancelOnSignals,
  describeError,
  LIMITS
} from '../core/index.ts'
import { addDumpCommand, addRestoreCommand } from './commands.ts'
import { UsageError, wholeNumber } from './options.ts'
import { VERSION } from './version.ts'

/** Exit codes: success, a failed dump or restore, bad usage. */
const EXIT = { ok: 0, failed: 1, usage: 2 } as const

const PROGRAM = 'pg-dumper'

/** The program with its global flags; alone, it names the commands. */
function rootCommand(): Command {
  return new Command(PROGRAM)
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
      wholeNumber('--pg-version', LIMITS.pgVersion)
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
      `wait this long for the server to accept connections (${LIMITS.waitSeconds.join('–')})`,
      wholeNumber('--wait', LIMITS.waitSeconds),
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
}

const cancellation = new Cancellation()

/** Builds the program; actions resolve once the dump or restore is done. */
function buildProgram(): Command {
  const program = rootCommand()
  addDumpCommand(program, cancellation)
  addRestoreCommand(program, cancellation)
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

/** True once a signal cancelled the run. */
export function cancelled(): boolean {
  return cancellation.reason !== undefined
}

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
