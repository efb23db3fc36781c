// The restore operation: recognise the dump, check the options against it,
// pick a client that reads it, prepare the target databases, run pg_restore
// or psql, judge the outcome, and make the fan-out copies.
import { stat } from 'node:fs/promises'
import { availableParallelism } from 'node:os'
import { resolve } from 'node:path'
import { PARALLEL_RESTORE_FORMATS, type RestoreArgsOptions } from '../args.ts'
import { fileDigest } from '../archive/digest.ts'
import {
  DUMP_PATHS,
  specialFileKind,
  UnrecognizedDumpError,
  type ArchiveFormat
} from '../archive/format.ts'
import { readArchiveHeader, type ArchiveHeader } from '../archive/header.ts'
import type { Connection } from '../connection/connection.ts'
import { ToolError, type Tool } from '../errors.ts'
import type { ToolResult } from '../process/runner.ts'
import { fileResult, type FileResult } from '../results.ts'
import type { Session } from '../session.ts'
import { formatDuration } from '../units.ts'
import type { PgVersion } from '../versions.ts'
import { createDatabaseIfMissing, recreateDatabase } from './databases.ts'
import { checkRestoreOptions } from './options.ts'
import { judgeRestore } from './outcome.ts'
import { failedCopies } from './plain-script.ts'
import { runArchive } from './run-archive.ts'
import { runPlain } from './run-plain.ts'
import { parsePsqlOutput } from './tool-errors.ts'
import { olderTargetWarning, readerNeed } from './version-warnings.ts'
import { openDump, type Source } from './dump-input.ts'

/** What to restore of one dump (the Dumper's RestoreOptions add the cluster's). */
export interface OneRestoreOptions {
  /** the dump to restore; its format is recognised from its content */
  file: string
  /** schemas left out of the restore (archives only) */
  excludeSchemas?: readonly string[]
  /** succeed even when the tool reports errors, counting them */
  ignoreErrors?: boolean
  /** parallel pg_restore jobs (custom and directory archives) */
  jobs?: number
  /**
   * restore into each of these databases, (re)created: once into the first,
   * then the others as copies of it (CREATE DATABASE … TEMPLATE)
   */
  databases?: readonly string[]
  /** all or nothing: a failed restore leaves the target as it was */
  singleTransaction?: boolean
  /** drop the dumped objects first (--clean --if-exists; archives only) */
  clean?: boolean
  /** create the target database when it is missing */
  createDatabase?: boolean
  /**
   * let a plain script run psql meta-commands beyond pg_dump's own (`\!`,
   * `\o`, `\copy … program`…), which act on this machine: only for a
   * script you wrote and trust; default false
   */
  allowMetaCommands?: boolean
  /**
   * an age identity (`AGE-SECRET-KEY-1…`) for an age-encrypted dump, which
   * is then decrypted as it is read, never to disk; a secret
   */
  decryptKey?: string
  /** set the owners an archive records (no --no-owner); a plain script runs as written */
  owner?: boolean
}

/** What the restore of one dump did. */
export interface OneRestoreResult extends FileResult {
  format: ArchiveFormat
  /** errors the tool reported and the restore was told to let pass */
  ignoredErrors: number
  /** the databases restored into (the fan-out list, or the one target) */
  databases: string[]
  /** the dump was an age file, decrypted as it was read */
  encrypted?: boolean
}

/** Restores an archive with pg_restore or a plain script with psql. */
export async function restore(
  session: Session,
  options: OneRestoreOptions
): Promise<OneRestoreResult> {
  const started = performance.now()
  const file = resolve(options.file)
  const ignoreErrors = options.ignoreErrors ?? false
  const databases = [...(options.databases ?? [])]
  const [first] = databases
  const { logger, wording } = session

  const opened = openDump(session, file, options.decryptKey, recognise)
  const { input, header } = await opened
  const { format } = header
  const tool: Tool = format === 'plain' ? 'psql' : 'pg_restore'
  checkRestoreOptions(
    options,
    format,
    session.connection.dbname !== undefined,
    wording
  )
  logOrigin(session, header)
  // targets that may not exist yet: ask the maintenance database
  const server = await session.serverVersion(
    first === undefined && !options.createDatabase
      ? undefined
      : session.maintenance
  )
  const warning = olderTargetWarning(header, server, wording)
  if (warning) logger.warning(warning)
  const client = await session.client({
    ...readerNeed(header, tool),
    // psql itself refuses the script's meta-commands (restricted mode)
    restricted: tool === 'psql' && !options.allowMetaCommands
  })
  const jobs = options.jobs ?? 1
  const parallel = PARALLEL_RESTORE_FORMATS.includes(format) && !input.encrypted
  if (jobs > 1 && !parallel) {
    logger.warning(
      input.encrypted
        ? `jobs ${jobs}: an age-encrypted dump is decrypted as a stream, which pg_restore reads with one job only; restoring with one job.`
        : `jobs ${jobs}: pg_restore runs in parallel only for custom and directory archives; restoring ${format} with one job.`
    )
  }

  const target = await prepareTarget(session, options, first, server)
  const argOptions: RestoreArgsOptions = {
    conninfo: target.conninfo,
    file,
    excludeSchemas: options.excludeSchemas ?? [],
    ignoreErrors,
    jobs: parallel ? jobs : undefined,
    singleTransaction: options.singleTransaction,
    clean: options.clean,
    owner: options.owner,
    format: input.encrypted ? format : undefined // a FIFO cannot be probed
  }
  const judge = async (result: ToolResult, script?: Source) =>
    judgeRestore(
      tool,
      result,
      ignoreErrors,
      first ?? session.target,
      wording,
      script === undefined
        ? undefined
        : {
            failedCopies: await failedCopies(
              script,
              parsePsqlOutput(result.stderr)
            ),
            singleTransaction: options.singleTransaction ?? false,
            quote: header.dumpedBy !== undefined
          }
    )
  const outcome =
    tool === 'psql'
      ? await runPlain(
          session,
          client,
          argOptions,
          input,
          target,
          options.allowMetaCommands ?? false,
          run => judge(run.result, run.script)
        )
      : await judge(
          await runArchive(session, client, argOptions, input, target)
        )
  if (outcome.warning) logger.warning(outcome.warning)
  if (first !== undefined) {
    await copyDatabase(session, first, databases.slice(1), server)
  }

  const restoredInto =
    first === undefined ? [await session.databaseName()] : databases
  return {
    ...fileResult(logger, 'Restored', {
      file,
      format,
      server,
      client,
      digest: await fileDigest(file),
      started
    }),
    ignoredErrors: outcome.ignoredErrors,
    databases: restoredInto,
    ...(input.encrypted && { encrypted: true })
  }
}

/**
 * The dump's format and header, read once; ToolErrors when unreadable. A
 * FIFO, socket or device is refused before it is opened (reading a FIFO
 * waits for a writer for good).
 */
async function recognise(file: string): Promise<ArchiveHeader> {
  try {
    const special = specialFileKind(await stat(file))
    if (special) {
      throw new ToolError(
        'command',
        `Cannot restore ${file}: it is ${special}. Expected ${DUMP_PATHS}.`
      )
    }
    return await readArchiveHeader(file)
  } catch (error) {
    if (error instanceof ToolError) throw error
    if (error instanceof UnrecognizedDumpError)
      throw new ToolError('failed', error.message)
    throw new ToolError(
      'command',
      `Cannot read the dump ${file}: ${(error as Error).message}`
    )
  }
}

function logOrigin(session: Session, header: ArchiveHeader): void {
  const { dumpedFrom: from, dumpedBy: by } = header
  if (!from && !by) return
  session.logger.info(
    `The dump was made${from ? ` from PostgreSQL ${from.text}` : ''}` +
      `${by ? ` by pg_dump ${by.text}` : ''}`
  )
}

/**
 * The connection to restore into: the first fan-out database, (re)created
 * empty; else the session's, created first when asked and missing.
 */
async function prepareTarget(
  session: Session,
  options: OneRestoreOptions,
  first: string | undefined,
  server: PgVersion
): Promise<Connection> {
  if (first !== undefined) {
    await recreateDatabase(session, first, 'template0', server)
    return session.connection.withDbname(first)
  }
  const name = session.connection.dbname
  if (options.createDatabase && name !== undefined) {
    if (await createDatabaseIfMissing(session, name)) {
      session.logger.info(
        `Created the database ${name} (${session.wording.name('createDatabase')})`
      )
    }
  }
  return session.connection
}

/**
 * Makes each of `copies` a copy of the restored `first`, several at once:
 * CREATE DATABASE … TEMPLATE takes a share lock on the template, so copies
 * of one template may run side by side, and their checkpoints are shared.
 */
async function copyDatabase(
  session: Session,
  first: string,
  copies: readonly string[],
  server: PgVersion
): Promise<void> {
  const queue = [...copies]
  const copyNext = async (): Promise<void> => {
    for (let copy = queue.shift(); copy !== undefined; copy = queue.shift()) {
      const started = performance.now()
      await recreateDatabase(session, copy, first, server)
      session.logger.info(
        `Created ${copy} as a copy of ${first} in ${formatDuration(performance.now() - started)}`
      )
    }
  }
  const lanes = Math.min(queue.length, Math.max(2, availableParallelism()))
  // after a failure, the lanes finish the copy they are making, then stop
  const results = await Promise.allSettled(
    Array.from({ length: lanes }, () =>
      copyNext().catch((error: unknown) => {
        queue.length = 0
        throw error
      })
    )
  )
  const failed = results.find(r => r.status === 'rejected')
  if (failed) throw failed.reason
}
