// Builds a benchmark database of a given size on disk (pg_database_size):
// four logged tables of different shapes (jsonb events, text documents,
// bytea attachments, a narrow ledger), each about a quarter of the data, so
// a parallel dump has work to share. Content is made by generate_series
// from pools of pseudo-words, paragraphs and random bytes, so it compresses
// about as well as real data does: text 2–3×, random bytes not at all.
// Rows are loaded first and indexes built afterwards; the row counts are
// fitted to the target size from a first chunk of each table.
import type { TestServer } from '../test-support/pg-server.ts'
import { quoteIdent, quoteLiteral } from '../test-support/pg-server.ts'

/** Bumped whenever the generated content changes: kept databases are rebuilt. */
export const GENERATOR_VERSION = 1

/** What a build is asked for. */
export interface BuildTarget {
  /** database name */
  name: string
  /** wanted pg_database_size in bytes */
  bytes: number
}

/** What a built database holds. */
export interface BuiltDatabase {
  name: string
  /** pg_database_size after the build */
  bytes: number
  /** rows per table */
  rows: Record<string, number>
  /** true when a kept database (--keep) was reused as it was */
  reused: boolean
}

interface TableSpec {
  name: string
  /** share of the data (the size above an empty database) */
  share: number
  /** first guess of heap + TOAST bytes per row, before a chunk is measured */
  guessBytesPerRow: number
  /** bytes per row of the indexes built after loading (measured on PostgreSQL 15) */
  indexBytesPerRow: number
  create: string
  /** INSERT … SELECT … FROM generate_series(from, to) g */
  insert(from: number, to: number): string
  indexes: string[]
}

const POOL = 'bench_pool'
const WORDS = 5000
const PHRASES = 20000
const BLOBS = 2000
const CHUNK_BYTES = 64 * 2 ** 20

// A phrase of the pool, picked by a multiplicative hash of g so that
// neighbouring rows differ; the pool (~13 MB of text) is far larger than
// gzip's 32 kB window, so reuse across rows does not help compression.
const phrase = (alias: string, multiplier: number) =>
  `JOIN ${POOL}.phrases ${alias} ON ${alias}.id = 1 + (g * ${multiplier}) % ${PHRASES}`

const TABLES: TableSpec[] = [
  {
    name: 'events',
    share: 0.28,
    guessBytesPerRow: 420,
    indexBytesPerRow: 68,
    create: `CREATE TABLE events (
      id bigint NOT NULL,
      occurred_at timestamptz NOT NULL,
      user_id integer NOT NULL,
      kind text NOT NULL,
      payload jsonb NOT NULL)`,
    insert: (from, to) => `INSERT INTO events
      SELECT g,
        timestamptz '2022-01-01 00:00:00+00' + g * interval '3 seconds' + random() * interval '2 seconds',
        1 + (g * 7919) % 100000,
        (ARRAY['page_view', 'page_view', 'page_view', 'click', 'search', 'signup', 'purchase', 'error'])[1 + g % 8],
        jsonb_build_object(
          'session', md5(g::text),
          'path', '/' || p1.word || '/' || p2.word || '/' || (g % 1000),
          'status', (ARRAY[200, 200, 200, 200, 201, 204, 301, 304, 404, 500])[1 + (g * 13) % 10],
          'duration_ms', round((random() * 2000)::numeric, 2),
          'agent', (ARRAY['Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0',
                          'Mozilla/5.0 (Macintosh; Intel Mac OS X 14_5) AppleWebKit/605.1.15 Safari/605.1.15',
                          'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 Chrome/126.0 Safari/537.36',
                          'curl/8.5.0', 'okhttp/4.12.0'])[1 + (g * 31) % 5],
          'items', jsonb_build_array(g % 97, g % 89, (random() * 1000)::int),
          'flags', jsonb_build_object('beta', g % 7 = 0, 'mobile', g % 3 = 0),
          'note', left(p1.body, (40 + g % 160)::int))
      FROM generate_series(${from}::bigint, ${to}) g ${phrase('p1', 7919)} ${phrase('p2', 104729)}`,
    indexes: [
      'ALTER TABLE events ADD PRIMARY KEY (id)',
      'CREATE INDEX events_occurred_at ON events (occurred_at)',
      'CREATE INDEX events_user_id ON events (user_id)'
    ]
  },
  {
    name: 'documents',
    share: 0.27,
    guessBytesPerRow: 1350,
    indexBytesPerRow: 100,
    create: `CREATE TABLE documents (
      id bigint NOT NULL,
      author_id integer NOT NULL,
      title text NOT NULL,
      body text NOT NULL,
      tags text[] NOT NULL,
      created_at timestamptz NOT NULL,
      updated_at timestamptz)`,
    insert: (from, to) => `INSERT INTO documents
      SELECT g,
        1 + (g * 31) % 50000,
        initcap(p1.title) || ' ' || (g % 10000),
        p1.body || E'\\n\\n' || p2.body,
        ARRAY[p1.word, p2.word, p3.word],
        timestamptz '2019-01-01 00:00:00+00' + g * interval '7 minutes',
        CASE WHEN g % 4 = 0 THEN NULL
             ELSE timestamptz '2019-01-01 00:00:00+00' + g * interval '7 minutes' + random() * interval '90 days' END
      FROM generate_series(${from}::bigint, ${to}) g
        ${phrase('p1', 7919)} ${phrase('p2', 104729)} ${phrase('p3', 15485863)}`,
    indexes: [
      'ALTER TABLE documents ADD PRIMARY KEY (id)',
      'CREATE INDEX documents_author_id ON documents (author_id)',
      'CREATE INDEX documents_title ON documents (title)'
    ]
  },
  {
    name: 'attachments',
    share: 0.22,
    guessBytesPerRow: 4700,
    indexBytesPerRow: 54,
    create: `CREATE TABLE attachments (
      id bigint NOT NULL,
      document_id bigint NOT NULL,
      file_name text NOT NULL,
      mime_type text NOT NULL,
      content bytea NOT NULL)`,
    // two in three are random bytes (images, archives: incompressible),
    // the others text (CSV-like exports: compressible)
    insert: (from, to) => `INSERT INTO attachments
      SELECT g,
        1 + (g * 13) % 200000,
        p1.word || '_' || g || (ARRAY['.png', '.zip', '.csv'])[1 + g % 3],
        (ARRAY['image/png', 'application/zip', 'text/csv'])[1 + g % 3],
        CASE WHEN g % 3 = 2
          THEN convert_to(replace(p1.body || ' ' || p2.body || ' ' || p1.body, ' ', ';') || E'\\n' || g, 'UTF8')
          ELSE b.content || int8send(g) END
      FROM generate_series(${from}::bigint, ${to}) g
        ${phrase('p1', 7919)} ${phrase('p2', 104729)}
        JOIN ${POOL}.blobs b ON b.id = 1 + (g * 6007) % ${BLOBS}`,
    indexes: [
      'ALTER TABLE attachments ADD PRIMARY KEY (id)',
      'CREATE INDEX attachments_document_id ON attachments (document_id)'
    ]
  },
  {
    name: 'ledger',
    share: 0.23,
    guessBytesPerRow: 130,
    indexBytesPerRow: 86,
    create: `CREATE TABLE ledger (
      id bigint NOT NULL,
      account_id integer NOT NULL,
      amount numeric(12, 2) NOT NULL,
      currency char(3) NOT NULL,
      booked_at timestamptz NOT NULL,
      reference uuid NOT NULL,
      memo text)`,
    insert: (from, to) => `INSERT INTO ledger
      SELECT g,
        1 + (g * 7) % 20000,
        round((random() * 2000 - 1000)::numeric, 2),
        (ARRAY['EUR', 'USD', 'CHF', 'GBP'])[1 + g % 4],
        timestamptz '2021-01-01 00:00:00+00' + g * interval '17 seconds',
        md5(g::text || 'ref')::uuid,
        CASE WHEN g % 5 = 0 THEN NULL ELSE 'INV-' || lpad((g % 1000000)::text, 7, '0') || ' ' || p1.word END
      FROM generate_series(${from}::bigint, ${to}) g ${phrase('p1', 7919)}`,
    indexes: [
      'ALTER TABLE ledger ADD PRIMARY KEY (id)',
      'CREATE INDEX ledger_account_booked ON ledger (account_id, booked_at)',
      'CREATE UNIQUE INDEX ledger_reference ON ledger (reference)'
    ]
  }
]

export const TABLE_NAMES = TABLES.map(t => t.name)

// session settings for every build statement: no waiting for WAL flushes,
// room for index builds
const SESSION = `SET synchronous_commit = off;
SET maintenance_work_mem = '256MB';
SET client_min_messages = warning;
`

const POOL_SQL = `
CREATE SCHEMA ${POOL};
CREATE TABLE ${POOL}.words AS
  SELECT i AS id,
    (SELECT string_agg((ARRAY['ka', 'lo', 'mi', 'ne', 'ta', 'ri', 'so', 'vu', 'pe', 'da',
        'gor', 'lin', 'sta', 'ber', 'qui', 'zen', 'mor', 'tal', 'ex', 'ion', 'ar', 'um',
        'el', 'os', 'an', 'ty', 'bro', 'chi'])[1 + floor(random() * 28)::int], '')
      FROM generate_series(0, i % 3 + (i % 7) / 5) s) AS word
  FROM generate_series(1, ${WORDS}) i;
CREATE UNIQUE INDEX ON ${POOL}.words (id);
ANALYZE ${POOL}.words;
-- each phrase: a word, a title of 3–5 words and a paragraph of 30–150
-- randomly picked words with some punctuation
CREATE TABLE ${POOL}.phrases AS
  SELECT i AS id,
    (SELECT word FROM ${POOL}.words WHERE id = 1 + (i * 37) % ${WORDS}) AS word,
    (SELECT string_agg(w.word, ' ' ORDER BY s.n)
      FROM (SELECT n, 1 + floor(random() * ${WORDS})::int AS wid
            FROM generate_series(1, 3 + i % 3) n) s
      JOIN ${POOL}.words w ON w.id = s.wid) AS title,
    (SELECT string_agg(w.word || CASE WHEN s.n % 11 = 0 THEN '.' WHEN s.n % 7 = 0 THEN ',' ELSE '' END,
                       ' ' ORDER BY s.n)
      FROM (SELECT n, 1 + floor(random() * ${WORDS})::int AS wid
            FROM generate_series(1, 30 + i % 121) n) s
      JOIN ${POOL}.words w ON w.id = s.wid) AS body
  FROM generate_series(1, ${PHRASES}) i;
CREATE UNIQUE INDEX ON ${POOL}.phrases (id);
ANALYZE ${POOL}.phrases;
-- random bytes, 1–8 kB each: chained SHA-256 digests
CREATE TABLE ${POOL}.blobs AS
  SELECT b AS id,
    (SELECT string_agg(sha256((b::text || ':' || s || ':' || random())::bytea), ''::bytea)
      FROM generate_series(1, 32 + (b * 7) % 225) s) AS content
  FROM generate_series(1, ${BLOBS}) b;
CREATE UNIQUE INDEX ON ${POOL}.blobs (id);
ANALYZE ${POOL}.blobs;
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
function marker(bytes: number): string {
  return `pg-dumper bench generator ${GENERATOR_VERSION}, target ${bytes} bytes`
}

/** Row counts per table, read back. */
export async function rowCounts(
  sql: Sql,
  name: string
): Promise<Record<string, number>> {
  const out = await sql(
    name,
    TABLES.map(t => `SELECT '${t.name}', count(*) FROM ${t.name}`).join(
      ' UNION ALL '
    )
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
  if (comment !== marker(target.bytes)) {
    await server.dropDatabase(target.name)
    return undefined
  }
  return {
    name: target.name,
    bytes: await databaseSize(sql, target.name),
    rows: await rowCounts(sql, target.name),
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
  log(`  pools of words, paragraphs and random bytes`)
  await inParallel(
    parallel,
    todo.map(
      t => () =>
        sql(
          t.name,
          `${SESSION}${POOL_SQL}${TABLES.map(table => `${table.create};\n`).join('')}`
        )
    )
  )
  const rows = new Map<string, Record<string, number>>(
    todo.map(t => [t.name, {}])
  )
  // the largest loads first, so the last ones to finish are short
  const loads = todo
    .flatMap(target => TABLES.map(table => ({ target, table })))
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
      TABLES.map(
        table => () => sql(target.name, SESSION + table.indexes.join(';\n'))
      )
    )
  )
  log(`  indexed at ${seconds(started)}; VACUUM (FREEZE, ANALYZE)`)
  // hint bits and the visibility map set now, not by the first measured dump
  await inParallel(
    parallel,
    todo.flatMap(target =>
      TABLES.map(
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
      `COMMENT ON DATABASE ${quoteIdent(target.name)} IS ${quoteLiteral(marker(target.bytes))}`
    )
  }
  await sql('postgres', 'CHECKPOINT')
  log(`  built in ${seconds(started)}`)
  for (const target of todo) {
    built.set(target.name, {
      name: target.name,
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
