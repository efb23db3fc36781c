// `npm run bench`'s command line: what it accepts and what it means.
import { parseArgs } from 'node:util'
import { SHAPE_NAMES } from './shapes.ts'

/** The highest row number (see bench/README.md). */
export const ROWS = 13

export const USAGE = `Usage: npm run bench -- [--size 1GB] [--runs 3] [--shapes ${SHAPE_NAMES.join(',')}]
                        [--jobs 2] [--keep] [--only 2,6]

  --size SIZE    the mixed database's size on disk (pg_database_size), e.g.
                 1GB (default), 100MB, 2.5GB; the compressible one is 0.6 of
                 it, the incompressible one 0.3; each has a small one a tenth
                 of its size
  --runs N       interleaved runs per measurement; medians are reported (default 3)
  --shapes LIST  the database shapes rows 1, 2, 3 and 5 run on, each once
                 (default all: ${SHAPE_NAMES.join(',')}); rows 4, 7 and
                 10 run on the first of them
  --jobs N       the jobs of row 2's directory dumps, action and bare (default 2)
  --keep         keep the databases (and a throwaway server) for the next run
  --only LIST    only these measurements (numbers 1–${ROWS}, e.g. 2,6); the results
                 go to results/<timestamp>.json, latest.* are left as they are
`

const UNITS: Record<string, number> = {
  '': 1,
  K: 2 ** 10,
  M: 2 ** 20,
  G: 2 ** 30,
  T: 2 ** 40
}

/** '1GB', '100MB', '1.5G', '2gib' → bytes (binary units). */
export function parseSize(text: string): number {
  const match = /^(\d+(?:\.\d+)?)\s*([kmgt]?)(?:i?b)?$/i.exec(text.trim())
  if (!match) throw new Error(`--size '${text}': expected e.g. 1GB or 100MB`)
  const bytes = Math.round(Number(match[1]) * UNITS[match[2].toUpperCase()])
  if (bytes < 20 * 2 ** 20) throw new Error(`--size '${text}': at least 20MB`)
  return bytes
}

export interface Options {
  size: string
  sizeBytes: number
  runs: number
  keep: boolean
  /** the measurements to take (1–ROWS); all when empty */
  only: Set<number>
  /** the shapes, in SHAPE_NAMES order */
  shapes: string[]
  /** row 2's jobs */
  jobs: number
}

const list = (text: string) =>
  text
    .split(',')
    .map(s => s.trim())
    .filter(s => s !== '')

/** The options of `args` (process.argv.slice(2)); undefined for --help. */
export function parseOptions(args: string[]): Options | undefined {
  const { values } = parseArgs({
    args,
    options: {
      size: { type: 'string', default: '1GB' },
      runs: { type: 'string', default: '3' },
      shapes: { type: 'string', default: SHAPE_NAMES.join(',') },
      jobs: { type: 'string', default: '2' },
      keep: { type: 'boolean', default: false },
      only: { type: 'string', default: '' },
      help: { type: 'boolean', short: 'h', default: false }
    },
    strict: true,
    allowPositionals: false
  })
  if (values.help) return undefined
  const runs = Number(values.runs)
  if (!Number.isInteger(runs) || runs < 1) {
    throw new Error(`--runs '${values.runs}': expected a whole number ≥ 1`)
  }
  const jobs = Number(values.jobs)
  if (!Number.isInteger(jobs) || jobs < 2) {
    throw new Error(`--jobs '${values.jobs}': expected a whole number ≥ 2`)
  }
  const only = new Set(list(values.only).map(Number))
  if ([...only].some(n => !Number.isInteger(n) || n < 1 || n > ROWS)) {
    throw new Error(
      `--only '${values.only}': expected numbers 1–${ROWS}, e.g. 2,6`
    )
  }
  const asked = list(values.shapes)
  const unknown = asked.filter(s => !SHAPE_NAMES.includes(s))
  if (asked.length === 0 || unknown.length > 0) {
    throw new Error(
      `--shapes '${values.shapes}': expected one or more of ${SHAPE_NAMES.join(', ')}, comma-separated`
    )
  }
  return {
    size: values.size,
    sizeBytes: parseSize(values.size),
    runs,
    keep: values.keep,
    only,
    shapes: SHAPE_NAMES.filter(s => asked.includes(s)),
    jobs
  }
}

/** Whether a row (or any of several) is to be measured. */
export const wanted = (opts: Options, ...rows: number[]): boolean =>
  opts.only.size === 0 || rows.some(n => opts.only.has(n))
