// Reads the errors pg_restore and psql print, so a failed or tolerated
// restore can be reported as a list a person can act on.

/** The errors a restore tool reported. */
export interface RestoreReport {
  /** each error as the tool printed it, continuation lines included */
  errors: string[]
  /** pg_restore's own count ("errors ignored on restore: N"), when it printed one */
  ignoredCount?: number
  /** psql: the script line of each error, in order */
  lines?: number[]
  /** psql: tables whose COPY failed on a data row ("CONTEXT: COPY t, line 3") */
  copyContexts?: string[]
}

/** How many errors a message lists before it only counts the rest. */
export const ERRORS_SHOWN = 20
const LINES_PER_ERROR = 6

const PG_RESTORE_ENTRY = /^pg_restore: (error|warning|detail|hint): /
const PG_RESTORE_IGNORED = /errors ignored on restore: (\d+)/
// psql prefixes script messages with "psql:<file>:<line>: <LEVEL>:"
const PSQL_ENTRY =
  /^psql:.*?:\d+: (ERROR|FATAL|PANIC|error|WARNING|NOTICE|INFO):/
const PSQL_LINE = /^psql:.*?:(\d+): /
const COPY_CONTEXT = /^CONTEXT: +COPY (.+), line \d+/
const PSQL_ERROR_LEVELS = new Set(['ERROR', 'FATAL', 'PANIC', 'error'])

interface Entry {
  level: string
  lines: string[]
}

function splitEntries(stderr: string, start: RegExp): Entry[] {
  const entries: Entry[] = []
  for (const line of stderr.split(/\r?\n/)) {
    const match = start.exec(line)
    if (match) entries.push({ level: match[1], lines: [line] })
    else if (line.trim() !== '' && entries.length > 0)
      entries[entries.length - 1].lines.push(line)
  }
  return entries
}

function render(entry: Entry, prefix: RegExp): string {
  const lines = entry.lines.slice(0, LINES_PER_ERROR)
  lines[0] = lines[0].replace(prefix, '')
  if (entry.lines.length > LINES_PER_ERROR) lines.push('…')
  return lines.join('\n')
}

/** The errors in pg_restore's stderr and its closing count, if any. */
export function parsePgRestoreOutput(stderr: string): RestoreReport {
  const errors = splitEntries(stderr, PG_RESTORE_ENTRY)
    .filter(e => e.level === 'error')
    .map(e => render(e, /^pg_restore: error: /))
  const count = PG_RESTORE_IGNORED.exec(stderr)
  return {
    errors,
    ignoredCount: count ? Number(count[1]) : undefined
  }
}

/** The errors in psql's stderr when it ran a script. */
export function parsePsqlOutput(stderr: string): RestoreReport {
  const entries = splitEntries(stderr, PSQL_ENTRY).filter(e =>
    PSQL_ERROR_LEVELS.has(e.level)
  )
  const copyContexts = entries.flatMap(e =>
    e.lines.flatMap(line => COPY_CONTEXT.exec(line)?.[1] ?? [])
  )
  return {
    errors: entries.map(e => render(e, /^psql:/)),
    lines: entries.map(e => Number(PSQL_LINE.exec(e.lines[0])?.[1] ?? 0)),
    copyContexts
  }
}

/** The first ERRORS_SHOWN errors, then how many more there were. */
export function listErrors(
  errors: readonly string[],
  total = errors.length
): string {
  const shown = errors.slice(0, ERRORS_SHOWN)
  const rest = total - shown.length
  const more = rest > 0 ? [`… and ${rest} more`] : []
  return [...shown, ...more].join('\n')
}
