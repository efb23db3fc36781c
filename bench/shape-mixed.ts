// The "mixed" shape, the benchmark's first and default: four logged tables
// of different kinds (jsonb events, text documents, bytea attachments, a
// narrow ledger), each about a quarter of the data, so a parallel dump has
// work to share. Content is made by generate_series from pools of
// pseudo-words, paragraphs and random bytes, so it compresses about as well
// as real data does: text 2–3×, random bytes not at all.
import { POOL, type Shape, type TableSpec } from './shape-kit.ts'

const WORDS = 5000
const PHRASES = 20000
const BLOBS = 2000

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

/** The mixed shape: the whole of --size. */
export const MIXED: Shape = {
  name: 'mixed',
  sizeShare: 1,
  version: 1,
  about:
    'four tables (jsonb events, text documents, bytea attachments two in three random, a narrow ledger), 3 indexes each but attachments 2',
  pool: () => POOL_SQL,
  tables: TABLES
}
