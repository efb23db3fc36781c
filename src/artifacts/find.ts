// Decides which artifact a restore takes: from this run, another run, or
// the newest unexpired one in the repository.
import type { DefaultArtifactClient } from '@actions/artifact'
import {
  ArtifactExpired,
  ArtifactNotFound,
  ArtifactServiceError,
  isArtifactNotFound
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
    if (!isArtifactNotFound(error)) {
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
