// Decides which artifact a restore takes: from this run, another run, or
// the newest unexpired one of the repository's own runs (never a fork's
// pull-request run), of a branch and a workflow when asked.
import type { DefaultArtifactClient } from '@actions/artifact'
import { ageOf, formatAge } from './durations.ts'
import {
  ArtifactExpired,
  ArtifactNotFound,
  ArtifactServiceError,
  ArtifactTooOld,
  isArtifactNotFound
} from './errors.ts'
import {
  listRepositoryArtifacts,
  listRunArtifacts,
  type Repository,
  type RestArtifact
} from './github-api.ts'
import { fromOwnRun, ofWorkflow, ownOnBranch } from './origin.ts'
import { requireRuntime, runUrl } from './runtime.ts'

/** Where to take the artifact from. */
export interface ArtifactSource {
  name: string
  /** undefined: this run; a number: that run; latest: the newest unexpired */
  runId?: number | 'latest'
  /** needed for another run or latest */
  token?: string
  repository: Repository
  /** latest: only artifacts whose run's head branch is this */
  branch?: string
  /** latest: only artifacts of runs of this workflow file (`nightly.yml`) */
  workflow?: string
  /** latest: fail with ArtifactTooOld when the newest is older (ms) */
  maxAgeMs?: number
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
    branch: a.workflow_run?.head_branch ?? undefined,
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
  const { branch, workflow, repository } = source
  // every page: the newest the filters keep may be far down the list
  const listed = await listRepositoryArtifacts(repository, source.name, token, {
    all: true
  })
  const own = listed.filter(fromOwnRun)
  const onBranch = ownOnBranch(own, branch)
  const test = workflow && (await ofWorkflow(repository, workflow, token))
  // newest first, up to the first unexpired one: a run is looked up only
  // when its artifact could be the one
  const all: RestArtifact[] = []
  let newest: RestArtifact | undefined
  for (const a of onBranch) {
    if (test && !(await test(a))) continue
    all.push(a)
    if (!a.expired) {
      newest = a
      break
    }
  }
  const where =
    `${slug(repository)}${branch !== undefined ? ` on branch '${branch}'` : ''}` +
    `${workflow ? ` from workflow '${workflow}'` : ''}`
  if (!newest) {
    const expired = all.length
    // what the filters of a repository's own runs left out
    const forks = listed.filter(
      a =>
        !fromOwnRun(a) &&
        (branch === undefined || a.workflow_run?.head_branch === branch)
    ).length
    const others = workflow ? onBranch.length : 0
    throw expired > 0
      ? new ArtifactExpired(
          `All ${expired} artifact(s) named '${source.name}' in ${where} have expired; ` +
            `the newest was made ${all[0].created_at}. Run the dump workflow again.`
        )
      : new ArtifactNotFound(
          `No artifact named '${source.name}' in ${where}. ` +
            leftOut(forks, others, workflow) +
            (branch !== undefined && onBranch.length === 0
              ? onOtherBranches(own)
              : others
                ? "Check 'workflow'."
                : "Check 'artifact-name' and 'repository', and that the dump workflow has run.")
        )
  }
  if (source.maxAgeMs !== undefined) fresh(newest, source, where)
  return fromRest(newest, newest.workflow_run?.id ?? 0)
}

/** What the not-found error says the filters left out, if anything. */
function leftOut(forks: number, others: number, workflow?: string): string {
  const parts = [
    ...(forks
      ? [
          `${forks} from forks' pull-request runs ('run-id: latest' takes only the repository's own runs)`
        ]
      : []),
    ...(others ? [`${others} from workflows other than '${workflow}'`] : [])
  ]
  return parts.length ? `Left out: ${parts.join('; ')}. ` : ''
}

/** What the not-found error of a branch adds: the branches that have one. */
function onOtherBranches(listed: RestArtifact[]): string {
  const branches = [
    ...new Set(listed.map(a => a.workflow_run?.head_branch).filter(b => b))
  ]
  return branches.length
    ? `There are ${listed.length} on other branches (${branches.slice(0, 5).join(', ')}${branches.length > 5 ? ', …' : ''}): check 'branch'.`
    : "Check 'artifact-name', 'branch' and 'repository', and that the dump workflow has run on that branch."
}

/** Fails when the newest artifact is older than max-age: the dumps stopped. */
function fresh(
  newest: RestArtifact,
  source: ArtifactSource,
  where: string
): void {
  const age = ageOf(newest.created_at)
  const maxAge = source.maxAgeMs as number
  if (age <= maxAge) return
  const runId = newest.workflow_run?.id
  const run =
    runId !== undefined
      ? `run ${runId} (${runUrl(slug(source.repository), runId)})`
      : 'an unknown run'
  throw new ArtifactTooOld(
    `The newest artifact named '${source.name}' in ${where} is ${formatAge(age)} old, ` +
      `older than max-age ${formatAge(maxAge)}: id ${newest.id}, made ${newest.created_at} by ${run}. ` +
      'The workflow that dumps it has not succeeded since: check its runs, or raise max-age.'
  )
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

/**
 * The unexpired artifacts named `source.name`, newest first: with a token,
 * of the repository's own runs (never a fork's), on `source.branch` when
 * given; without one, of this run.
 */
export async function listSeries(
  client: DefaultArtifactClient,
  source: Pick<ArtifactSource, 'name' | 'token' | 'repository' | 'branch'>
): Promise<FoundArtifact[]> {
  const { name, token, repository } = source
  if (token === undefined) {
    requireRuntime(`Listing the artifacts named '${name}' of this run`)
    const { artifacts } = await client.listArtifacts()
    return artifacts
      .filter(a => a.name === name)
      .sort((a, b) => b.id - a.id)
      .map(a => ({
        id: a.id,
        name: a.name,
        digest: a.digest,
        createdAt: a.createdAt?.toISOString()
      }))
  }
  const listed = await listRepositoryArtifacts(repository, name, token, {
    all: true
  })
  return ownOnBranch(listed, source.branch)
    .filter(a => !a.expired)
    .map(a => fromRest(a, a.workflow_run?.id ?? 0))
}
