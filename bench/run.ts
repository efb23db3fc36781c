// `npm run bench` (issue #5): builds benchmark databases of each shape
// (shapes.ts), runs the bundled action (dist/index.js, as the runner does)
// and the bare client tools side by side, and prints the medians of
// interleaved runs as ratios against their targets; writes them to
// bench/results/. See bench/README.md.
import { existsSync, rmSync } from 'node:fs'
import { mkdtemp, rm } from 'node:fs/promises'
import { availableParallelism, cpus, loadavg, tmpdir, totalmem } from 'node:os'
import { join } from 'node:path'
import { run, startServer, type TestServer } from '../test-support/pg-server.ts'
import { actionEntry, repoRoot } from '../test-support/run-action.ts'
import {
  buildDatabases,
  formatMB,
  type BuildTarget,
  type BuiltDatabase,
  type Sql
} from './build.ts'
import { keptInstructions, loadSummary, sha256Of } from './environment.ts'
import { mbLabel, message, type Bench, type ShapeDatabases } from './measure.ts'
import { parseOptions, USAGE, type Options } from './options.ts'
import { takeMeasurements } from './phases.ts'
import {
  evaluate,
  extraMedians,
  median,
  missedNotes,
  sortRows,
  textTable,
  type BenchReport
} from './report.ts'
import { shapeNamed } from './shapes.ts'
import { benchBinDir, psql } from './steps.ts'
import { writeResults } from './write-results.ts'

const RESULTS = join(import.meta.dirname, 'results')

/** A shape's two databases to build: its share of --size, and a tenth of that. */
function shapeTargets(opts: Options): [BuildTarget, BuildTarget][] {
  return opts.shapes.map(name => {
    const shape = shapeNamed(name)
    const bytes = Math.round(opts.sizeBytes * shape.sizeShare)
    // the mixed shape's names are those of before shapes: kept ones are reused
    const prefix =
      name === 'mixed' ? 'pgdumper_bench' : `pgdumper_bench_${name}`
    const target = (b: number) => ({
      name: `${prefix}_${Math.round(b / 2 ** 20)}mb`,
      bytes: b,
      shape
    })
    return [target(bytes), target(Math.round(bytes / 10))]
  })
}

const describeDb = (db: BuiltDatabase) =>
  `  ${db.name}: ${formatMB(db.bytes)} (pg_database_size), rows ${Object.entries(
    db.rows
  )
    .map(([t, n]) => `${t} ${n.toLocaleString('en')}`)
    .join(', ')}`

async function main(): Promise<number> {
  let opts: Options | undefined
  try {
    opts = parseOptions(process.argv.slice(2))
  } catch (error) {
    console.error(`${message(error)}\n\n${USAGE}`)
    return 2
  }
  if (!opts) {
    console.log(USAGE)
    return 0
  }
  if (!existsSync(actionEntry)) {
    console.error(`No bundle at ${actionEntry}: run 'npm run bundle' first.`)
    return 1
  }
  const started = performance.now()
  const distAtStart = sha256Of(actionEntry)
  // the 1-minute load average every 5 s: other work on the machine
  // (a test suite, say) skews timings, and the report should say so
  const load: number[] = [loadavg()[0]]
  const sampler = setInterval(() => load.push(loadavg()[0]), 5000)
  sampler.unref()
  const timestamp = new Date().toISOString().replace(/\.\d+Z$/, 'Z')

  // the harness stops a throwaway server when this process exits; --keep
  // removes exactly the exit hooks startServer() added
  const hooksBefore = new Set(process.listeners('exit'))
  let server: TestServer
  try {
    server = await startServer()
  } catch (error) {
    console.error(`No PostgreSQL server to run against: ${message(error)}`)
    // the harness's message names the one command to run; a server of
    // one's own is the other way
    console.error(
      'Or point the benchmark at a server: PG_DUMPER_TEST_URL=postgresql://user:pw@host/postgres npm run bench'
    )
    return 1
  }
  const serverHooks = process.listeners('exit').filter(l => !hooksBefore.has(l))
  const ws = await mkdtemp(join(tmpdir(), 'pg-dumper-bench-'))
  const removeWs = () => rmSync(ws, { recursive: true, force: true })
  process.on('exit', removeWs)

  const targets = shapeTargets(opts)
  const names = targets.flat().map(t => t.name)
  // with --keep, even a failed run keeps what it built (an unfinished
  // database is rebuilt next time)
  const keep = opts.keep
  try {
    const binDir = benchBinDir()
    const sql: Sql = (db, text) => psql(server, binDir, db, text)
    const client = (
      await run(join(binDir, 'pg_dump'), ['--version'])
    ).stdout.trim()
    const cores = availableParallelism()
    console.log(
      `PostgreSQL ${server.serverVersion} (${server.external ? 'PG_DUMPER_TEST_URL' : 'throwaway server'}) on ${server.host}:${server.port}; ${client} from ${binDir}`
    )
    if (load[0] > 1) {
      console.log(
        `⚠ 1-minute load average ${load[0]} before starting: other work on the machine will skew timings`
      )
    }
    console.log(
      `${cores} cores, ${opts.runs} run${opts.runs > 1 ? 's' : ''} per measurement; shapes ${opts.shapes.join(', ')}; workspace ${ws}`
    )

    console.log(
      `\n━━ Building ${targets
        .flat()
        .map(t => `${t.name} (${t.shape.name}, ${mbLabel(t.bytes)})`)
        .join(', ')}`
    )
    const built = await buildDatabases(server, targets.flat(), {
      parallel: Math.max(2, cores),
      reuse: true,
      log: console.log,
      sql
    })
    for (const db of built) console.log(describeDb(db))
    const shapes: ShapeDatabases[] = opts.shapes.map((shape, i) => ({
      shape,
      large: built[2 * i],
      small: built[2 * i + 1]
    }))

    const bench: Bench = {
      server,
      binDir,
      runs: opts.runs,
      ws,
      large: shapes[0].large,
      small: shapes[0].small,
      shapes,
      jobs: opts.jobs,
      sql,
      log: console.log,
      extras: {}
    }
    const measurements = await takeMeasurements(bench, opts)

    const medians = extraMedians(bench.extras)
    const rows = sortRows(
      measurements.map(m => evaluate(m, medians)),
      opts.shapes
    )
    const report: BenchReport = {
      timestamp,
      options: {
        size: opts.size,
        sizeBytes: opts.sizeBytes,
        runs: opts.runs,
        keep: opts.keep,
        only: [...opts.only].sort((x, y) => x - y),
        shapes: opts.shapes,
        jobs: opts.jobs
      },
      machine: {
        cpus: cores,
        cpuModel: cpus()[0]?.model.trim() ?? 'unknown',
        memoryBytes: totalmem(),
        platform: `${process.platform}-${process.arch}`,
        node: process.version,
        loadAverage: loadSummary(load)
      },
      postgres: {
        server: server.serverVersion,
        client,
        binDir,
        external: server.external
      },
      action: {
        commit: (
          await run('git', ['rev-parse', 'HEAD'], { cwd: repoRoot })
        ).stdout.trim(),
        distSha256: distAtStart,
        distChangedDuringRun: sha256Of(actionEntry) !== distAtStart
      },
      databases: Object.fromEntries(
        shapes.flatMap(({ shape, large, small }) =>
          Object.entries({ large, small }).map(([which, db]) => [
            `${shape}.${which}`,
            { name: db.name, shape, bytes: db.bytes, rows: db.rows }
          ])
        )
      ),
      measurements: rows,
      extras: Object.fromEntries(
        Object.entries(bench.extras).map(([key, samples]) => [
          key,
          {
            samples: samples.map(v => Math.round(v * 1000) / 1000),
            median: Math.round((median(samples) ?? 0) * 1000) / 1000
          }
        ])
      ),
      durationSeconds: Math.round((performance.now() - started) / 1000)
    }

    console.log(
      `\n━━ Results: medians of ${opts.runs} run${opts.runs > 1 ? 's' : ''}, ${shapes
        .map(({ large }) => `${large.name} ${formatMB(large.bytes)}`)
        .join(', ')}\n`
    )
    console.log(textTable(rows))
    const notes = missedNotes(rows)
    if (notes) console.log(`\n${notes}`)
    const busy = report.machine.loadAverage
    if (busy.mean > cores + 1) {
      console.log(
        `\n⚠ the machine was busy: 1-minute load average ${busy.mean} on average (max ${busy.max}) on ${cores} cores, ` +
          'where the benchmark alone keeps it near the core count: other work skewed these timings'
      )
    }
    if (report.action.distChangedDuringRun) {
      console.log(
        '\n⚠ dist/index.js changed while the benchmark ran: the runs measured different builds'
      )
    }
    const files = await writeResults(report, RESULTS, opts.only.size === 0)
    console.log(
      `\nWrote ${files.map(f => f.slice(repoRoot.length + 1)).join(', ')} (${report.durationSeconds} s in all)`
    )
    return rows.some(row => row.error) ? 1 : 0
  } catch (error) {
    console.error(
      `\n✗ ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`
    )
    return 1
  } finally {
    clearInterval(sampler)
    await rm(ws, { recursive: true, force: true })
    process.off('exit', removeWs)
    if (keep) {
      // the server outlives this process; its temp dir stays
      if (!server.external) {
        for (const hook of serverHooks) process.off('exit', hook)
      }
      console.log(`\n${keptInstructions(server, opts, names)}`)
    } else {
      if (server.external) {
        for (const name of names) {
          await server.dropDatabase(name).catch(() => {})
        }
      }
      await server.stop()
    }
  }
}

process.exitCode = await main()
