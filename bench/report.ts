// Turns the measurements into rows and the printed table (write-results.ts
// writes them to results/).
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
  /** the database shape it ran on; absent for rows of no shape (6, 8, 9) */
  shape?: string
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
  /** why it was not measured, when that is no error */
  skipped?: string
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
    shapes?: string[]
    jobs?: number
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
  /** '<shape>.large', '<shape>.small' */
  databases: Record<
    string,
    {
      name: string
      shape: string
      bytes: number
      rows: Record<string, number>
    }
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
    shape: m.shape,
    description: m.description,
    a,
    b,
    target: m.target,
    maxRatio: m.maxRatio,
    maxA: m.maxA,
    maxDiff: m.maxDiff,
    error: m.skipped ? undefined : (a.error ?? b.error),
    skipped: m.skipped
  }
  if (
    !row.error &&
    !row.skipped &&
    a.median !== undefined &&
    b.median !== undefined
  ) {
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

/**
 * Rows in print order: by number, then by shape in `shapes` order (rows of
 * no shape first), then by title.
 */
export function sortRows(rows: RowResult[], shapes: string[]): RowResult[] {
  const shapeIndex = (r: RowResult) =>
    r.shape === undefined ? -1 : shapes.indexOf(r.shape)
  return [...rows].sort(
    (x, y) =>
      Number.parseInt(x.title, 10) - Number.parseInt(y.title, 10) ||
      shapeIndex(x) - shapeIndex(y) ||
      x.title.localeCompare(y.title)
  )
}

export function formatValue(value: number | undefined, unit: string): string {
  if (value === undefined) return '—'
  const digits = value >= 100 ? 1 : 2
  return `${value.toFixed(digits)} ${unit}`
}

export function cells(row: RowResult): string[] {
  const value = (s: SideResult) => formatValue(s.median, s.unit)
  return [
    row.title,
    `${row.a.label}: ${value(row.a)}`,
    `${row.b.label}: ${value(row.b)}`,
    row.ratio === undefined ? '—' : row.ratio.toFixed(3),
    row.target,
    row.skipped
      ? '— skipped'
      : row.pass === undefined
        ? '✗ error'
        : row.pass
          ? '✓'
          : '✗'
  ]
}

export const HEADER = [
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
    if (row.skipped) out.push(`    ↳ skipped: ${row.skipped}`)
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
