// The benchmark's database shapes (issue #22): "mixed", the first and
// default (shape-mixed.ts); "compressible", four tables of text and jsonb
// that compress about 6× (the shape of issue 22: 4 × 400,000 rows, 618 MB
// on disk, 107 MB dumped, at --size 1GB); "incompressible", a table of
// random bytea. `--shapes` picks them; each dump, restore and RSS row runs
// on each.
import { POOL, type Shape, type TableSpec } from './shape-kit.ts'
import { MIXED } from './shape-mixed.ts'

const C_WORDS = 300
const C_PHRASES = 1000

// a small pool of words and phrases (~60 kB) and rows that repeat their
// keys and values the way logs and API payloads do
const COMPRESSIBLE_POOL = `
CREATE SCHEMA ${POOL};
CREATE TABLE ${POOL}.words AS
  SELECT i AS id,
    (SELECT string_agg((ARRAY['ka', 'lo', 'mi', 'ne', 'ta', 'ri', 'so', 'vu', 'pe', 'da',
        'gor', 'lin', 'sta', 'ber', 'qui', 'zen', 'mor', 'tal', 'ex', 'ion'])[1 + floor(random() * 20)::int], '')
      FROM generate_series(0, 1 + i % 3) s) AS word
  FROM generate_series(1, ${C_WORDS}) i;
CREATE TABLE ${POOL}.phrases AS
  SELECT i AS id,
    (SELECT word FROM ${POOL}.words WHERE id = 1 + (i * 37) % ${C_WORDS}) AS word,
    (SELECT string_agg(w.word, ' ' ORDER BY s.n)
      FROM (SELECT n, 1 + floor(random() * ${C_WORDS})::int AS wid
            FROM generate_series(1, 6 + i % 9) n) s
      JOIN ${POOL}.words w ON w.id = s.wid) AS body
  FROM generate_series(1, ${C_PHRASES}) i;
CREATE UNIQUE INDEX ON ${POOL}.phrases (id);
ANALYZE ${POOL}.phrases;
`

/** One compressible table: an id (its index), a time, text and jsonb. */
function compressibleTable(name: string, k: number): TableSpec {
  return {
    name,
    share: 0.25,
    guessBytesPerRow: 360,
    indexBytesPerRow: 22,
    create: `CREATE TABLE ${name} (
      id bigint NOT NULL,
      created_at timestamptz NOT NULL,
      body text NOT NULL,
      attrs jsonb NOT NULL)`,
    insert: (from, to) => `INSERT INTO ${name}
      SELECT g,
        timestamptz '2023-01-01 00:00:00+00' + g * interval '${k} seconds',
        p1.body || '. ' || p2.body || '.',
        jsonb_build_object(
          'user', 'user_' || (g % 5000),
          'status', (ARRAY['ok', 'ok', 'ok', 'ok', 'retry', 'failed'])[1 + (g * ${k}) % 6],
          'path', '/api/v2/' || p1.word || '/' || (g % 100),
          'region', (ARRAY['eu-west-1', 'us-east-1', 'ap-south-1'])[1 + g % 3],
          'count', g % 1000,
          'ms', round((random() * 900)::numeric, 1),
          'session', left(md5((g / 20)::text), 12))
      FROM generate_series(${from}::bigint, ${to}) g
        JOIN ${POOL}.phrases p1 ON p1.id = 1 + (g * ${k}) % ${C_PHRASES}
        JOIN ${POOL}.phrases p2 ON p2.id = 1 + (g * ${k * 7 + 3}) % ${C_PHRASES}`,
    indexes: [`ALTER TABLE ${name} ADD PRIMARY KEY (id)`]
  }
}

const COMPRESSIBLE: Shape = {
  name: 'compressible',
  sizeShare: 0.6,
  version: 1,
  about:
    'four tables of text and jsonb rows that compress about 6×, a primary key each',
  pool: () => COMPRESSIBLE_POOL,
  tables: [
    compressibleTable('requests', 1),
    compressibleTable('audit_log', 3),
    compressibleTable('messages', 5),
    compressibleTable('profiles', 11)
  ]
}

// random bytes: pgcrypto's gen_random_bytes where the server has it, else
// SHA-256 digests of random() (as fast to dump, slower to build)
const incompressiblePool = (pgcrypto: boolean) => `
CREATE SCHEMA ${POOL};
${pgcrypto ? `CREATE EXTENSION pgcrypto SCHEMA ${POOL};` : ''}
CREATE FUNCTION ${POOL}.random_bytes(n integer) RETURNS bytea VOLATILE LANGUAGE sql AS $$
  SELECT substring(string_agg(${
    pgcrypto
      ? `${POOL}.gen_random_bytes(1024)`
      : `sha256((random()::text || ':' || s)::bytea)`
  }, ''::bytea) FROM 1 FOR n)
  FROM generate_series(1, ceil(n / ${pgcrypto ? 1024 : 32}.0)::integer) s
$$;
`

const INCOMPRESSIBLE: Shape = {
  name: 'incompressible',
  sizeShare: 0.3,
  version: 1,
  about:
    'one table of random bytea, 2–16 kB a row (stored uncompressed), a primary key',
  pool: ({ pgcrypto }) => incompressiblePool(pgcrypto),
  tables: [
    {
      name: 'blobs',
      share: 1,
      guessBytesPerRow: 9300,
      indexBytesPerRow: 22,
      // random bytes do not compress: TOAST need not try
      create: `CREATE TABLE blobs (id bigint NOT NULL, content bytea NOT NULL);
        ALTER TABLE blobs ALTER COLUMN content SET STORAGE EXTERNAL`,
      insert: (from, to) => `INSERT INTO blobs
        SELECT g, ${POOL}.random_bytes((2048 + (g * 7919) % 14337)::integer)
        FROM generate_series(${from}::bigint, ${to}) g`,
      indexes: ['ALTER TABLE blobs ADD PRIMARY KEY (id)']
    }
  ]
}

/** Every shape, in the order rows are printed; the first is the default's first. */
export const SHAPES: readonly Shape[] = [MIXED, COMPRESSIBLE, INCOMPRESSIBLE]

export const SHAPE_NAMES = SHAPES.map(s => s.name)

export function shapeNamed(name: string): Shape {
  const shape = SHAPES.find(s => s.name === name)
  if (!shape) throw new Error(`no shape '${name}'`)
  return shape
}
