// Turns the measurements into the printed table, the JSON results and the
// Markdown table for the README.
import { mkdir, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import type { Contender, ExtraMedians, Measurement } from './measure.ts'

/** One contender as reported. */
export interface SideResult {
  label: string
  unit: Contender['unit']
  samples: number[]
  /** undefined when there are no samples */
  median?: number
  error?: string
}

/** One row of the table. */
export interface RowResult {
  id: string
  title: string
  description: string
  a: SideResult
  b: SideResult
  /** median(A) / median(B) */
  ratio?: number
  target: string
  maxRatio: number
  maxA?: number
  maxDiff?: number
  /** undefined when a side failed */
  pass?: boolean
  /** A's error, else B's */
  error?: string
  /** why a missed target was missed, from the run's medians */
  note?: string
}

/** Everything one benchmark run wrote. */
export interface BenchReport {
  timestamp: string
  options: {
    size: string
    sizeBytes: number
    runs: number
    keep: boolean
    only?: number[]
  }
  machine: {
    cpus: number
    cpuModel: string
    memoryBytes: number
    platform: string
    node: string
    /** the 1-minute load average, sampled every 5 s during the run */
    loadAverage: { start: number; end: number; mean: number; max: number }
  }
  postgres: {
    server: string
    client: string
    binDir: string
    external: boolean
  }
  action: {
    commit: string
    /** of dist/index.js when the run started */
    distSha256: string
    /** dist/index.js was rebuilt while the benchmark ran */
    distChangedDuringRun: boolean
  }
  databases: Record<
    string,
    { name: string; bytes: number; rows: Record<string, number> }
  >
  measurements: RowResult[]
  /** other figures, one per run: dump sizes, step times, RSS of other steps */
  extras: Record<string, { samples: number[]; median: number }>
  durationSeconds: number
}

export function median(values: number[]): number | undefined {
  if (values.length === 0) return undefined
  const sorted = [...values].sort((x, y) => x - y)
  const mid = Math.floor(sorted.length / 2)
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2
}

function side(c: Contender): SideResult {
  return {
    label: c.label,
    unit: c.unit,
    samples: c.samples.map(round),
    median: median(c.samples),
    error: c.error
  }
}

const round = (n: number) => Math.round(n * 1000) / 1000

/** The median of each extra. */
export function extraMedians(extras: Record<string, number[]>): ExtraMedians {
  return Object.fromEntries(
    Object.entries(extras).flatMap(([key, samples]) => {
      const m = median(samples)
      return m === undefined ? [] : [[key, m]]
    })
  )
}

export function evaluate(m: Measurement, extras: ExtraMedians = {}): RowResult {
  const a = side(m.a)
  const b = side(m.b)
  const row: RowResult = {
    id: m.id,
    title: m.title,
    description: m.description,
    a,
    b,
    target: m.target,
    maxRatio: m.maxRatio,
    maxA: m.maxA,
    maxDiff: m.maxDiff,
    error: a.error ?? b.error
  }
  if (!row.error && a.median !== undefined && b.median !== undefined) {
    row.ratio = round(a.median / b.median)
    row.pass =
      row.ratio <= m.maxRatio &&
      (m.maxA === undefined || a.median < m.maxA) &&
      (m.maxDiff === undefined || a.median - b.median <= m.maxDiff)
    if (!row.pass && m.explain) {
      try {
        row.note = m.explain(extras, { a: a.median, b: b.median })
      } catch (error) {
        row.note = `(no explanation: ${error instanceof Error ? error.message : String(error)})`
      }
    }
  }
  if (a.median !== undefined) a.median = round(a.median)
  if (b.median !== undefined) b.median = round(b.median)
  return row
}

export function formatValue(value: number | undefined, unit: string): string {
  if (value === undefined) return '—'
  const digits = value >= 100 ? 1 : 2
  return `${value.toFixed(digits)} ${unit}`
}

function cells(row: RowResult): string[] {
  const value = (s: SideResult) => formatValue(s.median, s.unit)
  return [
    row.title,
    `${row.a.label}: ${value(row.a)}`,
    `${row.b.label}: ${value(row.b)}`,
    row.ratio === undefined ? '—' : row.ratio.toFixed(3),
    row.target,
    row.pass === undefined ? '✗ error' : row.pass ? '✓' : '✗'
  ]
}

const HEADER = [
  'measurement',
  'A (median)',
  'B (median)',
  'ratio A/B',
  'target',
  ''
]

/** The table as aligned text, errors below their rows. */
export function textTable(rows: RowResult[]): string {
  const body = rows.map(cells)
  const widths = HEADER.map((h, i) =>
    Math.max(h.length, ...body.map(r => r[i].length))
  )
  const line = (r: string[]) =>
    r
      .map((c, i) => (i === 3 ? c.padStart(widths[i]) : c.padEnd(widths[i])))
      .join('  ')
      .trimEnd()
  const out = [line(HEADER), widths.map(w => '─'.repeat(w)).join('  ')]
  rows.forEach((row, i) => {
    out.push(line(body[i]))
    if (row.error) out.push(`    ↳ ${row.error}`)
  })
  return out.join('\n')
}

/** The missed targets, one line each with why; '' when none was missed. */
export function missedNotes(rows: RowResult[]): string {
  const missed = rows.filter(row => row.pass === false)
  if (missed.length === 0) return ''
  const lines = missed.map(row => {
    const ratio = row.ratio === undefined ? '' : ` (${row.ratio.toFixed(3)})`
    return `  ${row.title}${ratio} misses ${row.target}${row.note ? `: ${row.note}` : ''}`
  })
  return [`Missed ${missed.length} of ${rows.length} targets:`, ...lines].join(
    '\n'
  )
}

/** The Markdown page: how and where it ran, the table, what each row is. */
export function markdown(report: BenchReport): string {
  const esc = (s: string) => s.replace(/\|/g, '\\|')
  const { machine, postgres, options } = report
  const dbs = Object.values(report.databases)
    .map(d => `\`${d.name}\` ${(d.bytes / 2 ** 20).toFixed(0)} MB`)
    .join(', ')
  const lines = [
    '# pg-dumper benchmark',
    '',
    `\`npm run bench -- --size ${options.size} --runs ${options.runs}\` on ${report.timestamp}: ` +
      `${machine.cpus} × ${machine.cpuModel}, ${(machine.memoryBytes / 2 ** 30).toFixed(0)} GB RAM, ` +
      `Node ${machine.node}; PostgreSQL ${postgres.server} (${postgres.external ? 'PG_DUMPER_TEST_URL' : 'throwaway server'}), ` +
      `client ${postgres.client}; databases ${dbs}; action at ${report.action.commit.slice(0, 12)} ` +
      `(dist/index.js sha256 ${report.action.distSha256.slice(0, 12)}…). ` +
      `Medians of ${options.runs} interleaved run${options.runs > 1 ? 's' : ''}.`,
    '',
    `1-minute load average during the run: mean ${machine.loadAverage.mean}, max ${machine.loadAverage.max} ` +
      `(the benchmark alone keeps it near the core count).`,
    '',
    ...(report.action.distChangedDuringRun
      ? [
          '**dist/index.js changed while the benchmark ran: the runs measured different builds.**',
          ''
        ]
      : []),
    `| ${HEADER.map(h => h || 'ok').join(' | ')} |`,
    `| ${HEADER.map((_, i) => (i === 3 ? '--:' : '---')).join(' | ')} |`,
    ...report.measurements.map(row => `| ${cells(row).map(esc).join(' | ')} |`),
    ''
  ]
  const missed = report.measurements.filter(r => r.pass === false)
  if (missed.length) {
    lines.push('Missed targets:', '')
    for (const row of missed) {
      lines.push(
        `- **${row.title}** (${row.ratio?.toFixed(3)}, target ${row.target})${row.note ? `: ${row.note}` : ''}`
      )
    }
    lines.push('')
  }
  const failed = report.measurements.filter(r => r.error)
  if (failed.length) {
    lines.push('Errors:', '')
    for (const row of failed) lines.push(`- ${row.title}: ${row.error}`)
    lines.push('')
  }
  lines.push('What each row measures:', '')
  for (const row of report.measurements) {
    lines.push(`- **${row.title}**: ${row.description}`)
  }
  lines.push('')
  return lines.join('\n')
}

/** Writes results/<timestamp>.json, results/latest.json and results/latest.md. */
export async function writeResults(
  report: BenchReport,
  dir: string,
  latest = true
): Promise<string[]> {
  await mkdir(dir, { recursive: true })
  const json = `${JSON.stringify(report, null, 2)}\n`
  const stamp = report.timestamp.replace(/[:.]/g, '-')
  const files = [join(dir, `${stamp}.json`)]
  await writeFile(files[0], json)
  if (latest) {
    files.push(join(dir, 'latest.json'), join(dir, 'latest.md'))
    await writeFile(files[1], json)
    await writeFile(files[2], markdown(report))
  }
  return files
}
