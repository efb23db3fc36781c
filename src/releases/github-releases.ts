// The REST calls of release assets: a release by its tag, its assets, and
// deleting one, through Octokit (retries, time-outs: artifacts/octokit.ts).
// Moving the bytes is transfer.ts.
import { API_ATTEMPTS, apiUrl, restClient } from '../artifacts/octokit.ts'
import {
  ReleaseAccessDenied,
  ReleaseNotFound,
  ReleaseServiceError
} from './errors.ts'

/** owner/name of a repository. */
export interface Repository {
  owner: string
  repo: string
}

/** A release, as far as attaching and finding assets needs it. */
export interface Release {
  id: number
  tag: string
  /** its page */
  url: string
  /** where assets go: an RFC 6570 template ending in `{?name,label}` */
  uploadUrl: string
}

/** An asset of a release. */
export interface ReleaseAsset {
  id: number
  name: string
  size: number
  /** `sha256:<hex>`, when GitHub lists one */
  digest?: string
  createdAt?: string
  /** where a person downloads it */
  url: string
}

/** Sent with every call, so a new default version cannot change the answers. */
export const API_VERSION = { 'x-github-api-version': '2022-11-28' }

export const slug = (r: Repository) => `${r.owner}/${r.repo}`

/** The error users see for a call that failed: `what` it was, `write` whether it changes the release. */
export function releaseError(
  error: unknown,
  what: string,
  write = false
): unknown {
  if (!(error instanceof Error)) return error
  const { status, response } = error as {
    status?: number
    response?: { data?: { message?: unknown } }
  }
  if (status === undefined || !response) {
    return new ReleaseServiceError(
      `${what} failed after ${API_ATTEMPTS} attempts with backoff: could not reach the GitHub API at ${apiUrl()}: ${error.message}.`
    )
  }
  const said = response.data?.message
  const reason = `HTTP ${status}${typeof said === 'string' && said ? `: ${said}` : ''}`
  if (status === 401 || status === 403) {
    return new ReleaseAccessDenied(
      `${what} was refused (${reason}). ${write ? "Give the job 'permissions: contents: write'" : 'A private repository needs a token that can read it'}, ` +
        "e.g. 'github-token: ${{ github.token }}', or pass a token that may."
    )
  }
  const retried = status >= 500 || status === 429
  return new ReleaseServiceError(
    `${what} failed${retried ? ` after ${API_ATTEMPTS} attempts with backoff` : ''}: the GitHub API answered ${reason}.`
  )
}

const statusOf = (error: unknown) =>
  error instanceof Error && 'response' in error && error.response
    ? (error as { status?: number }).status
    : undefined

/** The release of `tag`; ReleaseNotFound naming it when there is none. */
export async function getRelease(
  repository: Repository,
  tag: string,
  token: string | undefined
): Promise<Release> {
  try {
    const { data } = await restClient(token).rest.repos.getReleaseByTag({
      ...repository,
      tag,
      headers: API_VERSION
    })
    return { id: data.id, tag, url: data.html_url, uploadUrl: data.upload_url }
  } catch (error) {
    if (statusOf(error) === 404) {
      throw new ReleaseNotFound(
        `No release with the tag '${tag}' in ${slug(repository)}: create the release first ` +
          `(e.g. 'gh release create ${tag}'), or check 'release'${token ? '' : ' (a private repository needs github-token)'}.`
      )
    }
    throw releaseError(
      error,
      `Reading the release '${tag}' of ${slug(repository)}`
    )
  }
}

/** Every asset of a release. */
export async function listAssets(
  repository: Repository,
  release: Release,
  token: string | undefined
): Promise<ReleaseAsset[]> {
  const client = restClient(token)
  try {
    const assets = await client.paginate(client.rest.repos.listReleaseAssets, {
      ...repository,
      release_id: release.id,
      per_page: 100,
      headers: API_VERSION
    })
    return assets.map(a => ({
      id: a.id,
      name: a.name,
      size: a.size,
      digest: (a as { digest?: string | null }).digest ?? undefined,
      createdAt: a.created_at,
      url: a.browser_download_url
    }))
  } catch (error) {
    throw releaseError(
      error,
      `Listing the assets of the release '${release.tag}'`
    )
  }
}

/** Renames an asset (needs `contents: write`). */
export async function renameAsset(
  repository: Repository,
  asset: ReleaseAsset,
  name: string,
  token: string
): Promise<void> {
  try {
    await restClient(token).rest.repos.updateReleaseAsset({
      ...repository,
      asset_id: asset.id,
      name,
      headers: API_VERSION
    })
  } catch (error) {
    throw releaseError(
      error,
      `Renaming the asset '${asset.name}' (id ${asset.id}) to '${name}'`,
      true
    )
  }
}

/** Deletes an asset (needs `contents: write`). */
export async function deleteAsset(
  repository: Repository,
  asset: ReleaseAsset,
  token: string
): Promise<void> {
  try {
    await restClient(token).rest.repos.deleteReleaseAsset({
      ...repository,
      asset_id: asset.id,
      headers: API_VERSION
    })
  } catch (error) {
    if (statusOf(error) === 404) return
    throw releaseError(
      error,
      `Deleting the asset '${asset.name}' (id ${asset.id})`,
      true
    )
  }
}
