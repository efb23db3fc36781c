// The results service's Twirp API (github.actions.results.api.v1
// .ArtifactService) the library creates, finalizes, lists, signs and
// deletes artifacts through.
import type { IncomingMessage, ServerResponse } from 'node:http'
import type { Blobs } from './blobs.ts'
import type { Failures } from './failures.ts'
import { HttpError, sendJson, type CallDraft } from './http.ts'
import { scopeFromToken } from './runtime-token.ts'
import type { Artifact, ArtifactStore, Run } from './store.ts'

const TWIRP_PREFIX = '/twirp/github.actions.results.api.v1.ArtifactService/'

const twirpCodes: Record<number, string> = {
  400: 'invalid_argument',
  401: 'unauthenticated',
  403: 'permission_denied',
  404: 'not_found',
  409: 'already_exists',
  412: 'failed_precondition',
  429: 'resource_exhausted',
  500: 'internal',
  501: 'unimplemented',
  502: 'unavailable',
  503: 'unavailable',
  504: 'deadline_exceeded'
}

/** A Twirp error answer: the status and `{ code, msg }`. */
export function twirpError(status: number, msg: string): HttpError {
  return new HttpError(status, { code: twirpCodes[status] ?? 'unknown', msg })
}

export class TwirpService {
  readonly #store: ArtifactStore
  readonly #blobs: Blobs
  readonly #failures: Failures

  constructor(store: ArtifactStore, blobs: Blobs, failures: Failures) {
    this.#store = store
    this.#blobs = blobs
    this.#failures = failures
  }

  /** Answers one request, filling in call; throws an HttpError to refuse it. */
  async answer(
    req: IncomingMessage,
    url: URL,
    raw: Buffer,
    call: CallDraft,
    res: ServerResponse
  ): Promise<void> {
    if (req.method !== 'POST' || !url.pathname.startsWith(TWIRP_PREFIX))
      throw twirpError(404, `no handler for path "${url.pathname}"`)
    const method = url.pathname.slice(TWIRP_PREFIX.length)
    call.method = method
    try {
      call.body = raw.length ? JSON.parse(raw.toString()) : {}
    } catch {
      call.body = raw.toString()
    }
    const injected = this.#failures.take(method)
    if (injected !== undefined) {
      call.injected = true
      throw twirpError(injected, `injected failure (${injected})`)
    }
    const auth = /^Bearer\s+(\S+)$/i.exec(req.headers.authorization ?? '')
    if (!auth) throw twirpError(401, 'missing bearer token')
    const scope = scopeFromToken(auth[1])
    if (!scope) throw twirpError(401, 'token has no Actions.Results scope')
    if (typeof call.body !== 'object' || call.body === null)
      throw twirpError(400, 'the request body is not JSON')
    const body = call.body as Record<string, unknown>
    const runBackendId = body.workflow_run_backend_id
    if (runBackendId !== scope.runBackendId)
      throw twirpError(403, 'workflow_run_backend_id does not match the token')
    const run = this.#store.runsByBackendId.get(scope.runBackendId)
    if (!run) throw twirpError(404, 'workflow run not found')

    let answer: unknown
    switch (method) {
      case 'CreateArtifact':
        answer = await this.#createArtifact(run, scope.jobBackendId, body)
        break
      case 'FinalizeArtifact':
        answer = await this.#finalizeArtifact(run, body)
        break
      case 'ListArtifacts':
        answer = this.#listArtifacts(run, body)
        break
      case 'GetSignedArtifactURL':
        answer = {
          signed_url: await this.#blobs.downloadUrl(this.#byRunName(run, body))
        }
        break
      case 'DeleteArtifact': {
        const a = this.#byRunName(run, body)
        this.#store.artifacts.delete(a.id)
        await this.#blobs.blob(a).deleteIfExists()
        answer = { ok: true, artifact_id: String(a.id) }
        break
      }
      default:
        throw twirpError(404, `no handler for method ${method}`)
    }
    call.status = 200
    sendJson(res, 200, answer)
  }

  #requireName(body: Record<string, unknown>): string {
    if (typeof body.name !== 'string' || body.name === '')
      throw twirpError(400, 'name is required')
    return body.name
  }

  /** the finalized, unexpired artifact of this name in the run */
  #byRunName(run: Run, body: Record<string, unknown>): Artifact {
    const name = this.#requireName(body)
    for (const a of this.#store.artifacts.values())
      if (
        a.run === run &&
        a.finalized &&
        a.name === name &&
        !this.#store.isExpired(a)
      )
        return a
    throw twirpError(404, 'artifact not found')
  }

  async #createArtifact(
    run: Run,
    tokenJobBackendId: string,
    body: Record<string, unknown>
  ): Promise<unknown> {
    const name = this.#requireName(body)
    const jobBackendId =
      typeof body.workflow_job_run_backend_id === 'string'
        ? body.workflow_job_run_backend_id
        : tokenJobBackendId
    for (const a of this.#store.artifacts.values()) {
      if (a.run !== run || a.name !== name) continue
      if (a.finalized)
        throw twirpError(
          409,
          'an artifact with this name already exists on the workflow run'
        )
      // an unfinished attempt (say, a retried upload) is replaced
      this.#store.artifacts.delete(a.id)
    }
    const jobId =
      [...run.jobs].find(([, id]) => id === jobBackendId)?.[0] ?? jobBackendId
    const createdAt = this.#store.createdAt()
    const expiresAt =
      typeof body.expires_at === 'string'
        ? new Date(body.expires_at)
        : this.#store.defaultExpiry(createdAt)
    const a: Artifact = {
      id: this.#store.nextId(),
      name,
      run,
      jobId,
      jobBackendId,
      size: 0,
      digest: undefined,
      mimeType:
        typeof body.mime_type === 'string' ? body.mime_type : 'application/zip',
      createdAt,
      expiresAt,
      forcedExpired: false,
      finalized: false,
      blobName: ''
    }
    a.blobName = `${run.backendId}/${a.id}/${name}`
    this.#store.artifacts.set(a.id, a)
    return { ok: true, signed_upload_url: await this.#blobs.uploadUrl(a) }
  }

  async #finalizeArtifact(
    run: Run,
    body: Record<string, unknown>
  ): Promise<unknown> {
    const name = this.#requireName(body)
    const a = [...this.#store.artifacts.values()].find(
      x => x.run === run && x.name === name && !x.finalized
    )
    if (!a) throw twirpError(404, 'artifact not found or already finalized')
    if (!(await this.#blobs.blob(a).exists()))
      throw twirpError(400, 'no content was uploaded for the artifact')
    a.size = Number(body.size ?? 0)
    a.digest = typeof body.hash === 'string' ? body.hash : undefined
    a.finalized = true
    return { ok: true, artifact_id: String(a.id) }
  }

  #listArtifacts(run: Run, body: Record<string, unknown>): unknown {
    const nameFilter =
      typeof body.name_filter === 'string' ? body.name_filter : undefined
    const idFilter =
      typeof body.id_filter === 'string' || typeof body.id_filter === 'number'
        ? Number(body.id_filter)
        : undefined
    const found = [...this.#store.artifacts.values()].filter(
      a =>
        a.run === run &&
        a.finalized &&
        !this.#store.isExpired(a) &&
        (nameFilter === undefined || a.name === nameFilter) &&
        (idFilter === undefined || a.id === idFilter)
    )
    return {
      artifacts: found.map(a => ({
        workflow_run_backend_id: run.backendId,
        workflow_job_run_backend_id: a.jobBackendId,
        database_id: String(a.id),
        name: a.name,
        size: String(a.size),
        created_at: a.createdAt.toISOString(),
        ...(a.digest ? { digest: a.digest } : {})
      }))
    }
  }
}
