// Measurements 3 and 10: one restore step with `databases` (restore once,
// then CREATE DATABASE … TEMPLATE copies) against the bare tools doing the
// same work (3: one pg_restore and three FILE_COPY clones, on each shape)
// and against four restore steps (10: on the first shape only).
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
  type Contender,
  type Measurement,
  type ShapeDatabases,
  type Turn
} from './measure.ts'
import { shapeExtra } from './dumps.ts'
import { actionStep, timedTool } from './steps.ts'

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

/** Throws unless every target holds the source database's rows. */
async function verifyTargets(
  bench: Bench,
  dbs: ShapeDatabases,
  names: string[]
): Promise<void> {
  const source = dbs.large
  const tables = Object.keys(source.rows).sort()
  const want = JSON.stringify(source.rows, tables)
  for (const name of names) {
    let got: string
    try {
      got = JSON.stringify(await rowCounts(bench.sql, name, tables), tables)
    } catch (error) {
      throw new Error(`${name} was not restored: ${message(error)}`, {
        cause: error
      })
    }
    if (got !== want) {
      throw new Error(`${name} holds other rows than ${source.name}: ${got}`)
    }
  }
}

/** The bare floor of 3: CREATE DATABASE, pg_restore, three FILE_COPY clones. */
async function bareFanOut(bench: Bench, dump: string): Promise<number> {
  const { server, binDir } = bench
  const [first, ...copies] = RESTORE_TARGETS.map(quoteIdent)
  const psql = (statements: string[]) =>
    timedTool(server, binDir, 'psql', [
      '-X',
      '-q',
      '-v',
      'ON_ERROR_STOP=1',
      // one -c a statement: CREATE DATABASE runs outside a transaction
      ...statements.flatMap(s => ['-c', s]),
      '-d',
      server.conninfoNoPassword('postgres')
    ])
  return (
    (await psql([`CREATE DATABASE ${first} TEMPLATE template0`])) +
    (await timedTool(server, binDir, 'pg_restore', [
      '--no-owner',
      '-d',
      server.conninfoNoPassword(RESTORE_TARGETS[0]),
      dump
    ])) +
    (await psql(
      copies.map(
        c => `CREATE DATABASE ${c} TEMPLATE ${first} STRATEGY FILE_COPY`
      )
    ))
  )
}

/** The server's major version, from e.g. '15.18'. */
const serverMajor = (bench: Bench): number =>
  Number.parseInt(bench.server.serverVersion, 10)

/**
 * Measurement 3 on one shape and, when `fourSteps`, 10; `dump` is the
 * shape's bare custom dump of measurement 1.
 */
export async function restoreMeasurements(
  bench: Bench,
  dbs: ShapeDatabases,
  dump: string | undefined,
  want: { copies: boolean; fourSteps: boolean }
): Promise<Measurement[]> {
  const { server, binDir } = bench
  const { shape, large } = dbs
  const fanOut = contender('databases: 4 names', 's')
  const copies = contender('pg_restore + 3 FILE_COPY', 's')
  const separate = contender('4 restore steps', 's')
  const rows: Measurement[] = []
  if (want.copies) rows.push(copiesRow(bench, dbs, fanOut, copies))
  if (want.fourSteps) rows.push(fourStepsRow(dbs, fanOut, separate))
  if (!dump) {
    const error = 'no custom dump to restore (the bare pg_dump failed)'
    for (const side of [fanOut, copies, separate]) side.error = error
    return rows
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
  const step = { cwd: steps, probeDir: bench.ws }
  const turns: Turn[] = [
    {
      label: `action restore of ${large.name}, databases: 4 targets`,
      sides: [fanOut],
      run: async () => {
        await dropTargets(bench)
        // the connection names an empty database: a step that ignored
        // `databases` would restore there, and the checks would catch it
        await server.dropDatabase(SCRATCH)
        await createEmpty(bench, SCRATCH)
        try {
          const run = await actionStep(
            {
              ...restoreInputs(SCRATCH),
              databases: RESTORE_TARGETS.join(', ')
            },
            step
          )
          await verifyTargets(bench, dbs, RESTORE_TARGETS)
          fanOut.samples.push(run.seconds)
          if (run.peakRss !== undefined)
            extra(
              bench,
              shapeExtra(shape, 'actionFanOutRestorePeakRssMB'),
              run.peakRss / MB
            )
        } finally {
          await server.dropDatabase(SCRATCH)
          await dropTargets(bench)
        }
      }
    }
  ]
  if (want.copies && serverMajor(bench) >= 15) {
    turns.push({
      label: `bare pg_restore of ${large.name} + 3 CREATE DATABASE … STRATEGY FILE_COPY`,
      sides: [copies],
      run: async () => {
        await dropTargets(bench)
        try {
          const seconds = await bareFanOut(bench, dump)
          await verifyTargets(bench, dbs, RESTORE_TARGETS)
          copies.samples.push(seconds)
        } finally {
          await dropTargets(bench)
        }
      }
    })
  }
  if (want.fourSteps) {
    turns.push({
      label: `4 action restores of ${large.name}, one per database`,
      sides: [separate],
      run: async () => {
        await dropTargets(bench)
        for (const name of RESTORE_TARGETS) await createEmpty(bench, name)
        try {
          let seconds = 0
          for (const name of RESTORE_TARGETS) {
            const run = await actionStep(restoreInputs(name), step)
            seconds += run.seconds
            extra(
              bench,
              shapeExtra(shape, 'actionSingleRestoreSeconds'),
              run.seconds
            )
          }
          await verifyTargets(bench, dbs, RESTORE_TARGETS)
          separate.samples.push(seconds)
        } finally {
          await dropTargets(bench)
        }
      }
    })
  }
  await interleave(bench, turns)
  return rows
}

function copiesRow(
  bench: Bench,
  { shape, large }: ShapeDatabases,
  fanOut: Contender,
  copies: Contender
): Measurement {
  const major = serverMajor(bench)
  return {
    id: `restore-fan-out-${shape}`,
    title: `3 restore into 4 databases (${shape})`,
    shape,
    a: fanOut,
    b: copies,
    maxRatio: 1.05,
    target: '≤ 1.05',
    ...(major < 15 && {
      skipped: `CREATE DATABASE … STRATEGY FILE_COPY needs PostgreSQL 15 or newer; the server is ${bench.server.serverVersion}`
    }),
    description:
      `Wall time of one restore step with databases: '${RESTORE_TARGETS.join(', ')}' (restores once, ` +
      `creates the others with CREATE DATABASE … TEMPLATE) against the bare tools doing the same: ` +
      `\`CREATE DATABASE first TEMPLATE template0\`, \`pg_restore --no-owner -d first DUMP\`, then three ` +
      `\`CREATE DATABASE copy TEMPLATE first STRATEGY FILE_COPY\` one after the other (PostgreSQL 15+), ` +
      `timed together. The dump is the bare custom dump of measurement 1 of ${large.name} (shape ${shape}); ` +
      `every target is checked to hold all rows.`,
    explain: (_, { a, b }) =>
      `the step took ${secs(a - b)} more than one bare pg_restore and three FILE_COPY clones (${secs(a)} against ${secs(b)})`
  }
}

function fourStepsRow(
  { shape, large }: ShapeDatabases,
  fanOut: Contender,
  separate: Contender
): Measurement {
  return {
    id: `restore-fan-out-vs-steps-${shape}`,
    title: `10 restore into 4 databases vs 4 steps (${shape})`,
    shape,
    a: fanOut,
    b: separate,
    maxRatio: 0.33,
    target: '≤ 0.33',
    description:
      `The step of measurement 3 (same samples) against four restore steps, one per database, each ` +
      `into an empty database created beforehand (not timed), restoring the bare custom dump of ${large.name}.`,
    explain: (x, { a, b }) => {
      const one = x[shapeExtra(shape, 'actionSingleRestoreSeconds')]
      if (one === undefined) return undefined
      return (
        `one restore step takes ${secs(one)}, ${(one / b).toFixed(3)} of the four; the step with ` +
        `databases took ${secs(a)}, ${secs(a - one)} more than one restore for the ` +
        `${RESTORE_TARGETS.length - 1} copies and the rest`
      )
    }
  }
}
