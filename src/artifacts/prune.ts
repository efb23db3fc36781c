// Pruning (keep: N): after a good upload, the artifacts of the same name
// from the repository's own runs on this run's branch (and of 'workflow'
// when given) beyond the newest N (the one just uploaded counted) are
// deleted through the REST API. Which ones is a pure choice (selectPrune);
// deleting them reports each success and failure, and the dump step decides
// what a failure means. A fork's pull-request run prunes nothing.
import type { Logger } from '../core/index.ts'
import { ageOf } from './durations.ts'
import { ArtifactAccessDenied, ArtifactNotFound } from './errors.ts'
import {
  deleteArtifact,
  getWorkflowId,
  listRepositoryArtifacts,
  type Repository,
  type RestArtifact
} from './github-api.ts'
import { filterAsync, ownOnBranch, thisRun, workflowTest } from './origin.ts'
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
  /** this run (GITHUB_RUN_ID): its branch bounds what is pruned */
  runId: number
  /** only artifacts of runs of this workflow file count */
  workflow?: string
}

/** What pruning considers, decided before dumping (checkPrune). */
export interface PruneScope {
  /** this run's head branch */
  branch?: string
  /** the id of 'workflow', when given */
  workflowId?: number
  /** why nothing is pruned (a fork's run, no branch), when so */
  skip?: string
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
  /** why nothing was pruned, when the run's scope ruled it out */
  skipped?: string
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
    branch: a.workflow_run?.head_branch ?? undefined,
    createdAt: a.created_at,
    ageMs: ageOf(a.created_at, now),
    expired: a.expired
  }
}

/**
 * Checks before dumping that the token can list the repository's artifacts
 * (a missing `actions` permission fails before anything is dumped; deleting
 * is only tried after the upload), and decides what pruning considers: this
 * run's branch, and 'workflow' (ArtifactNotFound when there is no such
 * workflow). A fork's pull-request run prunes nothing: it may not judge the
 * repository's artifacts, of the same branch name or not.
 */
export async function checkPrune(
  request: PruneRequest,
  name: string
): Promise<PruneScope> {
  const { repository, token } = request
  await listRepositoryArtifacts(repository, name, token)
  const run = await thisRun(repository, request.runId, token)
  const workflowId = request.workflow
    ? await getWorkflowId(repository, request.workflow, token)
    : undefined
  if (run.fork)
    return { skip: "this run is a fork's pull-request run", workflowId }
  if (run.branch === undefined)
    return { skip: 'this run has no head branch', workflowId }
  return { branch: run.branch, workflowId }
}

/**
 * Deletes the artifacts named `uploaded.name` of `scope` beyond the newest
 * `request.keep`, never `uploaded` itself. Never throws: what failed is in
 * the outcome (`denied` when the token may not delete).
 */
export async function pruneArtifacts(
  request: PruneRequest,
  scope: PruneScope,
  uploaded: { id: number; name: string },
  logger: Logger
): Promise<PruneOutcome> {
  const outcome: PruneOutcome = {
    keep: request.keep,
    kept: 1,
    deleted: [],
    failed: []
  }
  if (scope.skip !== undefined || scope.branch === undefined) {
    outcome.skipped = scope.skip ?? 'this run has no head branch'
    return outcome
  }
  const { repository, token } = request
  let listed: RestArtifact[]
  let all: RestArtifact[]
  try {
    listed = await listRepositoryArtifacts(repository, uploaded.name, token, {
      all: true
    })
    all = ownOnBranch(listed, scope.branch)
    if (scope.workflowId !== undefined) {
      const of = workflowTest(repository, scope.workflowId, token)
      all = await filterAsync(all, async a => a.id === uploaded.id || of(a))
    }
  } catch (error) {
    if (error instanceof ArtifactAccessDenied) outcome.denied = error
    else outcome.failed.push({ reason: (error as Error).message })
    return outcome
  }
  const now = Date.now()
  const doomed = selectPrune(all, uploaded.id, request.keep)
  outcome.kept =
    1 + all.filter(a => a.id !== uploaded.id).length - doomed.length
  const others = listed.filter(a => !all.includes(a)).length
  logger.info(
    `${all.length} artifact(s) named '${uploaded.name}' in ` +
      `${repository.owner}/${repository.repo} on branch '${scope.branch}'` +
      `${request.workflow ? ` from workflow '${request.workflow}'` : ''}: keeping ${outcome.kept} ` +
      `(keep: ${request.keep}), deleting ${doomed.length}` +
      (others
        ? `; ${others} of other branches, workflows or forks' runs left alone`
        : '')
  )
  for (const artifact of doomed) {
    const pruned = described(artifact, now)
    try {
      await deleteArtifact(repository, artifact, token)
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
