// A local stand-in for GitHub's artifact services (Azurite blobs, the Twirp
// results service and the REST routes) so the real @actions/artifact can run.
import { spawn, type ChildProcess } from 'node:child_process'
import { createHash, randomBytes, randomUUID } from 'node:crypto'
import { mkdtemp, rm } from 'node:fs/promises'
import {
  createServer,
  get as httpGet,
  STATUS_CODES,
  type IncomingMessage,
  type Server,
  type ServerResponse
} from 'node:http'
import type { AddressInfo } from 'node:net'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import {
  BlobSASPermissions,
  BlobServiceClient,
  StorageSharedKeyCredential,
  type BlockBlobClient,
  type ContainerClient
} from '@azure/storage-blob'

/** Azurite's well-known development account and its published key. */
export const AZURITE_ACCOUNT = 'devstoreaccount1'
export const AZURITE_KEY =
  'Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw=='

/**
 * What `env()` puts in GITHUB_SERVER_URL. The library throws
 * GHESNotSupportedError for any host other than github.com, *.ghe.com or
 * *.localhost, and nothing ever connects to it: it only prefixes artifact
 * URLs, `{server}/{owner}/{repo}/actions/runs/{run_id}/artifacts/{id}`.
 */
export const SERVER_URL = 'https://github.com'

const TWIRP_PREFIX = '/twirp/github.actions.results.api.v1.ArtifactService/'
const DOCS = 'https://docs.github.com/rest/actions/artifacts'

/** The results service's Twirp methods, as named in its URL path. */
export type TwirpMethod =
  | 'CreateArtifact'
  | 'FinalizeArtifact'
  | 'ListArtifacts'
  | 'GetSignedArtifactURL'
  | 'DeleteArtifact'

/** The REST routes served, spelled as Octokit route templates. */
export type RestRoute =
  | 'GET /repos/{owner}/{repo}/actions/runs/{run_id}/artifacts'
  | 'GET /repos/{owner}/{repo}/actions/artifacts'
  | 'GET /repos/{owner}/{repo}/actions/artifacts/{artifact_id}'
  | 'GET /repos/{owner}/{repo}/actions/artifacts/{artifact_id}/{archive_format}'
  | 'DELETE /repos/{owner}/{repo}/actions/artifacts/{artifact_id}'

export type BackendMethod = TwirpMethod | RestRoute

/** One request either server answered, in arrival order. */
export interface BackendCall {
  /** `results` is the Twirp server, `api` the REST server */
  readonly service: 'results' | 'api'
  /** a `BackendMethod`, or `METHOD /path` when no method or route matched */
  readonly method: string
  /** the URL path without the query */
  readonly path: string
  readonly query: Readonly<Record<string, string>>
  /** the status sent back */
  readonly status: number
  /** true when `failNext` produced the answer */
  readonly injected: boolean
  /** a Twirp call's parsed JSON request body */
  readonly body?: unknown
  readonly at: Date
}

/** A stored artifact (a snapshot; later changes do not show in it). */
export interface ArtifactRecord {
  /** the database id the library and the REST API call `id` */
  readonly id: number
  readonly name: string
  /** `owner/repo` */
  readonly repository: string
  readonly runId: number
  readonly jobId: string
  readonly runBackendId: string
  readonly jobBackendId: string
  /** bytes, as reported by FinalizeArtifact */
  readonly size: number
  /** `sha256:<hex>` from FinalizeArtifact; undefined until finalized */
  readonly digest: string | undefined
  /** the mime type CreateArtifact named; the blob's Content-Type */
  readonly mimeType: string
  readonly createdAt: Date
  readonly expiresAt: Date
  /** past `expiresAt`, or marked by `expire()` */
  readonly expired: boolean
  /** false between CreateArtifact and FinalizeArtifact */
  readonly finalized: boolean
  readonly headBranch: string
  readonly headSha: string
  /** the blob's name inside `backend.container` */
  readonly blobName: string
}

/**
 * Picks one artifact: its id, or its name (the newest finalized one of that
 * name in any run), or a name within one run.
 */
export type ArtifactRef =
  | number
  | string
  | {
      readonly name: string
      readonly runId: number
      readonly repository?: string
    }

export interface ArtifactBackendOptions {
  /**
   * REST tokens (`Authorization: token …` or `Bearer …`) and the
   * `owner/repo` names each may read (and delete artifacts in).
   * Any other token gets 401 Bad credentials. Default: none.
   */
  tokens?: Readonly<Record<string, readonly string[]>>
  /** retention when CreateArtifact sends no expires_at; default 90 days */
  retentionDays?: number
  /** how long to wait for Azurite to listen; default 30 s */
  startTimeoutMs?: number
}

/** Which step the environment is for. */
export interface StepEnvOptions {
  /** `owner/repo` */
  repository: string
  /** GITHUB_RUN_ID; runs are keyed by (repository, runId) */
  runId: number
  /** the job within the run; a different job gets a different backend id. Default `job` */
  jobId?: string | number
  /** GITHUB_RUN_ATTEMPT; default 1 */
  runAttempt?: number
  /** sets GITHUB_WORKSPACE, the library's default download directory */
  workspace?: string
  /** the run's head branch, kept from the first call for a run; default `main` */
  headBranch?: string
  /** the run's head commit, kept from the first call for a run; default random */
  headSha?: string
}

export interface SeedArtifactOptions {
  /** `owner/repo` */
  repository: string
  runId: number
  name: string
  /** the blob's bytes, stored as given */
  content: string | Uint8Array
  /** default `application/zip`, as for a zipped upload */
  mimeType?: string
  jobId?: string | number
  /** default now (always later than any earlier artifact) */
  createdAt?: Date
  /** default createdAt + retention */
  expiresAt?: Date
  /** mark it expired regardless of expiresAt */
  expired?: boolean
  headBranch?: string
  headSha?: string
}

/** What a person following the download link receives. */
export interface BlobDownload {
  readonly bytes: Buffer
  readonly contentType: string
  readonly contentDisposition: string
  /** the file name Content-Disposition gives */
  readonly fileName: string | undefined
  /** the signed URL that was fetched */
  readonly url: string
}

export interface ArtifactBackend {
  /** ACTIONS_RESULTS_URL's value: the Twirp server, ending in `/` */
  readonly resultsUrl: string
  /** GITHUB_API_URL's value: the REST server */
  readonly apiUrl: string
  /** Azurite's account URL, `http://127.0.0.1:PORT/devstoreaccount1` */
  readonly blobUrl: string
  /** the Azurite container all artifact blobs live in */
  readonly container: string
  /** every request so far, oldest first (a live view; do not modify) */
  readonly calls: readonly BackendCall[]
  /** empties `calls` */
  resetCalls(): void
  /**
   * The environment a step's process needs: ACTIONS_RUNTIME_TOKEN (an
   * unsigned JWT whose scp has `Actions.Results:<run>:<job>`),
   * ACTIONS_RESULTS_URL, GITHUB_API_URL, GITHUB_SERVER_URL (`SERVER_URL`),
   * GITHUB_REPOSITORY, GITHUB_REPOSITORY_OWNER, GITHUB_RUN_ID,
   * GITHUB_RUN_ATTEMPT and, when `workspace` is given, GITHUB_WORKSPACE.
   * Registers the run and job on first use.
   */
  env(options: StepEnvOptions): Record<string, string>
  /** `{SERVER_URL}/{owner}/{repo}/actions/runs/{run_id}/artifacts/{id}` */
  artifactUrl(ref: ArtifactRef): string
  /** stores a finalized artifact directly, as if another run had uploaded it */
  seedArtifact(options: SeedArtifactOptions): Promise<ArtifactRecord>
  /** the artifact, or undefined (finalized ones only when given a name) */
  get(ref: ArtifactRef): ArtifactRecord | undefined
  /** all stored artifacts (pending ones too), oldest first */
  artifacts(): ArtifactRecord[]
  /** marks an artifact expired: REST shows `expired: true`, Twirp hides it */
  expire(ref: ArtifactRef): ArtifactRecord
  /**
   * Rewrites the stored blob, keeping the recorded digest, so a digest check
   * fails. Default change: the last byte inverted.
   */
  tamper(ref: ArtifactRef, change?: (bytes: Buffer) => Buffer): Promise<void>
  /** fetches the blob through the same kind of signed URL a download gets */
  readBlob(ref: ArtifactRef): Promise<BlobDownload>
  /**
   * Makes the next `times` calls of a Twirp method or REST route answer
   * `status` (with the service's error body) before doing anything.
   */
  failNext(method: BackendMethod, status: number, times?: number): void
  /** closes the Twirp server only (open connections too); REST and blobs stay */
  stopResults(): Promise<void>
  /** reopens the Twirp server on its old port */
  startResults(): Promise<void>
  /** stops all servers and Azurite and removes temp files; idempotent */
  stop(): Promise<void>
}

interface Run {
  repository: string
  runId: number
  backendId: string
  attempt: number
  headBranch: string
  headSha: string
  /** jobId → backend id */
  jobs: Map<string, string>
}

interface Artifact {
  id: number
  name: string
  run: Run
  jobId: string
  jobBackendId: string
  size: number
  digest: string | undefined
  mimeType: string
  createdAt: Date
  expiresAt: Date
  forcedExpired: boolean
  finalized: boolean
  blobName: string
}

class HttpError extends Error {
  status: number
  body: unknown
  constructor(status: number, body: unknown) {
    super(`HTTP ${status}`)
    this.status = status
    this.body = body
  }
}

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

function twirpError(status: number, msg: string): HttpError {
  return new HttpError(status, { code: twirpCodes[status] ?? 'unknown', msg })
}

function restError(status: number, message: string, doc: string): HttpError {
  return new HttpError(status, {
    message,
    documentation_url: doc,
    status: String(status)
  })
}

/** RFC 3339 without milliseconds, as the REST API writes times. */
function restTime(date: Date): string {
  return date.toISOString().replace(/\.\d{3}Z$/, 'Z')
}

function base64url(value: unknown): string {
  return Buffer.from(JSON.stringify(value)).toString('base64url')
}

/** Reads the `Actions.Results:<run>:<job>` scope from a runtime token. */
function scopeFromToken(
  token: string
): { runBackendId: string; jobBackendId: string } | undefined {
  try {
    const payload = JSON.parse(
      Buffer.from(token.split('.')[1] ?? '', 'base64url').toString()
    ) as { scp?: unknown }
    if (typeof payload.scp !== 'string') return undefined
    for (const scope of payload.scp.split(' ')) {
      const parts = scope.split(':')
      if (parts[0] === 'Actions.Results' && parts.length === 3)
        return { runBackendId: parts[1], jobBackendId: parts[2] }
    }
  } catch {
    // not a JWT: treated like a missing scope
  }
  return undefined
}

function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolvePromise, reject) => {
    const chunks: Buffer[] = []
    req.on('data', (chunk: Buffer) => chunks.push(chunk))
    req.on('end', () => resolvePromise(Buffer.concat(chunks)))
    req.on('error', reject)
  })
}

function sendJson(
  res: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {}
): void {
  const text = JSON.stringify(body)
  res.writeHead(status, {
    'content-type': 'application/json; charset=utf-8',
    'content-length': Buffer.byteLength(text),
    ...headers
  })
  res.end(text)
}

function listen(server: Server, port = 0): Promise<number> {
  return new Promise((resolvePromise, reject) => {
    server.once('error', reject)
    server.listen(port, '127.0.0.1', () => {
      server.off('error', reject)
      resolvePromise((server.address() as AddressInfo).port)
    })
  })
}

function close(server: Server): Promise<void> {
  return new Promise(resolvePromise => {
    if (!server.listening) return resolvePromise()
    server.close(() => resolvePromise())
    server.closeAllConnections()
  })
}

function fetchUrl(url: string): Promise<{
  status: number
  headers: IncomingMessage['headers']
  body: Buffer
}> {
  return new Promise((resolvePromise, reject) => {
    httpGet(url, { agent: false }, res => {
      readBody(res).then(
        body =>
          resolvePromise({
            status: res.statusCode ?? 0,
            headers: res.headers,
            body
          }),
        reject
      )
    }).on('error', reject)
  })
}

const azuriteMain = resolve(
  import.meta.dirname,
  '../node_modules/azurite/dist/src/blob/main.js'
)

// Azurite never exits on its own when its parent dies; this preload makes it
// exit when the stdin pipe from the test process closes.
const exitWithParent =
  'data:text/javascript,process.stdin.on("end",()=>process.exit(0)).resume()'

async function startAzurite(
  cwd: string,
  timeoutMs: number
): Promise<{ child: ChildProcess; port: number }> {
  const child = spawn(
    process.execPath,
    [
      '--import',
      exitWithParent,
      azuriteMain,
      '--blobHost',
      '127.0.0.1',
      '--blobPort',
      '0',
      '--inMemoryPersistence',
      '--disableTelemetry',
      '--silent',
      '--skipApiVersionCheck'
    ],
    // --location conflicts with --inMemoryPersistence; cwd is the location
    { cwd, stdio: ['pipe', 'pipe', 'pipe'] }
  )
  let output = ''
  const port = await new Promise<number>((resolvePromise, reject) => {
    const timer = setTimeout(() => {
      fail(new Error(`Azurite did not start in ${timeoutMs} ms:\n${output}`))
    }, timeoutMs)
    const onData = (chunk: Buffer) => {
      output += chunk.toString()
      // --silent only hides the access log; this line is always printed
      const match = /successfully listens on http:\/\/127\.0\.0\.1:(\d+)/.exec(
        output
      )
      if (match) {
        cleanup()
        resolvePromise(Number(match[1]))
      }
    }
    const onExit = (code: number | null) =>
      fail(new Error(`Azurite exited (${code}) before listening:\n${output}`))
    const fail = (error: Error) => {
      cleanup()
      child.kill('SIGKILL')
      reject(error)
    }
    const cleanup = () => {
      clearTimeout(timer)
      child.stdout.off('data', onData)
      child.stderr.off('data', onData)
      child.off('exit', onExit)
      child.off('error', fail)
    }
    child.stdout.on('data', onData)
    child.stderr.on('data', onData)
    child.once('exit', onExit)
    child.once('error', fail)
  })
  // keep draining its output so it never blocks on a full pipe
  child.stdout.resume()
  child.stderr.resume()
  return { child, port }
}

function stopChild(child: ChildProcess): Promise<void> {
  return new Promise(resolvePromise => {
    if (child.exitCode !== null || child.signalCode !== null)
      return resolvePromise()
    const timer = setTimeout(() => child.kill('SIGKILL'), 5000)
    child.once('exit', () => {
      clearTimeout(timer)
      resolvePromise()
    })
    // the preload exits on end of stdin; its data is in memory anyway
    child.stdin?.end()
  })
}

class Backend implements ArtifactBackend {
  resultsUrl = ''
  apiUrl = ''
  blobUrl = ''
  readonly container = 'artifacts'
  calls: BackendCall[] = []

  private tempDir = ''
  private azurite: ChildProcess | undefined
  private containerClient: ContainerClient | undefined
  private resultsServer: Server
  private apiServer: Server
  private resultsPort = 0
  private stopped = false
  private tokens: ReadonlyMap<string, ReadonlySet<string>>
  private retentionDays: number
  private runs = new Map<string, Run>()
  private runsByBackendId = new Map<string, Run>()
  private store = new Map<number, Artifact>()
  private nextId = 1001
  private lastCreated = 0
  private failures = new Map<string, { status: number; remaining: number }[]>()

  constructor(options: ArtifactBackendOptions) {
    this.tokens = new Map(
      Object.entries(options.tokens ?? {}).map(([token, repos]) => [
        token,
        new Set(repos.map(r => r.toLowerCase()))
      ])
    )
    this.retentionDays = options.retentionDays ?? 90
    this.resultsServer = createServer((req, res) => {
      void this.handle('results', req, res)
    })
    this.apiServer = createServer((req, res) => {
      void this.handle('api', req, res)
    })
  }

  async start(startTimeoutMs: number): Promise<void> {
    this.tempDir = await mkdtemp(join(tmpdir(), 'pg-dumper-artifacts-'))
    const { child, port } = await startAzurite(this.tempDir, startTimeoutMs)
    this.azurite = child
    this.blobUrl = `http://127.0.0.1:${port}/${AZURITE_ACCOUNT}`
    const service = new BlobServiceClient(
      this.blobUrl,
      new StorageSharedKeyCredential(AZURITE_ACCOUNT, AZURITE_KEY)
    )
    this.containerClient = service.getContainerClient(this.container)
    await this.containerClient.createIfNotExists()
    this.resultsPort = await listen(this.resultsServer)
    this.resultsUrl = `http://127.0.0.1:${this.resultsPort}/`
    this.apiUrl = `http://127.0.0.1:${await listen(this.apiServer)}`
  }

  resetCalls(): void {
    this.calls.length = 0
  }

  env(options: StepEnvOptions): Record<string, string> {
    const run = this.runFor(options)
    const jobId = String(options.jobId ?? 'job')
    const jobBackendId = this.jobBackendId(run, jobId)
    const now = Math.floor(Date.now() / 1000)
    const token = [
      base64url({ typ: 'JWT', alg: 'none' }),
      base64url({
        iss: 'https://token.actions.githubusercontent.com',
        aud: 'vso:local',
        nbf: now - 60,
        iat: now - 60,
        exp: now + 6 * 3600,
        scp: [
          `Actions.GenericRead:${randomUUID()}`,
          `Actions.Results:${run.backendId}:${jobBackendId}`,
          `Actions.UploadArtifacts:${randomUUID()}:${jobBackendId}`
        ].join(' ')
      }),
      ''
    ].join('.')
    const env: Record<string, string> = {
      ACTIONS_RUNTIME_TOKEN: token,
      ACTIONS_RESULTS_URL: this.resultsUrl,
      GITHUB_API_URL: this.apiUrl,
      GITHUB_SERVER_URL: SERVER_URL,
      GITHUB_REPOSITORY: run.repository,
      GITHUB_REPOSITORY_OWNER: run.repository.split('/')[0],
      GITHUB_RUN_ID: String(run.runId),
      GITHUB_RUN_ATTEMPT: String(options.runAttempt ?? run.attempt)
    }
    if (options.workspace !== undefined)
      env.GITHUB_WORKSPACE = options.workspace
    return env
  }

  artifactUrl(ref: ArtifactRef): string {
    const a = this.find(ref)
    return `${SERVER_URL}/${a.run.repository}/actions/runs/${a.run.runId}/artifacts/${a.id}`
  }

  async seedArtifact(options: SeedArtifactOptions): Promise<ArtifactRecord> {
    const run = this.runFor(options)
    const jobId = String(options.jobId ?? 'seed')
    const bytes = Buffer.from(options.content)
    const createdAt = this.createdAt(options.createdAt)
    const a: Artifact = {
      id: this.nextId++,
      name: options.name,
      run,
      jobId,
      jobBackendId: this.jobBackendId(run, jobId),
      size: bytes.length,
      digest: `sha256:${createHash('sha256').update(bytes).digest('hex')}`,
      mimeType: options.mimeType ?? 'application/zip',
      createdAt,
      expiresAt:
        options.expiresAt ??
        new Date(createdAt.getTime() + this.retentionDays * 86_400_000),
      forcedExpired: options.expired ?? false,
      finalized: true,
      blobName: ''
    }
    a.blobName = `${run.backendId}/${a.id}/${a.name}`
    await this.blob(a).upload(bytes, bytes.length, {
      blobHTTPHeaders: { blobContentType: a.mimeType }
    })
    this.store.set(a.id, a)
    return this.record(a)
  }

  get(ref: ArtifactRef): ArtifactRecord | undefined {
    const a = this.lookup(ref)
    return a && this.record(a)
  }

  artifacts(): ArtifactRecord[] {
    return [...this.store.values()].map(a => this.record(a))
  }

  expire(ref: ArtifactRef): ArtifactRecord {
    const a = this.find(ref)
    a.forcedExpired = true
    return this.record(a)
  }

  async tamper(
    ref: ArtifactRef,
    change: (bytes: Buffer) => Buffer = bytes => {
      const copy = Buffer.from(bytes)
      if (copy.length === 0) return Buffer.from([0])
      copy[copy.length - 1] ^= 0xff
      return copy
    }
  ): Promise<void> {
    const a = this.find(ref)
    const blob = this.blob(a)
    const changed = change(await blob.downloadToBuffer())
    await blob.upload(changed, changed.length, {
      blobHTTPHeaders: { blobContentType: a.mimeType }
    })
  }

  async readBlob(ref: ArtifactRef): Promise<BlobDownload> {
    const url = await this.downloadUrl(this.find(ref))
    const { status, headers, body } = await fetchUrl(url)
    if (status !== 200)
      throw new Error(`blob download answered ${status}: ${body.toString()}`)
    const contentDisposition = headers['content-disposition'] ?? ''
    const star = /filename\*\s*=\s*UTF-8''([^;]*)/i.exec(contentDisposition)
    const plain = /filename\s*=\s*"([^"]*)"/i.exec(contentDisposition)
    return {
      bytes: body,
      contentType: headers['content-type'] ?? '',
      contentDisposition,
      fileName: star ? decodeURIComponent(star[1]) : plain?.[1],
      url
    }
  }

  failNext(method: BackendMethod, status: number, times = 1): void {
    const queue = this.failures.get(method) ?? []
    queue.push({ status, remaining: times })
    this.failures.set(method, queue)
  }

  stopResults(): Promise<void> {
    return close(this.resultsServer)
  }

  async startResults(): Promise<void> {
    if (!this.resultsServer.listening)
      await listen(this.resultsServer, this.resultsPort)
  }

  async stop(): Promise<void> {
    if (this.stopped) return
    this.stopped = true
    await Promise.all([close(this.resultsServer), close(this.apiServer)])
    if (this.azurite) await stopChild(this.azurite)
    if (this.tempDir) await rm(this.tempDir, { recursive: true, force: true })
  }

  // ---- internals ----

  private runFor(options: {
    repository: string
    runId: number
    runAttempt?: number
    headBranch?: string
    headSha?: string
  }): Run {
    if (!/^[^/\s]+\/[^/\s]+$/.test(options.repository))
      throw new Error(`repository must be owner/repo: ${options.repository}`)
    const key = `${options.repository.toLowerCase()}#${options.runId}`
    let run = this.runs.get(key)
    if (!run) {
      run = {
        repository: options.repository,
        runId: options.runId,
        backendId: randomUUID(),
        attempt: options.runAttempt ?? 1,
        headBranch: options.headBranch ?? 'main',
        headSha: options.headSha ?? randomBytes(20).toString('hex'),
        jobs: new Map()
      }
      this.runs.set(key, run)
      this.runsByBackendId.set(run.backendId, run)
    }
    return run
  }

  private jobBackendId(run: Run, jobId: string): string {
    let id = run.jobs.get(jobId)
    if (!id) {
      id = randomUUID()
      run.jobs.set(jobId, id)
    }
    return id
  }

  /** a creation time later than every earlier one, so newest-first is stable */
  private createdAt(requested?: Date): Date {
    if (requested) return new Date(requested)
    this.lastCreated = Math.max(Date.now(), this.lastCreated + 1)
    return new Date(this.lastCreated)
  }

  private record(a: Artifact): ArtifactRecord {
    return {
      id: a.id,
      name: a.name,
      repository: a.run.repository,
      runId: a.run.runId,
      jobId: a.jobId,
      runBackendId: a.run.backendId,
      jobBackendId: a.jobBackendId,
      size: a.size,
      digest: a.digest,
      mimeType: a.mimeType,
      createdAt: new Date(a.createdAt),
      expiresAt: new Date(a.expiresAt),
      expired: this.isExpired(a),
      finalized: a.finalized,
      headBranch: a.run.headBranch,
      headSha: a.run.headSha,
      blobName: a.blobName
    }
  }

  private isExpired(a: Artifact): boolean {
    return a.forcedExpired || a.expiresAt.getTime() <= Date.now()
  }

  /** newest first: by creation time, then id */
  private newestFirst(list: Artifact[]): Artifact[] {
    return list.sort(
      (x, y) => y.createdAt.getTime() - x.createdAt.getTime() || y.id - x.id
    )
  }

  private lookup(ref: ArtifactRef): Artifact | undefined {
    if (typeof ref === 'number') return this.store.get(ref)
    const name = typeof ref === 'string' ? ref : ref.name
    const candidates = [...this.store.values()].filter(
      a =>
        a.finalized &&
        a.name === name &&
        (typeof ref === 'string' ||
          (a.run.runId === ref.runId &&
            (ref.repository === undefined ||
              a.run.repository.toLowerCase() === ref.repository.toLowerCase())))
    )
    return this.newestFirst(candidates)[0]
  }

  private find(ref: ArtifactRef): Artifact {
    const a = this.lookup(ref)
    if (!a) throw new Error(`no artifact ${JSON.stringify(ref)}`)
    return a
  }

  private blob(a: Artifact): BlockBlobClient {
    if (!this.containerClient) throw new Error('backend not started')
    return this.containerClient.getBlockBlobClient(a.blobName)
  }

  private uploadUrl(a: Artifact): Promise<string> {
    return this.blob(a).generateSasUrl({
      permissions: BlobSASPermissions.parse('cw'),
      expiresOn: new Date(Date.now() + 3600_000)
    })
  }

  /**
   * A read URL whose response names the file: the library saves an
   * unarchived artifact under Content-Disposition's file name (else
   * `artifact`), so the SAS overrides it (rscd) like GitHub's does.
   */
  private downloadUrl(a: Artifact): Promise<string> {
    const fileName = a.mimeType === 'application/zip' ? `${a.name}.zip` : a.name
    const ascii = fileName.replace(/[^\x20-\x7e]|["\\]/g, '_')
    return this.blob(a).generateSasUrl({
      permissions: BlobSASPermissions.parse('r'),
      expiresOn: new Date(Date.now() + 3600_000),
      contentDisposition: `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(fileName)}`
    })
  }

  private takeFailure(method: string): number | undefined {
    const queue = this.failures.get(method)
    const next = queue?.[0]
    if (!queue || !next) return undefined
    if (--next.remaining <= 0) queue.shift()
    return next.status
  }

  private async handle(
    service: 'results' | 'api',
    req: IncomingMessage,
    res: ServerResponse
  ): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1')
    const call = {
      service,
      method: `${req.method} ${url.pathname}`,
      path: url.pathname,
      query: Object.fromEntries(url.searchParams),
      status: 0,
      injected: false,
      body: undefined as unknown,
      at: new Date()
    }
    try {
      const raw = await readBody(req)
      if (service === 'results') await this.twirp(req, url, raw, call, res)
      else await this.rest(req, url, call, res)
    } catch (error) {
      const e =
        error instanceof HttpError
          ? error
          : service === 'results'
            ? twirpError(500, String(error))
            : restError(500, 'Server Error', 'https://docs.github.com/rest')
      call.status = e.status
      if (!res.headersSent) sendJson(res, e.status, e.body)
      else res.destroy()
    }
    this.calls.push({ ...call, status: call.status || res.statusCode })
  }

  // ---- Twirp results service ----

  private async twirp(
    req: IncomingMessage,
    url: URL,
    raw: Buffer,
    call: { method: string; status: number; injected: boolean; body: unknown },
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
    const injected = this.takeFailure(method)
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
    const run = this.runsByBackendId.get(scope.runBackendId)
    if (!run) throw twirpError(404, 'workflow run not found')

    let answer: unknown
    switch (method) {
      case 'CreateArtifact':
        answer = await this.createArtifact(run, scope.jobBackendId, body)
        break
      case 'FinalizeArtifact':
        answer = await this.finalizeArtifact(run, body)
        break
      case 'ListArtifacts':
        answer = this.listArtifacts(run, body)
        break
      case 'GetSignedArtifactURL':
        answer = {
          signed_url: await this.downloadUrl(this.byRunName(run, body))
        }
        break
      case 'DeleteArtifact': {
        const a = this.byRunName(run, body)
        this.store.delete(a.id)
        await this.blob(a).deleteIfExists()
        answer = { ok: true, artifact_id: String(a.id) }
        break
      }
      default:
        throw twirpError(404, `no handler for method ${method}`)
    }
    call.status = 200
    sendJson(res, 200, answer)
  }

  private requireName(body: Record<string, unknown>): string {
    if (typeof body.name !== 'string' || body.name === '')
      throw twirpError(400, 'name is required')
    return body.name
  }

  /** the finalized, unexpired artifact of this name in the run */
  private byRunName(run: Run, body: Record<string, unknown>): Artifact {
    const name = this.requireName(body)
    for (const a of this.store.values())
      if (a.run === run && a.finalized && a.name === name && !this.isExpired(a))
        return a
    throw twirpError(404, 'artifact not found')
  }

  private async createArtifact(
    run: Run,
    tokenJobBackendId: string,
    body: Record<string, unknown>
  ): Promise<unknown> {
    const name = this.requireName(body)
    const jobBackendId =
      typeof body.workflow_job_run_backend_id === 'string'
        ? body.workflow_job_run_backend_id
        : tokenJobBackendId
    for (const a of this.store.values()) {
      if (a.run !== run || a.name !== name) continue
      if (a.finalized)
        throw twirpError(
          409,
          'an artifact with this name already exists on the workflow run'
        )
      // an unfinished attempt (say, a retried upload) is replaced
      this.store.delete(a.id)
    }
    const jobId =
      [...run.jobs].find(([, id]) => id === jobBackendId)?.[0] ?? jobBackendId
    const createdAt = this.createdAt()
    const expiresAt =
      typeof body.expires_at === 'string'
        ? new Date(body.expires_at)
        : new Date(createdAt.getTime() + this.retentionDays * 86_400_000)
    const a: Artifact = {
      id: this.nextId++,
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
    this.store.set(a.id, a)
    return { ok: true, signed_upload_url: await this.uploadUrl(a) }
  }

  private async finalizeArtifact(
    run: Run,
    body: Record<string, unknown>
  ): Promise<unknown> {
    const name = this.requireName(body)
    const a = [...this.store.values()].find(
      x => x.run === run && x.name === name && !x.finalized
    )
    if (!a) throw twirpError(404, 'artifact not found or already finalized')
    if (!(await this.blob(a).exists()))
      throw twirpError(400, 'no content was uploaded for the artifact')
    a.size = Number(body.size ?? 0)
    a.digest = typeof body.hash === 'string' ? body.hash : undefined
    a.finalized = true
    return { ok: true, artifact_id: String(a.id) }
  }

  private listArtifacts(run: Run, body: Record<string, unknown>): unknown {
    const nameFilter =
      typeof body.name_filter === 'string' ? body.name_filter : undefined
    const idFilter =
      typeof body.id_filter === 'string' || typeof body.id_filter === 'number'
        ? Number(body.id_filter)
        : undefined
    const found = [...this.store.values()].filter(
      a =>
        a.run === run &&
        a.finalized &&
        !this.isExpired(a) &&
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

  // ---- REST API ----

  private async rest(
    req: IncomingMessage,
    url: URL,
    call: { method: string; status: number; injected: boolean },
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
    const injected = this.takeFailure(route)
    if (injected !== undefined) {
      call.injected = true
      throw restError(injected, STATUS_CODES[injected] ?? 'Error', doc)
    }
    const repository = `${params[0]}/${params[1]}`
    this.authorize(req, repository, doc)
    const inRepo = [...this.store.values()].filter(
      a =>
        a.finalized &&
        a.run.repository.toLowerCase() === repository.toLowerCase()
    )
    const requestId = randomBytes(8).toString('hex').toUpperCase()
    const headers = { 'x-github-request-id': requestId }

    switch (route) {
      case 'GET /repos/{owner}/{repo}/actions/runs/{run_id}/artifacts': {
        const runId = Number(params[2])
        const run = this.runs.get(`${repository.toLowerCase()}#${runId}`)
        if (!run) throw restError(404, 'Not Found', doc)
        const list = inRepo.filter(a => a.run === run)
        call.status = 200
        sendJson(res, 200, this.page(list, url), headers)
        return
      }
      case 'GET /repos/{owner}/{repo}/actions/artifacts':
        call.status = 200
        sendJson(res, 200, this.page(inRepo, url), headers)
        return
      default:
        break
    }
    const a = inRepo.find(x => x.id === Number(params[2]))
    if (!a) throw restError(404, 'Not Found', doc)
    if (route === 'GET /repos/{owner}/{repo}/actions/artifacts/{artifact_id}') {
      call.status = 200
      sendJson(res, 200, this.restArtifact(a), headers)
    } else if (
      route === 'DELETE /repos/{owner}/{repo}/actions/artifacts/{artifact_id}'
    ) {
      this.store.delete(a.id)
      await this.blob(a).deleteIfExists()
      call.status = 204
      res.writeHead(204, headers)
      res.end()
    } else {
      if (params[3] !== 'zip') throw restError(404, 'Not Found', doc)
      if (this.isExpired(a)) throw restError(410, 'Artifact has expired', doc)
      call.status = 302
      // an empty body without a JSON type: Octokit would try to parse it
      res.writeHead(302, {
        ...headers,
        location: await this.downloadUrl(a),
        'content-length': 0
      })
      res.end()
    }
  }

  private authorize(req: IncomingMessage, repository: string, doc: string) {
    const header = req.headers.authorization
    if (!header) throw restError(401, 'Requires authentication', doc)
    const token = /^(?:token|bearer)\s+(\S+)$/i.exec(header)?.[1]
    const repos = token === undefined ? undefined : this.tokens.get(token)
    if (!repos)
      throw restError(401, 'Bad credentials', 'https://docs.github.com/rest')
    if (!repos.has(repository.toLowerCase()))
      throw restError(403, 'Resource not accessible by integration', doc)
    const known = [...this.runs.values()].some(
      r => r.repository.toLowerCase() === repository.toLowerCase()
    )
    if (!known) throw restError(404, 'Not Found', doc)
  }

  private page(list: Artifact[], url: URL): unknown {
    const name = url.searchParams.get('name')
    const matching = this.newestFirst(
      list.filter(a => name === null || a.name === name)
    )
    const perPage = Math.min(
      100,
      Math.max(1, Number(url.searchParams.get('per_page') ?? 30) || 30)
    )
    const page = Math.max(1, Number(url.searchParams.get('page') ?? 1) || 1)
    return {
      total_count: matching.length,
      artifacts: matching
        .slice((page - 1) * perPage, page * perPage)
        .map(a => this.restArtifact(a))
    }
  }

  private restArtifact(a: Artifact): unknown {
    const base = `${this.apiUrl}/repos/${a.run.repository}/actions/artifacts/${a.id}`
    return {
      id: a.id,
      node_id: Buffer.from(`08:Artifact${a.id}`).toString('base64'),
      name: a.name,
      size_in_bytes: a.size,
      url: base,
      archive_download_url: `${base}/zip`,
      expired: this.isExpired(a),
      digest: a.digest ?? null,
      created_at: restTime(a.createdAt),
      updated_at: restTime(a.createdAt),
      expires_at: restTime(a.expiresAt),
      workflow_run: {
        id: a.run.runId,
        repository_id: 1,
        head_repository_id: 1,
        head_branch: a.run.headBranch,
        head_sha: a.run.headSha
      }
    }
  }
}

/**
 * Starts Azurite's blob service, the Twirp results server and the REST API
 * server, all on 127.0.0.1 with free ports. Call `stop()` when done.
 */
export async function startArtifactBackend(
  options: ArtifactBackendOptions = {}
): Promise<ArtifactBackend> {
  const backend = new Backend(options)
  try {
    await backend.start(options.startTimeoutMs ?? 30_000)
  } catch (error) {
    await backend.stop()
    throw error
  }
  return backend
}
