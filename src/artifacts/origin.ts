// Which run an artifact came from, as 'run-id: latest' and 'keep' judge it:
// a run of the repository itself (never a fork's pull-request run, whose
// code and artifacts anyone may write), of a branch, of a workflow.
import { ArtifactNotFound } from './errors.ts'
import {
  getRun,
  getWorkflowId,
  type Repository,
  type RestArtifact,
  type RestRun
} from './github-api.ts'

/**
 * Whether the artifact was uploaded by a run of the repository itself: its
 * run's head repository is the repository. A fork's pull-request run, and a
 * run the API does not say this of, is not.
 */
export function fromOwnRun(a: RestArtifact): boolean {
  const run = a.workflow_run
  return (
    typeof run?.repository_id === 'number' &&
    run.head_repository_id === run.repository_id
  )
}

/** The artifacts of `list` from the repository's own runs on `branch`. */
export function ownOnBranch(
  list: readonly RestArtifact[],
  branch: string | undefined
): RestArtifact[] {
  return list.filter(
    a =>
      fromOwnRun(a) &&
      (branch === undefined || a.workflow_run?.head_branch === branch)
  )
}

/** Whether an artifact's run is of one workflow. */
type WorkflowTest = (a: RestArtifact) => Promise<boolean>

/**
 * A test of whether an artifact came from a run of the workflow `id`,
 * looking each run up once. An artifact of a run that is gone is not.
 */
export function workflowTest(
  repository: Repository,
  id: number,
  token: string
): WorkflowTest {
  const runs = new Map<number, Promise<boolean>>()
  return a => {
    const runId = a.workflow_run?.id
    if (runId === undefined) return Promise.resolve(false)
    let of = runs.get(runId)
    if (!of) {
      of = getRun(repository, runId, token).then(r => r?.workflow_id === id)
      runs.set(runId, of)
    }
    return of
  }
}

/** The test for a workflow file, looked up by name (ArtifactNotFound if none). */
export async function ofWorkflow(
  repository: Repository,
  file: string,
  token: string
): Promise<WorkflowTest> {
  return workflowTest(
    repository,
    await getWorkflowId(repository, file, token),
    token
  )
}

/** The artifacts of `list` that `test` accepts, in order; run one by one. */
export async function filterAsync(
  list: readonly RestArtifact[],
  test: WorkflowTest
): Promise<RestArtifact[]> {
  const kept: RestArtifact[] = []
  for (const a of list) if (await test(a)) kept.push(a)
  return kept
}

/** This run, as pruning keeps to it: its branch, and whether it is a fork's. */
interface ThisRun {
  /** the head branch GitHub records on this run's artifacts */
  branch?: string
  /** a fork's pull-request run (or one whose fork was deleted) */
  fork: boolean
  workflowId: number
}

/** Looks this run up (GITHUB_RUN_ID); ArtifactNotFound when it is not there. */
export async function thisRun(
  repository: Repository,
  runId: number,
  token: string
): Promise<ThisRun> {
  const run: RestRun | undefined = await getRun(repository, runId, token)
  if (!run) {
    throw new ArtifactNotFound(
      `This run (${runId}, GITHUB_RUN_ID) is not among the runs of ${repository.owner}/${repository.repo}: ` +
        "'keep' prunes the artifacts of this run's branch and cannot tell which that is."
    )
  }
  const own = run.repository?.id
  return {
    branch: run.head_branch ?? undefined,
    fork: own === undefined || run.head_repository?.id !== own,
    workflowId: run.workflow_id
  }
}
