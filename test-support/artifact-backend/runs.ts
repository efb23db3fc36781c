// Workflow runs and workflows as GitHub's REST API describes them: what
// `GET …/actions/runs/{run_id}` and `GET …/actions/workflows/{workflow_id}`
// answer, from the runs the store knows.
import type { ArtifactStore, Run } from './store.ts'

/** RFC 3339 without milliseconds, as the REST API writes times. */
export function restTime(date: Date): string {
  return date.toISOString().replace(/\.\d{3}Z$/, 'Z')
}

const WORKFLOWS = '.github/workflows/'

/** A repository as a run names it: id, names and owner. */
function restRepository(store: ArtifactStore, fullName: string): unknown {
  const [owner, name] = fullName.split('/')
  return {
    id: store.repositoryId(fullName),
    name,
    full_name: fullName,
    owner: { login: owner }
  }
}

/**
 * A run: a fork's pull-request run has the fork as `head_repository` and
 * `event: pull_request`; the others are `push` runs of the repository.
 */
export function restRun(store: ArtifactStore, run: Run, apiUrl: string) {
  const fork = run.headRepository.toLowerCase() !== run.repository.toLowerCase()
  return {
    id: run.runId,
    name: run.workflow.replace(/\.ya?ml$/, ''),
    head_branch: run.headBranch,
    head_sha: run.headSha,
    path: `${WORKFLOWS}${run.workflow}`,
    run_attempt: run.attempt,
    event: fork ? 'pull_request' : 'push',
    status: 'completed',
    workflow_id: store.workflowId(run.repository, run.workflow),
    url: `${apiUrl}/repos/${run.repository}/actions/runs/${run.runId}`,
    repository: restRepository(store, run.repository),
    head_repository: restRepository(store, run.headRepository)
  }
}

/**
 * The workflow `ref` (its numeric id or its file name, as GitHub takes
 * either) names in `repository`, if one of the store's runs is of it.
 */
export function restWorkflow(
  store: ArtifactStore,
  repository: string,
  ref: string,
  apiUrl: string
): unknown {
  const files = new Set(
    [...store.runs.values()]
      .filter(r => r.repository.toLowerCase() === repository.toLowerCase())
      .map(r => r.workflow)
  )
  const file = [...files].find(
    f => f === ref || String(store.workflowId(repository, f)) === ref
  )
  if (file === undefined) return undefined
  const id = store.workflowId(repository, file)
  return {
    id,
    name: file.replace(/\.ya?ml$/, ''),
    path: `${WORKFLOWS}${file}`,
    state: 'active',
    url: `${apiUrl}/repos/${repository}/actions/workflows/${id}`
  }
}
