// The artifact inputs, read when 'artifact-name' is set: how a dump goes up,
// and which artifact a restore takes.
import { basename } from 'node:path'
import {
  AGE_EXTENSION,
  type DumpFormat,
  type DumpOptions
} from '../core/index.ts'
import type { ArtifactSource } from '../artifacts/find.ts'
import type { Repository } from '../artifacts/github-api.ts'
import type { PruneRequest } from '../artifacts/prune.ts'
import { requireRuntime } from '../artifacts/runtime.ts'
import type { UploadRequest } from '../artifacts/upload.ts'
import { uploadPlan } from '../artifacts/upload-plan.ts'
import { InputError, ownerAndName } from './input-parsers.ts'
import { encryptedPaths } from './encryption-inputs.ts'
import { Inputs } from './input-names.ts'
import { input } from './read-input.ts'

/**
 * The upload of a dump, when 'artifact-name' is set. A dump uploaded as the
 * file itself bears the file's name, so 'file' defaults to the artifact's;
 * when they differ the dump goes up in a zip named 'artifact-name', stored,
 * as do several files (the globals beside the dump, several databases).
 */
export function readUpload(
  name: string | undefined,
  format: DumpFormat,
  compression: DumpOptions['compression'],
  file: string | undefined,
  encrypted = false,
  severalFiles = false
): { file: string | undefined; upload?: Omit<UploadRequest, 'file'> } {
  if (name === undefined) return { file }
  const retentionDays = input(Inputs.RetentionDays)
  // encrypted, the file uploaded is the age file (see encryptedPaths)
  const sameName = encrypted
    ? file === undefined
      ? name.endsWith(AGE_EXTENSION)
      : basename(encryptedPaths(file).file) === name
    : file === undefined || basename(file) === name
  const plan = uploadPlan(
    format,
    input(Inputs.CompressionLevel),
    compression,
    sameName,
    encrypted,
    severalFiles
  )
  const overwrite = input(Inputs.Overwrite)
  if (plan.raw && file === undefined) file = name
  return { file, upload: { name, plan, retentionDays, overwrite } }
}

/**
 * Pruning after the upload, when 'keep' and 'artifact-name' are set. 'keep'
 * and 'workflow' are checked whenever given; 'keep' needs the token that may
 * delete.
 */
export function readPrune(name: string | undefined): PruneRequest | undefined {
  const keep = input(Inputs.Keep)
  const workflow = input(Inputs.Workflow)
  const token = input(Inputs.GithubToken)
  if (keep === undefined || name === undefined) return undefined
  if (token === undefined) {
    throw new InputError(
      `The '${Inputs.Keep}' input needs the '${Inputs.GithubToken}' input: a token that may delete ` +
        "the repository's artifacts, e.g. 'github-token: ${{ github.token }}' with 'permissions: actions: write'."
    )
  }
  // pruning is of this repository's artifacts, where this run uploads, on
  // this run's branch
  const [owner, repo] = (process.env.GITHUB_REPOSITORY ?? '').split('/')
  const runId = Number(process.env.GITHUB_RUN_ID)
  if (!owner || !repo || !Number.isSafeInteger(runId) || runId <= 0) {
    requireRuntime(`Pruning the artifacts named '${name}'`)
    throw new InputError(
      `The '${Inputs.Keep}' input prunes this repository's artifacts of this run's branch, ` +
        'but GITHUB_REPOSITORY or GITHUB_RUN_ID is not set.'
    )
  }
  return { keep, token, repository: { owner, repo }, runId, workflow }
}

/** latest's filters: 'branch', 'workflow' and 'max-age', refused with another run-id. */
function readLatestFilters(
  runId: ArtifactSource['runId']
): Pick<ArtifactSource, 'branch' | 'workflow' | 'maxAgeMs'> {
  const maxAgeMs = input(Inputs.MaxAge)
  const workflow = input(Inputs.Workflow)
  const branch = input(Inputs.Branch)
  const given = [
    ...(maxAgeMs !== undefined ? [Inputs.MaxAge] : []),
    ...(branch !== undefined ? [Inputs.Branch] : []),
    ...(workflow !== undefined ? [Inputs.Workflow] : [])
  ]
  if (given.length && runId !== 'latest') {
    throw new InputError(
      `${given.map(n => `'${n}'`).join(' and ')} apply only with '${Inputs.RunId}: latest' ` +
        `(the newest artifact of that name)${runId === undefined ? '; this run' : `; run ${runId}`} is one fixed artifact. ` +
        `Set '${Inputs.RunId}: latest', or leave ${given.length > 1 ? 'them' : 'it'} empty.`
    )
  }
  return { branch, workflow, maxAgeMs }
}

/** The artifact a restore takes, when 'artifact-name' is set. */
export function readDownload(
  name: string | undefined
): ArtifactSource | undefined {
  if (name === undefined) return undefined
  const token = input(Inputs.GithubToken)
  const runId = input(Inputs.RunId)
  // outside GitHub Actions nothing names the repository; for this run's
  // artifact what is missing is the runtime, not a 'repository' input
  if (
    runId === undefined &&
    input(Inputs.Repository) === undefined &&
    !process.env.GITHUB_REPOSITORY
  )
    requireRuntime(`Downloading the artifact '${name}' from this run`)
  const repository = repositoryToTake(
    'an artifact from another run: the owner/name of the repository that made it'
  )
  if (runId !== undefined && token === undefined) {
    throw new InputError(
      `The '${Inputs.RunId}' input '${runId}' needs the '${Inputs.GithubToken}' input: a token that can read ` +
        "the repository's Actions, e.g. 'github-token: ${{ github.token }}' with 'permissions: actions: read'."
    )
  }
  return { name, runId, token, repository, ...readLatestFilters(runId) }
}

/**
 * 'repository', else this workflow's; outside GitHub Actions (no
 * GITHUB_REPOSITORY) 'repository' is required to take `what`.
 */
export function repositoryToTake(what: string): Repository {
  const given = input(Inputs.Repository)
  if (given) return given
  const slug = process.env.GITHUB_REPOSITORY
  if (!slug) {
    throw new InputError(
      `The '${Inputs.Repository}' input is required outside GitHub Actions (GITHUB_REPOSITORY is not set) to take ${what}.`
    )
  }
  return ownerAndName(slug, Inputs.Repository)
}
