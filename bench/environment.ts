// What a benchmark run says about where it ran and what it kept: the load
// of the machine, the bundle's digest, how to reuse what --keep kept.
import { createHash } from 'node:crypto'
import { readFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { serverBinDir, type TestServer } from '../test-support/pg-server.ts'
import type { Options } from './options.ts'
import { benchBinDir } from './steps.ts'

export const sha256Of = (path: string): string =>
  createHash('sha256').update(readFileSync(path)).digest('hex')

/** Start, end, mean and max of the load samples, to 2 decimals. */
export function loadSummary(samples: number[]): {
  start: number
  end: number
  mean: number
  max: number
} {
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
export function keptInstructions(
  server: TestServer,
  opts: Options,
  names: string[]
): string {
  const rerun = `npm run bench -- --keep --size ${opts.size} --shapes ${opts.shapes.join(',')}`
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
