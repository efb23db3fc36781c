// Brings a dump back from a workflow artifact: from this run, another run, or
// the newest unexpired one in the repository; verifies its digest and finds
// the dump inside.
import {
  ArtifactNotFoundError,
  DefaultArtifactClient,
  type FindOptions
} from '@actions/artifact'
import { mkdtemp, readdir, rm, stat } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { Logger } from '../core/logger.ts'
import {
  ArtifactDigestMismatch,
  ArtifactExpired,
  ArtifactNotFound,
  ArtifactServiceError
} from './errors.ts'
import {
  listRepositoryArtifacts,
  listRunArtifacts,
  type Repository,
  type RestArtifact
} from './github-api.ts'
import { requireRuntime } from './runtime.ts'

/** Where to take the artifact from. */
export interface ArtifactSource {
  name: string
  /** undefined: this run; a number: that run; latest: the newest unexpired */
  runId?: number | 'latest'
  /** needed for another run or latest */
  token?: string
  repository: Repository
}

/** The artifact that was chosen, for logs, outputs and the summary. */
export interface FoundArtifact {
  id: number
  name: string
  /** `sha256:<hex>`, when recorded */
  digest?: string
  /** the run it came from (undefined: this run) */
  runId?: number
  branch?: string
  createdAt?: string
}

/** A dump downloaded and verified. */
export interface DownloadedDump {
  artifact: FoundArtifact
  /** absolute path of the dump inside the download folder */
  file: string
  /** the download folder (removed on failure) */
  dir: string
}

const slug = (r: Repository) => `${r.owner}/${r.repo}`

function fromRest(a: RestArtifact, runId: number): FoundArtifact {
  return {
    id: a.id,
    name: a.name,
    digest: a.digest ?? undefined,
    runId: a.workflow_run?.id ?? runId,
    branch: a.workflow_run?.head_branch,
    createdAt: a.created_at
  }
}

async function inThisRun(
  client: DefaultArtifactClient,
  source: ArtifactSource
): Promise<FoundArtifact> {
  requireRuntime(`Downloading the artifact '${source.name}' from this run`)
  try {
    const { artifact } = await client.getArtifact(source.name)
    return {
      id: artifact.id,
      name: artifact.name,
      digest: artifact.digest,
      createdAt: artifact.createdAt?.toISOString()
    }
  } catch (error) {
    if (!(error instanceof ArtifactNotFoundError)) {
      throw new ArtifactServiceError(
        `Looking up the artifact '${source.name}' in this run failed: ${(error as Error).message}. ` +
          '@actions/artifact retries the artifact service (5xx, 5 attempts with backoff); run the job again.'
      )
    }
    throw new ArtifactNotFound(
      `No artifact named '${source.name}' in this run (run ${process.env.GITHUB_RUN_ID} of ${slug(source.repository)}). ` +
        "Upload it in an earlier job of this run, or set 'run-id' (a run id, or 'latest') and 'github-token' to take it from another run."
    )
  }
}

async function inRun(
  source: ArtifactSource,
  runId: number,
  token: string
): Promise<FoundArtifact> {
  const found = await listRunArtifacts(
    source.repository,
    runId,
    source.name,
    token
  )
  const newest = found.sort((a, b) => b.id - a.id)[0]
  if (!newest) {
    throw new ArtifactNotFound(
      `No artifact named '${source.name}' in run ${runId} of ${slug(source.repository)}. ` +
        "Check 'artifact-name' and 'run-id', or use 'run-id: latest' for the newest one in the repository."
    )
  }
  if (newest.expired) {
    throw new ArtifactExpired(
      `The artifact '${source.name}' (id ${newest.id}) of run ${runId} in ${slug(source.repository)} has expired` +
        `${newest.expires_at ? ` (${newest.expires_at})` : ''}; its content is gone. ` +
        "Use 'run-id: latest' for the newest unexpired one, or dump again."
    )
  }
  return fromRest(newest, runId)
}

async function latest(
  source: ArtifactSource,
  token: string
): Promise<FoundArtifact> {
  const all = await listRepositoryArtifacts(
    source.repository,
    source.name,
    token
  )
  const newest = all.find(a => !a.expired)
  if (!newest) {
    const expired = all.length
    throw expired > 0
      ? new ArtifactExpired(
          `All ${expired} artifact(s) named '${source.name}' in ${slug(source.repository)} have expired; ` +
            `the newest was made ${all[0].created_at}. Run the dump workflow again.`
        )
      : new ArtifactNotFound(
          `No artifact named '${source.name}' in ${slug(source.repository)}. ` +
            "Check 'artifact-name' and 'repository', and that the dump workflow has run."
        )
  }
  return fromRest(newest, newest.workflow_run?.id ?? 0)
}

/** Decides which artifact to download, without downloading it. */
export async function findArtifact(
  client: DefaultArtifactClient,
  source: ArtifactSource
): Promise<FoundArtifact> {
  if (source.runId === undefined) return inThisRun(client, source)
  // readInputs guarantees a token whenever run-id is set
  const token = source.token as string
  return source.runId === 'latest'
    ? latest(source, token)
    : inRun(source, source.runId, token)
}

/** The dump in a download folder: the named file, or the only entry. */
async function dumpIn(
  dir: string,
  name: string | undefined,
  artifact: string
): Promise<string> {
  const entries = await readdir(dir)
  if (name !== undefined) {
    if (entries.includes(name)) return join(dir, name)
    throw new ArtifactNotFound(
      `The artifact '${artifact}' holds no file '${name}' (it holds: ${entries.join(', ') || 'nothing'}). ` +
        "Set 'file' to one of those, or leave it empty."
    )
  }
  if (entries.length === 1) return join(dir, entries[0])
  throw new ArtifactNotFound(
    entries.length === 0
      ? `The artifact '${artifact}' is empty: there is no dump to restore.`
      : `The artifact '${artifact}' holds several files (${entries.join(', ')}): set 'file' to the one to restore.`
  )
}

/** Downloads the artifact into a fresh folder, checks its digest, and finds the dump. */
export async function downloadDump(
  client: DefaultArtifactClient,
  source: ArtifactSource,
  options: {
    file?: string
    logger: Logger
    /** told the download folder as soon as it exists (for cancellation) */
    track?: (dir: string) => void
  }
): Promise<DownloadedDump> {
  const { logger } = options
  const artifact = await findArtifact(client, source)
  if (artifact.runId !== undefined) {
    logger.info(
      `Using artifact '${artifact.name}' (id ${artifact.id}) from run ${artifact.runId}` +
        `${artifact.branch ? ` on branch ${artifact.branch}` : ''}` +
        `${artifact.createdAt ? `, made ${artifact.createdAt}` : ''}`
    )
  } else {
    logger.info(
      `Using artifact '${artifact.name}' (id ${artifact.id}) from this run`
    )
  }
  if (!artifact.digest) {
    logger.warning(
      `The artifact '${artifact.name}' has no recorded digest: its content cannot be verified.`
    )
  }
  const dir = await mkdtemp(
    join(process.env.RUNNER_TEMP || tmpdir(), 'pg-dumper-artifact-')
  )
  options.track?.(dir)
  try {
    const findBy: FindOptions['findBy'] | undefined =
      artifact.runId !== undefined && source.token
        ? {
            token: source.token,
            workflowRunId: artifact.runId,
            repositoryOwner: source.repository.owner,
            repositoryName: source.repository.repo
          }
        : undefined
    const { digestMismatch } = await client
      .downloadArtifact(artifact.id, {
        path: dir,
        expectedHash: artifact.digest,
        ...(findBy ? { findBy } : {})
      })
      .catch((error: unknown) => {
        throw new ArtifactServiceError(
          `Downloading the artifact '${artifact.name}' (id ${artifact.id}) failed: ${(error as Error).message}. ` +
            '@actions/artifact retries the download (5 attempts); run the job again, or check https://www.githubstatus.com.'
        )
      })
    if (digestMismatch) {
      throw new ArtifactDigestMismatch(
        `The downloaded artifact '${artifact.name}' (id ${artifact.id}) does not match the digest ` +
          `recorded when it was uploaded (${artifact.digest}): it was altered or corrupted. Nothing was restored.`
      )
    }
    const file = await dumpIn(dir, options.file, artifact.name)
    const info = await stat(file)
    logger.info(
      `Downloaded ${file}${info.isDirectory() ? ' (a directory archive)' : ''}`
    )
    return { artifact, file, dir }
  } catch (error) {
    await rm(dir, { recursive: true, force: true })
    throw error
  }
}
