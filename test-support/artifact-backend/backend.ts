// The artifact backend a test starts: Azurite for the blobs, a Twirp results
// server and a REST API server, and what the test may do to them (seed,
// expire, tamper, inject failures, stop the results service).
import { createHash } from 'node:crypto'
import { mkdtemp, rm } from 'node:fs/promises'
import {
  createServer,
  type IncomingMessage,
  type Server,
  type ServerResponse
} from 'node:http'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { ChildProcess } from 'node:child_process'
import {
  SERVER_URL,
  type ArtifactBackend,
  type ArtifactBackendOptions,
  type ArtifactRecord,
  type ArtifactRef,
  type BackendCall,
  type BackendMethod,
  type BlobDownload,
  type SeedArtifactOptions,
  type StepEnvOptions
} from './api.ts'
import { AZURITE_ACCOUNT, startAzurite, stopAzurite } from './azurite.ts'
import { Blobs } from './blobs.ts'
import { Failures } from './failures.ts'
import { close, HttpError, listen, readBody, sendJson } from './http.ts'
import { ReleaseService, type SeededAsset } from './releases.ts'
import { restError, RestService } from './rest.ts'
import { runtimeToken } from './runtime-token.ts'
import { ArtifactStore, type Artifact } from './store.ts'
import { twirpError, TwirpService } from './twirp.ts'

class Backend implements ArtifactBackend {
  resultsUrl = ''
  apiUrl = ''
  blobUrl = ''
  readonly container = 'artifacts'
  calls: BackendCall[] = []

  private tempDir = ''
  private azurite: ChildProcess | undefined
  private resultsServer: Server
  private apiServer: Server
  private resultsPort = 0
  private stopped = false
  private store: ArtifactStore
  private blobs = new Blobs()
  private failures = new Failures()
  private twirp: TwirpService
  private rest: RestService
  private releases: ReleaseService

  constructor(options: ArtifactBackendOptions) {
    const tokens = new Map(
      Object.entries(options.tokens ?? {}).map(([token, repos]) => [
        token,
        new Set(repos.map(r => r.toLowerCase()))
      ])
    )
    this.store = new ArtifactStore(options.retentionDays ?? 90)
    this.twirp = new TwirpService(this.store, this.blobs, this.failures)
    this.rest = new RestService(
      this.store,
      this.blobs,
      this.failures,
      tokens,
      new Set(options.readOnlyTokens ?? []),
      () => this.apiUrl
    )
    this.releases = new ReleaseService(
      tokens,
      new Set(options.readOnlyTokens ?? []),
      () => this.apiUrl
    )
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
    await this.blobs.connect(this.blobUrl, this.container)
    this.resultsPort = await listen(this.resultsServer)
    this.resultsUrl = `http://127.0.0.1:${this.resultsPort}/`
    this.apiUrl = `http://127.0.0.1:${await listen(this.apiServer)}`
  }

  resetCalls(): void {
    this.calls.length = 0
  }

  env(options: StepEnvOptions): Record<string, string> {
    const run = this.store.runFor(options)
    const jobId = String(options.jobId ?? 'job')
    const jobBackendId = this.store.jobBackendId(run, jobId)
    const env: Record<string, string> = {
      ACTIONS_RUNTIME_TOKEN: runtimeToken(run.backendId, jobBackendId),
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
    const a = this.store.find(ref)
    return `${SERVER_URL}/${a.run.repository}/actions/runs/${a.run.runId}/artifacts/${a.id}`
  }

  async seedArtifact(options: SeedArtifactOptions): Promise<ArtifactRecord> {
    const run = this.store.runFor(options)
    const jobId = String(options.jobId ?? 'seed')
    const bytes = Buffer.from(options.content)
    const createdAt = this.store.createdAt(options.createdAt)
    const a: Artifact = {
      id: this.store.nextId(),
      name: options.name,
      run,
      jobId,
      jobBackendId: this.store.jobBackendId(run, jobId),
      size: bytes.length,
      digest: `sha256:${createHash('sha256').update(bytes).digest('hex')}`,
      mimeType: options.mimeType ?? 'application/zip',
      createdAt,
      expiresAt: options.expiresAt ?? this.store.defaultExpiry(createdAt),
      forcedExpired: options.expired ?? false,
      finalized: true,
      blobName: ''
    }
    a.blobName = `${run.backendId}/${a.id}/${a.name}`
    await this.blobs.write(a, bytes)
    this.store.artifacts.set(a.id, a)
    return this.store.record(a)
  }

  seedRelease(repository: string, tag: string, isPublic = false): void {
    this.releases.seed(repository, tag, isPublic)
  }

  seedReleaseAsset(
    repository: string,
    tag: string,
    name: string,
    content: string | Uint8Array
  ): void {
    this.releases.seedAsset(repository, tag, name, Buffer.from(content))
  }

  releaseAssets(repository: string, tag: string): SeededAsset[] {
    return this.releases.assets(repository, tag)
  }

  get(ref: ArtifactRef): ArtifactRecord | undefined {
    const a = this.store.lookup(ref)
    return a && this.store.record(a)
  }

  artifacts(): ArtifactRecord[] {
    return [...this.store.artifacts.values()].map(a => this.store.record(a))
  }

  expire(ref: ArtifactRef): ArtifactRecord {
    const a = this.store.find(ref)
    a.forcedExpired = true
    return this.store.record(a)
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
    const a = this.store.find(ref)
    const changed = change(await this.blobs.blob(a).downloadToBuffer())
    await this.blobs.write(a, changed)
  }

  async readBlob(ref: ArtifactRef): Promise<BlobDownload> {
    return this.blobs.read(this.store.find(ref))
  }

  failNext(method: BackendMethod, status: number, times = 1): void {
    this.failures.add(method, status, times)
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
    if (this.azurite) await stopAzurite(this.azurite)
    if (this.tempDir) await rm(this.tempDir, { recursive: true, force: true })
  }

  /** Answers one request of either server and records it in `calls`. */
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
      if (service === 'results')
        await this.twirp.answer(req, url, raw, call, res)
      else if (!this.releases.answer(req, url, raw, call, res))
        await this.rest.answer(req, url, call, res)
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
