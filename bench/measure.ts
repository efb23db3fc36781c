// What every measurement shares (1, 2 and 5 are in dumps.ts, 3 and 10 in
// restore.ts, 4 in upload.ts, 6 in startup.ts, 7 in nightly.ts, 8 and 9 in
// fixtures.ts). Each pits
// contender A against contender B; their runs are interleaved (A B, B A,
// A B …, or rotated when more take turns) so that drift of the machine hits
// both alike. A contender that fails once is not run again and its
// measurement reports the error.
import { readdir, stat } from 'node:fs/promises'
import { join } from 'node:path'
import type { TestServer } from '../test-support/pg-server.ts'
import type { BuiltDatabase, Sql } from './build.ts'
import { missingInputs } from './steps.ts'

/** One side of a measurement. */
export interface Contender {
  label: string
  unit: 's' | 'MB'
  /** one per run, in run order */
  samples: number[]
  /** why it stopped; its measurement then has no ratio */
  error?: string
}

/** A measurement: median(A) / median(B) against a target. */
export interface Measurement {
  id: string
  title: string
  /** the database shape it ran on (shapes.ts); none for rows of no shape */
  shape?: string
  /** why it was not taken, when that is no error (an older server, say) */
  skipped?: string
  a: Contender
  b: Contender
  /** passes when the ratio is at most this … */
  maxRatio: number
  /** … and, when set, median(A) at most this (in A's unit) */
  maxA?: number
  /** … and, when set, median(A) − median(B) at most this (in their unit) */
  maxDiff?: number
  /** the target as printed */
  target: string
  /** what was measured exactly, for the JSON and Markdown */
  description: string
  /**
   * Why a missed target was missed, from the medians of the run: called
   * only when the row misses its target; its text goes under the table.
   */
  explain?: (extras: ExtraMedians, row: RowMedians) => string | undefined
}

/** The median of each extra (undefined: never recorded). */
export type ExtraMedians = Partial<Record<string, number>>

/** The medians of a row's two sides, unrounded. */
export interface RowMedians {
  a: number
  b: number
}

/** A shape's two databases. */
export interface ShapeDatabases {
  shape: string
  large: BuiltDatabase
  small: BuiltDatabase
}

/** What the phases share. */
export interface Bench {
  server: TestServer
  /** the pg_dump/pg_restore/psql both sides use */
  binDir: string
  runs: number
  /** scratch space for dumps and step folders */
  ws: string
  /** the databases of the first shape asked for (rows 4 and 7) */
  large: BuiltDatabase
  small: BuiltDatabase
  /** every shape asked for (rows 1, 2, 3, 5 and 10) */
  shapes: ShapeDatabases[]
  /** row 2's jobs */
  jobs: number
  sql: Sql
  log: (line: string) => void
  /** figures beside the table (dump sizes, step times, other RSS) */
  extras: Record<string, number[]>
}

/** One contender's turn in a run. */
export interface Turn {
  label: string
  /** contenders whose error a failure sets */
  sides: Contender[]
  run(): Promise<void>
}

export const message = (error: unknown): string =>
  error instanceof Error ? error.message : String(error)

export const MB = 2 ** 20

export function contender(label: string, unit: Contender['unit']): Contender {
  return { label, unit, samples: [] }
}

export function extra(bench: Bench, key: string, value: number): void {
  ;(bench.extras[key] ??= []).push(value)
}

/** Runs the turns `runs` times, rotating who goes first. */
export async function interleave(bench: Bench, turns: Turn[]): Promise<void> {
  for (let i = 0; i < bench.runs; i++) {
    const order = turns.map((_, k) => turns[(k + i) % turns.length])
    for (const turn of order) {
      if (turn.sides.every(side => side.error !== undefined)) continue
      const started = performance.now()
      try {
        await turn.run()
        const seconds = (performance.now() - started) / 1000
        bench.log(
          `  run ${i + 1}/${bench.runs}  ${turn.label.padEnd(50)} ${seconds.toFixed(1)} s`
        )
      } catch (error) {
        for (const side of turn.sides) side.error ??= message(error)
        bench.log(
          `  run ${i + 1}/${bench.runs}  ${turn.label.padEnd(50)} ✗ ${message(error)}`
        )
      }
    }
  }
}

/** Seconds for a note: '12.34 s' ('—' when not measured). */
export const secs = (n: number | undefined): string =>
  n === undefined ? '—' : `${n.toFixed(2)} s`

/** A difference of seconds for a note: '1.20 s longer', '0.30 s shorter'. */
export const longer = (n: number): string =>
  `${secs(Math.abs(n))} ${n >= 0 ? 'longer' : 'shorter'}`

/** A fraction as a signed percentage: 0.061 → '+6.1 %'. */
export const pct = (f: number): string =>
  `${f >= 0 ? '+' : ''}${(f * 100).toFixed(1)} %`

/** Marks contenders that cannot run because the bundle lacks inputs. */
export function requireInputs(names: string[], sides: Contender[]): void {
  const missing = missingInputs(names)
  if (missing.length === 0) return
  const error = `the bundled action does not know the input${missing.length > 1 ? 's' : ''} ${missing.map(n => `'${n}'`).join(', ')} yet (action.yml / dist/index.js)`
  for (const side of sides) side.error ??= error
}

/** The bytes of a file, or of every file under a folder. */
export async function folderBytes(path: string): Promise<number> {
  const info = await stat(path)
  if (!info.isDirectory()) return info.size
  let total = 0
  for (const entry of await readdir(path)) {
    total += await folderBytes(join(path, entry))
  }
  return total
}

export function mbLabel(bytes: number): string {
  return bytes >= 2 ** 30
    ? `${(bytes / 2 ** 30).toFixed(1)} GB`
    : `${Math.round(bytes / MB)} MB`
}
