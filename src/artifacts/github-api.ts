// The two REST look-ups @actions/artifact does not make for us: a run's
// artifacts by name (to see expiry) and a repository's newest by name
// (for run-id: latest). Plain fetch against GITHUB_API_URL.
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

async function getJson(
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
      }
    })
  } catch (error) {
    throw new ArtifactServiceError(
      `Could not reach the GitHub API at ${apiUrl()} to list ${what}: ${(error as Error).message}`
    )
  }
  const body = (await response.json().catch(() => ({}))) as { message?: string }
  const reason = `HTTP ${response.status}${body.message ? `: ${body.message}` : ''}`
  if (response.status === 401 || response.status === 403) {
    throw new ArtifactAccessDenied(
      `The github-token cannot list ${what} (${reason}). Give the job ` +
        "'permissions: actions: read', or pass a token that can read that repository's Actions."
    )
  }
  if (response.status === 404) {
    throw new ArtifactNotFound(
      `Could not list ${what} (${reason}): check the 'repository' and 'run-id' inputs, ` +
        'and that the github-token can see that repository.'
    )
  }
  if (!response.ok) {
    throw new ArtifactServiceError(
      `The GitHub API failed to list ${what} (${reason}).`
    )
  }
  return body
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
