// The restore step: bring the dump back from its store when asked
// (verified), then restore it. A store that feeds a stream restores a
// custom archive as it streams, with no local copy; anything else (an age
// file, a plain script, tar, a folder, several jobs) is fetched to a file
// first, and the log says why.
import type { Cancellation, Dumper } from '../core/index.ts'
import { storeFor } from '../store/choose.ts'
import type { FoundDump, Store } from '../store/store.ts'
import type { RestoreInputs } from './inputs.ts'
import type { ReportSource, RunReport } from './report.ts'
import * as core from './runner.ts'

/** The report's source for a stored dump, its local `file` (a stream: its name). */
function sourceOf(found: FoundDump, file: string): ReportSource {
  if (found.release !== undefined)
    return { release: found.release, asset: found.name, file }
  if (found.s3 !== undefined) return { s3: found.s3, file }
  return {
    artifact: found.name,
    artifactId: found.id,
    runId: found.runId,
    branch: found.branch,
    file
  }
}

/** Finds the dump to restore: the file, or the stored dump fetched. */
async function obtain(
  inputs: RestoreInputs,
  store: Store | undefined,
  cancellation: Cancellation,
  found?: FoundDump
): Promise<ReportSource> {
  const { source } = inputs
  if (source.kind === 'file') return { file: source.file }
  if (!store) throw new Error('A restore from a stored dump needs its store')
  const fetched = await store.fetch({
    file: source.kind === 'artifact' ? source.file : undefined,
    found,
    // removed if the run is cancelled, even during the download
    track: dir => cancellation.track(dir)
  })
  cancellation.throwIfCancelled(
    'the download was removed and nothing was restored'
  )
  return sourceOf(fetched.found, fetched.file)
}

/** Why a stored dump is fetched to a file although its store feeds a stream; undefined: it may stream. */
function whyFetched(inputs: RestoreInputs): string | undefined {
  const { source, restore } = inputs
  if (source.kind === 'artifact' && source.file !== undefined)
    return 'one file of several is taken'
  if ((restore.jobs ?? 1) > 1)
    return `jobs ${restore.jobs}: pg_restore reads a stream with one job only`
  return undefined
}

/**
 * Restores the store's dump as it streams; false when the dump is not one
 * a stream restores (said in the log), `found` then set to it.
 */
async function restoreStreamed(
  inputs: RestoreInputs,
  dumper: Dumper,
  report: RunReport,
  store: Store & Required<Pick<Store, 'fetchStream'>>,
  found: FoundDump
): Promise<boolean> {
  const stream = await store.fetchStream(found)
  report.source = sourceOf(found, found.name)
  let outcome: Awaited<ReturnType<Dumper['restoreStream']>>
  try {
    outcome = await dumper.restoreStream(
      { ...inputs.restore, file: found.name },
      stream
    )
  } finally {
    stream.destroy()
  }
  if ('refused' in outcome) {
    core.info(`The dump is fetched to a file first: ${outcome.refused}`)
    report.source = undefined
    return false
  }
  report.result = outcome
  if (outcome.dumps) report.database = outcome.databases.join(', ')
  return true
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
  let found: FoundDump | undefined
  if (inputs.source.kind !== 'file' && store?.fetchStream) {
    const why = whyFetched(inputs)
    if (why === undefined) {
      found = await store.find()
      const streaming = store as Store & Required<Pick<Store, 'fetchStream'>>
      if (await restoreStreamed(inputs, dumper, report, streaming, found))
        return
    } else core.info(`The dump is fetched to a file first: ${why}`)
  }
  const source = await obtain(inputs, store, cancellation, found)
  report.source = source
  const result = await dumper.restore({ ...inputs.restore, file: source.file })
  report.result = result
  // a dump of several went into the databases it names
  if (result.dumps) report.database = result.databases.join(', ')
}
