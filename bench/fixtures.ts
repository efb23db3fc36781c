// Measurements 8 and 9: what a test job pays on every push for a fixture,
// the action's restore and dump of a small PostGIS model against the bare
// pg_restore and pg_dump. The model is the tests' GIS model (schemas, one
// mixed-case, geometries in two SRIDs, a view, a trigger) with many small
// tables beside it, as real data models have; the step's fixed cost (Node,
// the bundle, the questions asked before the tool runs) is what is left.
import { join } from 'node:path'
import { MODEL } from '../test-support/gis-model.ts'
import { quoteIdent } from '../test-support/pg-server.ts'
import { runAction } from '../test-support/run-action.ts'
import {
  contender,
  interleave,
  secs,
  type Bench,
  type Contender,
  type Measurement,
  type Turn
} from './measure.ts'
import { peerDump, StepFailed, timedTool } from './steps.ts'

const MODEL_DB = 'pgdumper_bench_gis'
const TARGET = 'pgdumper_bench_gis_target'
/** action minus bare, in seconds, for both rows */
const MAX_FIXED_SECONDS = 0.3
/** small tables beside the GIS model's, each with a geometry and its index */
const EXTRA_TABLES = 120

const MANY_TABLES = `
CREATE SCHEMA tww_od_more;
DO $$BEGIN
  FOR i IN 1..${EXTRA_TABLES} LOOP
    EXECUTE format('CREATE TABLE tww_od_more.t%s(obj_id text PRIMARY KEY, label text, ' ||
      'geom geometry(Point, 2056))', i);
    EXECUTE format('CREATE INDEX ON tww_od_more.t%s USING gist (geom)', i);
    EXECUTE format('INSERT INTO tww_od_more.t%s SELECT ''o'' || g, ''row '' || g, ' ||
      'ST_SetSRID(ST_MakePoint(2600000 + g, 1200000 + g), 2056) FROM generate_series(1, 20) g', i);
  END LOOP;
END$$;
`

/**
 * Wall time of a step as the runner runs it: unlike actionStep, without
 * the RSS probe preloaded (loading it is the benchmark's cost, not the
 * step's, and here every tenth of a second counts).
 */
async function stepSeconds(
  inputs: Record<string, string>,
  cwd: string
): Promise<number> {
  const started = performance.now()
  const run = await runAction(inputs, { cwd })
  const seconds = (performance.now() - started) / 1000
  if (run.exitCode !== 0) {
    const errors = run.stdout.split('\n').filter(l => l.startsWith('::error'))
    throw new StepFailed(
      `the ${inputs.mode} step failed: ${errors.join(' | ') || run.stderr.trim().split('\n').slice(-3).join(' | ')}`
    )
  }
  return seconds
}

async function createEmpty(bench: Bench, name: string): Promise<void> {
  await bench.server.dropDatabase(name)
  await bench.sql('postgres', `CREATE DATABASE ${quoteIdent(name)}`)
}

/** The model, built afresh; throws (naming PostGIS) when it cannot be. */
async function buildModel(bench: Bench): Promise<void> {
  await createEmpty(bench, MODEL_DB)
  await bench.sql(MODEL_DB, MODEL + MANY_TABLES)
}

const explain =
  (tool: string) =>
  (_: unknown, { a, b }: { a: number; b: number }) =>
    `the step took ${secs(a - b)} more than bare ${tool} (${secs(a)} against ${secs(b)}); the target is ${secs(MAX_FIXED_SECONDS)}`

function measurement(
  id: string,
  title: string,
  a: Contender,
  b: Contender,
  description: string,
  tool: string
): Measurement {
  return {
    id,
    title,
    a,
    b,
    maxRatio: Number.MAX_VALUE,
    maxDiff: MAX_FIXED_SECONDS,
    target: `A − B ≤ ${MAX_FIXED_SECONDS} s`,
    description,
    explain: explain(tool)
  }
}

/**
 * Measurements 8 and 9, side by side in the same runs: a fixture restore
 * (action against bare pg_restore, each into an empty database created
 * beforehand, not timed) and a dump (action against bare pg_dump -Fc).
 */
export async function fixtureMeasurements(
  bench: Bench
): Promise<Measurement[]> {
  const { server, binDir, ws } = bench
  const actionRestore = contender('action restore', 's')
  const bareRestore = contender('pg_restore --no-owner', 's')
  const actionDump = contender('action dump, custom', 's')
  const bareDump = contender('pg_dump -Fc --no-owner --no-privileges', 's')
  const model = `the small PostGIS model ${MODEL_DB} (test-support/gis-model.ts and ${EXTRA_TABLES} more tables with a geometry and a GiST index)`
  const rows = [
    measurement(
      'fixture-restore',
      '8 fixture restore: action vs bare pg_restore',
      actionRestore,
      bareRestore,
      `Wall time of a restore step of a custom dump of ${model} into an empty database, against bare pg_restore --no-owner of the same dump; target: the step at most ${MAX_FIXED_SECONDS} s longer.`,
      'pg_restore'
    ),
    measurement(
      'fixture-dump',
      '9 dump: action vs bare pg_dump',
      actionDump,
      bareDump,
      `Wall time of a dump step (custom format, to a file) of ${model}, against bare pg_dump -Fc --no-owner --no-privileges; target: the step at most ${MAX_FIXED_SECONDS} s longer.`,
      'pg_dump'
    )
  ]
  const sides = [actionRestore, bareRestore, actionDump, bareDump]
  try {
    await buildModel(bench)
  } catch (error) {
    const why = `the PostGIS model could not be built (is PostGIS installed for the server?): ${error instanceof Error ? error.message : String(error)}`
    for (const side of sides) side.error = why
    return rows
  }
  const dump = join(ws, 'fixture-bare.dump')
  const conninfo = (db: string) => server.conninfoNoPassword(db)
  await peerDump(server, binDir, MODEL_DB, dump)
  const turns: Turn[] = [
    {
      label: 'action restore of the PostGIS model',
      sides: [actionRestore],
      run: async () => {
        await createEmpty(bench, TARGET)
        const inputs = {
          mode: 'restore',
          connection: server.uri(TARGET),
          file: dump,
          'pg-bin-dir': binDir
        }
        actionRestore.samples.push(await stepSeconds(inputs, ws))
      }
    },
    {
      label: 'bare pg_restore of the PostGIS model',
      sides: [bareRestore],
      run: async () => {
        await createEmpty(bench, TARGET)
        const args = ['--no-owner', '-d', conninfo(TARGET), dump]
        bareRestore.samples.push(
          await timedTool(server, binDir, 'pg_restore', args)
        )
      }
    },
    {
      label: 'action dump of the PostGIS model',
      sides: [actionDump],
      run: async () => {
        const inputs = {
          mode: 'dump',
          connection: server.uri(MODEL_DB),
          file: join(ws, 'fixture-action.dump'),
          'pg-bin-dir': binDir
        }
        actionDump.samples.push(await stepSeconds(inputs, ws))
      }
    },
    {
      label: 'bare pg_dump of the PostGIS model',
      sides: [bareDump],
      run: async () => {
        const file = join(ws, 'fixture-bare-again.dump')
        bareDump.samples.push(await peerDump(server, binDir, MODEL_DB, file))
      }
    }
  ]
  try {
    await interleave(bench, turns)
  } finally {
    await server.dropDatabase(TARGET)
    await server.dropDatabase(MODEL_DB)
  }
  return rows
}
