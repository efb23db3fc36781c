// Measurements 1, 2 and 5 on one database shape: bare pg_dump -Fc, the
// action's custom dump, bare pg_dump -Fd -jN and the action's directory dump
// with jobs N (all of the shape's large database), the action's custom dump
// of its small one, taking turns in the same runs.
import { existsSync } from 'node:fs'
import { mkdir, rm, stat } from 'node:fs/promises'
import { join } from 'node:path'
import { formatMB } from './build.ts'
import {
  contender,
  extra,
  folderBytes,
  interleave,
  MB,
  mbLabel,
  pct,
  requireInputs,
  secs,
  type Bench,
  type Contender,
  type ExtraMedians,
  type Measurement,
  type ShapeDatabases,
  type Turn
} from './measure.ts'
import { actionStep, timedTool } from './steps.ts'

/** The limit of row 5, in MB: a GitHub runner has memory to spare, not to waste. */
const MAX_RSS_MB = 120

/** A shape's extra: '<shape>.<key>'. */
export const shapeExtra = (shape: string, key: string): string =>
  `${shape}.${key}`

interface Sides {
  bare: Contender
  action: Contender
  directory: Contender
  bareDir: Contender
  rssLarge: Contender
  rssSmall: Contender
}

/** The turns of one run; each contender dumps into `dir`. */
function dumpTurns(
  bench: Bench,
  dbs: ShapeDatabases,
  sides: Sides,
  dir: string
): Turn[] {
  const { server, binDir, jobs } = bench
  const { large, small, shape } = dbs
  const { bare, action, directory, bareDir, rssLarge, rssSmall } = sides
  const note = (key: string, value: number) =>
    extra(bench, shapeExtra(shape, key), value)
  const file = (name: string) => join(dir, name)
  const pgDump = (format: string[], out: string) =>
    timedTool(server, binDir, 'pg_dump', [
      ...format,
      '--no-owner',
      '--no-privileges',
      '-f',
      out,
      '-d',
      server.conninfoNoPassword(large.name)
    ])
  const dumpInputs = (db: string, out: string) => ({
    mode: 'dump',
    connection: server.uri(db),
    file: out,
    'pg-bin-dir': binDir
  })
  const step = { cwd: dir, probeDir: bench.ws }
  return [
    {
      label: `bare pg_dump -Fc of ${large.name}`,
      sides: [bare],
      run: async () => {
        await rm(file('bare.dump'), { force: true })
        bare.samples.push(await pgDump(['-Fc'], file('bare.dump')))
        note('bareCustomDumpBytes', (await stat(file('bare.dump'))).size)
      }
    },
    {
      label: `action custom dump of ${large.name}`,
      sides: [action, rssLarge],
      run: async () => {
        await rm(file('action.dump'), { force: true })
        const run = await actionStep(
          dumpInputs(large.name, file('action.dump')),
          step
        )
        action.samples.push(run.seconds)
        note('actionCustomDumpBytes', (await stat(file('action.dump'))).size)
        if (run.peakRss === undefined) {
          rssLarge.error ??= 'the RSS probe reported nothing'
        } else rssLarge.samples.push(run.peakRss / MB)
        if (run.nodeCodeRss !== undefined)
          note('actionLargeNodeCodeMB', run.nodeCodeRss / MB)
        await rm(file('action.dump'), { force: true })
      }
    },
    {
      label: `bare pg_dump -Fd -j${jobs} of ${large.name}`,
      sides: [bareDir],
      run: async () => {
        await rm(file('bare.dir'), { recursive: true, force: true })
        bareDir.samples.push(
          await pgDump(['-Fd', `-j${jobs}`], file('bare.dir'))
        )
        note('bareDirectoryDumpBytes', await folderBytes(file('bare.dir')))
        await rm(file('bare.dir'), { recursive: true, force: true })
      }
    },
    {
      label: `action directory dump (jobs ${jobs}) of ${large.name}`,
      sides: [directory],
      run: async () => {
        const out = file('action.dir')
        await rm(out, { recursive: true, force: true })
        const run = await actionStep(
          {
            ...dumpInputs(large.name, out),
            format: 'directory',
            jobs: `${jobs}`
          },
          step
        )
        if (!existsSync(join(out, 'toc.dat'))) {
          throw new Error(`the step left no directory dump at ${out}`)
        }
        directory.samples.push(run.seconds)
        note('actionDirectoryDumpBytes', await folderBytes(out))
        if (run.peakRss !== undefined)
          note('actionDirectoryDumpPeakRssMB', run.peakRss / MB)
        await rm(out, { recursive: true, force: true })
      }
    },
    {
      label: `action custom dump of ${small.name}`,
      sides: [rssSmall],
      run: async () => {
        await rm(file('small.dump'), { force: true })
        const run = await actionStep(
          dumpInputs(small.name, file('small.dump')),
          step
        )
        if (run.peakRss === undefined)
          throw new Error('the RSS probe reported nothing')
        rssSmall.samples.push(run.peakRss / MB)
        if (run.nodeCodeRss !== undefined)
          note('actionSmallNodeCodeMB', run.nodeCodeRss / MB)
        note('actionSmallDumpSeconds', run.seconds)
        await rm(file('small.dump'), { force: true })
      }
    }
  ]
}

/**
 * How much of row 5's growth is the node executable's own code paged in
 * (V8's optimising compilers, once the step's code runs hot: the same
 * file for every node process, not the dump's data), and the rest.
 */
function nodeCodeGrowth(
  x: (key: string) => number | undefined,
  a: number,
  b: number
): string {
  const large = x('actionLargeNodeCodeMB')
  const small = x('actionSmallNodeCodeMB')
  if (large === undefined || small === undefined) return ''
  const own = { a: a - large, b: b - small }
  return (
    `; of it, the node executable's own code pages ${large.toFixed(1)} MB against ${small.toFixed(1)} MB` +
    ` (paged in as V8 first optimises; run with --jitless they stay flat), and the rest` +
    ` ${own.a.toFixed(1)} MB against ${own.b.toFixed(1)} MB (${own.a / own.b > 1.1 ? `grows ${pct(own.a / own.b - 1)}` : 'flat'})`
  )
}

/**
 * Measurements 1, 2 and 5 on one shape. Returns them and the path of the
 * last bare custom dump (for the restores), if any.
 */
export async function dumpMeasurements(
  bench: Bench,
  dbs: ShapeDatabases
): Promise<{ measurements: Measurement[]; dump: string | undefined }> {
  const { large, small, shape } = dbs
  const { jobs } = bench
  const dir = join(bench.ws, `dumps-${shape}`)
  await mkdir(dir, { recursive: true })
  const sides: Sides = {
    bare: contender('pg_dump -Fc', 's'),
    action: contender('action custom', 's'),
    directory: contender(`action dir, jobs ${jobs}`, 's'),
    bareDir: contender(`pg_dump -Fd -j${jobs}`, 's'),
    rssLarge: contender(`${mbLabel(large.bytes)} db`, 'MB'),
    rssSmall: contender(`${mbLabel(small.bytes)} db`, 'MB')
  }
  requireInputs(['format', 'jobs'], [sides.directory])
  await interleave(bench, dumpTurns(bench, dbs, sides, dir))
  const bareFile = join(dir, 'bare.dump')
  return {
    measurements: dumpRows(bench, dbs, sides),
    dump:
      sides.bare.samples.length > 0 && existsSync(bareFile)
        ? bareFile
        : undefined
  }
}

function dumpRows(
  bench: Bench,
  dbs: ShapeDatabases,
  { bare, action, directory, bareDir, rssLarge, rssSmall }: Sides
): Measurement[] {
  const { large, small, shape } = dbs
  const { jobs } = bench
  const x = (medians: ExtraMedians, key: string) =>
    medians[shapeExtra(shape, key)]
  return [
    {
      id: `custom-dump-overhead-${shape}`,
      title: `1 custom dump (${shape})`,
      shape,
      a: action,
      b: bare,
      maxRatio: 1.05,
      target: '≤ 1.05',
      description:
        `Wall time of \`node dist/index.js\` run as a step (mode dump, custom format, file, pg-bin-dir) ` +
        `against \`pg_dump -Fc --no-owner --no-privileges -f FILE\` with the same client binary, ` +
        `both dumping ${large.name} (shape ${shape}) to a local file.`,
      explain: (m, { a, b }) => {
        const actionBytes = x(m, 'actionCustomDumpBytes')
        const bareBytes = x(m, 'bareCustomDumpBytes')
        const smallSeconds = x(m, 'actionSmallDumpSeconds')
        return (
          `the action took ${secs(a - b)} more than pg_dump -Fc (${secs(a)} against ${secs(b)}, ${pct(a / b - 1)})` +
          (actionBytes !== undefined && bareBytes !== undefined
            ? `; its dump is ${formatMB(actionBytes)} against ${formatMB(bareBytes)}`
            : '') +
          (smallSeconds !== undefined
            ? `; a step on ${small.name} takes ${secs(smallSeconds)} in all`
            : '')
        )
      }
    },
    {
      id: `directory-dump-jobs-${shape}`,
      title: `2 directory dump, jobs ${jobs} (${shape})`,
      shape,
      a: directory,
      b: bareDir,
      maxRatio: 1.05,
      target: '≤ 1.05',
      description:
        `Wall time of the action step with format: directory, jobs: '${jobs}' against bare ` +
        `\`pg_dump -Fd -j${jobs} --no-owner --no-privileges -f DIR\`, both dumping ${large.name} ` +
        `(shape ${shape}), taking turns with measurement 1.`,
      explain: (m, { a, b }) => {
        const bytes = x(m, 'actionDirectoryDumpBytes')
        return (
          `the action took ${secs(a - b)} more than bare pg_dump -Fd -j${jobs} (${secs(a)} against ${secs(b)}, ` +
          `${pct(a / b - 1)}: it reads every data file back before the dump takes its name)` +
          (bytes !== undefined ? `; the folder holds ${formatMB(bytes)}` : '')
        )
      }
    },
    {
      id: `peak-rss-${shape}`,
      title: `5 action peak RSS (${shape})`,
      shape,
      a: rssLarge,
      b: rssSmall,
      maxRatio: 1.1,
      maxA: MAX_RSS_MB,
      target: `A < ${MAX_RSS_MB} MB, A/B ≤ 1.1`,
      description:
        `Peak resident set size of the action's own node process (getrusage maxrss, written at exit ` +
        `by bench/rss-probe.js preloaded with NODE_OPTIONS=--import; pg_dump's memory is not counted), ` +
        `dumping ${large.name} (the measurement-1 steps) against dumping ${small.name}, a tenth of it ` +
        `(shape ${shape}): under ${MAX_RSS_MB} MB, and flat with size.`,
      explain: (m, { a, b }) => {
        const dirRss = x(m, 'actionDirectoryDumpPeakRssMB')
        return (
          `peak RSS ${a.toFixed(1)} MB on ${large.name} against ${b.toFixed(1)} MB on ${small.name}` +
          ` (${a >= MAX_RSS_MB ? `${(a - MAX_RSS_MB).toFixed(1)} MB over ${MAX_RSS_MB} MB` : `under ${MAX_RSS_MB} MB`}` +
          `, ${a / b > 1.1 ? `grows ${pct(a / b - 1)} with size` : 'flat with size'})` +
          nodeCodeGrowth(key => x(m, key), a, b) +
          (dirRss !== undefined
            ? `; the directory dump step peaks at ${dirRss.toFixed(1)} MB`
            : '')
        )
      }
    }
  ]
}
