// Tools for injecting faults into a running step: the bundle spawned so it can
// be signalled, sessions that hold locks, process and backend look-ups.
import { spawn, type ChildProcess } from 'node:child_process'
import { readdirSync, readFileSync } from 'node:fs'
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { constants, tmpdir } from 'node:os'
import { join } from 'node:path'
import { setTimeout as sleep } from 'node:timers/promises'
import {
  clientEnv,
  clientTool,
  quoteLiteral,
  type TestServer
} from './pg-server.ts'
import {
  actionEntry,
  cliEntry,
  exitIfBundleStale,
  parseOutputFile,
  type StepRun
} from './run-action.ts'
import { baseEnv, inputEnv } from './runner-env.ts'

/** Polls `probe` until it returns a value other than undefined or false. */
export async function waitFor<T>(
  what: string,
  probe: () => T | undefined | false | Promise<T | undefined | false>,
  timeoutMs = 30_000
): Promise<T> {
  const deadline = performance.now() + timeoutMs
  for (;;) {
    const value = await probe()
    if (value !== undefined && value !== false) return value
    if (performance.now() > deadline)
      throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`)
    await sleep(50)
  }
}

/** The pid and parent pid of a process from /proc/<pid>/stat, with its name and state. */
function procStat(
  pid: string
): { comm: string; state: string; ppid: number } | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8')
    // "pid (comm) state ppid …": comm may hold spaces and parentheses
    const close = stat.lastIndexOf(')')
    const [state, ppid] = stat.slice(close + 2).split(' ')
    return {
      comm: stat.slice(stat.indexOf('(') + 1, close),
      state,
      ppid: Number(ppid)
    }
  } catch {
    return undefined
  }
}

/** The pid of a live child of `parent` named `name` (Linux /proc), if any. */
export function childNamed(parent: number, name: string): number | undefined {
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue
    const stat = procStat(entry)
    if (stat?.ppid === parent && stat.comm === name && stat.state !== 'Z')
      return Number(entry)
  }
  return undefined
}

/** True once the process has ended (gone, or a zombie waiting to be reaped). */
export function processEnded(pid: number): boolean {
  const stat = procStat(String(pid))
  return stat === undefined || stat.state === 'Z'
}

/** pg_stat_activity rows of `application` (pg_dump, pg_restore) on `dbname`. */
const activity = (application: string, dbname: string) =>
  `FROM pg_stat_activity WHERE application_name = ${quoteLiteral(application)}
   AND datname = ${quoteLiteral(dbname)}`

/**
 * The pid of the backend serving `application` on `dbname` while it waits
 * for a lock, if there is one.
 */
export async function blockedBackend(
  server: TestServer,
  application: string,
  dbname: string
): Promise<number | undefined> {
  const pid = await server.psql(
    'postgres',
    `SELECT pid ${activity(application, dbname)} AND wait_event_type = 'Lock' LIMIT 1`
  )
  return pid === '' ? undefined : Number(pid)
}

/** How many backends serve `application` on `dbname` right now. */
export async function backendCount(
  server: TestServer,
  application: string,
  dbname: string
): Promise<number> {
  return Number(
    await server.psql(
      'postgres',
      `SELECT count(*) ${activity(application, dbname)}`
    )
  )
}

const LOCK_APPLICATION = 'pg-dumper-faults-lock'

/**
 * A psql session that runs SQL and stays open, so a transaction it began
 * holds its locks (or its uncommitted rows) until `close()`.
 */
export class HoldingSession {
  readonly #child: ChildProcess
  readonly #exited: Promise<void>
  readonly #server: TestServer
  readonly #dbname: string
  #stderr = ''

  private constructor(server: TestServer, dbname: string, child: ChildProcess) {
    this.#server = server
    this.#dbname = dbname
    this.#child = child
    child.stderr?.setEncoding('utf8').on('data', (s: string) => {
      this.#stderr += s
    })
    child.stdout?.resume()
    // psql exits on its own when the server goes away: never an EPIPE crash
    child.stdin?.on('error', () => {})
    this.#exited = new Promise(resolve => child.once('close', () => resolve()))
  }

  /**
   * Opens a session on `dbname`, runs `sql` (which should leave a transaction
   * open) and resolves once the session sits idle in that transaction.
   */
  static async hold(
    server: TestServer,
    dbname: string,
    sql: string
  ): Promise<HoldingSession> {
    const child = spawn(
      clientTool('psql'),
      [
        '-X',
        '-q',
        '-v',
        'ON_ERROR_STOP=1',
        '-d',
        `${server.conninfoNoPassword(dbname)} application_name=${LOCK_APPLICATION}`
      ],
      { env: clientEnv(server.password), stdio: ['pipe', 'pipe', 'pipe'] }
    )
    const session = new HoldingSession(server, dbname, child)
    child.stdin?.write(`${sql}\n`)
    try {
      await waitFor(`the holding session to run: ${sql}`, async () => {
        if (child.exitCode !== null)
          throw new Error(`the holding psql exited: ${session.#stderr}`)
        const state = await server.psql(
          'postgres',
          `SELECT state ${activity(LOCK_APPLICATION, dbname)}`
        )
        return state === 'idle in transaction'
      })
    } catch (error) {
      await session.close()
      throw error
    }
    return session
  }

  /** Ends the session (its transaction rolls back); resolves when psql has exited. */
  async close(): Promise<void> {
    if (this.#child.exitCode === null && this.#child.signalCode === null) {
      this.#child.stdin?.end('ROLLBACK;\n')
      const timer = setTimeout(() => this.#child.kill('SIGKILL'), 10_000)
      await this.#exited
      clearTimeout(timer)
    }
    // a session the server dropped may linger in pg_stat_activity briefly
    if (await this.#serverUp()) {
      await waitFor('the holding session to end', async () => {
        const n = await backendCount(
          this.#server,
          LOCK_APPLICATION,
          this.#dbname
        )
        return n === 0
      })
    }
  }

  async #serverUp(): Promise<boolean> {
    try {
      await this.#server.psql('postgres', 'SELECT 1')
      return true
    } catch {
      return false
    }
  }
}

/** A step started in the background: its pid, and its run once it ends. */
export interface StartedStep {
  readonly child: ChildProcess
  readonly pid: number
  readonly finished: Promise<StepRun>
}

/**
 * Starts `node dist/index.js` as the runner does (like runAction), but
 * returns at once so the test can signal it. `wrapper` runs the bundle
 * through another program, e.g. ['prlimit', '--fsize=…', '--']; `group`
 * makes it lead a process group of its own, which {@link signalTwice} can
 * signal whole (as `timeout` and a terminal's Ctrl-C do).
 */
export async function startAction(
  inputs: Record<string, string>,
  options: {
    cwd: string
    env?: Record<string, string>
    wrapper?: string[]
    group?: boolean
  }
): Promise<StartedStep> {
  exitIfBundleStale(actionEntry)
  const work = await mkdtemp(join(tmpdir(), 'pg-dumper-step-'))
  const outputFile = join(work, 'output')
  const summaryFile = join(work, 'summary')
  await writeFile(outputFile, '')
  await writeFile(summaryFile, '')
  const env: Record<string, string> = baseEnv()
  Object.assign(env, {
    GITHUB_OUTPUT: outputFile,
    GITHUB_STEP_SUMMARY: summaryFile,
    GITHUB_ACTIONS: 'true',
    RUNNER_TEMP: work,
    ...options.env
  })
  Object.assign(env, inputEnv(inputs))
  const [command, ...args] = [
    ...(options.wrapper ?? []),
    process.execPath,
    actionEntry
  ]
  const child = spawn(command, args, {
    cwd: options.cwd,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: options.group ?? false
  })
  let stdout = ''
  let stderr = ''
  child.stdout.setEncoding('utf8').on('data', (s: string) => (stdout += s))
  child.stderr.setEncoding('utf8').on('data', (s: string) => (stderr += s))
  const finished = new Promise<StepRun>((resolve, reject) => {
    child.once('error', reject)
    child.once('close', (code, signal) => {
      const exitCode = code ?? (signal ? -1 : 0)
      void (async () => {
        try {
          resolve({
            exitCode,
            stdout,
            stderr,
            outputs: parseOutputFile(await readFile(outputFile, 'utf8')),
            summary: await readFile(summaryFile, 'utf8')
          })
        } catch (error) {
          reject(error instanceof Error ? error : new Error(String(error)))
        } finally {
          await rm(work, { recursive: true, force: true })
        }
      })()
    })
  })
  if (child.pid === undefined) {
    await finished
    throw new Error('the action did not start')
  }
  return { child, pid: child.pid, finished }
}

/** The bundled CLI started in the background (see startAction), its run once it ends. */
export function startCli(
  args: string[],
  options: { cwd: string; env?: Record<string, string>; group?: boolean }
): {
  child: ChildProcess
  pid: number
  finished: Promise<{ exitCode: number; stdout: string; stderr: string }>
} {
  exitIfBundleStale(cliEntry)
  const child = spawn(process.execPath, [cliEntry, ...args], {
    cwd: options.cwd,
    env: { ...baseEnv(), ...options.env },
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: options.group ?? false
  })
  let stdout = ''
  let stderr = ''
  child.stdout.setEncoding('utf8').on('data', (s: string) => (stdout += s))
  child.stderr.setEncoding('utf8').on('data', (s: string) => (stderr += s))
  const finished = new Promise<{
    exitCode: number
    stdout: string
    stderr: string
  }>((resolve, reject) => {
    child.once('error', reject)
    child.once('close', (code, signal) =>
      resolve({ exitCode: code ?? (signal ? -1 : 0), stdout, stderr })
    )
  })
  return { child, pid: child.pid as number, finished }
}

/**
 * Waits until `signal` is no longer pending for `pid` (Linux): the process
 * has taken it, so a second one cannot merge into it, as two signals sent
 * before a busy process is scheduled do. Gives up after 2 s, or when there
 * is no /proc entry.
 */
async function taken(pid: number, signal: NodeJS.Signals): Promise<void> {
  const bit = 1n << BigInt(constants.signals[signal] - 1)
  for (let tries = 0; tries < 200; tries++) {
    const status = await readFile(`/proc/${pid}/status`, 'utf8').catch(() => '')
    const pending = [...status.matchAll(/^(?:SigPnd|ShdPnd):\s*([0-9a-f]+)$/gm)]
    if (!pending.some(([, mask]) => BigInt(`0x${mask}`) & bit)) return
    await sleep(10)
  }
}

/**
 * Sends `signal` twice, `gapMs` apart once the first was taken: to the
 * process, or to its whole process group when it was started with `group`
 * (as `timeout` does; the tools it runs get both too). The second arrives
 * while the first one's clean-up runs.
 */
export async function signalTwice(
  pid: number,
  signal: NodeJS.Signals,
  options: { group?: boolean; gapMs?: number } = {}
): Promise<void> {
  const target = options.group ? -pid : pid
  process.kill(target, signal)
  await taken(pid, signal)
  await sleep(options.gapMs ?? 10)
  try {
    process.kill(target, signal)
  } catch {
    // the step ended within the gap: nothing is left to signal
  }
}

/**
 * Uses up failures queued with `failNext` that a step did not consume, so
 * they cannot hit a later step: calls the route until it stops answering
 * `status`. Returns how many were left.
 */
export async function drainFailures(
  url: string,
  method: 'GET' | 'POST',
  status: number
): Promise<number> {
  for (let drained = 0; drained < 100; drained++) {
    const response = await fetch(url, {
      method,
      headers: { 'content-type': 'application/json' },
      body: method === 'POST' ? '{}' : undefined
    })
    await response.arrayBuffer()
    if (response.status !== status) return drained
  }
  throw new Error(`${url} kept answering ${status}`)
}
