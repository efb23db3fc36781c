// The restore operation of one dump: its plan (plan.ts: what the dump is,
// the options checked, a client that reads it), the target databases
// prepared, the run (run.ts: pg_restore or psql, judged), and the fan-out
// copies made.
import { availableParallelism } from 'node:os'
import type { ArchiveFormat } from '../archive/format.ts'
import { fileDigest } from '../archive/digest.ts'
import type { Connection } from '../connection/connection.ts'
import { fileResult, type FileResult } from '../results.ts'
import type { Session } from '../session.ts'
import { formatDuration } from '../units.ts'
import type { PgVersion } from '../versions.ts'
import { createDatabaseIfMissing, recreateDatabase } from './databases.ts'
import { planRestore, type OneRestoreOptions } from './plan.ts'
import { runRestore } from './run.ts'

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
  const plan = await planRestore(session, options)
  const { file, format, databases, server, client, input } = plan
  const [first] = databases
  const target = await prepareTarget(session, options, first, server)
  const outcome = await runRestore(session, plan, options, target)
  if (outcome.warning) session.logger.warning(outcome.warning)
  if (first !== undefined) {
    await copyDatabase(session, first, databases.slice(1), server)
  }
  const restoredInto =
    first === undefined ? [await session.databaseName()] : [...databases]
  return {
    ...fileResult(session.logger, 'Restored', {
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
