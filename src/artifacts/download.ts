// Brings a dump back from a workflow artifact (found by find.ts): downloads
// it into a fresh folder, verifies its digest and finds the dump inside.
import { DefaultArtifactClient, type FindOptions } from '@actions/artifact'
import { mkdtemp, readdir, rm, stat } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { isGlobalsFile, type Logger } from '../core/index.ts'
import { ageOf, formatAge } from './durations.ts'
import {
  ArtifactDigestMismatch,
  ArtifactNotFound,
  ArtifactServiceError
} from './errors.ts'
import {
  findArtifact,
  type ArtifactSource,
  type FoundArtifact
} from './find.ts'

/** A dump downloaded and verified. */
export interface DownloadedDump {
  artifact: FoundArtifact
  /** absolute path of the dump inside the download folder */
  file: string
  /** the download folder (removed on failure) */
  dir: string
}

/**
 * The dump in a download folder: the named file, or the only entry but the
 * roles and tablespaces script beside it (globals.sql, or globals.sql.age);
 * for the dumps of several databases (`<dbname>.dump` or `.dump.age` each),
 * the folder itself.
 */
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
  const dumps = entries.filter(e => !isGlobalsFile(e))
  if (dumps.length === 1) return join(dir, dumps[0])
  if (dumps.length > 1) return dir
  throw new ArtifactNotFound(
    entries.length === 0
      ? `The artifact '${artifact}' is empty: there is no dump to restore.`
      : `The artifact '${artifact}' holds only ${entries.join(' and ')}, the roles and tablespaces: there is no database dump to restore.`
  )
}

/** Downloads the artifact into a fresh folder, checks its digest, and finds the dump. */
export async function downloadDump(
  client: DefaultArtifactClient,
  source: ArtifactSource,
  options: {
    file?: string
    /** the artifact to download; default: the one findArtifact finds */
    found?: FoundArtifact
    logger: Logger
    /** told the download folder as soon as it exists (for cancellation) */
    track?: (dir: string) => void
  }
): Promise<DownloadedDump> {
  const { logger } = options
  const artifact = options.found ?? (await findArtifact(client, source))
  if (artifact.runId !== undefined) {
    logger.info(
      `Using artifact '${artifact.name}' (id ${artifact.id}) from run ${artifact.runId}` +
        `${artifact.branch ? ` on branch ${artifact.branch}` : ''}` +
        `${artifact.createdAt ? `, made ${artifact.createdAt} (${formatAge(ageOf(artifact.createdAt))} ago)` : ''}`
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
    const kind =
      file === dir
        ? ' (the dumps of several databases)'
        : info.isDirectory()
          ? ' (a directory archive)'
          : ''
    logger.info(`Downloaded ${file}${kind}`)
    return { artifact, file, dir }
  } catch (error) {
    await rm(dir, { recursive: true, force: true })
    throw error
  }
}
