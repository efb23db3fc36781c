// Makes one @actions/artifact call in a process of its own, as a step would
// (the library reads its environment when it loads), and reports it as JSON.
// Usage: node artifact-client-step.ts '<StepOp JSON>' <result file>
import { writeFile } from 'node:fs/promises'
import type {
  DownloadArtifactOptions,
  FindOptions,
  ListArtifactsOptions,
  UploadArtifactOptions
} from '@actions/artifact'

/** One library call; `findBy` options go in `options` as the library takes them. */
export type StepOp =
  | {
      op: 'upload'
      name: string
      files: string[]
      rootDirectory: string
      options?: UploadArtifactOptions
    }
  | {
      op: 'download'
      id: number
      options?: DownloadArtifactOptions & FindOptions
    }
  | { op: 'get'; name: string; options?: FindOptions }
  | { op: 'list'; options?: ListArtifactsOptions & FindOptions }
  | { op: 'delete'; name: string; options?: FindOptions }

/** What the step wrote: the call's resolved value, or the error it threw. */
export type StepResult =
  | { ok: true; value: unknown }
  | { ok: false; error: { name: string; message: string } }

const [opJson, resultFile] = process.argv.slice(2)
if (!opJson || !resultFile)
  throw new Error('usage: artifact-client-step.ts <op JSON> <result file>')
const op = JSON.parse(opJson) as StepOp

// imported after argv is checked so a usage error is quick
const { DefaultArtifactClient } = await import('@actions/artifact')
const client = new DefaultArtifactClient()

let result: StepResult
try {
  let value: unknown
  switch (op.op) {
    case 'upload':
      value = await client.uploadArtifact(
        op.name,
        op.files,
        op.rootDirectory,
        op.options
      )
      break
    case 'download':
      value = await client.downloadArtifact(op.id, op.options)
      break
    case 'get':
      value = await client.getArtifact(op.name, op.options)
      break
    case 'list':
      value = await client.listArtifacts(op.options)
      break
    case 'delete':
      value = await client.deleteArtifact(op.name, op.options)
      break
  }
  result = { ok: true, value }
} catch (error) {
  const e = error instanceof Error ? error : new Error(String(error))
  result = { ok: false, error: { name: e.name, message: e.message } }
}
await writeFile(resultFile, JSON.stringify(result))
process.exitCode = result.ok ? 0 : 1
