// action.yml output names, and setting them from a run's report.
import * as core from './runner.ts'
import type { RunReport } from './report.ts'

export const Outputs = {
  File: 'file',
  Size: 'size',
  Sha256: 'sha256',
  ServerVersion: 'server-version',
  ClientVersion: 'client-version',
  IgnoredErrors: 'ignored-errors',
  Databases: 'databases',
  GlobalsFile: 'globals-file',
  Dumps: 'dumps',
  VerifiedTables: 'verified-tables',
  VerifiedRows: 'verified-rows',
  ArtifactId: 'artifact-id',
  ArtifactUrl: 'artifact-url',
  ArtifactDigest: 'artifact-digest',
  ArtifactFormat: 'artifact-format',
  Pruned: 'pruned',
  Url: 'url'
} as const

/** One object per database: what the `dumps` output holds. */
function dumpsOutput(
  result: NonNullable<RunReport['result']>
): Record<string, string | number>[] {
  return (result.dumps ?? []).map(d => {
    const item: Record<string, string | number> = {
      database: d.database,
      format: d.format,
      file: d.file,
      size: d.size,
      sha256: d.sha256
    }
    if ('ignoredErrors' in d && typeof d.ignoredErrors === 'number')
      item['ignored-errors'] = d.ignoredErrors
    return item
  })
}

/** Sets every output the report has facts for. */
export function setOutputs(report: RunReport): void {
  const { result, artifact, source, prune } = report
  if (source?.artifactId !== undefined)
    core.setOutput(Outputs.ArtifactId, source.artifactId)
  if (source?.s3 !== undefined) core.setOutput(Outputs.Url, source.s3)
  if (result) {
    core.setOutput(Outputs.File, result.file)
    core.setOutput(Outputs.Size, result.size)
    core.setOutput(Outputs.Sha256, result.sha256)
    core.setOutput(Outputs.ServerVersion, result.serverVersion)
    core.setOutput(Outputs.ClientVersion, result.clientVersion)
    if ('ignoredErrors' in result) {
      core.setOutput(Outputs.IgnoredErrors, result.ignoredErrors)
      core.setOutput(Outputs.Databases, result.databases.join(','))
    }
    if (result.globals) core.setOutput(Outputs.GlobalsFile, result.globals.file)
    if (result.dumps)
      core.setOutput(Outputs.Dumps, JSON.stringify(dumpsOutput(result)))
    if ('verified' in result && result.verified) {
      core.setOutput(Outputs.VerifiedTables, result.verified.tables)
      core.setOutput(Outputs.VerifiedRows, result.verified.rows)
    }
  }
  if (artifact?.kind === 's3') core.setOutput(Outputs.Url, artifact.url)
  else if (artifact && artifact.kind !== 'release') {
    core.setOutput(Outputs.ArtifactId, artifact.id)
    core.setOutput(Outputs.ArtifactUrl, artifact.url)
    core.setOutput(Outputs.ArtifactDigest, artifact.digest)
    core.setOutput(Outputs.ArtifactFormat, artifact.format)
  }
  // an S3 object has no id: its key names it
  if (prune)
    core.setOutput(
      Outputs.Pruned,
      prune.deleted
        .map(a => (artifact?.kind === 's3' ? a.name : a.id))
        .join(',')
    )
}
