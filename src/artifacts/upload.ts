// Keeps a dump as a workflow artifact. A dump pg_dump already compressed is
// uploaded as the file itself, so whoever downloads it gets a file ready for
// pg_restore; anything else is zipped.
import type { DefaultArtifactClient } from '@actions/artifact'
import { readdir } from 'node:fs/promises'
import { basename, dirname, join } from 'node:path'
import type { Logger } from '../core/index.ts'
import {
  ArtifactAlreadyExists,
  ArtifactServiceError,
  isArtifactNotFound
} from './errors.ts'
import { artifactUrl, requireRuntime } from './runtime.ts'
import type { UploadPlan } from './upload-plan.ts'

/** What to upload and how. */
export interface UploadRequest {
  /** the artifact's name (for a raw upload, the file's base name) */
  name: string
  /** absolute path of the dump (of several: their folder) */
  file: string
  /**
   * the paths to upload (each a file, or a directory archive's folder),
   * named in the artifact by their path under `root`; default: `file`,
   * under its folder
   */
  files?: readonly string[]
  root?: string
  plan: UploadPlan
  /** days to keep it; undefined = the repository's default */
  retentionDays?: number
  overwrite: boolean
}

/** What the upload produced, as the outputs report it. */
export interface UploadedArtifact {
  id: number
  name: string
  /** the artifact's page: {server}/{owner}/{repo}/actions/runs/{run}/artifacts/{id} */
  url: string
  /** SHA-256 (hex) of what was stored */
  digest: string
  /** the dump itself (`file`), or a zip holding it (`zip`) */
  format: 'file' | 'zip'
  size: number
}

async function existing(
  client: DefaultArtifactClient,
  name: string
): Promise<number | undefined> {
  try {
    return (await client.getArtifact(name)).artifact.id
  } catch (error) {
    if (isArtifactNotFound(error)) return undefined
    throw new ArtifactServiceError(
      `Checking whether the artifact '${name}' exists failed: ${(error as Error).message}. ` +
        '@actions/artifact retries the artifact service (5xx, 5 attempts with backoff); run the job again.'
    )
  }
}

/**
 * Checks, before anything is dumped, that the upload can happen: the runtime
 * is there and no artifact of that name exists unless overwrite is on.
 */
export async function checkUpload(
  client: DefaultArtifactClient,
  request: Pick<UploadRequest, 'name' | 'overwrite'>
): Promise<void> {
  requireRuntime(`Uploading the artifact '${request.name}'`)
  if (request.overwrite) return
  const id = await existing(client, request.name)
  if (id !== undefined) {
    throw new ArtifactAlreadyExists(
      `An artifact named '${request.name}' (id ${id}) already exists in this run. ` +
        "Set 'overwrite: true' to replace it, or choose another 'artifact-name'."
    )
  }
}

/** The file itself, or every file of a directory archive (one artifact). */
async function filesOf(path: string): Promise<string[]> {
  const entries = await readdir(path, {
    recursive: true,
    withFileTypes: true
  }).catch(() => undefined)
  if (entries === undefined) return [path]
  return entries.filter(e => e.isFile()).map(e => join(e.parentPath, e.name))
}

/** Uploads the dump; with overwrite, first deletes an artifact of that name. */
export async function uploadDump(
  client: DefaultArtifactClient,
  request: UploadRequest,
  logger: Logger
): Promise<UploadedArtifact> {
  if (
    request.overwrite &&
    (await existing(client, request.name)) !== undefined
  ) {
    await client.deleteArtifact(request.name)
    logger.info(`Deleted the earlier artifact '${request.name}' (overwrite)`)
  }
  const { plan } = request
  const paths = request.files ?? [request.file]
  const files = (await Promise.all(paths.map(filesOf))).flat()
  const stored =
    files.length === 1 && files[0] === request.file ? 'it' : 'its files'
  const what =
    paths.length === 1
      ? basename(request.file)
      : `${paths.map(p => basename(p)).join(', ')}`
  const why = plan.encrypted
    ? 'it is age-encrypted, which nothing compresses'
    : `pg_dump already compressed ${plan.raw ? 'it' : stored}`
  logger.info(
    plan.raw
      ? `Uploading ${what} as it is: ${why}`
      : `Uploading ${what} zipped at level ${plan.level}${plan.level === 0 ? ` (stored: ${why})` : ''}`
  )
  const result = await client
    .uploadArtifact(
      request.name,
      files,
      request.root ?? dirname(request.file),
      {
        retentionDays: request.retentionDays,
        compressionLevel: plan.level,
        skipArchive: plan.raw
      }
    )
    .catch((error: unknown) => {
      throw new ArtifactServiceError(
        `Uploading the artifact '${request.name}' failed: ${(error as Error).message}. ` +
          '@actions/artifact retries the artifact service (5xx and rate limits, 5 attempts with backoff); ' +
          'a service that cannot be reached fails at once. Run the job again, or check https://www.githubstatus.com.'
      )
    })
  if (result.id === undefined || result.digest === undefined) {
    throw new ArtifactServiceError(
      `The artifact service did not confirm the upload of '${request.name}' (no id or digest came back). Run the job again.`
    )
  }
  return {
    id: result.id,
    name: request.name,
    url: artifactUrl(result.id),
    digest: result.digest,
    format: plan.raw ? 'file' : 'zip',
    size: result.size ?? 0
  }
}
