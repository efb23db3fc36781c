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
import { createDatabaseIfMissing, recreateDatabases } from './databases.ts'
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

/**
 * Restores an archive with pg_restore or a plain script with psql;
 * `opened`: a dump streamed from its store (see planRestore).
 */
export async function restore(
  session: Session,
  options: OneRestoreOptions,
  opened?: Parameters<typeof planRestore>[2]
): Promise<OneRestoreResult> {
  const started = performance.now()
  const plan = await planRestore(session, options, opened)
  const { file, format, databases, server, client, input } = plan
  const [first] = databases
  // an archive is listed while the target is prepared
  const target = prepareTarget(session, options, first, server)
  const outcome = await runRestore(session, plan, options, target)
  if (outcome.warning) session.logger.warning(outcome.warning)
  // the dump is hashed while the server copies: the copies' floor is theirs
  const [copied, hashed] = await Promise.allSettled([
    first !== undefined &&
      copyDatabase(session, first, databases.slice(1), server),
    // a stream was hashed as the restore read it
    input.streamed ? input.streamed.digest() : fileDigest(file)
  ])
  if (copied.status === 'rejected') throw copied.reason
  if (hashed.status === 'rejected') throw hashed.reason
  const digest = hashed.value
  const restoredInto =
    first === undefined ? [await session.databaseName()] : [...databases]
  return {
    ...fileResult(session.logger, 'Restored', {
      file,
      format,
      server,
      client,
      digest,
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
    await recreateDatabases(session, [first], 'template0', server)
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
 * Makes each of `copies` a copy of the restored `first`, in lanes of one
 * psql session each. A copy is one backend copying files with the kernel's
 * help, a core's work: on 2 cores two copies side by side took as long as
 * one after the other (402 and 558 ms together, 225 ms alone), so a lane
 * per two cores; a psql and a connection per lane, not per copy.
 * CREATE DATABASE … TEMPLATE takes a share lock on the template, so copies
 * of one template may run side by side. A lane stops at its first failure;
 * the others finish theirs.
 */
async function copyDatabase(
  session: Session,
  first: string,
  copies: readonly string[],
  server: PgVersion
): Promise<void> {
  if (copies.length === 0) return
  const count = Math.max(
    1,
    Math.min(copies.length, Math.floor(availableParallelism() / 2))
  )
  const lanes = Array.from({ length: count }, (_, lane) =>
    copies.filter((_, i) => i % count === lane)
  )
  const results = await Promise.allSettled(
    lanes.map(async names => {
      const started = performance.now()
      await recreateDatabases(session, names, first, server)
      const what = names.length > 1 ? 'copies' : 'a copy'
      session.logger.info(
        `Created ${names.join(', ')} as ${what} of ${first} in ${formatDuration(performance.now() - started)}`
      )
    })
  )
  const failed = results.find(r => r.status === 'rejected')
  if (failed) throw failed.reason
}
