// What a database shape of the benchmark is made of: its tables (how to
// create, load and index each) and the pool of content its rows pick from.
// The shapes are in shapes.ts; build.ts builds any of them to a size.

/** The schema of a build's pools; dropped (with all in it) once loaded. */
export const POOL = 'bench_pool'

/** What the server offers a pool. */
export interface PoolContext {
  /** pgcrypto can be created (gen_random_bytes) */
  pgcrypto: boolean
}

export interface TableSpec {
  name: string
  /** share of the data (the size above an empty database) */
  share: number
  /** first guess of heap + TOAST bytes per row, before a chunk is measured */
  guessBytesPerRow: number
  /** bytes per row of the indexes built after loading (measured on PostgreSQL 15) */
  indexBytesPerRow: number
  /** CREATE TABLE (and any ALTER of it), before loading */
  create: string
  /** INSERT … SELECT … FROM generate_series(from, to) g */
  insert(from: number, to: number): string
  indexes: string[]
}

/** A database shape: its tables, its pool, and its size against --size. */
export interface Shape {
  name: string
  /** its large database is this fraction of --size (its small one a tenth of that) */
  sizeShare: number
  /** bumped whenever its content changes: kept databases are rebuilt */
  version: number
  /** one line saying what it holds */
  about: string
  /** SQL creating the schema POOL and what the inserts read from it */
  pool(context: PoolContext): string
  tables: TableSpec[]
}
