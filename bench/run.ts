// `npm run bench` (issue #5): builds a benchmark database, runs the bundled
// action (dist/index.js, as the runner does) and the bare client tools side
// by side, and prints the medians of interleaved runs as ratios against
// their targets; writes them to bench/results/. See bench/README.md.
import { createHash } from 'node:crypto'
import { existsSync, readFileSync, rmSync } from 'node:fs'
import { mkdtemp, rm } from 'node:fs/promises'
import { availableParallelism, cpus, loadavg, tmpdir, totalmem } from 'node:os'
import { dirname, join } from 'node:path'
import { parseArgs } from 'node:util'
import {
  run,
  serverBinDir,
  startServer,
  type TestServer
} from '../test-support/pg-server.ts'
import { actionEntry, repoRoot } from '../test-support/run-action.ts'
import { buildDatabases, formatMB, type Sql } from './build.ts'
import {
  dumpMeasurements,
  mbLabel,
  message,
  type Bench,
  type Measurement
} from './measure.ts'
import { drillMeasurements } from './drill.ts'
import { fixtureMeasurements } from './fixtures.ts'
import { nightlyMeasurement } from './nightly.ts'
import { restoreMeasurement } from './restore.ts'
import { startupMeasurement } from './startup.ts'
import { uploadMeasurement } from './upload.ts'
import {
  evaluate,
  extraMedians,
  median,
  missedNotes,
  textTable,
  writeResults,
  type BenchReport
} from './report.ts'
import { benchBinDir, psql } from './steps.ts'

const USAGE = `Usage: npm run bench -- [--size 1GB] [--runs 3] [--keep] [--only 2,6]

  --size SIZE  the large database's size on disk (pg_database_size), e.g.
               1GB (default), 100MB, 2.5GB; the small one is a tenth of it
  --runs N     interleaved runs per measurement; medians are reported (default 3)
  --keep       keep the databases (and a throwaway server) for the next run
  --only LIST  only these measurements (numbers 1–11, e.g. 2,6); the results
               go to results/<timestamp>.json, latest.* are left as they are
`

const RESULTS = join(import.meta.dirname, 'results')
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

interface Options {
  size: string
  sizeBytes: number
  runs: number
  keep: boolean
  /** the measurements to take (1–11); all when empty */
  only: Set<number>
}

function options(): Options | undefined {
  const { values } = parseArgs({
    options: {
      size: { type: 'string', default: '1GB' },
      runs: { type: 'string', default: '3' },
      keep: { type: 'boolean', default: false },
      only: { type: 'string', default: '' },
      help: { type: 'boolean', short: 'h', default: false }
    },
    strict: true
  })
  if (values.help) {
    console.log(USAGE)
    return undefined
  }
  const runs = Number(values.runs)
  if (!Number.isInteger(runs) || runs < 1) {
    throw new Error(`--runs '${values.runs}': expected a whole number ≥ 1`)
  }
  const only = new Set(
    values.only
      .split(',')
      .filter(n => n.trim() !== '')
      .map(Number)
  )
  if ([...only].some(n => !Number.isInteger(n) || n < 1 || n > 11)) {
    throw new Error(`--only '${values.only}': expected numbers 1–11, e.g. 2,6`)
  }
  return {
    size: values.size,
    sizeBytes: parseSize(values.size),
    runs,
    keep: values.keep,
    only
  }
}

const sha256Of = (path: string) =>
  createHash('sha256').update(readFileSync(path)).digest('hex')

/** Start, end, mean and max of the load samples, to 2 decimals. */
function loadSummary(samples: number[]) {
  const r = (n: number) => Math.round(n * 100) / 100
  return {
    start: r(samples[0]),
    end: r(samples[samples.length - 1]),
    mean: r(samples.reduce((x, y) => x + y, 0) / samples.length),
    max: r(Math.max(...samples))
  }
}

const shellQuote = (s: string) =>
  /^[\w@%+=:,./-]+$/.test(s) ? s : `'${s.replace(/'/g, `'\\''`)}'`

/** Says how to reuse, and how to get rid of, what --keep kept. */
function keptInstructions(
  server: TestServer,
  opts: Options,
  names: string[]
): string {
  const rerun = `npm run bench -- --keep --size ${opts.size}`
  if (server.external) {
    return [
      `Kept the databases ${names.join(', ')}. Rerun with the same PG_DUMPER_TEST_URL and:`,
      `  ${rerun}`,
      'and drop them by running once without --keep.'
    ].join('\n')
  }
  const dataDir = server.dataDir as string
  const binDir = benchBinDir()
  const pgCtl = join(serverBinDir() ?? binDir, 'pg_ctl')
  const asPostgres = process.getuid?.() === 0 ? 'runuser -u postgres -- ' : ''
  return [
    `Kept the server and its databases ${names.join(', ')}. Rerun against them with:`,
    `  PG_DUMPER_TEST_URL=${shellQuote(server.uri('postgres'))} \\`,
    `  PG_DUMPER_TEST_BIN_DIR=${shellQuote(binDir)} ${rerun}`,
    'Stop and remove the server with:',
    `  ${asPostgres}${pgCtl} stop -D ${shellQuote(dataDir)} && rm -rf ${shellQuote(dirname(dataDir))}`
  ].join('\n')
}

async function main(): Promise<number> {
  let opts: Options | undefined
  try {
    opts = options()
  } catch (error) {
    console.error(`${message(error)}\n\n${USAGE}`)
    return 2
  }
  if (!opts) return 0
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

  const large = `pgdumper_bench_${Math.round(opts.sizeBytes / 2 ** 20)}mb`
  const small = `pgdumper_bench_${Math.round(opts.sizeBytes / 10 / 2 ** 20)}mb`
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
      `${cores} cores, ${opts.runs} run${opts.runs > 1 ? 's' : ''} per measurement; workspace ${ws}`
    )

    console.log(
      `\n━━ Building ${large} (${mbLabel(opts.sizeBytes)}) and ${small} (${mbLabel(opts.sizeBytes / 10)})`
    )
    const [largeDb, smallDb] = await buildDatabases(
      server,
      [
        { name: large, bytes: opts.sizeBytes },
        { name: small, bytes: Math.round(opts.sizeBytes / 10) }
      ],
      { parallel: Math.max(2, cores), reuse: true, log: console.log, sql }
    )
    for (const db of [largeDb, smallDb]) {
      console.log(
        `  ${db.name}: ${formatMB(db.bytes)} (pg_database_size), rows ${Object.entries(
          db.rows
        )
          .map(([t, n]) => `${t} ${n.toLocaleString('en')}`)
          .join(', ')}`
      )
    }

    const bench: Bench = {
      server,
      binDir,
      runs: opts.runs,
      ws,
      large: largeDb,
      small: smallDb,
      sql,
      log: console.log,
      extras: {}
    }
    const measurements: Measurement[] = []
    const want = (...n: number[]) =>
      opts.only.size === 0 || n.some(k => opts.only.has(k))
    if (want(1, 2, 3, 5)) {
      console.log(
        '\n━━ Dumps: bare pg_dump -Fc, action custom, bare pg_dump -Fd -j2, action directory (jobs 2), action on the small db'
      )
      const dumps = await dumpMeasurements(bench)
      measurements.push(
        ...dumps.measurements.filter(m => want(Number.parseInt(m.title)))
      )
      if (want(3)) {
        console.log(
          '\n━━ Restores: one step with databases (4) vs 4 restore steps'
        )
        measurements.push(await restoreMeasurement(bench, dumps.dump))
      }
    }
    if (want(4)) {
      console.log('\n━━ Artifact uploads: compression-level auto vs 6')
      measurements.push(await uploadMeasurement(bench))
    }
    if (want(7)) {
      console.log(
        "\n━━ Nightly: one dump step with artifact-name vs pg_dump -Fc + upload-artifact's upload"
      )
      measurements.push(await nightlyMeasurement(bench))
    }
    if (want(8, 9)) {
      console.log(
        '\n━━ Fixtures: action restore vs bare pg_restore, action dump vs bare pg_dump, on a small PostGIS model'
      )
      const fixtures = await fixtureMeasurements(bench)
      measurements.push(...fixtures.filter(m => want(Number.parseInt(m.title))))
    }
    if (want(10, 11)) {
      console.log(
        '\n━━ Restore drills: verify restore vs archive, the drill vs bare pg_restore of the same dump'
      )
      const drills = await drillMeasurements(bench)
      measurements.push(...drills.filter(m => want(Number.parseInt(m.title))))
    }
    if (want(6)) {
      console.log("\n━━ Start-up: a step failing on a bad input vs node -e ''")
      measurements.push(await startupMeasurement(bench))
    }

    const medians = extraMedians(bench.extras)
    const rows = measurements
      .map(m => evaluate(m, medians))
      .sort((x, y) =>
        x.title.localeCompare(y.title, undefined, { numeric: true })
      )
    const report: BenchReport = {
      timestamp,
      options: {
        size: opts.size,
        sizeBytes: opts.sizeBytes,
        runs: opts.runs,
        keep: opts.keep,
        only: [...opts.only].sort()
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
      databases: {
        large: { name: largeDb.name, bytes: largeDb.bytes, rows: largeDb.rows },
        small: { name: smallDb.name, bytes: smallDb.bytes, rows: smallDb.rows }
      },
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
      `\n━━ Results: medians of ${opts.runs} run${opts.runs > 1 ? 's' : ''}, ${largeDb.name} ${formatMB(largeDb.bytes)}, ${smallDb.name} ${formatMB(smallDb.bytes)}\n`
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
      console.log(`\n${keptInstructions(server, opts, [large, small])}`)
    } else {
      if (server.external) {
        for (const name of [large, small]) {
          await server.dropDatabase(name).catch(() => {})
        }
      }
      await server.stop()
    }
  }
}

process.exitCode = await main()
