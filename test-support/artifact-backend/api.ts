// The artifact backend's public face: what a test calls, and the records and
// calls it gets back.
import type { SeededAsset } from './releases.ts'

/**
 * What `env()` puts in GITHUB_SERVER_URL. The library throws
 * GHESNotSupportedError for any host other than github.com, *.ghe.com or
 * *.localhost, and nothing ever connects to it: it only prefixes artifact
 * URLs, `{server}/{owner}/{repo}/actions/runs/{run_id}/artifacts/{id}`.
 */
export const SERVER_URL = 'https://github.com'

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
  | 'GET /repos/{owner}/{repo}/actions/runs/{run_id}'
  | 'GET /repos/{owner}/{repo}/actions/workflows/{workflow_id}'
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
  /** `owner/repo` of the run's code: a fork's for its pull-request run */
  readonly headRepository: string
  /** the run's workflow file, e.g. `ci.yml` */
  readonly workflow: string
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
  /**
   * Tokens of `tokens` with `actions: read` only: they list and download,
   * and deleting an artifact answers 403, as GitHub does.
   */
  readOnlyTokens?: readonly string[]
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
  /**
   * `owner/repo` the run's code came from, kept from the first call for a
   * run: a fork's name makes it a fork's pull-request run. Default: `repository`
   */
  headRepository?: string
  /** the run's workflow file (under .github/workflows), kept from the first call; default `ci.yml` */
  workflow?: string
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
  /** as in `StepEnvOptions`: a fork's `owner/repo` makes the run a fork's */
  headRepository?: string
  /** the run's workflow file; default `ci.yml` */
  workflow?: string
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
  /** a release of `tag` in `repository` (owner/repo), no assets; public: anyone reads it */
  seedRelease(repository: string, tag: string, isPublic?: boolean): void
  /** attaches `content` to that release as the asset `name`, as another uploader would */
  seedReleaseAsset(
    repository: string,
    tag: string,
    name: string,
    content: string | Uint8Array
  ): void
  /** the assets of that release as they are now */
  releaseAssets(repository: string, tag: string): SeededAsset[]
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
