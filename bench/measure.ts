// The first five measurements (the sixth, start-up, is in startup.ts). Each pits contender A against contender B; their
// runs are interleaved (A B, B A, A B …, or rotated when more take turns) so
// that drift of the machine hits both alike. A contender that fails once is
// not run again and its measurement reports the error.
import { existsSync } from 'node:fs'
import { mkdir, mkdtemp, rm, stat, readdir } from 'node:fs/promises'
import { join } from 'node:path'
import {
  startArtifactBackend,
  type ArtifactBackend
} from '../test-support/artifact-backend.ts'
import { quoteIdent, type TestServer } from '../test-support/pg-server.ts'
import { rowCounts, type BuiltDatabase, type Sql } from './build.ts'
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
  /** the target as printed */
  target: string
  /** what was measured exactly, for the JSON and Markdown */
  description: string
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
interface Turn {
  label: string
  /** contenders whose error a failure sets */
  sides: Contender[]
  run(): Promise<void>
}

export const message = (error: unknown): string =>
  error instanceof Error ? error.message : String(error)

const MB = 2 ** 20

function contender(label: string, unit: Contender['unit']): Contender {
  return { label, unit, samples: [] }
}

function extra(bench: Bench, key: string, value: number): void {
  ;(bench.extras[key] ??= []).push(value)
}

/** Runs the turns `runs` times, rotating who goes first. */
async function interleave(bench: Bench, turns: Turn[]): Promise<void> {
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

/** Marks contenders that cannot run because the bundle lacks inputs. */
function requireInputs(names: string[], sides: Contender[]): void {
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
 * directory dump with 2 jobs (all of the large database) and its custom
 * dump of the small one, taking turns. Returns the measurements and the
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
  const dirDump = join(dir, 'action.dir')
  const smallFile = join(dir, 'small.dump')

  const bare = contender('pg_dump -Fc', 's')
  const action = contender('action custom', 's')
  const directory = contender('action dir, jobs 2', 's')
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
        `both dumping ${large.name} to a local file.`
    },
    {
      id: 'directory-dump-jobs-2',
      title: '2 directory dump, jobs 2',
      a: directory,
      b: bare,
      maxRatio: 0.7,
      target: '≤ 0.7 (2 cores)',
      description:
        `Wall time of the action step with format: directory, jobs: '2' against the bare ` +
        `\`pg_dump -Fc\` of measurement 1 (same runs, taking turns with it).`
    },
    {
      id: 'peak-rss',
      title: '5 action peak RSS',
      a: rssLarge,
      b: rssSmall,
      maxRatio: 1.2,
      maxA: 200,
      target: '≤ 1.2, A < 200 MB',
      description:
        `Peak resident set size of the action's own node process (getrusage maxrss, written at exit ` +
        `by bench/rss-probe.ts preloaded with NODE_OPTIONS=--import; pg_dump's memory is not counted), ` +
        `dumping ${large.name} (the measurement-1 steps) against dumping ${small.name}.`
    }
  ]
  return {
    measurements,
    dump: bare.samples.length > 0 && existsSync(bareFile) ? bareFile : undefined
  }
}

const RESTORE_TARGETS = [1, 2, 3, 4].map(i => `pgdumper_bench_restore_${i}`)
/** what the fan-out step's connection names; it must stay empty */
const SCRATCH = 'pgdumper_bench_scratch'

async function dropTargets(bench: Bench): Promise<void> {
  for (const name of RESTORE_TARGETS) await bench.server.dropDatabase(name)
}

async function createEmpty(bench: Bench, name: string): Promise<void> {
  await bench.sql(
    'postgres',
    `CREATE DATABASE ${quoteIdent(name)} TEMPLATE template0 ENCODING 'UTF8' LC_COLLATE 'C' LC_CTYPE 'C'`
  )
}

/** Throws unless every target holds the large database's rows. */
async function verifyTargets(bench: Bench, names: string[]): Promise<void> {
  const want = JSON.stringify(
    bench.large.rows,
    Object.keys(bench.large.rows).sort()
  )
  for (const name of names) {
    let got: string
    try {
      const rows = await rowCounts(bench.sql, name)
      got = JSON.stringify(rows, Object.keys(rows).sort())
    } catch (error) {
      throw new Error(`${name} was not restored: ${message(error)}`, {
        cause: error
      })
    }
    if (got !== want) {
      throw new Error(
        `${name} holds other rows than ${bench.large.name}: ${got}`
      )
    }
  }
}

/**
 * Measurement 3: one step with `databases` (restore into the first, copy it
 * with CREATE DATABASE … TEMPLATE) against four restore steps.
 */
export async function restoreMeasurement(
  bench: Bench,
  dump: string | undefined
): Promise<Measurement> {
  const { server, binDir } = bench
  const fanOut = contender('databases: 4 names', 's')
  const separate = contender('4 restore steps', 's')
  const measurement: Measurement = {
    id: 'restore-fan-out',
    title: '3 restore into 4 databases',
    a: fanOut,
    b: separate,
    maxRatio: 0.4,
    target: '≤ 0.4',
    description:
      `Wall time of one restore step with databases: '${RESTORE_TARGETS.join(', ')}' (restores once, ` +
      `creates the others with CREATE DATABASE … TEMPLATE) against four restore steps, one per ` +
      `database, each into an empty database created beforehand (not timed). The dump is the ` +
      `bare custom dump of measurement 1; every target is checked to hold all rows.`
  }
  if (!dump) {
    const error = 'no custom dump to restore (the bare pg_dump failed)'
    fanOut.error = separate.error = error
    return measurement
  }
  requireInputs(['databases'], [fanOut])
  const steps = join(bench.ws, 'restore')
  await mkdir(steps, { recursive: true })
  const restoreInputs = (db: string) => ({
    mode: 'restore',
    connection: server.uri(db),
    file: dump,
    'pg-bin-dir': binDir
  })
  const turns: Turn[] = [
    {
      label: `action restore, databases: 4 targets`,
      sides: [fanOut],
      run: async () => {
        await dropTargets(bench)
        // the connection names an empty database: a step that ignored
        // `databases` would restore there, and the checks would catch it
        await server.dropDatabase(SCRATCH)
        await createEmpty(bench, SCRATCH)
        try {
          const step = await actionStep(
            {
              ...restoreInputs(SCRATCH),
              databases: RESTORE_TARGETS.join(', ')
            },
            { cwd: steps, probeDir: bench.ws }
          )
          await verifyTargets(bench, RESTORE_TARGETS)
          fanOut.samples.push(step.seconds)
          if (step.peakRss !== undefined)
            extra(bench, 'actionFanOutRestorePeakRssMB', step.peakRss / MB)
        } finally {
          await server.dropDatabase(SCRATCH)
          await dropTargets(bench)
        }
      }
    },
    {
      label: `4 action restores, one per database`,
      sides: [separate],
      run: async () => {
        await dropTargets(bench)
        for (const name of RESTORE_TARGETS) await createEmpty(bench, name)
        try {
          let seconds = 0
          for (const name of RESTORE_TARGETS) {
            const step = await actionStep(restoreInputs(name), {
              cwd: steps,
              probeDir: bench.ws
            })
            seconds += step.seconds
            extra(bench, 'actionSingleRestoreSeconds', step.seconds)
          }
          await verifyTargets(bench, RESTORE_TARGETS)
          separate.samples.push(seconds)
        } finally {
          await dropTargets(bench)
        }
      }
    }
  ]
  await interleave(bench, turns)
  return measurement
}

const REPO = 'bench/pg-dumper'
const TOKEN = 'ghs_bench_actions_read'
const ARTIFACT = 'bench.dump'
const UPLOADED = /^Artifact .* \(id (\d+), (\d+) bytes\) uploaded in (\d+) ms/m

/** Deletes a stored artifact through the REST route, so Azurite's memory does not fill. */
async function deleteArtifact(
  backend: ArtifactBackend,
  id: string
): Promise<void> {
  const response = await fetch(
    `${backend.apiUrl}/repos/${REPO}/actions/artifacts/${id}`,
    { method: 'DELETE', headers: { authorization: `token ${TOKEN}` } }
  )
  if (!response.ok) {
    throw new Error(`deleting artifact ${id} answered ${response.status}`)
  }
}

/**
 * Measurement 4: the upload phase of a dump step with an artifact,
 * compression-level auto (the custom dump as it is) against 6 (zipped),
 * against the local artifact services.
 */
export async function uploadMeasurement(bench: Bench): Promise<Measurement> {
  const { server, binDir, large } = bench
  const auto = contender('level auto', 's')
  const zipped = contender('level 6', 's')
  const measurement: Measurement = {
    id: 'artifact-upload',
    title: '4 artifact upload',
    a: auto,
    b: zipped,
    maxRatio: 0.5,
    target: '≤ 0.5',
    description:
      `Upload phase of a dump step with artifact-name (the custom dump of ${large.name}), as the step ` +
      `logs it ("Artifact … uploaded in N ms"), with compression-level: auto (the dump uploaded ` +
      `as it is) against compression-level: 6 (zipped), against the local artifact services ` +
      `(Azurite in memory and the loopback results service); each step in a fresh run.`
  }
  let backend: ArtifactBackend
  try {
    backend = await startArtifactBackend({ tokens: { [TOKEN]: [REPO] } })
  } catch (error) {
    auto.error =
      zipped.error = `the local artifact services did not start: ${message(error)}`
    return measurement
  }
  let runId = 9000
  const upload = (level: string, side: Contender): Turn => ({
    label: `action dump + upload, compression-level ${level}`,
    sides: [side],
    run: async () => {
      const cwd = await mkdtemp(join(bench.ws, `upload-${level}-`))
      try {
        const step = await actionStep(
          {
            mode: 'dump',
            connection: server.uri(large.name),
            file: ARTIFACT,
            'artifact-name': ARTIFACT,
            'compression-level': level,
            'pg-bin-dir': binDir
          },
          {
            cwd,
            env: backend.env({
              repository: REPO,
              runId: ++runId,
              jobId: 'bench'
            }),
            probeDir: bench.ws
          }
        )
        const uploaded = UPLOADED.exec(step.run.stdout)
        if (!uploaded) {
          throw new Error(
            'the step logged no "Artifact … (id N, SIZE bytes) uploaded in MS ms" line'
          )
        }
        const [, id, bytes, ms] = uploaded
        side.samples.push(Number(ms) / 1000)
        extra(bench, `uploadStepSeconds(level ${level})`, step.seconds)
        extra(bench, `artifactBytes(level ${level})`, Number(bytes))
        if (step.peakRss !== undefined)
          extra(bench, `uploadStepPeakRssMB(level ${level})`, step.peakRss / MB)
        await deleteArtifact(backend, id)
      } finally {
        await rm(cwd, { recursive: true, force: true })
      }
    }
  })
  try {
    await interleave(bench, [upload('auto', auto), upload('6', zipped)])
  } finally {
    await backend.stop()
  }
  return measurement
}

export function mbLabel(bytes: number): string {
  return bytes >= 2 ** 30
    ? `${(bytes / 2 ** 30).toFixed(1)} GB`
    : `${Math.round(bytes / MB)} MB`
}
