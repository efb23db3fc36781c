// The dump step: dump, and keep the dump as an artifact when asked. The
// upload is checked before dumping and happens only after a good dump.
import type { Cancellation, Dumper } from '../core/index.ts'
import { loadArtifacts } from '../artifacts/load.ts'
import { Inputs } from './input-names.ts'
import type { DumpInputs } from './inputs.ts'
import { actionLogger } from './logger.ts'
import type { RunReport } from './report.ts'
import { repositoryIsPublic } from './visibility.ts'

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
  if (upload && artifacts && client) await artifacts.checkUpload(client, upload)
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

  report.artifact = await actionLogger.group(
    `Uploading the artifact '${upload.name}'`,
    async () => {
      const started = performance.now()
      const done = await artifacts.uploadDump(
        client,
        { ...upload, file: result.file },
        actionLogger
      )
      actionLogger.info(
        `Artifact ${done.name} (id ${done.id}, ${done.size} bytes) uploaded in ${Math.round(performance.now() - started)} ms: ${done.url}`
      )
      return done
    }
  )
}
