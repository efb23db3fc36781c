// The job summary: a small table after every run. Best effort: a summary that
// cannot be written is a warning, never a failure.
import * as core from '@actions/core'
import { formatBytes, formatDuration } from '../core/index.ts'
import type { RunReport } from './report.ts'

const code = (text: string) => `<code>${escape(text)}</code>`

function escape(text: string): string {
  return text.replace(
    /[&<>"]/g,
    c => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c] ?? c
  )
}

/** The summary's rows, as [label, HTML cell]. */
export function summaryRows(s: RunReport): [string, string][] {
  const r = s.result
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
  add('Server version', r?.serverVersion)
  add('Format', r?.format)
  add(
    'Size',
    r !== undefined ? `${formatBytes(r.size)} (${r.size} bytes)` : undefined
  )
  add('SHA-256', r?.sha256 ? code(r.sha256) : undefined)
  add('Duration', r !== undefined ? formatDuration(r.durationMs) : undefined)
  add(
    'Excluded schemas',
    s.excludeSchemas.length ? s.excludeSchemas.map(code).join(', ') : 'none'
  )
  if (s.artifact) {
    add(
      'Artifact',
      `<a href="${escape(s.artifact.url)}">${escape(s.artifact.name)}</a> (id ${s.artifact.id}, ${s.artifact.format === 'zip' ? 'a zip holding the dump' : 'the dump itself'})`
    )
  }
  // a failed restore counted nothing: no row rather than a false 0
  if (r && 'ignoredErrors' in r) add('Ignored errors', String(r.ignoredErrors))
  return rows
}

/** Writes the summary; outside GitHub Actions (no GITHUB_STEP_SUMMARY) it does nothing. */
export async function writeSummary(s: RunReport): Promise<void> {
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
