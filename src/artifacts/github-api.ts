// The REST calls @actions/artifact does not make for us: a run's artifacts
// by name (to see expiry), a repository's artifacts by name, every page (for
// run-id: latest and for pruning), a run and a workflow (which runs count),
// and deleting one (keep), through Octokit (octokit.ts: retries, time-outs).
import {
  ArtifactAccessDenied,
  ArtifactNotFound,
  ArtifactServiceError
} from './errors.ts'
import { API_ATTEMPTS, apiUrl, restClient } from './octokit.ts'

/** owner/name of a repository. */
export interface Repository {
  owner: string
  repo: string
}

/** An artifact as the REST API lists it. */
export interface RestArtifact {
  id: number
  name: string
  size_in_bytes: number
  created_at: string
  expired: boolean
  expires_at?: string
  /** `sha256:<hex>` when the uploader recorded one */
  digest?: string | null
  workflow_run?: {
    id: number
    head_branch?: string | null
    head_sha?: string
    /** the repository the run belongs to */
    repository_id?: number
    /** the repository its code came from: a fork's, for a fork's pull request */
    head_repository_id?: number
  }
}

/** A workflow run, as far as choosing artifacts needs it. */
export interface RestRun {
  id: number
  head_branch?: string | null
  event?: string
  workflow_id: number
  repository?: { id: number } | null
  /** null when the fork it came from was deleted */
  head_repository?: { id: number } | null
}

/** Sent with every call, so a new default version cannot change the answers. */
const headers = { 'x-github-api-version': '2022-11-28' }

/** What Octokit's RequestError carries; absent `response`: no answer came. */
interface RequestFailure {
  status?: number
  message: string
  response?: { data?: unknown }
}

/** The error users see for a call Octokit gave up on: listing, or deleting. */
function lookupError(
  error: unknown,
  what: string,
  verb: 'list' | 'read' | 'delete' = 'list'
): unknown {
  if (!(error instanceof Error) || !('status' in error)) return error
  const { status = 0, message, response } = error as RequestFailure
  const retried = status >= 500 || status === 429 || !response
  const after = retried ? ` after ${API_ATTEMPTS} attempts with backoff` : ''
  const doing = { list: 'Listing', read: 'Reading', delete: 'Deleting' }[verb]
  if (!response) {
    return new ArtifactServiceError(
      `${doing} ${what} failed${after}: could not reach the GitHub API at ${apiUrl()}: ${message}.`
    )
  }
  const said = (response.data as { message?: unknown } | undefined)?.message
  const reason = `HTTP ${status}${typeof said === 'string' && said ? `: ${said}` : ''}`
  if ((status === 401 || status === 403) && verb === 'delete') {
    return new ArtifactAccessDenied(
      `The github-token cannot delete ${what} (${reason}). Give the job ` +
        "'permissions: actions: write' (pruning with 'keep' deletes artifacts), or pass a token that may."
    )
  }
  if (status === 401 || status === 403) {
    return new ArtifactAccessDenied(
      `The github-token cannot ${verb} ${what} (${reason}). Give the job ` +
        "'permissions: actions: read', or pass a token that can read that repository's Actions."
    )
  }
  if (status === 404 && verb === 'delete') {
    return new ArtifactNotFound(`${what} is gone (${reason}).`)
  }
  if (status === 404) {
    return new ArtifactNotFound(
      `Could not list ${what} (${reason}): check the 'repository' and 'run-id' inputs, ` +
        'and that the github-token can see that repository.'
    )
  }
  return new ArtifactServiceError(
    `${doing} ${what} failed${after}: the GitHub API answered ${reason}.`
  )
}

const slug = (r: Repository) => `${r.owner}/${r.repo}`

/** The artifacts named `name` in one workflow run (the first 100). */
export async function listRunArtifacts(
  repository: Repository,
  runId: number,
  name: string,
  token: string
): Promise<RestArtifact[]> {
  const what = `the artifacts of run ${runId} in ${slug(repository)}`
  try {
    const { data } = await restClient(
      token
    ).rest.actions.listWorkflowRunArtifacts({
      ...repository,
      run_id: runId,
      name,
      per_page: 100,
      headers
    })
    return data.artifacts as RestArtifact[]
  } catch (error) {
    throw lookupError(error, what)
  }
}

/** The HTTP status of an answer Octokit refused, if one came. */
function statusOf(error: unknown): number | undefined {
  return error instanceof Error && 'response' in error && error.response
    ? (error as RequestFailure).status
    : undefined
}

/** One workflow run of the repository; undefined when there is none (deleted). */
export async function getRun(
  repository: Repository,
  runId: number,
  token: string
): Promise<RestRun | undefined> {
  try {
    const { data } = await restClient(token).rest.actions.getWorkflowRun({
      ...repository,
      run_id: runId,
      headers
    })
    return data
  } catch (error) {
    if (statusOf(error) === 404) return undefined
    throw lookupError(error, `run ${runId} of ${slug(repository)}`, 'read')
  }
}

/** The id of a workflow of the repository, by its file name (`nightly.yml`). */
export async function getWorkflowId(
  repository: Repository,
  file: string,
  token: string
): Promise<number> {
  try {
    const { data } = await restClient(token).rest.actions.getWorkflow({
      ...repository,
      workflow_id: file,
      headers
    })
    return data.id
  } catch (error) {
    if (statusOf(error) === 404) {
      throw new ArtifactNotFound(
        `No workflow '${file}' in ${slug(repository)}: 'workflow' names a workflow file ` +
          'of that repository as it is under .github/workflows, e.g. nightly.yml.'
      )
    }
    throw lookupError(
      error,
      `the workflow '${file}' of ${slug(repository)}`,
      'read'
    )
  }
}

/** newest first: by creation time, then id */
function newestFirst(list: RestArtifact[]): RestArtifact[] {
  return list.sort(
    (a, b) => Date.parse(b.created_at) - Date.parse(a.created_at) || b.id - a.id
  )
}

/**
 * The artifacts named `name` in the repository, newest first: every page
 * (100 a page) when `all`, else the newest 100.
 */
export async function listRepositoryArtifacts(
  repository: Repository,
  name: string,
  token: string,
  { all = false }: { all?: boolean } = {}
): Promise<RestArtifact[]> {
  const what = `the artifacts of ${slug(repository)}`
  const client = restClient(token)
  const request = { ...repository, name, per_page: 100, headers }
  try {
    const found: RestArtifact[] = []
    for await (const { data } of client.paginate.iterator(
      client.rest.actions.listArtifactsForRepo,
      request
    )) {
      found.push(...(data as RestArtifact[]))
      if (!all) break
    }
    // the name filter is exact on GitHub; checked again all the same, as
    // pruning deletes what this list holds
    return newestFirst(found.filter(a => a.name === name))
  } catch (error) {
    throw lookupError(error, what)
  }
}

/** Deletes one artifact of the repository (needs `actions: write`). */
export async function deleteArtifact(
  repository: Repository,
  artifact: Pick<RestArtifact, 'id' | 'name'>,
  token: string
): Promise<void> {
  const what = `the artifact '${artifact.name}' (id ${artifact.id}) of ${slug(repository)}`
  try {
    await restClient(token).rest.actions.deleteArtifact({
      ...repository,
      artifact_id: artifact.id,
      headers
    })
  } catch (error) {
    throw lookupError(error, what, 'delete')
  }
}
