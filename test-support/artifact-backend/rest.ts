// The REST routes of GitHub's artifacts API (list, get, download, delete),
// and a workflow run and a workflow (which runs an artifact may come from),
// with the token checks and error bodies GitHub answers with.
import { randomBytes } from 'node:crypto'
import {
  STATUS_CODES,
  type IncomingMessage,
  type ServerResponse
} from 'node:http'
import type { RestRoute } from './api.ts'
import type { Blobs } from './blobs.ts'
import type { Failures } from './failures.ts'
import { HttpError, sendJson, type CallDraft } from './http.ts'
import { restRun, restTime, restWorkflow } from './runs.ts'
import type { Artifact, ArtifactStore } from './store.ts'

const DOCS = 'https://docs.github.com/rest/actions/artifacts'
const RUN_DOCS = 'https://docs.github.com/rest/actions/workflow-runs'
const WORKFLOW_DOCS = 'https://docs.github.com/rest/actions/workflows'

/** A REST error answer: the status and GitHub's `{ message, documentation_url, status }`. */
export function restError(
  status: number,
  message: string,
  doc: string
): HttpError {
  return new HttpError(status, {
    message,
    documentation_url: doc,
    status: String(status)
  })
}

export class RestService {
  readonly #store: ArtifactStore
  readonly #blobs: Blobs
  readonly #failures: Failures
  /** token → the repositories (lower case) it may read */
  readonly #tokens: ReadonlyMap<string, ReadonlySet<string>>
  /** tokens that may read but not delete */
  readonly #readOnly: ReadonlySet<string>
  /** the REST server's URL, known once it listens */
  readonly #apiUrl: () => string

  constructor(
    store: ArtifactStore,
    blobs: Blobs,
    failures: Failures,
    tokens: ReadonlyMap<string, ReadonlySet<string>>,
    readOnly: ReadonlySet<string>,
    apiUrl: () => string
  ) {
    this.#store = store
    this.#blobs = blobs
    this.#failures = failures
    this.#tokens = tokens
    this.#readOnly = readOnly
    this.#apiUrl = apiUrl
  }

  /** Answers one request, filling in call; throws an HttpError to refuse it. */
  async answer(
    req: IncomingMessage,
    url: URL,
    call: CallDraft,
    res: ServerResponse
  ): Promise<void> {
    const path = url.pathname.replace(/\/+$/, '')
    const verb = req.method ?? 'GET'
    let m: RegExpExecArray | null
    let route: RestRoute | undefined
    let doc = 'https://docs.github.com/rest'
    if (
      (m = /^\/repos\/([^/]+)\/([^/]+)\/actions\/runs\/(\d+)\/artifacts$/.exec(
        path
      )) &&
      verb === 'GET'
    ) {
      route = 'GET /repos/{owner}/{repo}/actions/runs/{run_id}/artifacts'
      doc = `${DOCS}#list-workflow-run-artifacts`
    } else if (
      (m = /^\/repos\/([^/]+)\/([^/]+)\/actions\/runs\/(\d+)$/.exec(path)) &&
      verb === 'GET'
    ) {
      route = 'GET /repos/{owner}/{repo}/actions/runs/{run_id}'
      doc = `${RUN_DOCS}#get-a-workflow-run`
    } else if (
      (m = /^\/repos\/([^/]+)\/([^/]+)\/actions\/workflows\/([^/]+)$/.exec(
        path
      )) &&
      verb === 'GET'
    ) {
      route = 'GET /repos/{owner}/{repo}/actions/workflows/{workflow_id}'
      doc = `${WORKFLOW_DOCS}#get-a-workflow`
    } else if (
      (m = /^\/repos\/([^/]+)\/([^/]+)\/actions\/artifacts$/.exec(path)) &&
      verb === 'GET'
    ) {
      route = 'GET /repos/{owner}/{repo}/actions/artifacts'
      doc = `${DOCS}#list-artifacts-for-a-repository`
    } else if (
      (m = /^\/repos\/([^/]+)\/([^/]+)\/actions\/artifacts\/(\d+)$/.exec(
        path
      )) &&
      (verb === 'GET' || verb === 'DELETE')
    ) {
      route =
        verb === 'GET'
          ? 'GET /repos/{owner}/{repo}/actions/artifacts/{artifact_id}'
          : 'DELETE /repos/{owner}/{repo}/actions/artifacts/{artifact_id}'
      doc = `${DOCS}#${verb === 'GET' ? 'get' : 'delete'}-an-artifact`
    } else if (
      (m =
        /^\/repos\/([^/]+)\/([^/]+)\/actions\/artifacts\/(\d+)\/([^/]+)$/.exec(
          path
        )) &&
      verb === 'GET'
    ) {
      route =
        'GET /repos/{owner}/{repo}/actions/artifacts/{artifact_id}/{archive_format}'
      doc = `${DOCS}#download-an-artifact`
    }
    if (!route || !m) throw restError(404, 'Not Found', doc)
    call.method = route
    const params = m.slice(1).map(decodeURIComponent)
    const injected = this.#failures.take(route)
    if (injected !== undefined) {
      call.injected = true
      throw restError(injected, STATUS_CODES[injected] ?? 'Error', doc)
    }
    const repository = `${params[0]}/${params[1]}`
    const token = this.#authorize(req, repository, doc)
    const inRepo = [...this.#store.artifacts.values()].filter(
      a =>
        a.finalized &&
        a.run.repository.toLowerCase() === repository.toLowerCase()
    )
    const requestId = randomBytes(8).toString('hex').toUpperCase()
    const headers = { 'x-github-request-id': requestId }

    switch (route) {
      case 'GET /repos/{owner}/{repo}/actions/runs/{run_id}/artifacts': {
        const runId = Number(params[2])
        const run = this.#store.findRun(repository, runId)
        if (!run) throw restError(404, 'Not Found', doc)
        const list = inRepo.filter(a => a.run === run)
        call.status = 200
        const { body, link } = this.#page(list, url)
        sendJson(res, 200, body, link ? { ...headers, link } : headers)
        return
      }
      case 'GET /repos/{owner}/{repo}/actions/runs/{run_id}': {
        const run = this.#store.findRun(repository, Number(params[2]))
        if (!run) throw restError(404, 'Not Found', doc)
        call.status = 200
        sendJson(res, 200, restRun(this.#store, run, this.#apiUrl()), headers)
        return
      }
      case 'GET /repos/{owner}/{repo}/actions/workflows/{workflow_id}': {
        const workflow = restWorkflow(
          this.#store,
          repository,
          params[2],
          this.#apiUrl()
        )
        if (!workflow) throw restError(404, 'Not Found', doc)
        call.status = 200
        sendJson(res, 200, workflow, headers)
        return
      }
      case 'GET /repos/{owner}/{repo}/actions/artifacts': {
        call.status = 200
        const { body, link } = this.#page(inRepo, url)
        sendJson(res, 200, body, link ? { ...headers, link } : headers)
        return
      }
      default:
        break
    }
    const a = inRepo.find(x => x.id === Number(params[2]))
    if (!a) throw restError(404, 'Not Found', doc)
    if (route === 'GET /repos/{owner}/{repo}/actions/artifacts/{artifact_id}') {
      call.status = 200
      sendJson(res, 200, this.#restArtifact(a), headers)
    } else if (
      route === 'DELETE /repos/{owner}/{repo}/actions/artifacts/{artifact_id}'
    ) {
      if (this.#readOnly.has(token))
        throw restError(403, 'Resource not accessible by integration', doc)
      this.#store.artifacts.delete(a.id)
      await this.#blobs.blob(a).deleteIfExists()
      call.status = 204
      res.writeHead(204, headers)
      res.end()
    } else {
      if (params[3] !== 'zip') throw restError(404, 'Not Found', doc)
      if (this.#store.isExpired(a))
        throw restError(410, 'Artifact has expired', doc)
      call.status = 302
      // an empty body without a JSON type: Octokit would try to parse it
      res.writeHead(302, {
        ...headers,
        location: await this.#blobs.downloadUrl(a),
        'content-length': 0
      })
      res.end()
    }
  }

  /** Refuses a request the token may not make; returns the token. */
  #authorize(req: IncomingMessage, repository: string, doc: string): string {
    const header = req.headers.authorization
    if (!header) throw restError(401, 'Requires authentication', doc)
    const token = /^(?:token|bearer)\s+(\S+)$/i.exec(header)?.[1]
    const repos = token === undefined ? undefined : this.#tokens.get(token)
    if (!repos)
      throw restError(401, 'Bad credentials', 'https://docs.github.com/rest')
    if (!repos.has(repository.toLowerCase()))
      throw restError(403, 'Resource not accessible by integration', doc)
    const known = [...this.#store.runs.values()].some(
      r => r.repository.toLowerCase() === repository.toLowerCase()
    )
    if (!known) throw restError(404, 'Not Found', doc)
    return token as string
  }

  /**
   * One page of a list, newest first, filtered by `name` when given, with
   * GitHub's `Link` header (`next`, `last`, `first`, `prev`) when there is
   * more than one page.
   */
  #page(list: Artifact[], url: URL): { body: unknown; link?: string } {
    const name = url.searchParams.get('name')
    const matching = this.#store.newestFirst(
      list.filter(a => name === null || a.name === name)
    )
    const perPage = Math.min(
      100,
      Math.max(1, Number(url.searchParams.get('per_page') ?? 30) || 30)
    )
    const page = Math.max(1, Number(url.searchParams.get('page') ?? 1) || 1)
    const last = Math.max(1, Math.ceil(matching.length / perPage))
    const at = (n: number, rel: string) => {
      const target = new URL(`${this.#apiUrl()}${url.pathname}${url.search}`)
      target.searchParams.set('per_page', String(perPage))
      target.searchParams.set('page', String(n))
      return `<${target.href}>; rel="${rel}"`
    }
    const links = [
      ...(page > 1 ? [at(page - 1, 'prev')] : []),
      ...(page < last ? [at(page + 1, 'next'), at(last, 'last')] : []),
      ...(page > 1 ? [at(1, 'first')] : [])
    ]
    return {
      body: {
        total_count: matching.length,
        artifacts: matching
          .slice((page - 1) * perPage, page * perPage)
          .map(a => this.#restArtifact(a))
      },
      link: links.length ? links.join(', ') : undefined
    }
  }

  #restArtifact(a: Artifact): unknown {
    const base = `${this.#apiUrl()}/repos/${a.run.repository}/actions/artifacts/${a.id}`
    return {
      id: a.id,
      node_id: Buffer.from(`08:Artifact${a.id}`).toString('base64'),
      name: a.name,
      size_in_bytes: a.size,
      url: base,
      archive_download_url: `${base}/zip`,
      expired: this.#store.isExpired(a),
      digest: a.digest ?? null,
      created_at: restTime(a.createdAt),
      updated_at: restTime(a.createdAt),
      expires_at: restTime(a.expiresAt),
      workflow_run: {
        id: a.run.runId,
        repository_id: this.#store.repositoryId(a.run.repository),
        head_repository_id: this.#store.repositoryId(a.run.headRepository),
        head_branch: a.run.headBranch,
        head_sha: a.run.headSha
      }
    }
  }
}
