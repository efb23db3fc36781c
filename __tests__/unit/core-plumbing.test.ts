// The small shared pieces of the core: one parsed Connection and its
// withDbname(), the operation deciding its public errors once, and tracked
// temporary paths.
import assert from 'node:assert/strict'
import { existsSync } from 'node:fs'
import { mkdir } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, test } from 'node:test'
import { Connection } from '../../src/core/connection/connection.ts'
import { parseConnection } from '../../src/core/connection/parse.ts'
import {
  operationError,
  PgDumpCommandError,
  PgDumpFailed,
  PgRestoreCommandError,
  PgRestoreFailed,
  ToolError
} from '../../src/core/errors.ts'
import { Cancellation } from '../../src/core/process/cancellation.ts'
import { withTrackedTemp } from '../../src/core/process/temp.ts'

describe('Connection', () => {
  const inputs = [
    'prod',
    'host=db.example.com port=5433 dbname=app user=u password=secret',
    "host=h dbname='my db' password='a b'",
    'postgresql://u:p%40ss@h1:5432,h2/app?sslmode=require',
    'postgres://h/',
    'service=prod dbname=other'
  ]
  for (const input of inputs) {
    test(`parsed once, withDbname() equals parsing with the name: ${input}`, () => {
      const connection = Connection.parse(input)
      assert.deepEqual(
        { ...connection.withDbname('target db') },
        parseConnection(input, 'target db')
      )
      assert.deepEqual({ ...connection }, parseConnection(input))
    })
  }

  test('a dbname given at parse time replaces the one in the string', () => {
    const connection = Connection.parse('host=h dbname=a', 'b')
    assert.equal(connection.dbname, 'b')
    assert.equal(connection.conninfo, 'host=h dbname=b')
    assert.equal(connection.withDbname('c').conninfo, 'host=h dbname=c')
  })

  test('an empty dbname leaves the string’s own', () => {
    assert.equal(Connection.parse('host=h dbname=a', '').dbname, 'a')
  })

  test('the target and endpoint named in messages', () => {
    assert.equal(Connection.parse('host=h dbname=a').target, 'a')
    assert.equal(Connection.parse('prod').target, 'service prod')
    assert.equal(Connection.parse('host=h port=1').target, 'h')
    assert.equal(Connection.parse('host=h port=1').endpoint, 'h:1')
    assert.equal(Connection.parse('port=1').target, 'default database')
  })

  test('the password stays apart from the conninfo of every derived connection', () => {
    const derived = Connection.parse('postgresql://u:pw@h/app').withDbname('x')
    assert.equal(derived.password, 'pw')
    assert.ok(!derived.conninfo.includes('pw'))
  })
})

describe('operationError', () => {
  const failure = { tool: 'pg_restore' as const, exitCode: 1, stderr: 'boom' }
  const cases = [
    ['dump', 'failed', PgDumpFailed],
    ['dump', 'command', PgDumpCommandError],
    ['restore', 'failed', PgRestoreFailed],
    ['restore', 'command', PgRestoreCommandError]
  ] as const
  for (const [operation, kind, type] of cases) {
    test(`a ${kind} ToolError in a ${operation} becomes ${type.name}`, () => {
      const error = operationError(
        operation,
        new ToolError(kind, 'what went wrong', failure)
      )
      assert.ok(error instanceof type)
      assert.equal(error.name, type.name)
      assert.equal(error.message, 'what went wrong')
      assert.equal(error.tool, 'pg_restore')
      assert.equal(error.exitCode, 1)
      assert.equal(error.stderr, 'boom')
    })
  }

  test('any other error passes unchanged', () => {
    const error = new Error('other')
    assert.equal(operationError('dump', error), error)
    assert.equal(operationError('restore', 'a string'), 'a string')
  })
})

describe('withTrackedTemp', () => {
  test('a folder from a prefix: tracked while in use, removed after', async () => {
    const cancellation = new Cancellation()
    let seen = ''
    const result = await withTrackedTemp(
      cancellation,
      { prefix: 'plumbing' },
      dir => {
        seen = dir
        assert.ok(existsSync(dir))
        assert.match(dir, /pg-dumper-plumbing-/)
        return Promise.resolve(42)
      }
    )
    assert.equal(result, 42)
    assert.ok(!existsSync(seen))
  })

  test('a given path is removed when the work fails, and the error passes', async () => {
    const cancellation = new Cancellation()
    const path = join(tmpdir(), `pg-dumper-plumbing-${process.pid}`)
    await assert.rejects(
      withTrackedTemp(cancellation, { path }, async p => {
        await mkdir(p)
        throw new Error('failed midway')
      }),
      /failed midway/
    )
    assert.ok(!existsSync(path))
  })

  test('a cancelled run removes what is tracked', async () => {
    const cancellation = new Cancellation()
    await withTrackedTemp(cancellation, { prefix: 'plumbing' }, dir => {
      cancellation.removeTemps()
      assert.ok(!existsSync(dir))
      return Promise.resolve()
    })
  })
})
