// The restore step: bring the dump back from its store when asked
// (verified), then restore it.
import type { Cancellation, Dumper } from '../core/index.ts'
import { storeFor } from '../store/choose.ts'
import type { Store } from '../store/store.ts'
import type { RestoreInputs } from './inputs.ts'
import type { ReportSource, RunReport } from './report.ts'

/** Finds the dump to restore: the file, or the stored dump fetched. */
async function obtain(
  inputs: RestoreInputs,
  store: Store | undefined,
  cancellation: Cancellation
): Promise<ReportSource> {
  const { source } = inputs
  if (source.kind === 'file') return { file: source.file }
  if (!store) throw new Error('A restore from a stored dump needs its store')
  const fetched = await store.fetch({
    file: source.kind === 'artifact' ? source.file : undefined,
    // removed if the run is cancelled, even during the download
    track: dir => cancellation.track(dir)
  })
  cancellation.throwIfCancelled(
    'the download was removed and nothing was restored'
  )
  const { found } = fetched
  if (found.release !== undefined)
    return { release: found.release, asset: found.name, file: fetched.file }
  return {
    artifact: found.name,
    artifactId: found.id,
    runId: found.runId,
    branch: found.branch,
    file: fetched.file
  }
}

/**
 * Runs a restore, recording in `report` what it did. `store`: where the
 * dump comes from, chosen from the inputs unless given.
 */
export async function restoreStep(
  inputs: RestoreInputs,
  dumper: Dumper,
  report: RunReport,
  cancellation: Cancellation,
  store: Store | undefined = storeFor(inputs)
): Promise<void> {
  const source = await obtain(inputs, store, cancellation)
  report.source = source
  const result = await dumper.restore({ ...inputs.restore, file: source.file })
  report.result = result
  // a dump of several went into the databases it names
  if (result.dumps) report.database = result.databases.join(', ')
}
