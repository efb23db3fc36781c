// Editing pg_restore's table of contents so excluded schemas are not created.
import assert from 'node:assert/strict'
import { test } from 'node:test'
import {
  schemaOfEntry,
  withoutSchemaEntries
} from '../../src/core/archive/toc.ts'

// as `pg_restore --list` prints it for a database with these schemas
const list = `;
; Archive created at 2026-11-22 01:20:00 UTC
;     dbname: a
;
7; 2615 16456 SCHEMA - My Schema postgres
3364; 0 0 COMMENT - SCHEMA "My Schema" postgres
6; 2615 16397 SCHEMA - audit postgres
3365; 0 0 COMMENT - SCHEMA audit postgres
8; 2615 16399 SCHEMA - audit_log postgres
219; 1259 16457 TABLE My Schema z postgres
216; 1259 16386 TABLE public t postgres
218; 1259 16398 TABLE audit u postgres
3356; 0 16398 TABLE DATA audit u postgres`

const entries: { line: string; schema: string | undefined }[] = [
  { line: '7; 2615 16456 SCHEMA - My Schema postgres', schema: 'My Schema' },
  {
    line: '3364; 0 0 COMMENT - SCHEMA "My Schema" postgres',
    schema: 'My Schema'
  },
  { line: '3365; 0 0 COMMENT - SCHEMA audit postgres', schema: 'audit' },
  {
    line: '3366; 0 0 COMMENT - SCHEMA "say ""hi""" postgres',
    schema: 'say "hi"'
  },
  { line: '3367; 0 0 ACL - SCHEMA audit postgres', schema: 'audit' },
  { line: '218; 1259 16398 TABLE audit u postgres', schema: undefined },
  { line: '; Archive created at 2026-11-22', schema: undefined }
]

for (const e of entries) {
  test(`reads ${e.schema ?? 'no schema'} from "${e.line}"`, () => {
    assert.equal(schemaOfEntry(e.line), e.schema)
  })
}

test('drops the entries that create and describe excluded schemas, nothing else', () => {
  const kept = withoutSchemaEntries(list, ['audit', 'My Schema']).split('\n')
  assert.deepEqual(
    kept.filter(l => !l.startsWith(';')),
    [
      '8; 2615 16399 SCHEMA - audit_log postgres',
      '219; 1259 16457 TABLE My Schema z postgres',
      '216; 1259 16386 TABLE public t postgres',
      '218; 1259 16398 TABLE audit u postgres',
      '3356; 0 16398 TABLE DATA audit u postgres'
    ]
  )
  assert.equal(kept.filter(l => l.startsWith(';')).length, 4)
})

test('keeps the list whole when nothing is excluded', () => {
  assert.equal(withoutSchemaEntries(list, []), list)
})
