// Running a program without a shell and collecting its output, the way every
// part of the harness calls initdb, pg_ctl, psql and pg_dump.
import { spawn } from 'node:child_process'

export interface RunResult {
  code: number
  stdout: string
  stderr: string
}

export interface RunOptions {
  env?: NodeJS.ProcessEnv
  input?: string
  cwd?: string
  timeoutMs?: number
}

/** Runs a program without a shell and collects its output; never rejects on exit code. */
export function run(
  command: string,
  args: readonly string[],
  options: RunOptions = {}
): Promise<RunResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, {
      env: options.env ?? process.env,
      cwd: options.cwd,
      stdio: ['pipe', 'pipe', 'pipe']
    })
    // not spawn's own `timeout`: its timer outlives a program that cannot
    // start (ENOENT), keeping the test process alive for two minutes
    const timer = setTimeout(
      () => child.kill('SIGTERM'),
      options.timeoutMs ?? 120_000
    )
    let stdout = ''
    let stderr = ''
    child.stdout.setEncoding('utf8').on('data', (s: string) => (stdout += s))
    child.stderr.setEncoding('utf8').on('data', (s: string) => (stderr += s))
    child.on('error', error => {
      clearTimeout(timer)
      reject(error)
    })
    child.on('close', (code, signal) => {
      clearTimeout(timer)
      resolve({ code: code ?? (signal ? -1 : 0), stdout, stderr })
    })
    // a child that exits before reading stdin must not crash us with EPIPE
    child.stdin.on('error', () => {})
    child.stdin.end(options.input ?? '')
  })
}
