// Cancelling a run: stop the PostgreSQL tool that is running (a child of
// this process), remove the temporary files the run made, undo what it made
// on the server (a throwaway database), and fail with a message that says
// it was cancelled.
import { execFileSync } from 'node:child_process'
import { readdirSync, readFileSync, rmSync } from 'node:fs'
import { OperationCancelled } from '../errors.ts'

/** Process ids whose parent is `pid` (Linux: /proc; elsewhere: pgrep -P). */
export function childProcesses(pid: number = process.pid): number[] {
  if (process.platform === 'linux') {
    const children: number[] = []
    for (const entry of readdirSync('/proc')) {
      if (!/^\d+$/.test(entry)) continue
      try {
        const stat = readFileSync(`/proc/${entry}/stat`, 'utf8')
        // "pid (comm) state ppid …": comm may hold spaces and parentheses
        const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1])
        if (ppid === pid) children.push(Number(entry))
      } catch {
        // the process ended while we looked
      }
    }
    return children
  }
  try {
    return execFileSync('pgrep', ['-P', String(pid)], { encoding: 'utf8' })
      .split('\n')
      .filter(Boolean)
      .map(Number)
  } catch {
    return []
  }
}

/** How long a signal handler waits for the deferred clean-ups. */
const CLEANUP_MS = 5000

/** How long psql gets to send the server its cancel request before SIGTERM. */
const PSQL_CANCEL_MS = 300

function signal(pid: number, name: NodeJS.Signals): void {
  try {
    process.kill(pid, name)
  } catch {
    // already gone
  }
}

/** A process's program name (Linux: /proc; elsewhere: ps), or undefined. */
function commandOf(pid: number): string | undefined {
  try {
    if (process.platform === 'linux')
      return readFileSync(`/proc/${pid}/comm`, 'utf8').trim()
    return execFileSync('ps', ['-o', 'comm=', '-p', String(pid)], {
      encoding: 'utf8'
    })
      .trim()
      .split('/')
      .pop()
      ?.replace(/\.exe$/i, '')
  } catch {
    return undefined
  }
}

/** Whether a child has ended (gone, or a zombie not yet reaped). */
function ended(pid: number): boolean {
  if (process.platform !== 'linux') return commandOf(pid) === undefined
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8')
    return stat.slice(stat.lastIndexOf(')') + 2).startsWith('Z')
  } catch {
    return true
  }
}

/**
 * Ends every child process running `tool` with SIGTERM, and waits (up to
 * CLEANUP_MS) until they have: a tool reading a stream that failed must
 * not see its end as the end of a good input (psql commits a
 * --single-transaction at the end of its input).
 */
export async function stopChildTool(tool: string): Promise<void> {
  const pids = childProcesses().filter(pid => commandOf(pid) === tool)
  for (const pid of pids) signal(pid, 'SIGTERM')
  const deadline = performance.now() + CLEANUP_MS
  while (!pids.every(ended) && performance.now() < deadline)
    await new Promise(resolve => setTimeout(resolve, 20))
}

/** Shared by a run's parts: whether it was cancelled, and what to clean up. */
export class Cancellation {
  #reason?: string
  readonly #temps = new Set<string>()
  readonly #cleanups = new Set<() => Promise<unknown>>()

  /** The signal (or other reason) that cancelled the run, if any. */
  get reason(): string | undefined {
    return this.#reason
  }

  /**
   * Cancels: signals every child process; returns how many there were.
   * psql gets SIGINT first, which makes it cancel its running statement on
   * the server (SIGTERM alone ends psql but lets the statement go on and
   * commit), then SIGTERM; pg_dump and pg_restore cancel on SIGTERM.
   */
  cancel(reason: string): number {
    this.#reason ??= reason
    const children = childProcesses()
    for (const pid of children) {
      if (commandOf(pid) === 'psql') {
        signal(pid, 'SIGINT')
        setTimeout(() => signal(pid, 'SIGTERM'), PSQL_CANCEL_MS)
      } else signal(pid, 'SIGTERM')
    }
    return children.length
  }

  /** Remembers a temporary path to remove if the run is cancelled. */
  track(path: string): void {
    this.#temps.add(path)
  }

  /** Forgets a path that was removed or became the result. */
  untrack(path: string): void {
    this.#temps.delete(path)
  }

  /** Removes every tracked temporary path, synchronously (a signal handler may exit next). */
  removeTemps(): void {
    for (const path of this.#temps)
      rmSync(path, { recursive: true, force: true })
    this.#temps.clear()
  }

  /**
   * Remembers a clean-up that needs a tool (dropping a throwaway database),
   * run by {@link cleanUp} when a signal stops the run between tools;
   * returns the function that forgets it. It must be idempotent: the flow
   * runs it too, on its way out.
   */
  defer(cleanup: () => Promise<unknown>): () => void {
    this.#cleanups.add(cleanup)
    return () => this.#cleanups.delete(cleanup)
  }

  /**
   * Removes every tracked temporary path and runs every deferred clean-up,
   * for a signal handler that ends the process next: waits up to
   * `timeoutMs` for them (the runner kills the step soon after it cancels
   * it); never rejects.
   */
  async cleanUp(timeoutMs = CLEANUP_MS): Promise<void> {
    this.removeTemps()
    let timer: NodeJS.Timeout | undefined
    await Promise.race([
      Promise.allSettled([...this.#cleanups].map(cleanup => cleanup())),
      new Promise(resolve => (timer = setTimeout(resolve, timeoutMs)))
    ])
    clearTimeout(timer)
  }

  /** Throws OperationCancelled once the run was cancelled. */
  throwIfCancelled(detail = 'temporary files were removed'): void {
    if (this.#reason !== undefined) {
      this.removeTemps()
      throw new OperationCancelled(`Cancelled by ${this.#reason}: ${detail}.`)
    }
  }
}

/** What a front end does about the signals that cancel a run. */
export interface SignalHandlers {
  /** the run was stopped between tools and cleaned up here: fail and exit */
  stopped: (signal: NodeJS.Signals) => void
  /** a later signal came while the clean-up runs: it changes nothing */
  repeated: (signal: NodeJS.Signals, first: NodeJS.Signals) => void
}

/**
 * Cancels the run on SIGINT or SIGTERM. The first stops the running tool
 * (the flow then fails and cleans up: partial and temporary files, the
 * scrub's throwaway database) or, when none runs, cleans up here and calls
 * `stopped`. Every later one is absorbed, so the clean-up completes:
 * `timeout` signals the process and its group, users press Cancel twice,
 * the runner follows SIGINT with SIGTERM (issue 19).
 */
export function cancelOnSignals(
  cancellation: Cancellation,
  on: SignalHandlers
): void {
  let first: NodeJS.Signals | undefined
  const handler = (signal: NodeJS.Signals) => {
    if (first !== undefined) return on.repeated(signal, first)
    first = signal
    if (cancellation.cancel(signal) > 0) return
    void cancellation.cleanUp().finally(() => on.stopped(signal))
  }
  process.on('SIGINT', handler)
  process.on('SIGTERM', handler)
}
