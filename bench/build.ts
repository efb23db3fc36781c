// Builds a benchmark database of a given shape (shapes.ts) and size on
// disk (pg_database_size). Rows are loaded with generate_series from the
// shape's pools, indexes built afterwards; the row counts are fitted to the
// target size from a first chunk of each table. Then VACUUM (FREEZE,
// ANALYZE) and a checkpoint, so no measured dump pays for hint bits.
import type { TestServer } from '../test-support/pg-server.ts'
import { quoteIdent, quoteLiteral } from '../test-support/pg-server.ts'
import {
  POOL,
  type PoolContext,
  type Shape,
  type TableSpec
} from './shape-kit.ts'

/** Bumped whenever the build itself changes: kept databases are rebuilt. */
const GENERATOR_VERSION = 1

/** What a build is asked for. */
export interface BuildTarget {
  /** database name */
  name: string
  /** wanted pg_database_size in bytes */
  bytes: number
  shape: Shape
}

/** What a built database holds. */
export interface BuiltDatabase {
  name: string
  /** the shape's name */
  shape: string
  /** pg_database_size after the build */
  bytes: number
  /** rows per table */
  rows: Record<string, number>
  /** true when a kept database (--keep) was reused as it was */
  reused: boolean
}

const CHUNK_BYTES = 64 * 2 ** 20

// session settings for every build statement: no waiting for WAL flushes,
// room for index builds
const SESSION = `SET synchronous_commit = off;
SET maintenance_work_mem = '256MB';
SET client_min_messages = warning;
`

type Log = (line: string) => void
/** Runs SQL in a database; resolves to psql -At's output. */
export type Sql = (dbname: string, sql: string) => Promise<string>

/** Runs tasks with at most `limit` at a time; rejects with the first failure. */
export async function inParallel<T>(
  limit: number,
  tasks: (() => Promise<T>)[]
): Promise<T[]> {
  const results: T[] = new Array<T>(tasks.length)
  let next = 0
  const worker = async () => {
    while (next < tasks.length) {
      const index = next++
      results[index] = await tasks[index]()
    }
  }
  await Promise.all(
    Array.from({ length: Math.min(limit, tasks.length) }, worker)
  )
  return results
}

/** What the server offers the pools. */
async function poolContext(sql: Sql): Promise<PoolContext> {
  const pgcrypto = await sql(
    'postgres',
    `SELECT count(*) FROM pg_available_extensions WHERE name = 'pgcrypto'`
  )
  return { pgcrypto: pgcrypto === '1' }
}

/** Reads pg_database_size. */
export async function databaseSize(sql: Sql, name: string): Promise<number> {
  return Number(
    await sql('postgres', `SELECT pg_database_size(${quoteLiteral(name)})`)
  )
}

export async function databaseExists(sql: Sql, name: string): Promise<boolean> {
  const found = await sql(
    'postgres',
    `SELECT 1 FROM pg_database WHERE datname = ${quoteLiteral(name)}`
  )
  return found === '1'
}

/** The comment a finished build leaves on its database. */
function marker(target: BuildTarget): string {
  const { shape } = target
  // the mixed shape's databases keep the marker they had before shapes
  const of = shape.name === 'mixed' ? '' : ` ${shape.name} ${shape.version}`
  return `pg-dumper bench generator ${GENERATOR_VERSION}${of}, target ${target.bytes} bytes`
}

/** A shape's table names. */
export const tableNames = (shape: Shape): string[] =>
  shape.tables.map(t => t.name)

/** Row counts per table, read back. */
export async function rowCounts(
  sql: Sql,
  name: string,
  tables: string[]
): Promise<Record<string, number>> {
  const out = await sql(
    name,
    tables
      .map(t => `SELECT '${t}', count(*) FROM ${quoteIdent(t)}`)
      .join(' UNION ALL ')
  )
  return Object.fromEntries(
    out.split('\n').map(line => {
      const [table, count] = line.split('|')
      return [table, Number(count)]
    })
  )
}

/**
 * A database finished by an earlier build of the same target and generator,
 * kept with --keep; undefined when there is none (a half-built one is dropped).
 */
async function reusable(
  server: TestServer,
  sql: Sql,
  target: BuildTarget
): Promise<BuiltDatabase | undefined> {
  if (!(await databaseExists(sql, target.name))) return undefined
  const comment = await sql(
    'postgres',
    `SELECT shobj_description(oid, 'pg_database') FROM pg_database WHERE datname = ${quoteLiteral(target.name)}`
  )
  if (comment !== marker(target)) {
    await server.dropDatabase(target.name)
    return undefined
  }
  return {
    name: target.name,
    shape: target.shape.name,
    bytes: await databaseSize(sql, target.name),
    rows: await rowCounts(sql, target.name, tableNames(target.shape)),
    reused: true
  }
}

/** One table's load: a first chunk to measure row size, then the rest in chunks. */
async function loadTable(
  sql: Sql,
  db: string,
  table: TableSpec,
  dataBytes: number,
  log: Log
): Promise<number> {
  const wanted = dataBytes * table.share
  const guess = Math.max(
    100,
    Math.round(wanted / (table.guessBytesPerRow + table.indexBytesPerRow))
  )
  const first = Math.max(100, Math.round(guess / 20))
  await sql(db, SESSION + table.insert(1, first))
  const measured = Number(
    await sql(db, `SELECT pg_total_relation_size(${quoteLiteral(table.name)})`)
  )
  const perRow = measured / first + table.indexBytesPerRow
  const total = Math.max(first, Math.round(wanted / perRow))
  // statements of ~64 MB: none runs for long, whatever the size
  const chunk = Math.max(1000, Math.ceil(CHUNK_BYTES / perRow))
  for (let from = first + 1; from <= total; from += chunk) {
    await sql(
      db,
      SESSION + table.insert(from, Math.min(total, from + chunk - 1))
    )
  }
  log(
    `    ${db}.${table.name}: ${total.toLocaleString('en')} rows of ~${Math.round(perRow)} bytes`
  )
  return total
}

/**
 * Builds the databases (or reuses finished ones when `reuse`), `parallel`
 * statements at a time across all of them.
 */
export async function buildDatabases(
  server: TestServer,
  targets: BuildTarget[],
  options: { parallel: number; reuse: boolean; log: Log; sql: Sql }
): Promise<BuiltDatabase[]> {
  const { log, parallel, sql } = options
  const built = new Map<string, BuiltDatabase>()
  const todo: BuildTarget[] = []
  for (const target of targets) {
    const kept = options.reuse ? await reusable(server, sql, target) : undefined
    if (kept) {
      log(`  reusing ${target.name} (${formatMB(kept.bytes)}), kept by --keep`)
      built.set(target.name, kept)
    } else {
      todo.push(target)
    }
  }
  if (todo.length === 0) return targets.map(t => built.get(t.name)!)

  const dataBytes = new Map<string, number>()
  for (const target of todo) {
    await server.dropDatabase(target.name)
    await sql(
      'postgres',
      `CREATE DATABASE ${quoteIdent(target.name)} TEMPLATE template0 ENCODING 'UTF8' LC_COLLATE 'C' LC_CTYPE 'C'`
    )
    const empty = await databaseSize(sql, target.name)
    dataBytes.set(target.name, Math.max(1 << 20, target.bytes - empty))
  }
  const started = performance.now()
  const context = await poolContext(sql)
  log(
    `  pools of words, paragraphs and random bytes${context.pgcrypto ? ' (pgcrypto)' : ''}`
  )
  await inParallel(
    parallel,
    todo.map(
      t => () =>
        sql(
          t.name,
          `${SESSION}${t.shape.pool(context)}${t.shape.tables.map(table => `${table.create};\n`).join('')}`
        )
    )
  )
  const rows = new Map<string, Record<string, number>>(
    todo.map(t => [t.name, {}])
  )
  // the largest loads first, so the last ones to finish are short
  const loads = todo
    .flatMap(target => target.shape.tables.map(table => ({ target, table })))
    .sort(
      (a, b) =>
        dataBytes.get(b.target.name)! * b.table.share -
        dataBytes.get(a.target.name)! * a.table.share
    )
  await inParallel(
    parallel,
    loads.map(({ target, table }) => async () => {
      const count = await loadTable(
        sql,
        target.name,
        table,
        dataBytes.get(target.name)!,
        log
      )
      rows.get(target.name)![table.name] = count
    })
  )
  log(`  loaded in ${seconds(started)}; indexes`)
  await inParallel(
    parallel,
    todo.flatMap(target =>
      target.shape.tables.map(
        table => () => sql(target.name, SESSION + table.indexes.join(';\n'))
      )
    )
  )
  log(`  indexed at ${seconds(started)}; VACUUM (FREEZE, ANALYZE)`)
  // hint bits and the visibility map set now, not by the first measured dump
  await inParallel(
    parallel,
    todo.flatMap(target =>
      target.shape.tables.map(
        table => () =>
          sql(
            target.name,
            `${SESSION}VACUUM (FREEZE, ANALYZE) ${quoteIdent(table.name)}`
          )
      )
    )
  )
  for (const target of todo) {
    await sql(target.name, `DROP SCHEMA ${POOL} CASCADE`)
    await sql(
      'postgres',
      `COMMENT ON DATABASE ${quoteIdent(target.name)} IS ${quoteLiteral(marker(target))}`
    )
  }
  await sql('postgres', 'CHECKPOINT')
  log(`  built in ${seconds(started)}`)
  for (const target of todo) {
    built.set(target.name, {
      name: target.name,
      shape: target.shape.name,
      bytes: await databaseSize(sql, target.name),
      rows: rows.get(target.name)!,
      reused: false
    })
  }
  return targets.map(t => built.get(t.name)!)
}

export function formatMB(bytes: number): string {
  return `${(bytes / 2 ** 20).toFixed(bytes < 10 * 2 ** 20 ? 1 : 0)} MB`
}

function seconds(since: number): string {
  return `${((performance.now() - since) / 1000).toFixed(0)} s`
}
