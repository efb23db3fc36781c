// The job summary: a small table after every run. Best effort: a summary that
// cannot be written is a warning, never a failure.
import * as core from '@actions/core'
import { formatBytes, formatDuration } from '../core/units.ts'

/** What one run did, as the summary shows it. */
export interface RunSummary {
  mode: 'dump' | 'restore'
  /** the database (or service) dumped from or restored into */
  database: string
  serverVersion?: string
  /** dump format, or the recognised format of the restored file */
  format?: string
  size?: number
  sha256?: string
  durationMs?: number
  excludeSchemas: string[]
  /** dump: the uploaded artifact */
  artifact?: { name: string; id: number; url: string }
  /** restore: where the dump came from */
  source?: {
    artifact?: string
    artifactId?: number
    runId?: number
    branch?: string
    file: string
  }
  ignoredErrors?: number
  /** `<ErrorName>: <message>` when the run failed */
  error?: string
}

const code = (text: string) => `<code>${escape(text)}</code>`

function escape(text: string): string {
  return text.replace(
    /[&<>"]/g,
    c => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c] ?? c
  )
}

/** The summary's rows, as [label, HTML cell]. */
export function summaryRows(s: RunSummary): [string, string][] {
  const rows: [string, string][] = []
  const add = (label: string, value: string | undefined) => {
    if (value !== undefined) rows.push([label, value])
  }
  if (s.mode === 'restore' && s.source) {
    const from = s.source.artifact
      ? `artifact ${code(s.source.artifact)}${s.source.artifactId !== undefined ? ` (id ${s.source.artifactId})` : ''}` +
        (s.source.runId !== undefined
          ? ` from run ${s.source.runId}`
          : ' from this run') +
        (s.source.branch ? ` on ${code(s.source.branch)}` : '')
      : code(s.source.file)
    add('Source', from)
  }
  add(s.mode === 'dump' ? 'Database' : 'Target database', code(s.database))
  add('Server version', s.serverVersion)
  add('Format', s.format)
  add(
    'Size',
    s.size !== undefined
      ? `${formatBytes(s.size)} (${s.size} bytes)`
      : undefined
  )
  add('SHA-256', s.sha256 ? code(s.sha256) : undefined)
  add(
    'Duration',
    s.durationMs !== undefined ? formatDuration(s.durationMs) : undefined
  )
  add(
    'Excluded schemas',
    s.excludeSchemas.length ? s.excludeSchemas.map(code).join(', ') : 'none'
  )
  if (s.artifact) {
    add(
      'Artifact',
      `<a href="${escape(s.artifact.url)}">${escape(s.artifact.name)}</a> (id ${s.artifact.id})`
    )
  }
  if (s.mode === 'restore') add('Ignored errors', String(s.ignoredErrors ?? 0))
  return rows
}

/** Writes the summary; outside GitHub Actions (no GITHUB_STEP_SUMMARY) it does nothing. */
export async function writeSummary(s: RunSummary): Promise<void> {
  if (!process.env.GITHUB_STEP_SUMMARY) return
  const verb = s.mode === 'dump' ? 'Dump' : 'Restore'
  try {
    core.summary.addHeading(
      `pg-dumper: ${verb} ${s.error ? 'failed' : 'succeeded'}`,
      3
    )
    if (s.error) core.summary.addCodeBlock(s.error)
    core.summary.addTable([
      [
        { data: 'What', header: true },
        { data: 'Value', header: true }
      ],
      ...summaryRows(s)
    ])
    await core.summary.write()
  } catch (error) {
    core.warning(`Could not write the job summary: ${(error as Error).message}`)
  } finally {
    core.summary.emptyBuffer()
  }
}
