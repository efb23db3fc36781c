// The dump step: dump, and keep the dump in its store when asked. The put is
// checked before dumping and happens only after a good dump; with 'keep',
// the older dumps of the series are deleted only after a good put.
import { dirname } from 'node:path'
import type { Cancellation, Dumper, DumpResult } from '../core/index.ts'
import { storeFor } from '../store/choose.ts'
import type { DumpFiles, Store } from '../store/store.ts'
import type { DumpInputs } from './inputs.ts'
import type { RunReport } from './report.ts'

/**
 * What is kept: the dump; with the globals, both, under the dump's folder;
 * of several databases, each dump and the globals, under their folder.
 */
function keptFiles(result: DumpResult): DumpFiles {
  const { file, dumps, globals } = result
  const encrypted = Boolean(result.encryption)
  if (!globals && !(dumps && dumps.length > 1)) return { file, encrypted }
  const several = dumps !== undefined && dumps[0]?.file !== file
  const files = [
    ...(several ? dumps.map(d => d.file) : [file]),
    ...(globals ? [globals.file] : [])
  ]
  return { file, files, root: several ? file : dirname(file), encrypted }
}

/**
 * Runs a dump, recording in `report` what it did. `store`: where the dump
 * is kept, chosen from the inputs unless given.
 */
export async function dumpStep(
  inputs: DumpInputs,
  dumper: Dumper,
  report: RunReport,
  cancellation: Cancellation,
  store: Store | undefined = storeFor(inputs)
): Promise<void> {
  await store?.prepare()
  const result = await dumper.dump(inputs.dump)
  report.result = result
  if (!store) return
  cancellation.throwIfCancelled('nothing was uploaded')
  const stored = await store.put(keptFiles(result))
  report.artifact = stored
  if (store.keep === undefined) return
  cancellation.throwIfCancelled('the dump was uploaded; nothing was pruned')
  // the backup counts: it stays reported whatever pruning says
  const { outcome, failure } = await store.prune(stored)
  report.prune = outcome
  if (failure) throw failure
}
