// A URI whose password holds a raw '/' or '@' is refused, repeating none of
// it: libpq would read its pieces as host, port and database.
import assert from 'node:assert/strict'
import { test } from 'node:test'
import {
  ConnectionStringError,
  parseConnection
} from '../../src/core/connection/parse.ts'

const refused: [string, string[]][] = [
  ['postgresql://u:Ab3/Xy9+Qz==@host/db', ['Ab3', 'Xy9', 'Qz==']],
  ['postgresql://u:p@ss@host/db', ['p@ss', 'ss@host']],
  ['postgres://app:s3cr/t@db.example.com:5432/app', ['s3cr', 't@db']],
  ['postgresql://u:pw@host:54x32/db', ['54x32']]
]
for (const [uri, pieces] of refused) {
  test(`refused, naming no piece of it: ${uri.replace(/:[^:@/]*[/@][^@]*@/, ':…@')}`, () => {
    assert.throws(
      () => parseConnection(uri),
      (error: unknown) => {
        assert.ok(error instanceof ConnectionStringError)
        assert.match(error.message, /must be percent-encoded in a URI/)
        for (const piece of pieces)
          assert.ok(!error.message.includes(piece), piece)
        return true
      }
    )
  })
}

test('the same password percent-encoded is read whole', () => {
  const parsed = parseConnection('postgresql://u:Ab3%2FXy9+Qz==@host:5432/db')
  assert.equal(parsed.password, 'Ab3/Xy9+Qz==')
  assert.equal(parsed.host, 'host')
  assert.equal(parsed.port, '5432')
  assert.equal(parsed.dbname, 'db')
})

test('multi-host URIs with ports still parse', () => {
  const parsed = parseConnection('postgresql://u@h1:5432,h2:5433,h3/db')
  assert.equal(parsed.port, '5432,5433,')
})
