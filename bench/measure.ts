// What every measurement shares, and measurements 1, 2 and 5 (3 is in
// restore.ts, 4 in upload.ts, 6 in startup.ts, 7 in nightly.ts). Each pits
// contender A against contender B; their runs are interleaved (A B, B A,
// A B …, or rotated when more take turns) so that drift of the machine hits
// both alike. A contender that fails once is not run again and its
// measurement reports the error.
import { existsSync } from 'node:fs'
import { mkdir, rm, stat, readdir } from 'node:fs/promises'
import { devNull } from 'node:os'
import { join } from 'node:path'
import type { TestServer } from '../test-support/pg-server.ts'
import { formatMB, type BuiltDatabase, type Sql } from './build.ts'
import { actionStep, missingInputs, timedTool } from './steps.ts'

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

/** What the phases share. */
export interface Bench {
  server: TestServer
  /** the pg_dump/pg_restore/psql both sides use */
  binDir: string
  runs: number
  /** scratch space for dumps and step folders */
  ws: string
  large: BuiltDatabase
  small: BuiltDatabase
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

async function folderBytes(path: string): Promise<number> {
  const info = await stat(path)
  if (!info.isDirectory()) return info.size
  let total = 0
  for (const entry of await readdir(path)) {
    total += await folderBytes(join(path, entry))
  }
  return total
}

/**
 * Measurements 1, 2 and 5: bare pg_dump -Fc, the action's custom dump, its
 * directory dump with 2 jobs, bare pg_dump -Fd -j2 (the floor of 2, an
 * extra; all of the large database) and its custom dump of the small one,
 * taking turns. Returns the measurements and the
 * path of the last bare custom dump (for the restores), if any.
 */
export async function dumpMeasurements(
  bench: Bench
): Promise<{ measurements: Measurement[]; dump: string | undefined }> {
  const { server, binDir, large, small } = bench
  const dir = join(bench.ws, 'dumps')
  await mkdir(dir, { recursive: true })
  const bareFile = join(dir, 'bare.dump')
  const actionFile = join(dir, 'action.dump')
  const floorFile = join(dir, 'floor.dump')
  const dirDump = join(dir, 'action.dir')
  const bareDirDump = join(dir, 'bare.dir')
  const smallFile = join(dir, 'small.dump')

  const bare = contender('pg_dump -Fc', 's')
  const action = contender('action custom', 's')
  const directory = contender('action dir, jobs 2', 's')
  // not a row: its seconds are the extra bareDirectoryJobs2Seconds
  const bareDir = contender('pg_dump -Fd -j2', 's')
  // not a row either: the extra bareDumpWithReadBackSeconds
  const floor = contender('pg_dump -Fc beside a pg_restore', 's')
  const rssLarge = contender(`${mbLabel(large.bytes)} db`, 'MB')
  const rssSmall = contender(`${mbLabel(small.bytes)} db`, 'MB')
  requireInputs(['format', 'jobs'], [directory])

  const dumpInputs = (db: string, file: string) => ({
    mode: 'dump',
    connection: server.uri(db),
    file,
    'pg-bin-dir': binDir
  })
  const probeDir = bench.ws
  const turns: Turn[] = [
    {
      label: `bare pg_dump -Fc of ${large.name}`,
      sides: [bare],
      run: async () => {
        await rm(bareFile, { force: true })
        bare.samples.push(
          await timedTool(server, binDir, 'pg_dump', [
            '-Fc',
            '--no-owner',
            '--no-privileges',
            '-f',
            bareFile,
            '-d',
            server.conninfoNoPassword(large.name)
          ])
        )
        extra(bench, 'bareCustomDumpBytes', (await stat(bareFile)).size)
      }
    },
    {
      // not a row: the floor of reading back while pg_dump writes, on this
      // machine (the extra bareDumpWithReadBackSeconds)
      label: `bare pg_dump -Fc of ${large.name}, a pg_restore reading the last bare dump at once`,
      sides: [floor],
      run: async () => {
        if (!existsSync(bareFile)) return
        await rm(floorFile, { force: true })
        const [seconds] = await Promise.all([
          timedTool(server, binDir, 'pg_dump', [
            '-Fc',
            '--no-owner',
            '--no-privileges',
            '-f',
            floorFile,
            '-d',
            server.conninfoNoPassword(large.name)
          ]),
          timedTool(server, binDir, 'pg_restore', ['-f', devNull, bareFile])
        ])
        floor.samples.push(seconds)
        extra(bench, 'bareDumpWithReadBackSeconds', seconds)
        await rm(floorFile, { force: true })
      }
    },
    {
      label: `action custom dump of ${large.name}`,
      sides: [action, rssLarge],
      run: async () => {
        await rm(actionFile, { force: true })
        const step = await actionStep(dumpInputs(large.name, actionFile), {
          cwd: dir,
          probeDir
        })
        action.samples.push(step.seconds)
        extra(bench, 'actionCustomDumpBytes', (await stat(actionFile)).size)
        if (step.peakRss === undefined) {
          rssLarge.error ??= 'the RSS probe reported nothing'
        } else rssLarge.samples.push(step.peakRss / MB)
        await rm(actionFile, { force: true })
      }
    },
    {
      label: `bare pg_dump -Fd -j2 of ${large.name}`,
      sides: [bareDir],
      run: async () => {
        await rm(bareDirDump, { recursive: true, force: true })
        const seconds = await timedTool(server, binDir, 'pg_dump', [
          '-Fd',
          '-j2',
          '--no-owner',
          '--no-privileges',
          '-f',
          bareDirDump,
          '-d',
          server.conninfoNoPassword(large.name)
        ])
        bareDir.samples.push(seconds)
        extra(bench, 'bareDirectoryJobs2Seconds', seconds)
        extra(bench, 'bareDirectoryDumpBytes', await folderBytes(bareDirDump))
        await rm(bareDirDump, { recursive: true, force: true })
      }
    },
    {
      label: `action directory dump (jobs 2) of ${large.name}`,
      sides: [directory],
      run: async () => {
        await rm(dirDump, { recursive: true, force: true })
        const step = await actionStep(
          {
            ...dumpInputs(large.name, dirDump),
            format: 'directory',
            jobs: '2'
          },
          { cwd: dir, probeDir }
        )
        if (!existsSync(join(dirDump, 'toc.dat'))) {
          throw new Error(`the step left no directory dump at ${dirDump}`)
        }
        directory.samples.push(step.seconds)
        extra(bench, 'actionDirectoryDumpBytes', await folderBytes(dirDump))
        if (step.peakRss !== undefined)
          extra(bench, 'actionDirectoryDumpPeakRssMB', step.peakRss / MB)
        await rm(dirDump, { recursive: true, force: true })
      }
    },
    {
      label: `action custom dump of ${small.name}`,
      sides: [rssSmall],
      run: async () => {
        await rm(smallFile, { force: true })
        const step = await actionStep(dumpInputs(small.name, smallFile), {
          cwd: dir,
          probeDir
        })
        if (step.peakRss === undefined)
          throw new Error('the RSS probe reported nothing')
        rssSmall.samples.push(step.peakRss / MB)
        extra(bench, 'actionSmallDumpSeconds', step.seconds)
        await rm(smallFile, { force: true })
      }
    }
  ]
  await interleave(bench, turns)

  const measurements: Measurement[] = [
    {
      id: 'custom-dump-overhead',
      title: '1 custom dump overhead',
      a: action,
      b: bare,
      maxRatio: 1.05,
      target: '≤ 1.05',
      description:
        `Wall time of \`node dist/index.js\` run as a step (mode dump, custom format, file, pg-bin-dir) ` +
        `against \`pg_dump -Fc --no-owner --no-privileges -f FILE\` with the same client binary, ` +
        `both dumping ${large.name} to a local file.`,
      explain: (x, { a, b }) =>
        `the action took ${secs(a - b)} more than pg_dump -Fc (${secs(a)} against ${secs(b)}, ` +
        `${pct(a / b - 1)})` +
        (x.actionCustomDumpBytes !== undefined &&
        x.bareCustomDumpBytes !== undefined
          ? `; its dump is ${formatMB(x.actionCustomDumpBytes)} against ${formatMB(x.bareCustomDumpBytes)}`
          : '') +
        (x.actionSmallDumpSeconds !== undefined
          ? `; a step on ${small.name} takes ${secs(x.actionSmallDumpSeconds)} in all`
          : '') +
        (x.bareDumpWithReadBackSeconds !== undefined
          ? `; the floor of reading back while writing on this machine, a bare pg_dump -Fc while a pg_restore ` +
            `reads a dump of the same size back at the same time, takes ${secs(x.bareDumpWithReadBackSeconds)}, ` +
            `${(x.bareDumpWithReadBackSeconds / b).toFixed(3)} × bare pg_dump alone: the action adds ` +
            `${secs(a - x.bareDumpWithReadBackSeconds)} to that floor`
          : '')
    },
    {
      id: 'directory-dump-jobs-2',
      title: '2 directory dump, jobs 2',
      a: directory,
      b: bare,
      maxRatio: 0.6,
      target: '≤ 0.60 (2 cores)',
      description:
        `Wall time of the action step with format: directory, jobs: '2' against the bare ` +
        `\`pg_dump -Fc\` of measurement 1 (same runs, taking turns with it). The floor, ` +
        `bare \`pg_dump -Fd -j2 --no-owner --no-privileges -f DIR\` in the same runs, is the ` +
        `extra bareDirectoryJobs2Seconds.`,
      explain: (x, { a, b }) => {
        const floor = x.bareDirectoryJobs2Seconds
        if (floor === undefined) {
          return `the floor was not measured: bare pg_dump -Fd -j2 ${bareDir.error ? `failed: ${bareDir.error}` : 'did not run'}`
        }
        const ratio = floor / b
        return (
          `bare pg_dump -Fd -j2 alone is ${ratio.toFixed(3)} of bare -Fc (${secs(floor)} against ${secs(b)})` +
          (ratio > 0.6 ? ', itself above the target' : '') +
          (a >= floor
            ? `; the action adds ${secs(a - floor)} to it (${secs(a)} in all: it reads every data ` +
              `file back before the dump takes its name)`
            : `; the action took ${secs(floor - a)} less (${secs(a)})`)
        )
      }
    },
    {
      id: 'peak-rss',
      title: '5 action peak RSS',
      a: rssLarge,
      b: rssSmall,
      maxRatio: 1.1,
      maxA: 120,
      target: '≤ 1.1, A < 120 MB',
      description:
        `Peak resident set size of the action's own node process (getrusage maxrss, written at exit ` +
        `by bench/rss-probe.js preloaded with NODE_OPTIONS=--import; pg_dump's memory is not counted), ` +
        `dumping ${large.name} (the measurement-1 steps) against dumping ${small.name}.`,
      explain: (x, { a, b }) => {
        const parts = [
          `peak RSS ${a.toFixed(1)} MB on ${large.name} against ${b.toFixed(1)} MB on ${small.name}` +
            ` (${a >= 120 ? `${(a - 120).toFixed(1)} MB over 120 MB` : 'under 120 MB'}` +
            `, ${a / b > 1.1 ? `grows ${pct(a / b - 1)} with size` : 'flat with size'})`
        ]
        const dirRss = x.actionDirectoryDumpPeakRssMB
        if (dirRss !== undefined)
          parts.push(`the directory dump step peaks at ${dirRss.toFixed(1)} MB`)
        return parts.join('; ')
      }
    }
  ]
  return {
    measurements,
    dump: bare.samples.length > 0 && existsSync(bareFile) ? bareFile : undefined
  }
}

export function mbLabel(bytes: number): string {
  return bytes >= 2 ** 30
    ? `${(bytes / 2 ** 30).toFixed(1)} GB`
    : `${Math.round(bytes / MB)} MB`
}
