// The dump step: dump, set the outputs, and keep the dump as an artifact when
// asked. The upload is checked before dumping and happens only after a good dump.
import { DefaultArtifactClient } from '@actions/artifact'
import * as core from '@actions/core'
import { actionLogger } from './logger.ts'
import { checkUpload, uploadDump } from '../artifacts/upload.ts'
import type { Cancellation } from '../core/process/cancellation.ts'
import type { Dumper } from '../core/dumper.ts'
import type { ActionInputs } from './inputs.ts'
import { Outputs, reportFile } from './outputs.ts'
import type { RunSummary } from './summary.ts'

/** Runs a dump; fills `summary` as it goes. */
export async function dumpStep(
  inputs: ActionInputs,
  dumper: Dumper,
  summary: RunSummary,
  cancellation: Cancellation
): Promise<void> {
  const { artifact } = inputs
  const client = artifact ? new DefaultArtifactClient() : undefined
  if (artifact && client) await checkUpload(client, artifact)
  const result = await dumper.dump({
    file: inputs.file as string,
    format: inputs.format,
    excludeSchemas: inputs.excludeSchemas,
    schemas: inputs.schemas,
    excludeTableData: inputs.excludeTableData,
    jobs: inputs.jobs,
    compression: inputs.compression
  })
  reportFile(result, summary)
  if (!artifact || !client) return
  cancellation.throwIfCancelled('nothing was uploaded')

  const uploaded = await core.group(
    `Uploading the artifact '${artifact.name}'`,
    async () => {
      const started = performance.now()
      const done = await uploadDump(
        client,
        { ...artifact, file: result.file },
        actionLogger
      )
      core.info(
        `Artifact ${done.name} (id ${done.id}, ${done.size} bytes) uploaded in ${Math.round(performance.now() - started)} ms: ${done.url}`
      )
      return done
    }
  )
  summary.artifact = uploaded
  core.setOutput(Outputs.ArtifactId, uploaded.id)
  core.setOutput(Outputs.ArtifactUrl, uploaded.url)
  core.setOutput(Outputs.ArtifactDigest, uploaded.digest)
}
