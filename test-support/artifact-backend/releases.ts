// GitHub's release routes as the release store uses them: a release by its
// tag, its assets, uploading one (at an uploads.github.com-style URL the
// release names, here on the loopback), deleting one, and downloading one
// (octet-stream, through a redirect), with GitHub's token checks.
import { createHash } from 'node:crypto'
import type { IncomingMessage, ServerResponse } from 'node:http'
import type { CallDraft } from './http.ts'
import { sendJson } from './http.ts'
import { restError } from './rest.ts'

const DOCS = 'https://docs.github.com/rest/releases'

/** An asset as the test sees it. */
export interface SeededAsset {
  id: number
  name: string
  bytes: Buffer
  /** `sha256:<hex>` as GitHub lists it */
  digest: string
}

interface StoredRelease {
  id: number
  repository: string
  tag: string
  assets: SeededAsset[]
}

export class ReleaseService {
  readonly releases: StoredRelease[] = []
  /** repositories (lower case) whose releases anyone may read */
  readonly publicRepos = new Set<string>()
  #nextId = 9000
  readonly #tokens: ReadonlyMap<string, ReadonlySet<string>>
  readonly #readOnly: ReadonlySet<string>
  readonly #apiUrl: () => string

  constructor(
    tokens: ReadonlyMap<string, ReadonlySet<string>>,
    readOnly: ReadonlySet<string>,
    apiUrl: () => string
  ) {
    this.#tokens = tokens
    this.#readOnly = readOnly
    this.#apiUrl = apiUrl
  }

  /** A release of `tag` in `repository` (owner/repo), with no assets. */
  seed(repository: string, tag: string, isPublic = false): void {
    if (isPublic) this.publicRepos.add(repository.toLowerCase())
    this.releases.push({ id: this.#nextId++, repository, tag, assets: [] })
  }

  /** Attaches `bytes` as the asset `name`, as another uploader would have. */
  seedAsset(repository: string, tag: string, name: string, bytes: Buffer) {
    const release = this.#release(repository, r => r.tag === tag)
    if (!release) throw new Error(`no release ${tag} in ${repository}`)
    release.assets.push({
      id: this.#nextId++,
      name,
      bytes,
      digest: `sha256:${createHash('sha256').update(bytes).digest('hex')}`
    })
  }

  /** The assets of a release, by its tag. */
  assets(repository: string, tag: string): SeededAsset[] {
    return this.#release(repository, r => r.tag === tag)?.assets ?? []
  }

  #release(repository: string, match: (r: StoredRelease) => boolean) {
    return this.releases.find(
      r => r.repository.toLowerCase() === repository.toLowerCase() && match(r)
    )
  }

  /** Refuses what the token may not do: read (public repos: anyone) or write. */
  #authorize(req: IncomingMessage, repository: string, write: boolean): void {
    const header = req.headers.authorization
    const token = header && /^(?:token|bearer)\s+(\S+)$/i.exec(header)?.[1]
    if (!token) {
      if (!write && this.publicRepos.has(repository.toLowerCase())) return
      // GitHub hides a private repository from nobody
      if (!write) throw restError(404, 'Not Found', DOCS)
      throw restError(401, 'Requires authentication', DOCS)
    }
    const repos = this.#tokens.get(token)
    if (!repos) throw restError(401, 'Bad credentials', DOCS)
    if (!repos.has(repository.toLowerCase()))
      throw restError(404, 'Not Found', DOCS)
    if (write && this.#readOnly.has(token))
      throw restError(403, 'Resource not accessible by integration', DOCS)
  }

  #asset(release: StoredRelease, a: SeededAsset) {
    const base = `${this.#apiUrl()}/repos/${release.repository}/releases/assets/${a.id}`
    return {
      id: a.id,
      name: a.name,
      size: a.bytes.length,
      digest: a.digest,
      state: 'uploaded',
      content_type: 'application/octet-stream',
      created_at: new Date().toISOString(),
      url: base,
      browser_download_url: `https://github.com/${release.repository}/releases/download/${release.tag}/${a.name}`
    }
  }

  /** Answers a release route; false when the request is none. */
  answer(
    req: IncomingMessage,
    url: URL,
    raw: Buffer,
    call: CallDraft,
    res: ServerResponse
  ): boolean {
    const path = url.pathname.replace(/\/+$/, '')
    const verb = req.method ?? 'GET'
    let m: RegExpExecArray | null
    const send = (status: number, body: unknown) => {
      call.status = status
      sendJson(res, status, body)
    }
    if ((m = /^\/downloads\/assets\/(\d+)$/.exec(path)) && verb === 'GET') {
      const a = this.releases
        .flatMap(r => r.assets)
        .find(x => x.id === Number(m?.[1]))
      if (!a) throw restError(404, 'Not Found', DOCS)
      call.method = 'GET /downloads/assets/{id}'
      call.status = 200
      res.writeHead(200, {
        'content-type': 'application/octet-stream',
        'content-length': a.bytes.length
      })
      res.end(a.bytes)
      return true
    }
    m = /^(\/uploads)?\/repos\/([^/]+)\/([^/]+)\/releases\/(.+)$/.exec(path)
    if (!m) return false
    const [, upload, owner, repo, rest] = m
    const repository = `${decodeURIComponent(owner)}/${decodeURIComponent(repo)}`
    let r: RegExpExecArray | null
    if ((r = /^tags\/(.+)$/.exec(rest)) && verb === 'GET' && !upload) {
      call.method = 'GET /repos/{owner}/{repo}/releases/tags/{tag}'
      this.#authorize(req, repository, false)
      const tag = decodeURIComponent(r[1])
      const release = this.#release(repository, x => x.tag === tag)
      if (!release) throw restError(404, 'Not Found', DOCS)
      send(200, {
        id: release.id,
        tag_name: release.tag,
        html_url: `https://github.com/${release.repository}/releases/tag/${release.tag}`,
        upload_url: `${this.#apiUrl()}/uploads/repos/${release.repository}/releases/${release.id}/assets{?name,label}`
      })
      return true
    }
    if ((r = /^(\d+)\/assets$/.exec(rest))) {
      const release = this.#release(repository, x => x.id === Number(r?.[1]))
      if (upload && verb === 'POST') {
        call.method = 'POST /repos/{owner}/{repo}/releases/{release_id}/assets'
        this.#authorize(req, repository, true)
        if (!release) throw restError(404, 'Not Found', DOCS)
        const name = url.searchParams.get('name') ?? ''
        if (release.assets.some(a => a.name === name))
          throw restError(422, 'Validation Failed', DOCS)
        const a = {
          id: this.#nextId++,
          name,
          bytes: raw,
          digest: `sha256:${createHash('sha256').update(raw).digest('hex')}`
        }
        release.assets.push(a)
        send(201, this.#asset(release, a))
        return true
      }
      if (!upload && verb === 'GET') {
        call.method = 'GET /repos/{owner}/{repo}/releases/{release_id}/assets'
        this.#authorize(req, repository, false)
        if (!release) throw restError(404, 'Not Found', DOCS)
        send(
          200,
          release.assets.map(a => this.#asset(release, a))
        )
        return true
      }
    }
    if ((r = /^assets\/(\d+)$/.exec(rest)) && !upload) {
      const id = Number(r[1])
      const release = this.#release(repository, x =>
        x.assets.some(a => a.id === id)
      )
      const a = release?.assets.find(x => x.id === id)
      if (verb === 'DELETE') {
        call.method = 'DELETE /repos/{owner}/{repo}/releases/assets/{asset_id}'
        this.#authorize(req, repository, true)
        if (!release || !a) throw restError(404, 'Not Found', DOCS)
        release.assets = release.assets.filter(x => x !== a)
        call.status = 204
        res.writeHead(204)
        res.end()
        return true
      }
      if (verb === 'PATCH') {
        call.method = 'PATCH /repos/{owner}/{repo}/releases/assets/{asset_id}'
        this.#authorize(req, repository, true)
        if (!release || !a) throw restError(404, 'Not Found', DOCS)
        const { name } = JSON.parse(raw.toString('utf8')) as { name?: string }
        if (name !== undefined) {
          if (release.assets.some(x => x !== a && x.name === name))
            throw restError(422, 'Validation Failed', DOCS)
          a.name = name
        }
        send(200, this.#asset(release, a))
        return true
      }
      if (verb === 'GET') {
        call.method = 'GET /repos/{owner}/{repo}/releases/assets/{asset_id}'
        this.#authorize(req, repository, false)
        if (!release || !a) throw restError(404, 'Not Found', DOCS)
        if (!/octet-stream/.test(req.headers.accept ?? '')) {
          send(200, this.#asset(release, a))
          return true
        }
        call.status = 302
        res.writeHead(302, {
          location: `${this.#apiUrl()}/downloads/assets/${a.id}`,
          'content-length': 0
        })
        res.end()
        return true
      }
    }
    throw restError(404, 'Not Found', DOCS)
  }
}
