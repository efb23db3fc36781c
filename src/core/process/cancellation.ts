// Cancelling a run: stop the PostgreSQL tool that is running (a child of
// this process), remove the temporary files the run made, and fail with a
// message that says it was cancelled.
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

/** Shared by a run's parts: whether it was cancelled, and what to clean up. */
export class Cancellation {
  #reason?: string
  readonly #temps = new Set<string>()

  /** The signal (or other reason) that cancelled the run, if any. */
  get reason(): string | undefined {
    return this.#reason
  }

  /** Cancels: signals every child process; returns how many there were. */
  cancel(reason: string): number {
    this.#reason ??= reason
    const children = childProcesses()
    for (const pid of children) {
      try {
        process.kill(pid, 'SIGTERM')
      } catch {
        // already gone
      }
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

  /** Throws OperationCancelled once the run was cancelled. */
  throwIfCancelled(detail = 'temporary files were removed'): void {
    if (this.#reason !== undefined) {
      this.removeTemps()
      throw new OperationCancelled(`Cancelled by ${this.#reason}: ${detail}.`)
    }
  }
}
