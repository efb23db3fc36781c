// Measurement 3: one restore step with `databases` (restore once, then
// CREATE DATABASE … TEMPLATE copies) against four restore steps.
import { mkdir } from 'node:fs/promises'
import { join } from 'node:path'
import { quoteIdent } from '../test-support/pg-server.ts'
import { rowCounts } from './build.ts'
import {
  contender,
  extra,
  interleave,
  MB,
  message,
  requireInputs,
  secs,
  type Bench,
  type Measurement,
  type Turn
} from './measure.ts'
import { actionStep } from './steps.ts'

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
    maxRatio: 0.33,
    target: '≤ 0.33',
    description:
      `Wall time of one restore step with databases: '${RESTORE_TARGETS.join(', ')}' (restores once, ` +
      `creates the others with CREATE DATABASE … TEMPLATE) against four restore steps, one per ` +
      `database, each into an empty database created beforehand (not timed). The dump is the ` +
      `bare custom dump of measurement 1; every target is checked to hold all rows.`,
    explain: (x, { a, b }) => {
      const one = x.actionSingleRestoreSeconds
      if (one === undefined) return undefined
      return (
        `one restore step takes ${secs(one)}, ${(one / b).toFixed(3)} of the four; the step with ` +
        `databases took ${secs(a)}, ${secs(a - one)} more than one restore for the ` +
        `${RESTORE_TARGETS.length - 1} copies and the rest`
      )
    }
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
