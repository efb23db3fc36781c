// What the benchmark times: the bundled action run as a step (as the runner
// runs it, through the tests' runAction), and the bare client tools.
import { accessSync, constants, readFileSync } from 'node:fs'
import { mkdtemp, readFile, rm } from 'node:fs/promises'
import { delimiter, dirname, join } from 'node:path'
import { pathToFileURL } from 'node:url'
import {
  clientBinDir,
  clientEnv,
  run,
  type TestServer
} from '../test-support/pg-server.ts'
import {
  actionEntry,
  runAction,
  type StepRun
} from '../test-support/run-action.ts'

const PROBE = pathToFileURL(join(import.meta.dirname, 'rss-probe.js')).href
const RSS_FILE_ENV = 'PG_DUMPER_BENCH_RSS_FILE'
/** a 10 GB dump takes minutes, not hours */
const TOOL_TIMEOUT_MS = 4 * 3600_000

/** A step that ran to the end. */
export interface TimedStep {
  /** wall time of the whole step process, node start to exit */
  seconds: number
  /** the action process's own peak RSS (bytes), from the probe */
  peakRss: number | undefined
  /** of it, the node executable's own pages resident at exit (bytes; Linux) */
  nodeCodeRss: number | undefined
  run: StepRun
}

/** A step that exited non-zero; the message is its ::error:: line. */
export class StepFailed extends Error {
  override readonly name = 'StepFailed'
}

/** The error lines a failed step printed, else the end of its stderr. */
function failureText(run: StepRun): string {
  const errors = run.stdout
    .split('\n')
    .filter(line => line.startsWith('::error'))
    .map(line => line.replace(/^::error[^:]*::/, '').replace(/%0A/g, ' '))
  if (errors.length) return errors.join(' | ')
  const tail = run.stderr.trim().split('\n').slice(-3).join(' | ')
  return tail || `exit code ${run.exitCode}`
}

let probes = 0

/**
 * Runs `node dist/index.js` with `inputs`, timed from outside, with the RSS
 * probe preloaded; throws StepFailed when the step fails.
 */
export async function actionStep(
  inputs: Record<string, string>,
  options: { cwd: string; env?: Record<string, string>; probeDir: string }
): Promise<TimedStep> {
  const rssFile = join(options.probeDir, `rss-${process.pid}-${++probes}`)
  const nodeOptions = [process.env.NODE_OPTIONS, `--import=${PROBE}`]
    .filter(Boolean)
    .join(' ')
  const started = performance.now()
  const result = await runAction(inputs, {
    cwd: options.cwd,
    env: { ...options.env, NODE_OPTIONS: nodeOptions, [RSS_FILE_ENV]: rssFile }
  })
  const seconds = (performance.now() - started) / 1000
  const [peakRss, nodeCodeRss] = await readFile(rssFile, 'utf8')
    .then(text => text.split(' ').map(Number))
    .catch(() => [])
  await rm(rssFile, { force: true })
  if (result.exitCode !== 0) {
    throw new StepFailed(
      `the ${inputs.mode} step failed: ${failureText(result)}`
    )
  }
  return { seconds, peakRss, nodeCodeRss, run: result }
}

/** Runs a client tool from `binDir`, timed; throws unless it exits 0. */
export async function timedTool(
  server: TestServer,
  binDir: string,
  tool: 'pg_dump' | 'pg_restore' | 'psql',
  args: string[]
): Promise<number> {
  const started = performance.now()
  const result = await run(join(binDir, tool), args, {
    env: clientEnv(server.password),
    timeoutMs: TOOL_TIMEOUT_MS
  })
  const seconds = (performance.now() - started) / 1000
  if (result.code !== 0) {
    throw new Error(
      `${tool} exited ${result.code}: ${result.stderr.trim().split('\n').slice(-3).join(' | ')}`
    )
  }
  return seconds
}

/** Bare `pg_dump -Fc --no-owner --no-privileges` of `dbname` into `file`, timed: the peer way's dump. */
export function peerDump(
  server: TestServer,
  binDir: string,
  dbname: string,
  file: string
): Promise<number> {
  return timedTool(server, binDir, 'pg_dump', [
    '-Fc',
    '--no-owner',
    '--no-privileges',
    '-f',
    file,
    '-d',
    server.conninfoNoPassword(dbname)
  ])
}

/** A peer uploader (a node script of bench/) run in a process of its own, timed; throws with its last lines unless it exits 0. */
export async function peerUpload(
  script: string,
  args: string[],
  options: { env: NodeJS.ProcessEnv; cwd: string }
): Promise<{ seconds: number; stdout: string }> {
  const started = performance.now()
  const upload = await run(process.execPath, [script, ...args], {
    ...options,
    timeoutMs: TOOL_TIMEOUT_MS
  })
  const seconds = (performance.now() - started) / 1000
  if (upload.code !== 0) {
    const tail = (upload.stderr.trim() || upload.stdout.trim())
      .split('\n')
      .slice(-3)
      .join(' | ')
    throw new Error(`the peer uploader exited ${upload.code}: ${tail}`)
  }
  return { seconds, stdout: upload.stdout }
}

/** Runs `body` in a fresh folder under `parent`, removed afterwards. */
export async function inFreshDir(
  parent: string,
  prefix: string,
  body: (cwd: string) => Promise<void>
): Promise<void> {
  const cwd = await mkdtemp(join(parent, prefix))
  try {
    await body(cwd)
  } finally {
    await rm(cwd, { recursive: true, force: true })
  }
}

/** psql with ON_ERROR_STOP and a long timeout (server.psql allows 2 min). */
export async function psql(
  server: TestServer,
  binDir: string,
  dbname: string,
  sql: string
): Promise<string> {
  const result = await run(
    join(binDir, 'psql'),
    [
      '-X',
      '-q',
      '-v',
      'ON_ERROR_STOP=1',
      '-At',
      '-f',
      '-',
      '-d',
      server.conninfoNoPassword(dbname)
    ],
    { env: clientEnv(server.password), input: sql, timeoutMs: TOOL_TIMEOUT_MS }
  )
  if (result.code !== 0) {
    throw new Error(
      `psql on ${dbname} exited ${result.code}: ${result.stderr.trim()}`
    )
  }
  return result.stdout.trim()
}

function isExecutable(path: string): boolean {
  try {
    accessSync(path, constants.X_OK)
    return true
  } catch {
    return false
  }
}

/**
 * The folder of the pg_dump both contenders run: the tests' client
 * (PG_DUMPER_TEST_BIN_DIR, else the local server's), else PATH's.
 */
export function benchBinDir(): string {
  const bin = clientBinDir()
  if (bin) return bin
  for (const dir of (process.env.PATH ?? '').split(delimiter)) {
    if (dir && isExecutable(join(dir, 'pg_dump'))) return dir
  }
  throw new Error(
    'No pg_dump: install the PostgreSQL client or set PG_DUMPER_TEST_BIN_DIR'
  )
}

/**
 * Inputs the bundled action does not know yet: each name must be declared
 * in action.yml and read by dist/index.js (its Inputs table keeps the
 * `Name: 'input-name',` lines), or the step would silently ignore it.
 */
export function missingInputs(names: string[]): string[] {
  const actionYml = readFileSync(
    join(dirname(actionEntry), '..', 'action.yml'),
    'utf8'
  )
  const bundle = readFileSync(actionEntry, 'utf8')
  return names.filter(
    name =>
      !new RegExp(`^  ${name}:`, 'm').test(actionYml) ||
      !bundle.includes(`: '${name}',`)
  )
}
