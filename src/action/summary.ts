// The job summary: a small table after every run. Best effort: a summary that
// cannot be written is a warning, never a failure.
import * as core from './runner.ts'
import { basename } from 'node:path'
import { formatBytes, formatDuration, GLOBALS_AGE_FILE } from '../core/index.ts'
import { prunedLabel } from '../artifacts/pruned.ts'
import { actionLogger } from './logger.ts'
import type { RunReport } from './report.ts'

// @actions/core's summary writes its text and every table cell as raw HTML
// (addHeading, addCodeBlock, addTable's `data`): each is escaped here.
const ENTITIES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;'
}

/** Text as HTML text: no tag, entity or attribute can start in it. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"]/g, c => ENTITIES[c] ?? c)
}

/**
 * Text for one cell or heading: escaped, and its line breaks as character
 * references, since a blank line ends the table's HTML block and GitHub
 * would read the rest as Markdown (links, images).
 */
export function escapeCell(text: string): string {
  return escapeHtml(text).replace(/\r/g, '&#13;').replace(/\n/g, '&#10;')
}

const code = (text: string) => `<code>${escapeCell(text)}</code>`

/** The summary's rows, as [label, HTML cell]. */
export function summaryRows(s: RunReport): [string, string][] {
  const r = s.result
  const rows: [string, string][] = []
  const add = (label: string, value: string | undefined) => {
    if (value !== undefined) rows.push([label, value])
  }
  if (s.mode === 'restore' && s.source) {
    const { release, asset } = s.source
    const from = release
      ? `asset ${code(asset ?? '')} of the release ${code(release)}`
      : s.source.s3
        ? `object ${code(s.source.s3)}`
        : s.source.artifact
          ? `artifact ${code(s.source.artifact)}${s.source.artifactId !== undefined ? ` (id ${s.source.artifactId})` : ''}` +
            (s.source.runId !== undefined
              ? ` from run ${s.source.runId}`
              : ' from this run') +
            (s.source.branch ? ` on ${code(s.source.branch)}` : '')
          : code(s.source.file)
    add('Source', from)
  }
  add(s.mode === 'dump' ? 'Database' : 'Target database', code(s.database))
  const text = (value: string | undefined) =>
    value === undefined ? undefined : escapeCell(value)
  add('Server version', text(r?.serverVersion))
  // of several formats, each (the first dump's alone would mislead)
  const formats = [...new Set((r?.dumps ?? []).map(d => d.format))]
  add('Format', text(formats.length > 1 ? formats.join(', ') : r?.format))
  add(
    'Size',
    r !== undefined
      ? text(`${formatBytes(r.size)} (${r.size} bytes)`)
      : undefined
  )
  add('SHA-256', r?.sha256 ? code(r.sha256) : undefined)
  add('Encryption', encryptionCell(r))
  add(
    'Duration',
    r !== undefined ? text(formatDuration(r.durationMs)) : undefined
  )
  if (s.schemas?.length) add('Schemas', s.schemas.map(code).join(', '))
  add(
    'Excluded schemas',
    s.excludeSchemas.length ? s.excludeSchemas.map(code).join(', ') : 'none'
  )
  if (r && 'scrubbed' in r && r.scrubbed)
    add('Scrubbed', `a throwaway copy, by ${code(r.scrubbed)}`)
  if (r && 'verified' in r && r.verified) {
    const { tables, rows, durationMs } = r.verified
    add(
      'Restore drill',
      text(
        `restored into a scratch database (dropped): ${tables} table(s), ${rows} row(s), each table's rows as dumped, in ${formatDuration(durationMs)}`
      )
    )
  }
  if (s.artifact?.release) {
    const { tag, url, assets } = s.artifact.release
    add(
      'Release',
      `<a href="${escapeCell(url)}">${escapeCell(tag)}</a>: ${assets.map(code).join(', ')}`
    )
  }
  if (s.artifact?.kind === 's3') {
    add(
      'S3 object',
      `${code(s.artifact.url)} (${escapeCell(String(s.artifact.size))} bytes)`
    )
  } else if (s.artifact && s.artifact.kind !== 'release') {
    add(
      'Artifact',
      `<a href="${escapeCell(s.artifact.url)}">${escapeCell(s.artifact.name)}</a> (id ${s.artifact.id}, ${s.artifact.format === 'zip' ? 'a zip holding the dump' : 'the dump itself'})`
    )
  }
  if (s.prune) {
    const { deleted, failed, keep } = s.prune
    add(
      'Pruned',
      (deleted.length
        ? deleted
            .map(a => `${code(a.name)} ${escapeCell(prunedLabel(a))}`)
            .join('<br>')
        : 'nothing') +
        escapeCell(
          ` (keep: ${keep}${failed.length || s.prune.denied ? '; some could not be deleted, see the log' : ''}` +
            `${s.prune.skipped ? `; ${s.prune.skipped}` : ''})`
        )
    )
  }
  rows.push(...clusterRows(s))
  // a failed restore counted nothing: no row rather than a false 0
  if (r && 'ignoredErrors' in r)
    add('Ignored errors', text(String(r.ignoredErrors)))
  return rows
}

/** What the summary says of encryption: to how many recipients (never a key), or decrypted. */
function encryptionCell(r: RunReport['result']): string | undefined {
  if (r && 'encryption' in r && r.encryption) {
    const n = r.encryption.recipients
    const files = r.globals !== undefined || (r.dumps?.length ?? 0) > 1
    return escapeCell(
      `age, to ${n} recipient${n === 1 ? '' : 's'}: ` +
        (files
          ? `every file is an age file${r.globals ? ` (${GLOBALS_AGE_FILE} too)` : ''}; sizes and SHA-256 are the encrypted files'`
          : "size and SHA-256 are the encrypted file's")
    )
  }
  if (r && 'encrypted' in r && r.encrypted)
    return escapeCell('age, decrypted as it was read')
  return undefined
}

/** Rows for each database of a dump of several, and for the roles and tablespaces. */
function clusterRows(s: RunReport): [string, string][] {
  const text = escapeCell
  const r = s.result
  const rows: [string, string][] = []
  const names = (list: readonly string[]) =>
    list.length ? list.map(code).join(', ') : 'none'
  if (r?.dumps && r.dumps.length > 1) {
    for (const d of r.dumps) {
      const errors =
        'ignoredErrors' in d && typeof d.ignoredErrors === 'number'
          ? text(`, ${d.ignoredErrors} ignored errors`)
          : ''
      rows.push([
        `Database ${d.database}`,
        `${code(basename(d.file))}: ${text(formatBytes(d.size))}, SHA-256 ${code(d.sha256)}${errors}`
      ])
    }
  }
  const g = r?.globals
  if (g && 'roles' in g) {
    rows.push([
      'Roles and tablespaces',
      `${code(basename(g.file))}: roles ${names(g.roles)}; tablespaces ${names(g.tablespaces)}; ` +
        (g.rolePasswords ? 'with password hashes' : 'without passwords')
    ])
  } else if (g && 'createdRoles' in g) {
    rows.push([
      'Roles',
      `created ${names(g.createdRoles)}; already there ${names(g.existingRoles)}`
    ])
    if (g.createdTablespaces.length || g.existingTablespaces.length)
      rows.push([
        'Tablespaces',
        `created ${names(g.createdTablespaces)}; already there ${names(g.existingTablespaces)}`
      ])
  }
  return rows
}

/** Writes the summary; outside GitHub Actions (no GITHUB_STEP_SUMMARY) it does nothing. */
export async function writeSummary(s: RunReport): Promise<void> {
  if (!process.env.GITHUB_STEP_SUMMARY) return
  const verb = s.mode === 'dump' ? 'Dump' : 'Restore'
  try {
    core
      .summary()
      .addHeading(
        escapeCell(`pg-dumper: ${verb} ${s.error ? 'failed' : 'succeeded'}`),
        3
      )
    // inside <pre> a line break is the text's own, and no blank line ends it
    if (s.error) core.summary().addCodeBlock(escapeHtml(s.error))
    core.summary().addTable([
      [
        { data: 'What', header: true },
        { data: 'Value', header: true }
      ],
      ...summaryRows(s).map(([label, html]) => [escapeCell(label), html])
    ])
    await core.summary().write()
  } catch (error) {
    actionLogger.warning(
      `Could not write the job summary: ${(error as Error).message}`
    )
  } finally {
    core.summary().emptyBuffer()
  }
}
