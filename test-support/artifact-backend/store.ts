// What the backend remembers: workflow runs and their jobs, and artifacts
// (their metadata; the bytes are blobs in Azurite), with the lookups the
// Twirp and REST services share.
import { randomBytes, randomUUID } from 'node:crypto'
import type { ArtifactRecord, ArtifactRef } from './api.ts'

/** A workflow run, keyed by (repository, runId). */
export interface Run {
  repository: string
  runId: number
  backendId: string
  attempt: number
  headBranch: string
  headSha: string
  /** `owner/repo` the run's code came from: a fork's for its pull request */
  headRepository: string
  /** the workflow file under .github/workflows, e.g. `ci.yml` */
  workflow: string
  /** jobId → backend id */
  jobs: Map<string, string>
}

/** A stored artifact, pending until FinalizeArtifact. */
export interface Artifact {
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

/**
 * A run as a step or a seeded artifact names it: by repository (any case)
 * and run id; the first naming fixes attempt, head branch and head sha.
 */
export interface RunSpec {
  repository: string
  runId: number
  runAttempt?: number
  headBranch?: string
  headSha?: string
  /** default: the repository itself (a fork's name: its pull request's run) */
  headRepository?: string
  /** default `ci.yml` */
  workflow?: string
}

/** The workflow a run is of when none is named. */
export const DEFAULT_WORKFLOW = 'ci.yml'

const runKey = (repository: string, runId: number) =>
  `${repository.toLowerCase()}#${runId}`

export class ArtifactStore {
  /** every run, by `owner/repo#runId` in lower case */
  readonly runs = new Map<string, Run>()
  readonly runsByBackendId = new Map<string, Run>()
  /** every artifact (pending ones too) by id, oldest first */
  readonly artifacts = new Map<number, Artifact>()
  readonly #retentionDays: number
  /** numeric ids of repositories and of workflows, by lower-case name */
  readonly #ids = new Map<string, number>()
  #nextId = 1001
  #lastCreated = 0

  constructor(retentionDays: number) {
    this.#retentionDays = retentionDays
  }

  /** a fresh artifact id */
  nextId(): number {
    return this.#nextId++
  }

  /** the run, registered on first use */
  runFor(options: RunSpec): Run {
    if (!/^[^/\s]+\/[^/\s]+$/.test(options.repository))
      throw new Error(`repository must be owner/repo: ${options.repository}`)
    if (
      options.headRepository !== undefined &&
      !/^[^/\s]+\/[^/\s]+$/.test(options.headRepository)
    )
      throw new Error(
        `headRepository must be owner/repo: ${options.headRepository}`
      )
    const key = runKey(options.repository, options.runId)
    let run = this.runs.get(key)
    if (!run) {
      run = {
        repository: options.repository,
        runId: options.runId,
        backendId: randomUUID(),
        attempt: options.runAttempt ?? 1,
        headBranch: options.headBranch ?? 'main',
        headSha: options.headSha ?? randomBytes(20).toString('hex'),
        headRepository: options.headRepository ?? options.repository,
        workflow: options.workflow ?? DEFAULT_WORKFLOW,
        jobs: new Map()
      }
      this.runs.set(key, run)
      this.runsByBackendId.set(run.backendId, run)
    }
    return run
  }

  /** a repository's numeric id, as GitHub gives each one */
  repositoryId(repository: string): number {
    return this.#id(`repo:${repository}`)
  }

  /** a workflow's numeric id within its repository */
  workflowId(repository: string, workflow: string): number {
    return this.#id(`workflow:${repository}:${workflow}`)
  }

  #id(key: string): number {
    const k = key.toLowerCase()
    let id = this.#ids.get(k)
    if (id === undefined) {
      id = 7001 + this.#ids.size
      this.#ids.set(k, id)
    }
    return id
  }

  /** the run if it is registered */
  findRun(repository: string, runId: number): Run | undefined {
    return this.runs.get(runKey(repository, runId))
  }

  /** the job's backend id, made on first use */
  jobBackendId(run: Run, jobId: string): string {
    let id = run.jobs.get(jobId)
    if (!id) {
      id = randomUUID()
      run.jobs.set(jobId, id)
    }
    return id
  }

  /** a creation time later than every earlier one, so newest-first is stable */
  createdAt(requested?: Date): Date {
    if (requested) return new Date(requested)
    this.#lastCreated = Math.max(Date.now(), this.#lastCreated + 1)
    return new Date(this.#lastCreated)
  }

  /** the expiry of an artifact created then, under the retention */
  defaultExpiry(createdAt: Date): Date {
    return new Date(createdAt.getTime() + this.#retentionDays * 86_400_000)
  }

  record(a: Artifact): ArtifactRecord {
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
      headRepository: a.run.headRepository,
      workflow: a.run.workflow,
      blobName: a.blobName
    }
  }

  isExpired(a: Artifact): boolean {
    return a.forcedExpired || a.expiresAt.getTime() <= Date.now()
  }

  /** newest first: by creation time, then id */
  newestFirst(list: Artifact[]): Artifact[] {
    return list.sort(
      (x, y) => y.createdAt.getTime() - x.createdAt.getTime() || y.id - x.id
    )
  }

  lookup(ref: ArtifactRef): Artifact | undefined {
    if (typeof ref === 'number') return this.artifacts.get(ref)
    const name = typeof ref === 'string' ? ref : ref.name
    const candidates = [...this.artifacts.values()].filter(
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

  find(ref: ArtifactRef): Artifact {
    const a = this.lookup(ref)
    if (!a) throw new Error(`no artifact ${JSON.stringify(ref)}`)
    return a
  }
}
