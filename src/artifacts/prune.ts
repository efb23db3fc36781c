// Pruning (keep: N): after a good upload, the artifacts of the same name in
// the repository beyond the newest N (the one just uploaded counted) are
// deleted through the REST API. Which ones is a pure choice (selectPrune);
// deleting them reports each success and failure, and the dump step decides
// what a failure means.
import type { Logger } from '../core/index.ts'
import { ageOf } from './age.ts'
import { ArtifactAccessDenied, ArtifactNotFound } from './errors.ts'
import {
  deleteArtifact,
  listRepositoryArtifacts,
  type Repository,
  type RestArtifact
} from './github-api.ts'
import { prunedLabel, type PrunedArtifact } from './pruned.ts'

export type { PrunedArtifact } from './pruned.ts'

/** What to prune, read from the inputs. */
export interface PruneRequest {
  /** how many artifacts of the name to keep, the one just uploaded counted (≥ 1) */
  keep: number
  /** a token with `actions: write` on the repository */
  token: string
  /** this repository */
  repository: Repository
}

/** What pruning did. */
export interface PruneOutcome {
  keep: number
  /** how many of the name are kept, the new one counted */
  kept: number
  deleted: PrunedArtifact[]
  /** left in place: deleting (or listing) failed for a reason that may pass */
  failed: { artifact?: PrunedArtifact; reason: string }[]
  /** the token may not delete: nothing more was tried */
  denied?: ArtifactAccessDenied
}

/**
 * Which artifacts to delete, of `list` (one name, any order): the uploaded
 * one (`uploadedId`, listed or not yet) and the newest `keep - 1` others that
 * have not expired are kept; every other one goes, the expired ones too
 * (their content is already gone). Returns the ones to delete, newest first.
 */
export function selectPrune(
  list: readonly RestArtifact[],
  uploadedId: number,
  keep: number
): RestArtifact[] {
  const others = [...list]
    .filter(a => a.id !== uploadedId)
    .sort(
      (a, b) =>
        Date.parse(b.created_at) - Date.parse(a.created_at) || b.id - a.id
    )
  let slots = Math.max(0, keep - 1)
  return others.filter(a => {
    if (a.expired || slots === 0) return true
    slots--
    return false
  })
}

function described(a: RestArtifact, now: number): PrunedArtifact {
  return {
    id: a.id,
    name: a.name,
    runId: a.workflow_run?.id,
    branch: a.workflow_run?.head_branch,
    createdAt: a.created_at,
    ageMs: ageOf(a.created_at, now),
    expired: a.expired
  }
}

/**
 * Checks before dumping that the token can list the repository's artifacts
 * (a missing `actions` permission fails before anything is dumped; deleting
 * is only tried after the upload).
 */
export async function checkPrune(
  request: PruneRequest,
  name: string
): Promise<void> {
  await listRepositoryArtifacts(request.repository, name, request.token)
}

/**
 * Deletes the artifacts named `uploaded.name` beyond the newest
 * `request.keep`, never `uploaded` itself. Never throws: what failed is in
 * the outcome (`denied` when the token may not delete).
 */
export async function pruneArtifacts(
  request: PruneRequest,
  uploaded: { id: number; name: string },
  logger: Logger
): Promise<PruneOutcome> {
  const outcome: PruneOutcome = {
    keep: request.keep,
    kept: 1,
    deleted: [],
    failed: []
  }
  let all: RestArtifact[]
  try {
    all = await listRepositoryArtifacts(
      request.repository,
      uploaded.name,
      request.token,
      { all: true }
    )
  } catch (error) {
    if (error instanceof ArtifactAccessDenied) outcome.denied = error
    else outcome.failed.push({ reason: (error as Error).message })
    return outcome
  }
  const now = Date.now()
  const doomed = selectPrune(all, uploaded.id, request.keep)
  outcome.kept =
    1 + all.filter(a => a.id !== uploaded.id).length - doomed.length
  logger.info(
    `${all.length} artifact(s) named '${uploaded.name}' in ` +
      `${request.repository.owner}/${request.repository.repo}: keeping ${outcome.kept} ` +
      `(keep: ${request.keep}), deleting ${doomed.length}`
  )
  for (const artifact of doomed) {
    const pruned = described(artifact, now)
    try {
      await deleteArtifact(request.repository, artifact, request.token)
      outcome.deleted.push(pruned)
      logger.info(`Deleted '${artifact.name}' ${prunedLabel(pruned)}`)
    } catch (error) {
      if (error instanceof ArtifactNotFound) {
        // deleted meanwhile (another run pruning, a person): gone all the same
        logger.info(
          `'${artifact.name}' ${prunedLabel(pruned)} was already gone`
        )
        continue
      }
      if (error instanceof ArtifactAccessDenied) {
        outcome.denied = error
        return outcome
      }
      outcome.failed.push({
        artifact: pruned,
        reason: (error as Error).message
      })
    }
  }
  return outcome
}
