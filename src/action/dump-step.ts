// The dump step: dump, and keep the dump as an artifact when asked. The
// upload is checked before dumping and happens only after a good dump.
import { dirname } from 'node:path'
import type { Cancellation, Dumper, DumpResult } from '../core/index.ts'
import { loadArtifacts } from '../artifacts/load.ts'
import type { DumpInputs } from './inputs.ts'
import { actionLogger } from './logger.ts'
import type { RunReport } from './report.ts'

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
  if (upload && artifacts && client) await artifacts.checkUpload(client, upload)
  const result = await dumper.dump(inputs.dump)
  report.result = result
  if (!upload || !artifacts || !client) return
  cancellation.throwIfCancelled('nothing was uploaded')

  report.artifact = await actionLogger.group(
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
}
