// The restore step: bring the dump back from an artifact when asked
// (verified), then restore it.
import type { Cancellation, Dumper } from '../core/index.ts'
import { loadArtifacts } from '../artifacts/load.ts'
import type { RestoreInputs } from './inputs.ts'
import { actionLogger } from './logger.ts'
import type { ReportSource, RunReport } from './report.ts'

/** Finds the dump to restore: the file, or the artifact downloaded. */
async function obtain(
  inputs: RestoreInputs,
  cancellation: Cancellation
): Promise<ReportSource> {
  const { source } = inputs
  if (source.kind === 'file') return { file: source.file }
  const { artifact } = source
  const artifacts = await loadArtifacts()
  const downloaded = await actionLogger.group(
    `Downloading the artifact '${artifact.name}'`,
    () =>
      artifacts.downloadDump(artifacts.client(), artifact, {
        file: source.file,
        logger: actionLogger,
        // removed if the run is cancelled, even during the download
        track: dir => cancellation.track(dir)
      })
  )
  cancellation.throwIfCancelled(
    'the download was removed and nothing was restored'
  )
  return {
    artifact: downloaded.artifact.name,
    artifactId: downloaded.artifact.id,
    runId: downloaded.artifact.runId,
    branch: downloaded.artifact.branch,
    file: downloaded.file
  }
}

/** Runs a restore, recording in `report` what it did. */
export async function restoreStep(
  inputs: RestoreInputs,
  dumper: Dumper,
  report: RunReport,
  cancellation: Cancellation
): Promise<void> {
  const source = await obtain(inputs, cancellation)
  report.source = source
  const result = await dumper.restore({ ...inputs.restore, file: source.file })
  report.result = result
  // a dump of several went into the databases it names
  if (result.dumps) report.database = result.databases.join(', ')
}
