// The dump step: dump, and keep the dump as an artifact when asked. The
// upload is checked before dumping and happens only after a good dump; with
// 'keep', the older artifacts of the name are deleted only after a good
// upload.
import { dirname } from 'node:path'
import type { Cancellation, Dumper, DumpResult } from '../core/index.ts'
import { ArtifactAccessDenied } from '../artifacts/errors.ts'
import { loadArtifacts } from '../artifacts/load.ts'
import type { PruneScope } from '../artifacts/prune.ts'
import { prunedLabel } from '../artifacts/pruned.ts'
import type { UploadedArtifact } from '../artifacts/upload.ts'
import { Inputs } from './input-names.ts'
import type { DumpInputs } from './inputs.ts'
import { actionLogger } from './logger.ts'
import type { RunReport } from './report.ts'
import { repositoryIsPublic } from './visibility.ts'

type Artifacts = Awaited<ReturnType<typeof loadArtifacts>>

/**
 * Deletes the older artifacts beyond 'keep', of `scope` (this run's branch).
 * The backup counts: it stays uploaded and reported whatever happens here.
 * A token that may not delete fails the step (it would never prune, and
 * storage would fill night after night); any other failure is a warning, as
 * the next run prunes again.
 */
async function prune(
  inputs: DumpInputs,
  artifacts: Artifacts,
  scope: PruneScope | undefined,
  uploaded: UploadedArtifact,
  report: RunReport
): Promise<void> {
  if (!inputs.prune || !scope) return
  const request = inputs.prune
  const outcome = await actionLogger.group(
    `Pruning the artifacts named '${uploaded.name}' (keep: ${request.keep})`,
    () => artifacts.pruneArtifacts(request, scope, uploaded, actionLogger)
  )
  report.prune = outcome
  if (outcome.skipped) {
    actionLogger.warning(
      `Nothing was pruned: ${outcome.skipped}. 'keep' deletes only artifacts of the repository's own runs ` +
        "on this run's branch, and never from a fork's run."
    )
  }
  const kept = `The dump was uploaded as '${uploaded.name}' (id ${uploaded.id}) and is kept`
  const done = outcome.deleted.length
    ? `; ${outcome.deleted.length} older one(s) were deleted first: ${outcome.deleted.map(a => a.id).join(', ')}`
    : '; no older one was deleted'
  for (const { artifact, reason } of outcome.failed) {
    actionLogger.warning(
      `${artifact ? `Could not delete '${artifact.name}' ${prunedLabel(artifact)}` : 'Could not list the artifacts to prune'}: ` +
        `${reason} ${kept}; the next run with 'keep' tries again.`
    )
  }
  if (outcome.denied) {
    throw new ArtifactAccessDenied(`${outcome.denied.message} ${kept}${done}.`)
  }
}

/**
 * What goes up: the dump; with the globals, both, under the dump's folder;
 * of several databases, each dump and the globals, under their folder.
 */
function uploadedFiles(result: DumpResult): {
  file: string
  files?: string[]
  root?: string
} {
  const { file, dumps, globals } = result
  if (!globals && !(dumps && dumps.length > 1)) return { file }
  const several = dumps !== undefined && dumps[0]?.file !== file
  const files = [
    ...(several ? dumps.map(d => d.file) : [file]),
    ...(globals ? [globals.file] : [])
  ]
  return { file, files, root: several ? file : dirname(file) }
}

/** Runs a dump, recording in `report` what it did. */
export async function dumpStep(
  inputs: DumpInputs,
  dumper: Dumper,
  report: RunReport,
  cancellation: Cancellation
): Promise<void> {
  const { upload } = inputs
  const artifacts = upload ? await loadArtifacts() : undefined
  const client = artifacts?.client()
  let scope: PruneScope | undefined
  if (upload && artifacts && client) {
    await artifacts.checkUpload(client, upload)
    if (inputs.prune)
      scope = await artifacts.checkPrune(inputs.prune, upload.name)
  }
  const result = await dumper.dump(inputs.dump)
  report.result = result
  if (!upload || !artifacts || !client) return
  cancellation.throwIfCancelled('nothing was uploaded')
  if (!result.encryption && repositoryIsPublic()) {
    actionLogger.warning(
      `This repository is public: anyone signed in to GitHub can download the artifact '${upload.name}' and every row in the dump. ` +
        `Set '${Inputs.EncryptTo}' to age public keys to upload it encrypted, or keep dumps of real data in a private repository.`
    )
  }

  const uploaded = await actionLogger.group(
    `Uploading the artifact '${upload.name}'`,
    async () => {
      const started = performance.now()
      const done = await artifacts.uploadDump(
        client,
        { ...upload, ...uploadedFiles(result) },
        actionLogger
      )
      actionLogger.info(
        `Artifact ${done.name} (id ${done.id}, ${done.size} bytes) uploaded in ${Math.round(performance.now() - started)} ms: ${done.url}`
      )
      return done
    }
  )
  report.artifact = uploaded
  if (inputs.prune)
    cancellation.throwIfCancelled('the dump was uploaded; nothing was pruned')
  await prune(inputs, artifacts, scope, uploaded, report)
}
