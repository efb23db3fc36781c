// Parsing of pg_restore and psql error output, on text the real tools print.
import assert from 'node:assert/strict'
import { test } from 'node:test'
import {
  ERRORS_SHOWN,
  listErrors,
  parsePgRestoreOutput,
  parsePsqlOutput
} from '../../src/core/restore/tool-errors.ts'

const pgRestoreStderr = `pg_restore: error: could not execute query: ERROR:  schema "s" already exists
Command was: CREATE SCHEMA s;


pg_restore: error: COPY failed for table "t": ERROR:  duplicate key value violates unique constraint "t_pkey"
DETAIL:  Key (id)=(1) already exists.
CONTEXT:  COPY t, line 1
pg_restore: error: could not execute query: ERROR:  relation "vv" already exists
Command was: CREATE VIEW public.vv AS
 SELECT t.id,
    t.v
   FROM public.t
  WHERE t.id > 0
  AND t.v IS NOT NULL;


pg_restore: warning: errors ignored on restore: 3`

const psqlStderr = `psql:a.sql:25: ERROR:  schema "s" already exists
psql:a.sql:30: NOTICE:  table "x" does not exist, skipping
psql:a.sql:67: ERROR:  duplicate key value violates unique constraint "t_pkey"
DETAIL:  Key (id)=(1) already exists.
CONTEXT:  COPY t, line 1
psql:a.sql:90: error: invalid command \\restrict`

test('reads every pg_restore error with its continuation lines and the count', () => {
  const report = parsePgRestoreOutput(pgRestoreStderr)
  assert.equal(report.ignoredCount, 3)
  assert.equal(report.errors.length, 3)
  assert.equal(
    report.errors[0],
    'could not execute query: ERROR:  schema "s" already exists\nCommand was: CREATE SCHEMA s;'
  )
  assert.match(report.errors[1], /DETAIL: {2}Key \(id\)=\(1\) already exists\./)
})

test('cuts a long failed command after a few lines', () => {
  const [, , view] = parsePgRestoreOutput(pgRestoreStderr).errors
  assert.equal(view.split('\n').length, 7)
  assert.ok(view.endsWith('…'))
})

test('reports no count when pg_restore failed before restoring anything', () => {
  const report = parsePgRestoreOutput(
    'pg_restore: error: input file appears to be a text format dump. Please use psql.'
  )
  assert.equal(report.ignoredCount, undefined)
  assert.equal(report.errors.length, 1)
})

test('counts psql script errors, not notices', () => {
  const { errors } = parsePsqlOutput(psqlStderr)
  assert.deepEqual(
    errors.map(e => e.split('\n')[0]),
    [
      'a.sql:25: ERROR:  schema "s" already exists',
      'a.sql:67: ERROR:  duplicate key value violates unique constraint "t_pkey"',
      'a.sql:90: error: invalid command \\restrict'
    ]
  )
})

test(`lists the first ${ERRORS_SHOWN} errors and counts the rest`, () => {
  const errors = Array.from({ length: 25 }, (_, i) => `error ${i + 1}`)
  const text = listErrors(errors, 30)
  assert.equal(text.split('\n').length, ERRORS_SHOWN + 1)
  assert.ok(text.includes('error 20'))
  assert.ok(!text.includes('error 21'))
  assert.ok(text.endsWith('… and 10 more'))
})

test('lists every error when there are few', () => {
  assert.equal(listErrors(['a', 'b']), 'a\nb')
})
