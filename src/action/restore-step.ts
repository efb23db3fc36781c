// The restore step: bring the dump back from an artifact when asked, verify
// it, restore it, and set the outputs.
import { DefaultArtifactClient } from '@actions/artifact'
import * as core from '@actions/core'
import { actionLogger } from './logger.ts'
import { downloadDump } from '../artifacts/download.ts'
import type { Cancellation } from '../core/process/cancellation.ts'
import type { Dumper } from '../core/dumper.ts'
import type { ActionInputs } from './inputs.ts'
import { Outputs, reportFile } from './outputs.ts'
import type { RunSummary } from './summary.ts'

/** Runs a restore; fills `summary` as it goes. */
export async function restoreStep(
  inputs: ActionInputs,
  dumper: Dumper,
  summary: RunSummary,
  cancellation: Cancellation
): Promise<void> {
  const { artifact } = inputs
  let file = inputs.file as string
  if (artifact) {
    const downloaded = await core.group(
      `Downloading the artifact '${artifact.name}'`,
      () =>
        downloadDump(new DefaultArtifactClient(), artifact, {
          file: inputs.file,
          logger: actionLogger,
          // removed if the run is cancelled, even during the download
          track: dir => cancellation.track(dir)
        })
    )
    cancellation.throwIfCancelled(
      'the download was removed and nothing was restored'
    )
    file = downloaded.file
    core.setOutput(Outputs.ArtifactId, downloaded.artifact.id)
    summary.source = {
      artifact: downloaded.artifact.name,
      artifactId: downloaded.artifact.id,
      runId: downloaded.artifact.runId,
      branch: downloaded.artifact.branch,
      file
    }
  } else {
    summary.source = { file }
  }
  const result = await dumper.restore({
    file,
    excludeSchemas: inputs.excludeSchemas,
    ignoreErrors: inputs.ignoreErrors,
    jobs: inputs.jobs,
    databases: inputs.databases,
    singleTransaction: inputs.singleTransaction,
    clean: inputs.clean,
    createDatabase: inputs.createDatabase
  })
  reportFile(result, summary)
  summary.ignoredErrors = result.ignoredErrors
  core.setOutput(Outputs.IgnoredErrors, result.ignoredErrors)
  core.setOutput(Outputs.Databases, result.databases.join(','))
}
