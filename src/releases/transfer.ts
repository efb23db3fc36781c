// Uploading and downloading a release asset: the file streamed with the
// proxy-aware fetch (not Octokit, whose per-call time-out a large dump would
// outlast), hashed as it passes.
import { createHash } from 'node:crypto'
import { createReadStream, createWriteStream } from 'node:fs'
import { stat } from 'node:fs/promises'
import { Readable, Transform } from 'node:stream'
import { pipeline } from 'node:stream/promises'
import { apiUrl, proxyFetch } from '../artifacts/octokit.ts'
import { ReleaseServiceError } from './errors.ts'
import {
  API_VERSION,
  releaseError,
  slug,
  type Release,
  type ReleaseAsset,
  type Repository
} from './github-releases.ts'

/** A stream's bytes hashed as they pass. */
function hashing(): { tap: Transform; hex: () => string } {
  const hash = createHash('sha256')
  const tap = new Transform({
    transform(chunk: Buffer, _encoding, done) {
      hash.update(chunk)
      done(null, chunk)
    }
  })
  return { tap, hex: () => hash.digest('hex') }
}

/** Why an answer failed, as GitHub says it. */
async function answerError(res: Response, what: string, write: boolean) {
  const body = (await res.json().catch(() => ({}))) as { message?: unknown }
  return releaseError(
    Object.assign(new Error(res.statusText), {
      status: res.status,
      response: { data: body }
    }),
    what,
    write
  )
}

/** Uploads a file as the asset `name`; its SHA-256 (hex) as sent. */
export async function uploadAsset(
  release: Release,
  name: string,
  file: string,
  token: string
): Promise<{ asset: ReleaseAsset; sha256: string }> {
  const what = `Attaching '${name}' to the release '${release.tag}'`
  const { size } = await stat(file)
  const url = new URL(release.uploadUrl.replace(/\{[^}]*\}$/, ''))
  url.searchParams.set('name', name)
  const { tap, hex } = hashing()
  const body = Readable.from(createReadStream(file).pipe(tap))
  let res: Response
  try {
    res = await proxyFetch()(url, {
      method: 'POST',
      headers: {
        ...API_VERSION,
        authorization: `token ${token}`,
        accept: 'application/vnd.github+json',
        'content-type': 'application/octet-stream',
        'content-length': String(size),
        'user-agent': 'pg-dumper'
      },
      body: body,
      duplex: 'half'
    })
  } catch (error) {
    throw new ReleaseServiceError(
      `${what} failed: could not reach ${url.origin}: ${(error as Error).message}.`
    )
  }
  if (!res.ok) throw await answerError(res, what, true)
  const a = (await res.json()) as {
    id: number
    name: string
    size: number
    browser_download_url: string
  }
  return {
    asset: {
      id: a.id,
      name: a.name,
      size: a.size,
      url: a.browser_download_url
    },
    sha256: hex()
  }
}

/** Downloads an asset into `file` (a new file); its SHA-256 (hex). */
export async function downloadAsset(
  repository: Repository,
  asset: ReleaseAsset,
  file: string,
  token: string | undefined
): Promise<string> {
  const what = `Downloading the asset '${asset.name}' (id ${asset.id})`
  const url = `${apiUrl()}/repos/${slug(repository)}/releases/assets/${asset.id}`
  let res: Response
  try {
    // the answer redirects to the bytes; fetch drops the token for another host
    res = await proxyFetch()(url, {
      headers: {
        ...API_VERSION,
        accept: 'application/octet-stream',
        'user-agent': 'pg-dumper',
        ...(token ? { authorization: `token ${token}` } : {})
      }
    })
  } catch (error) {
    throw new ReleaseServiceError(
      `${what} failed: could not reach ${apiUrl()}: ${(error as Error).message}.`
    )
  }
  if (!res.ok || !res.body) throw await answerError(res, what, false)
  const { tap, hex } = hashing()
  await pipeline(
    Readable.fromWeb(res.body),
    tap,
    // wx: never into a file that is there already
    createWriteStream(file, { flags: 'wx', mode: 0o600 })
  )
  return hex()
}
