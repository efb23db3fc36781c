// The two REST look-ups @actions/artifact does not make for us: a run's
// artifacts by name (to see expiry) and a repository's newest by name
// (for run-id: latest). Plain fetch against GITHUB_API_URL.
import pRetry, { AbortError } from 'p-retry'
import {
  ArtifactAccessDenied,
  ArtifactNotFound,
  ArtifactServiceError
} from './errors.ts'

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
  workflow_run?: { id: number; head_branch?: string; head_sha?: string }
}

interface ArtifactList {
  total_count: number
  artifacts: RestArtifact[]
}

export function apiUrl(): string {
  return (process.env.GITHUB_API_URL ?? 'https://api.github.com').replace(
    /\/+$/,
    ''
  )
}

/** How often a look-up is tried, and the first pause (doubling after each try). */
export const API_ATTEMPTS = 4
export const API_FIRST_DELAY_MS = 500

/** One try; throws AbortError (no retry) for answers waiting cannot change. */
async function getOnce(
  path: string,
  token: string,
  what: string
): Promise<unknown> {
  let response: Response
  try {
    response = await fetch(`${apiUrl()}${path}`, {
      headers: {
        Accept: 'application/vnd.github+json',
        Authorization: `Bearer ${token}`,
        'X-GitHub-Api-Version': '2022-11-28',
        'User-Agent': 'pg-dumper'
      },
      signal: AbortSignal.timeout(30_000)
    })
  } catch (error) {
    throw new ArtifactServiceError(
      `could not reach the GitHub API at ${apiUrl()}: ${(error as Error).message}`
    )
  }
  const body = (await response.json().catch(() => ({}))) as { message?: string }
  const reason = `HTTP ${response.status}${body.message ? `: ${body.message}` : ''}`
  if (response.status === 401 || response.status === 403) {
    throw new AbortError(
      new ArtifactAccessDenied(
        `The github-token cannot list ${what} (${reason}). Give the job ` +
          "'permissions: actions: read', or pass a token that can read that repository's Actions."
      )
    )
  }
  if (response.status === 404) {
    throw new AbortError(
      new ArtifactNotFound(
        `Could not list ${what} (${reason}): check the 'repository' and 'run-id' inputs, ` +
          'and that the github-token can see that repository.'
      )
    )
  }
  if (!response.ok) {
    const error = new ArtifactServiceError(`the GitHub API answered ${reason}`)
    if (response.status < 500 && response.status !== 429)
      throw new AbortError(error)
    throw error
  }
  return body
}

/** A GET with retries and backoff for 5xx, 429, time-outs and network errors. */
async function getJson(
  path: string,
  token: string,
  what: string
): Promise<unknown> {
  try {
    return await pRetry(() => getOnce(path, token, what), {
      retries: API_ATTEMPTS - 1,
      minTimeout: API_FIRST_DELAY_MS,
      factor: 2,
      randomize: true
    })
  } catch (error) {
    if (error instanceof ArtifactServiceError) {
      throw new ArtifactServiceError(
        `Listing ${what} failed after ${API_ATTEMPTS} attempts with backoff: ${error.message}.`
      )
    }
    throw error
  }
}

const slug = (r: Repository) => `${r.owner}/${r.repo}`

/** The artifacts named `name` in one workflow run. */
export async function listRunArtifacts(
  repository: Repository,
  runId: number,
  name: string,
  token: string
): Promise<RestArtifact[]> {
  const path =
    `/repos/${slug(repository)}/actions/runs/${runId}/artifacts` +
    `?name=${encodeURIComponent(name)}&per_page=100`
  const list = (await getJson(
    path,
    token,
    `the artifacts of run ${runId} in ${slug(repository)}`
  )) as ArtifactList
  return list.artifacts
}

/** The artifacts named `name` in the repository, newest first. */
export async function listRepositoryArtifacts(
  repository: Repository,
  name: string,
  token: string
): Promise<RestArtifact[]> {
  const path =
    `/repos/${slug(repository)}/actions/artifacts` +
    `?name=${encodeURIComponent(name)}&per_page=100`
  const list = (await getJson(
    path,
    token,
    `the artifacts of ${slug(repository)}`
  )) as ArtifactList
  return [...list.artifacts].sort(
    (a, b) => Date.parse(b.created_at) - Date.parse(a.created_at)
  )
}
