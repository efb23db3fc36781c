// Measurements 11 and 12: what a restore drill (verify: restore) costs. 11
// is a verified dump step against an unverified one, the price a nightly
// pays; 12 is the drill itself (the restore into the scratch database and
// the rows counted; from the step's log) against a bare pg_restore of the
// very dump the drill restored, into an empty database created beforehand.
import { join } from 'node:path'
import { quoteIdent } from '../test-support/pg-server.ts'
import {
  contender,
  interleave,
  secs,
  type Bench,
  type Measurement,
  type Turn
} from './measure.ts'
import { actionStep, timedTool } from './steps.ts'

const TARGET = 'pgdumper_bench_drill_target'
/** the step's own line: "Restore drill: N table(s), M row(s), …, in MS ms" */
const DRILL_LINE =
  /^Restore drill: (\d+) table\(s\), (\d+) row\(s\).* in (\d+) ms$/m

/**
 * Measurements 11 and 12, in the same runs, on the large database: a
 * verified and an unverified dump step (custom, to a file), and the
 * drill against a bare pg_restore of the dump the verified step wrote.
 */
export async function drillMeasurements(bench: Bench): Promise<Measurement[]> {
  const { server, binDir, ws, large } = bench
  const verified = contender('action dump, verify: restore', 's')
  const unverified = contender('action dump, verify: archive', 's')
  const drill = contender('the drill (from the step log)', 's')
  const bare = contender('pg_restore --no-owner', 's')
  const of = `${large.name} (custom format)`
  const rows: Measurement[] = [
    {
      id: 'drill-nightly',
      title: '11 verified nightly: verify restore vs archive',
      a: verified,
      b: unverified,
      maxRatio: Number.MAX_VALUE,
      target: 'the price (no target)',
      description: `Wall time of a dump step of ${of} to a file with verify: restore (the dump restored into a scratch database and every table's rows compared) against the same step with the read-back alone; what a nightly pays for its drill.`
    },
    {
      id: 'drill-restore',
      title: '12 drill vs bare pg_restore of the same dump',
      a: drill,
      b: bare,
      maxRatio: 1.05,
      target: '≤ 1.05',
      description: `The drill of measurement 11's verified step (pg_restore into the scratch database, made while pg_dump ran, and the rows of every table counted), as its log line says, against a bare pg_restore --no-owner of the dump that step wrote into an empty database created beforehand (not timed).`,
      explain: (_, { a, b }) =>
        `the drill took ${secs(a - b)} more than the bare pg_restore (${secs(a)} against ${secs(b)}): the restore's own questions (server version, table of contents, extensions) and the count of every table`
    }
  ]
  const file = join(ws, 'drilled.dump')
  const step = async (verify: 'restore' | 'archive', to: string) =>
    actionStep(
      {
        mode: 'dump',
        connection: server.uri(large.name),
        file: to,
        verify,
        'pg-bin-dir': binDir
      },
      { cwd: ws, probeDir: ws }
    )
  let drilled = false
  const turns: Turn[] = [
    {
      label: 'action dump with verify: restore',
      sides: [verified, drill],
      run: async () => {
        const done = await step('restore', file)
        const line = DRILL_LINE.exec(done.run.stdout)
        if (!line) throw new Error('the step logged no "Restore drill: …" line')
        verified.samples.push(done.seconds)
        drill.samples.push(Number(line[3]) / 1000)
        drilled = true
      }
    },
    {
      label: 'action dump with verify: archive',
      sides: [unverified],
      run: async () => {
        unverified.samples.push(
          (await step('archive', join(ws, 'unverified.dump'))).seconds
        )
      }
    },
    {
      label: 'bare pg_restore of the drilled dump',
      sides: [bare],
      run: async () => {
        // the first run may come before the verified step wrote it
        if (!drilled) await step('restore', file)
        drilled = true
        await server.dropDatabase(TARGET)
        await bench.sql('postgres', `CREATE DATABASE ${quoteIdent(TARGET)}`)
        const args = [
          '--no-owner',
          '-d',
          server.conninfoNoPassword(TARGET),
          file
        ]
        bare.samples.push(await timedTool(server, binDir, 'pg_restore', args))
      }
    }
  ]
  try {
    await interleave(bench, turns)
  } finally {
    await server.dropDatabase(TARGET)
  }
  return rows
}
