// Dropping a database the action made for itself (a scrub's copy, a restore
// drill's scratch database): whatever happened, also once cancelled, and
// never an error that hides the one that explains the failure.
import { failureMessage } from '../process/runner.ts'
import type { Session } from '../session.ts'
import { dropDatabaseSql } from '../sql.ts'
import type { PgVersion } from '../versions.ts'

/**
 * Drops `name`, ending sessions still on it (PostgreSQL 13+); tried again
 * when a cancellation stopped a try (a signal to the process group reaches
 * this psql too). Never rejects: one left behind is a warning naming the
 * statement to run. `dropped` and `kept` name it in the log: "Dropped the
 * throwaway database", "Could not drop the scrubbed copy".
 */
export async function dropThrowaway(
  session: Session,
  name: string,
  server: PgVersion,
  words: { dropped: string; kept: string }
): Promise<void> {
  const sql = dropDatabaseSql(name, server.major)
  let said = ''
  for (let attempt = 0; attempt < 3; attempt++) {
    const result = await session.cleanupSql([sql]).catch((error: unknown) => ({
      exitCode: 1,
      stdout: '',
      stderr: (error as Error).message
    }))
    if (result.exitCode === 0) {
      session.logger.info(`${words.dropped} ${name}`)
      return
    }
    said = failureMessage('psql', result)
    if (session.cancellation.reason === undefined) break
  }
  session.logger.warning(
    `${words.kept} ${name}: ${said}. Drop it by hand: ${sql}`
  )
}
