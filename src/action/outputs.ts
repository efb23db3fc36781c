// action.yml output names, and the outputs every run sets.
import * as core from '@actions/core'
import type { FileResult } from '../core/dumper.ts'
import type { RunSummary } from './summary.ts'

export const Outputs = {
  File: 'file',
  Size: 'size',
  Sha256: 'sha256',
  ServerVersion: 'server-version',
  ClientVersion: 'client-version',
  IgnoredErrors: 'ignored-errors',
  Databases: 'databases',
  ArtifactId: 'artifact-id',
  ArtifactUrl: 'artifact-url',
  ArtifactDigest: 'artifact-digest'
} as const

/**
 * Sets the outputs both modes share (file, size, sha256, versions) and
 * copies the same facts into the job summary.
 */
export function reportFile(
  result: FileResult & { format: string },
  summary: RunSummary
): void {
  Object.assign(summary, {
    serverVersion: result.serverVersion,
    format: result.format,
    size: result.size,
    sha256: result.sha256,
    durationMs: result.durationMs
  })
  core.setOutput(Outputs.File, result.file)
  core.setOutput(Outputs.Size, result.size)
  core.setOutput(Outputs.Sha256, result.sha256)
  core.setOutput(Outputs.ServerVersion, result.serverVersion)
  core.setOutput(Outputs.ClientVersion, result.clientVersion)
}
