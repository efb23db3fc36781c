// The pure parts of a restore drill: which tables the dump holds rows of
// (schema lists, exclude-table-data patterns as pg_dump reads them), the
// comparison and the failure it words, and the snapshot session's psql.
import assert from 'node:assert/strict'
import { test } from 'node:test'
import {
  compareRows,
  dumpedTables,
  sumVerified,
  tablePattern
} from '../../src/core/dump/drill-compare.ts'
import {
  parseRows,
  snapshotSessionArgs,
  type TableRows
} from '../../src/core/dump/snapshot.ts'
import { VERIFY } from '../../src/action/verify-inputs.ts'

test('exclude-table-data patterns match tables as pg_dump does', () => {
  const cases: [string, string, string, boolean][] = [
    ['audit.*', 'audit', 'log', true],
    ['audit.*', 'public', 'log', false],
    ['log', 'audit', 'log', true], // no schema: any schema
    ['LOG', 'public', 'log', true], // unquoted: folded to lower case
    ['"LOG"', 'public', 'log', false],
    ['"LOG"', 'public', 'LOG', true],
    ['"My Schema"."a.b"', 'My Schema', 'a.b', true],
    ['public.t?', 'public', 't1', true],
    ['public.t?', 'public', 't12', false],
    ['public.t+', 'public', 'tt', false], // regex characters are literal
    ['"a""b".t', 'a"b', 't', true]
  ]
  for (const [pattern, schema, table, matches] of cases)
    assert.equal(
      tablePattern(pattern)(schema, table),
      matches,
      `${pattern} ~ ${schema}.${table}`
    )
})

const counted: TableRows[] = [
  ['public', 'a', 3],
  ['audit', 'log', 5],
  ['Sales', 'orders_2024', 7],
  ['staging', 'raw', 11]
]

test('only the tables the dump holds rows of are compared', () => {
  const names = (options: Parameters<typeof dumpedTables>[1]) =>
    dumpedTables(counted, options).map(([s, t]) => `${s}.${t}`)
  assert.deepEqual(names({}), [
    'public.a',
    'audit.log',
    'Sales.orders_2024',
    'staging.raw'
  ])
  assert.deepEqual(names({ excludeSchemas: ['audit', 'stag*'] }), [
    'public.a',
    'Sales.orders_2024'
  ])
  assert.deepEqual(names({ schemas: ['Sales'] }), ['Sales.orders_2024'])
  assert.deepEqual(names({ excludeTableData: ['audit.*', 'raw'] }), [
    'public.a',
    'Sales.orders_2024'
  ])
})

test('equal rows: the tables and rows proved', () => {
  assert.deepEqual(
    compareRows(counted, [...counted].reverse(), undefined, {
      file: '/w/a.dump',
      durationMs: 12
    }),
    { tables: 4, rows: 26, durationMs: 12 }
  )
})

test('rows that differ, a missing table, a failed restore: VerificationFailed naming them', () => {
  const restored: TableRows[] = [
    ['public', 'a', 3],
    ['audit', 'log', 0],
    ['staging', 'raw', 11]
  ]
  assert.throws(
    () =>
      compareRows(counted, restored, 'pg_restore reported 1 error(s):\nboom', {
        file: '/w/a.dump',
        durationMs: 1
      }),
    (error: Error & { tables?: string[] }) => {
      assert.equal(error.name, 'VerificationFailed')
      assert.deepEqual(error.tables, ['audit.log', '"Sales".orders_2024'])
      assert.match(error.message, /\/w\/a\.dump was not written/)
      assert.match(error.message, /the dump does not restore/)
      assert.match(error.message, /2 of 4 table\(s\) differ/)
      assert.match(error.message, /audit\.log: 5 row\(s\) dumped, 0 restored/)
      assert.match(
        error.message,
        /"Sales"\.orders_2024: 7 row\(s\) dumped, no such table restored/
      )
      assert.match(error.message, /The restore failed: pg_restore .*\nboom/)
      return true
    }
  )
  // a name with a line break stays on one line
  assert.throws(
    () =>
      compareRows([['public', 'a\nb', 1]], [], undefined, {
        file: 'f',
        durationMs: 1
      }),
    /public\."a\\nb": 1 row\(s\) dumped/
  )
})

test('several databases: the drills add up; none ran, nothing', () => {
  assert.equal(sumVerified([{}, {}]), undefined)
  assert.deepEqual(
    sumVerified([
      { verified: { tables: 2, rows: 10, durationMs: 5 } },
      {},
      { verified: { tables: 1, rows: 7, durationMs: 3 } }
    ]),
    { tables: 3, rows: 17, durationMs: 8 }
  )
})

test('psql prints the counts as JSON; anything else fails', () => {
  assert.deepEqual(parseRows('[["public", "a", 3]]'), [['public', 'a', 3]])
  for (const bad of ['', 'ERROR', '[["public", "a"]]', '{"a": 1}'])
    assert.throws(() => parseRows(bad), /psql printed no row counts/)
})

test("the snapshot session's psql: its commands from the FIFO, stopping at the first error", () => {
  assert.deepEqual(snapshotSessionArgs('host=db dbname=shop', '/t/s.fifo'), [
    '--no-psqlrc',
    '--quiet',
    '--tuples-only',
    '--no-align',
    '--set=ON_ERROR_STOP=1',
    '--file=/t/s.fifo',
    '--dbname=host=db dbname=shop'
  ])
  assert.deepEqual(
    snapshotSessionArgs('', '/t/s.fifo').at(-1),
    '--file=/t/s.fifo'
  )
})

test("verify's values: archive (the default) and restore", () => {
  assert.deepEqual(VERIFY, ['archive', 'restore'])
})
