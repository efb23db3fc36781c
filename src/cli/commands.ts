// The CLI's two commands, dump and restore: their flags, and the core
// options those flags make.
import { Command, Option } from 'commander'
import {
  Dumper,
  LIMITS,
  type Cancellation,
  type DumpOptions,
  type Logger,
  type RestoreOptions
} from '../core/index.ts'
import {
  collect,
  connectionOptions,
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
import { cliWording } from './wording.ts'

function dumperFor(
  command: Command,
  cancellation: Cancellation
): { dumper: Dumper; logger: Logger } {
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
  return new Option(
    '-j, --jobs <n>',
    `parallel ${what} jobs (${LIMITS.jobs.join('–')})`
  )
    .argParser(wholeNumber('-j/--jobs', LIMITS.jobs))
    .default(1)
}

/** `pg-dumper dump FILE`: its flags, and the dump they ask for. */
export function addDumpCommand(
  program: Command,
  cancellation: Cancellation
): void {
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
    .addOption(
      new Option(
        '--verify <how>',
        "archive: read the dump back; restore: also restore it into a scratch database and compare every table's rows"
      )
        .choices(['archive', 'restore'])
        .default('archive')
    )
    .option(
      '--verify-connection <connection>',
      'with --verify restore: the server the drill restores on (default: the dumped one)'
    )
    .option('--globals', 'also dump roles and tablespaces (globals.sql)', false)
    .option('--role-passwords', 'with --globals: password hashes too', false)
    .option(
      '--owner',
      'keep who owns each object (no --no-owner; a plain script sets them)',
      false
    )
    .option('--privileges', 'keep the GRANTs (no --no-privileges)', false)
    .action(async (file: string, o: DumpFlags, command: Command) => {
      const { dumper, logger } = dumperFor(command, cancellation)
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
        verify: o.verify,
        verifyConnection: o.verifyConnection,
        globals: o.globals,
        rolePasswords: o.rolePasswords,
        owner: o.owner,
        privileges: o.privileges
      }
      printDump(await dumper.dump(options))
    })
}

/** `pg-dumper restore FILE`: its flags, and the restore they ask for. */
export function addRestoreCommand(
  program: Command,
  cancellation: Cancellation
): void {
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
    .option(
      '--owner',
      'set the owners an archive records (no --no-owner); a plain script runs as written',
      false
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
          owner: boolean
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
          globals: o.globals,
          owner: o.owner
        }
        printRestore(
          await dumperFor(command, cancellation).dumper.restore(options)
        )
      }
    )
}
