// Waits for a server to accept connections and explains why it does not:
// retries only what waiting can fix (refused, unknown host, starting up) and
// names the cause of everything else at once.
import pRetry, { AbortError } from 'p-retry'
import { ToolError } from '../errors.ts'
import type { Logger } from '../logger.ts'
import type { ToolResult } from '../process/runner.ts'
import { formatDuration } from '../units.ts'
import { parseVersion } from '../versions.ts'

/** Why a connection attempt failed. */
type ConnectionProblem =
  | 'unreachable'
  | 'starting'
  | 'authentication'
  | 'database'
  | 'tls'
  | 'service'
  | 'other'

const PATTERNS: [ConnectionProblem, RegExp][] = [
  [
    'service',
    /definition of service ".*" not found|service file ".*" not found/
  ],
  [
    'tls',
    /no encryption|SSL was required|server does not support SSL|SSL connection is required|SSL off/i
  ],
  [
    'authentication',
    /authentication failed|no password supplied|role ".*" does not exist|password authentication|Peer authentication|pg_hba\.conf rejects/
  ],
  ['database', /database ".*" does not exist/],
  [
    'starting',
    /the database system is (starting up|shutting down|in recovery mode)|not yet accepting connections/
  ],
  [
    'unreachable',
    /Connection refused|could not translate host name|Name or service not known|Temporary failure in name resolution|No such file or directory|timeout expired|Network is unreachable|No route to host|server closed the connection unexpectedly/
  ]
]

/** Problems that may go away by waiting: the server is not up yet. */
const TRANSIENT: ReadonlySet<ConnectionProblem> = new Set([
  'unreachable',
  'starting'
])

/** Classifies psql's connection error. */
function classifyConnectionError(stderr: string): ConnectionProblem {
  return PATTERNS.find(([, re]) => re.test(stderr))?.[0] ?? 'other'
}

/** Where libpq said it tried to connect, e.g. `127.0.0.1:5432`. */
function endpointOf(stderr: string, fallback: string): string {
  const at =
    /connection to server at "([^"]+)"(?: \([^)]*\))?, port (\d+)/.exec(stderr)
  if (at) return `${at[1]}:${at[2]}`
  const socket = /connection to server on socket "([^"]+)"/.exec(stderr)
  if (socket) return socket[1]
  const host = /could not translate host name "([^"]+)"/.exec(stderr)
  return host ? host[1] : fallback
}

/** One sentence on what went wrong and what to do. */
function explainConnectionProblem(
  problem: ConnectionProblem,
  endpoint: string
): string {
  switch (problem) {
    case 'unreachable':
      return `the server at ${endpoint} is not accepting connections (connection refused, or the host is unknown). Check the host and port, and that the server or service container is running.`
    case 'starting':
      return `the server at ${endpoint} is still starting up or shutting down.`
    case 'authentication':
      return `the server at ${endpoint} refused the credentials. Check the user and password in the connection (or service file).`
    case 'database':
      return `the database does not exist on the server at ${endpoint}. Create it first, or check the database name.`
    case 'tls':
      return `the server at ${endpoint} and the connection disagree about TLS: if the server requires it, add sslmode=require to the connection; if the connection requires it, the server does not offer it.`
    case 'service':
      return `the service is not defined in the service file. Check the service name and the service file (PGSERVICEFILE, or ~/.pg_service.conf).`
    default:
      return `the connection to ${endpoint} failed.`
  }
}

/** The outcome of waiting: the successful attempt, or the last failure. */
type WaitOutcome =
  | { ok: true; result: ToolResult; attempts: number }
  | {
      ok: false
      result: ToolResult
      problem: ConnectionProblem
      attempts: number
      waitedMs: number
    }

/** A failed attempt, thrown for p-retry to retry (or not). */
class NotAccepting extends Error {
  override readonly name = 'NotAccepting'
  readonly result: ToolResult
  readonly problem: ConnectionProblem
  constructor(result: ToolResult, problem: ConnectionProblem) {
    super(`the server does not accept connections: ${problem}`)
    this.result = result
    this.problem = problem
  }
}

/**
 * Runs `attempt` every `pollMs` until it succeeds, a non-transient problem
 * appears, or `timeoutMs` has passed (0: one attempt; the last attempt is
 * made at the deadline). Logs each retry at debug, and once when it starts
 * waiting and about every 10 s after. An error `attempt` throws is thrown.
 */
export async function waitForServer(
  attempt: () => Promise<ToolResult>,
  options: {
    timeoutMs: number
    logger: Logger
    describe: string
    pollMs?: number
  }
): Promise<WaitOutcome> {
  const { timeoutMs, logger, describe } = options
  const started = performance.now()
  const seconds = () => ((performance.now() - started) / 1000).toFixed(1)
  let attempts = 0
  let lastLog = -Infinity
  try {
    const result = await pRetry(
      async () => {
        attempts++
        const result = await attempt()
        if (result.exitCode === 0) return result
        const problem = classifyConnectionError(result.stderr)
        const failed = new NotAccepting(result, problem)
        throw TRANSIENT.has(problem) ? failed : new AbortError(failed)
      },
      {
        retries: Infinity,
        factor: 1,
        minTimeout: options.pollMs ?? 500,
        maxRetryTime: timeoutMs,
        shouldRetry: ({ error }) => error instanceof NotAccepting,
        onFailedAttempt: ({ error, attemptNumber, retryDelay }) => {
          // retryDelay 0: out of time, no retry follows
          if (!(error instanceof NotAccepting) || retryDelay === 0) return
          const why =
            error.problem === 'starting' ? 'starting up' : 'not reachable yet'
          logger.debug(
            `Connecting to ${describe}: attempt ${attemptNumber} failed (${why}), next in ${retryDelay} ms`
          )
          const waitedMs = performance.now() - started
          if (waitedMs - lastLog < 10_000) return
          lastLog = waitedMs
          logger.info(
            `Waiting up to ${Math.round(timeoutMs / 1000)} s for ${describe} to accept connections (${why})…`
          )
        }
      }
    )
    if (attempts > 1)
      logger.info(`${describe} accepts connections after ${seconds()} s`)
    return { ok: true, result, attempts }
  } catch (error) {
    if (!(error instanceof NotAccepting)) throw error
    const { result, problem } = error
    const waitedMs = performance.now() - started
    return { ok: false, result, problem, attempts, waitedMs }
  }
}

/** The error of a connection check that failed (see waitForServer), naming `target` and what went wrong. */
export function connectionFailed(
  target: string,
  outcome: Extract<WaitOutcome, { ok: false }>,
  fallback: string
): ToolError {
  const { result, problem, waitedMs } = outcome
  const endpoint = endpointOf(result.stderr, fallback)
  const waited = waitedMs >= 1000 ? ` (waited ${formatDuration(waitedMs)})` : ''
  return new ToolError(
    'failed',
    `Could not connect to ${target}${waited}: ${explainConnectionProblem(problem, endpoint)}\n` +
      (result.stderr || `psql exited with code ${result.exitCode}`),
    { tool: 'psql', exitCode: result.exitCode, stderr: result.stderr }
  )
}

/**
 * A connection check's result (`SHOW server_version`, then a question if
 * `asked`): connected, the version printed, but the question failed counts
 * as connected, with the version alone; the asker asks again and sees why.
 */
export function versionDespiteQuestion(
  result: ToolResult,
  asked: boolean
): ToolResult {
  const [first] = result.stdout.split('\n', 1)
  if (result.exitCode === 0 || !asked || !parseVersion(first)) return result
  return { ...result, exitCode: 0, stdout: `${first}\n` }
}
