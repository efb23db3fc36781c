// Small operating-system helpers the server code shares: reading a file that
// may be gone, asking whether a pid lives, and making signals end the process
// so that exit hooks stop servers and remove their files.
import { readFileSync } from 'node:fs'

/** The file's text, or '' when it cannot be read. */
export function readFileSyncSafe(path: string): string {
  try {
    return readFileSync(path, 'utf8')
  } catch {
    return ''
  }
}

/** True when a process with this pid exists (ours to signal or not). */
export function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0)
    return true
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM'
  }
}

/** True while pid runs: alive and, where /proc tells, not a zombie waiting to be reaped. */
export function processRunning(pid: number): boolean {
  if (!processAlive(pid)) return false
  const stat = readFileSyncSafe(`/proc/${pid}/stat`)
  // the state follows the command name, which is in parentheses
  return stat === '' || stat.slice(stat.lastIndexOf(')') + 2)[0] !== 'Z'
}

let signalsHandled = false
/**
 * Ctrl-C or a runner's SIGTERM does not fire 'exit' by itself: turn them into
 * an exit so every server's exit hook stops it and removes its data dir.
 */
export function exitOnSignals(): void {
  if (signalsHandled) return
  signalsHandled = true
  process.once('SIGINT', () => process.exit(130))
  process.once('SIGTERM', () => process.exit(143))
}
