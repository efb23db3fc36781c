// 'keep' for an S3 series: the objects beyond the newest N deleted (never
// the one just stored), each with its digest file; a deletion S3 denies
// fails the step (it would never prune), any other failure is a warning.
import { actionLogger } from '../action/logger.ts'
import { ageOf } from '../artifacts/durations.ts'
import type { PrunedArtifact } from '../artifacts/pruned.ts'
import { S3RequestFailed } from '../s3/errors.ts'
import type { S3Location } from '../s3/location.ts'
import type { FoundDump, PruneResult, StoredDump } from './store.ts'

/** Beside a dump whose SHA-256 was not known when its upload began. */
export const DIGEST = '.sha256'

/** A dump's object: s3://bucket/key. */
export const urlOf = (where: S3Location, key: string): string =>
  `s3://${where.bucket}/${key}`

function prunedOf(f: FoundDump): PrunedArtifact {
  return {
    id: f.runId ?? 0,
    name: f.name,
    runId: f.runId,
    createdAt: f.createdAt ?? '',
    ageMs: f.createdAt ? ageOf(f.createdAt) : 0,
    expired: false
  }
}

/** How the series is listed and its objects deleted. */
interface SeriesAccess {
  /** newest first */
  list(): Promise<FoundDump[]>
  /** the keys S3 could not delete, with why */
  delete(
    keys: string[]
  ): Promise<{ key: string; reason: string; status?: number }[]>
}

/** Prunes the series under `where`'s prefix to the newest `keep`, `kept` among them. */
export async function pruneSeries(
  where: S3Location,
  keep: number,
  kept: StoredDump,
  access: SeriesAccess
): Promise<PruneResult> {
  return actionLogger.group(
    `Pruning ${urlOf(where, where.prefix)} (keep: ${keep})`,
    async () => {
      const outcome: PruneResult['outcome'] = {
        keep,
        kept: 0,
        deleted: [],
        failed: []
      }
      let series: FoundDump[]
      try {
        series = await access.list()
      } catch (error) {
        outcome.failed.push({ reason: (error as Error).message })
        actionLogger.warning(
          `Could not list the dumps to prune: ${(error as Error).message} The next run with 'keep' tries again.`
        )
        return { outcome }
      }
      const others = series.filter(f => f.name !== kept.name)
      const doomed = others.slice(Math.max(0, keep - 1))
      outcome.kept = series.length - doomed.length
      if (!doomed.length) return { outcome }
      const failures = await access.delete(
        doomed.flatMap(f => [f.name, `${f.name}${DIGEST}`])
      )
      let denied: string | undefined
      for (const f of doomed) {
        const pruned = prunedOf(f)
        const failed = failures.find(x => x.key === f.name)
        if (!failed) {
          outcome.deleted.push(pruned)
          actionLogger.info(`Deleted ${urlOf(where, f.name)}`)
          continue
        }
        outcome.failed.push({ artifact: pruned, reason: failed.reason })
        if (failed.status === 403) denied ??= failed.reason
        else
          actionLogger.warning(
            `Could not delete ${urlOf(where, f.name)}: ${failed.reason} The next run with 'keep' tries again.`
          )
      }
      const failure = denied
        ? new S3RequestFailed(
            `The dump was stored as ${kept.url} and is kept, but the older ones may not be deleted (${denied}): ` +
              "'keep' needs s3:DeleteObject on the prefix (see the IAM policy in the S3 section of the docs)."
          )
        : undefined
      return { outcome, failure }
    }
  )
}
