// The files a run writes to results/: the JSON and the Markdown page
// (latest.md: how and where it ran, the table, what each row is).
import { mkdir, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { cells, HEADER, type BenchReport } from './report.ts'

/** The Markdown page: how and where it ran, the table, what each row is. */
function markdown(report: BenchReport): string {
  const esc = (s: string) => s.replace(/\|/g, '\\|')
  const { machine, postgres, options } = report
  const dbs = Object.values(report.databases)
    .map(d => `\`${d.name}\` ${(d.bytes / 2 ** 20).toFixed(0)} MB`)
    .join(', ')
  const lines = [
    '# pg-dumper benchmark',
    '',
    `\`npm run bench -- --size ${options.size} --runs ${options.runs}` +
      `${options.shapes ? ` --shapes ${options.shapes.join(',')}` : ''}\` on ${report.timestamp}: ` +
      `${machine.cpus} × ${machine.cpuModel}, ${(machine.memoryBytes / 2 ** 30).toFixed(0)} GB RAM, ` +
      `Node ${machine.node}; PostgreSQL ${postgres.server} (${postgres.external ? 'PG_DUMPER_TEST_URL' : 'throwaway server'}), ` +
      `client ${postgres.client}; databases ${dbs}; action at ${report.action.commit.slice(0, 12)} ` +
      `(dist/index.js sha256 ${report.action.distSha256.slice(0, 12)}…). ` +
      `Medians of ${options.runs} interleaved run${options.runs > 1 ? 's' : ''}.`,
    '',
    `1-minute load average during the run: mean ${machine.loadAverage.mean}, max ${machine.loadAverage.max} ` +
      `(the benchmark alone keeps it near the core count).`,
    '',
    ...(report.action.distChangedDuringRun
      ? [
          '**dist/index.js changed while the benchmark ran: the runs measured different builds.**',
          ''
        ]
      : []),
    `| ${HEADER.map(h => h || 'ok').join(' | ')} |`,
    `| ${HEADER.map((_, i) => (i === 3 ? '--:' : '---')).join(' | ')} |`,
    ...report.measurements.map(row => `| ${cells(row).map(esc).join(' | ')} |`),
    ''
  ]
  const missed = report.measurements.filter(r => r.pass === false)
  if (missed.length) {
    lines.push('Missed targets:', '')
    for (const row of missed) {
      lines.push(
        `- **${row.title}** (${row.ratio?.toFixed(3)}, target ${row.target})${row.note ? `: ${row.note}` : ''}`
      )
    }
    lines.push('')
  }
  const failed = report.measurements.filter(r => r.error)
  if (failed.length) {
    lines.push('Errors:', '')
    for (const row of failed) lines.push(`- ${row.title}: ${row.error}`)
    lines.push('')
  }
  const skipped = report.measurements.filter(r => r.skipped)
  if (skipped.length) {
    lines.push('Skipped:', '')
    for (const row of skipped) lines.push(`- ${row.title}: ${row.skipped}`)
    lines.push('')
  }
  lines.push('What each row measures:', '')
  for (const row of report.measurements) {
    lines.push(`- **${row.title}**: ${row.description}`)
  }
  lines.push('')
  return lines.join('\n')
}

/** Writes results/<timestamp>.json, results/latest.json and results/latest.md. */
export async function writeResults(
  report: BenchReport,
  dir: string,
  latest = true
): Promise<string[]> {
  await mkdir(dir, { recursive: true })
  const json = `${JSON.stringify(report, null, 2)}\n`
  const stamp = report.timestamp.replace(/[:.]/g, '-')
  const files = [join(dir, `${stamp}.json`)]
  await writeFile(files[0], json)
  if (latest) {
    files.push(join(dir, 'latest.json'), join(dir, 'latest.md'))
    await writeFile(files[1], json)
    await writeFile(files[2], markdown(report))
  }
  return files
}
