// The dump's own snapshot, for a restore drill: a psql session opens a
// REPEATABLE READ transaction, exports its snapshot (which pg_dump is given
// with --snapshot) and counts every table's rows in it, so the counts are
// of the very data dumped. The session stays open until pg_dump is done.
import { PassThrough } from 'node:stream'
import type { ResolvedClient } from '../client/resolver.ts'
import type { Connection } from '../connection/connection.ts'
import { ToolError } from '../errors.ts'
import { feedingFifo } from '../process/fifo.ts'
import { failureMessage } from '../process/runner.ts'
import type { Session } from '../session.ts'
import { quoteLiteral } from '../sql.ts'

/** The rows of one table: schema, table, rows. */
export type TableRows = [schema: string, table: string, rows: number]

/**
 * The ordinary tables (partitions included; a partitioned table holds no
 * rows of its own) but the system's and extensions' members.
 */
const TABLES =
  `SELECT n.nspname AS s, c.relname AS t FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace ` +
  `WHERE c.relkind = 'r' AND n.nspname NOT LIKE 'pg\\_%' AND n.nspname <> 'information_schema' ` +
  `AND NOT EXISTS (SELECT FROM pg_depend d WHERE d.classid = 'pg_class'::regclass AND d.objid = c.oid AND d.deptype = 'e')`

/** The tables, a JSON array of [schema, table]. */
const LIST_TABLES_SQL = `SELECT coalesce(jsonb_agg(jsonb_build_array(s, t)), '[]')::text FROM (${TABLES}) v`

/** One query counting the rows of each table `from` yields (columns s, t): a JSON array of [schema, table, rows]. */
function countRowsSql(from: string): string {
  return (
    `SELECT coalesce(jsonb_agg(jsonb_build_array(s, t, ` +
    `(xpath('/row/n/text()', query_to_xml(format('SELECT count(*) AS n FROM %I.%I', s, t), false, true, '')))[1]::text::bigint)), '[]')::text ` +
    `FROM ${from}`
  )
}

/** Counts the rows of every table (of a restored database). */
export const COUNT_ROWS_SQL = countRowsSql(`(${TABLES}) v`)

/** Counts the rows of these tables. */
function countTablesSql(tables: readonly [string, string][]): string {
  const rows = tables
    .map(
      ([schema, table]) => `(${quoteLiteral(schema)}, ${quoteLiteral(table)})`
    )
    .join(', ')
  return countRowsSql(`(VALUES ${rows}) v(s, t)`)
}

/** The counts as psql printed them; a failed ToolError when they are not. */
export function parseRows(json: string): TableRows[] {
  return parsed(json, 3) as TableRows[]
}

/** A JSON array of [text, text(, number)] as psql printed it. */
function parsed(json: string, width: 2 | 3): unknown[] {
  let value: unknown
  try {
    value = JSON.parse(json)
  } catch {
    value = undefined
  }
  const valid =
    Array.isArray(value) &&
    value.every(
      (v: unknown) =>
        Array.isArray(v) &&
        typeof v[0] === 'string' &&
        typeof v[1] === 'string' &&
        (width === 2 || typeof v[2] === 'number')
    )
  if (!valid) {
    throw new ToolError('failed', `psql printed no row counts: ${json}`, {
      tool: 'psql'
    })
  }
  return value as unknown[]
}

/** psql's arguments for the snapshot session: its commands read from `fifo`, one value a line. */
export function snapshotSessionArgs(conninfo: string, fifo: string): string[] {
  return [
    '--no-psqlrc',
    '--quiet',
    '--tuples-only',
    '--no-align',
    '--set=ON_ERROR_STOP=1',
    `--file=${fifo}`,
    ...(conninfo === '' ? [] : [`--dbname=${conninfo}`])
  ]
}

const SNAPSHOT = 'snapshot:'
const TABLES_LINE = 'tables:'
const COUNTS = 'counts:'
const PID = 'pid:'

/** A value that arrives later, or fails; `failed` once it has. */
function deferred<T>() {
  let resolve!: (value: T) => void
  let reject!: (error: unknown) => void
  const state: { settled: boolean; failed?: Error } = { settled: false }
  const promise = new Promise<T>((res, rej) => {
    resolve = value => {
      state.settled = true
      res(value)
    }
    reject = reason => {
      const error = reason instanceof Error ? reason : new Error(String(reason))
      if (!state.settled) Object.assign(state, { settled: true, failed: error })
      rej(error)
    }
  })
  promise.catch(() => {})
  return { promise, resolve, reject, state }
}

/**
 * Opens the snapshot session on `connection` and calls `fn` with the
 * exported snapshot and the rows of the tables `select` keeps (counted in
 * it, while `fn` runs); the session ends when `fn` calls `end` (once
 * pg_dump is done), or has returned.
 */
export async function withSnapshot<T>(
  session: Session,
  client: ResolvedClient,
  connection: Connection,
  select: (tables: [string, string][]) => [string, string][],
  fn: (
    snapshot: string,
    counts: Promise<TableRows[]>,
    end: () => Promise<void>
  ) => Promise<T>
): Promise<T> {
  const commands = new PassThrough()
  const snapshot = deferred<string>()
  const counts = deferred<TableRows[]>()
  let pid: string | undefined
  const onOutLine = (line: string) => {
    try {
      if (line.startsWith(SNAPSHOT))
        snapshot.resolve(line.slice(SNAPSHOT.length))
      else if (line.startsWith(PID)) pid = line.slice(PID.length)
      else if (line.startsWith(COUNTS))
        counts.resolve(parseRows(line.slice(COUNTS.length)))
      else if (line.startsWith(TABLES_LINE)) {
        const all = parsed(line.slice(TABLES_LINE.length), 2)
        const chosen = select(all as [string, string][])
        if (chosen.length === 0) counts.resolve([])
        else
          commands.write(`SELECT '${COUNTS}' || (${countTablesSql(chosen)});\n`)
      }
    } catch (error) {
      counts.reject(error)
    }
  }
  const ran = feedingFifo(
    session.cancellation,
    () => Promise.resolve(commands),
    fifo =>
      session.run(
        client,
        'psql',
        snapshotSessionArgs(connection.conninfo, fifo),
        { quiet: true, onOutLine }
      )
  ).then(
    result => {
      const ended = new ToolError(
        'failed',
        `The session that counts the rows in the dump's snapshot ended: ${failureMessage('psql', result)}`,
        { tool: 'psql', exitCode: result.exitCode, stderr: result.stderr }
      )
      snapshot.reject(ended)
      counts.reject(ended)
    },
    (error: unknown) => {
      snapshot.reject(error)
      counts.reject(error)
    }
  )
  commands.write(
    `SELECT '${PID}' || pg_backend_pid();\n` +
      `BEGIN ISOLATION LEVEL REPEATABLE READ, READ ONLY;\n` +
      `SELECT '${SNAPSHOT}' || pg_export_snapshot();\n` +
      `SELECT '${TABLES_LINE}' || (${LIST_TABLES_SQL});\n`
  )
  let ended: Promise<void> | undefined
  // the open transaction holds back vacuum: ended as soon as pg_dump is done
  const end = () =>
    (ended ??= (async () => {
      commands.end('ROLLBACK;\n')
      await ran
    })())
  try {
    return await fn(await snapshot.promise, counts.promise, end)
  } catch (error) {
    if (session.cancellation.reason !== undefined) throw error
    // the counting stops at once, not when it is done
    const cancelled =
      !counts.state.settled &&
      pid !== undefined &&
      (await session
        .query(
          `SELECT pg_cancel_backend(${Number(pid)})`,
          'stop counting the rows',
          connection,
          true
        )
        .catch(() => 'f')) === 't'
    await end()
    // pg_dump fails when the session died under it: the session's error says why
    if (counts.state.failed !== undefined && !cancelled)
      throw counts.state.failed
    throw error
  } finally {
    await end()
  }
}
