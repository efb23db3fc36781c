// The artifact inputs, read when 'artifact-name' is set: how a dump goes up,
// and which artifact a restore takes.
import { basename } from 'node:path'
import type { DumpFormat, DumpOptions } from '../core/index.ts'
import type { ArtifactSource } from '../artifacts/find.ts'
import { requireRuntime } from '../artifacts/runtime.ts'
import type { UploadRequest } from '../artifacts/upload.ts'
import { uploadPlan } from '../artifacts/upload-plan.ts'
import {
  artifactNameInput,
  booleanInput,
  compressionLevelInput,
  InputError,
  integerInput,
  optional,
  repositoryInput,
  runIdInput
} from './input-parsers.ts'
import { Inputs } from './input-names.ts'
import { maskToken } from './secrets.ts'

/**
 * The upload of a dump, when 'artifact-name' is set. A dump uploaded as the
 * file itself bears the file's name, so 'file' defaults to the artifact's;
 * when they differ the dump goes up in a zip named 'artifact-name', stored,
 * as do several files (the globals beside the dump, several databases).
 */
export function readUpload(
  format: DumpFormat,
  compression: DumpOptions['compression'],
  file: string | undefined,
  severalFiles = false
): { file: string | undefined; upload?: Omit<UploadRequest, 'file'> } {
  const name = artifactNameInput(Inputs.ArtifactName)
  if (name === undefined) return { file }
  const retentionDays = integerInput(Inputs.RetentionDays, 1, 400)
  const plan = uploadPlan(
    format,
    compressionLevelInput(Inputs.CompressionLevel),
    compression,
    file === undefined || basename(file) === name,
    severalFiles
  )
  const overwrite = booleanInput(Inputs.Overwrite)
  if (plan.raw && file === undefined) file = name
  return { file, upload: { name, plan, retentionDays, overwrite } }
}

/** The artifact a restore takes, when 'artifact-name' is set. */
export function readDownload(): ArtifactSource | undefined {
  const token = optional(Inputs.GithubToken)
  maskToken(token)
  const name = artifactNameInput(Inputs.ArtifactName)
  if (name === undefined) return undefined
  const runId = runIdInput(Inputs.RunId)
  if (
    optional(Inputs.Repository) === undefined &&
    !process.env.GITHUB_REPOSITORY
  ) {
    // outside GitHub Actions nothing names the repository; for this run's
    // artifact what is missing is the runtime, not a 'repository' input
    if (runId === undefined) {
      requireRuntime(`Downloading the artifact '${name}' from this run`)
    } else {
      throw new InputError(
        `The '${Inputs.Repository}' input is required outside GitHub Actions (GITHUB_REPOSITORY is not set) ` +
          `to take an artifact from another run: the owner/name of the repository that made it.`
      )
    }
  }
  const repository = repositoryInput(Inputs.Repository)
  if (runId !== undefined && token === undefined) {
    throw new InputError(
      `The '${Inputs.RunId}' input '${runId}' needs the '${Inputs.GithubToken}' input: a token that can read ` +
        "the repository's Actions, e.g. 'github-token: ${{ github.token }}' with 'permissions: actions: read'."
    )
  }
  return { name, runId, token, repository }
}
