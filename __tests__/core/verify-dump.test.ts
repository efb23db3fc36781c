// Reading a dump back before it is renamed into place: the plain dump's
// completion line, and counting an archive's entries.
import assert from 'node:assert/strict'
import { readFile, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { after, before, test } from 'node:test'
import { plainDumpComplete } from '../../src/core/dump/verify.ts'
import { splitToc, tocEntryCount } from '../../src/core/archive/toc.ts'
import {
  pgDump,
  seededServer,
  type SeededServer
} from '../../test-support/fixtures.ts'

let seeded: SeededServer
let dir: string
let plain: string

before(async () => {
  seeded = await seededServer({
    database: 'verify',
    seed: 'CREATE TABLE t AS SELECT generate_series(1, 500) AS x',
    tempPrefix: 'pg-dumper-verify-'
  })
  dir = seeded.dir
  plain = join(dir, 'full.sql')
  await pgDump(seeded.server, seeded.db, ['-Fp', '-f', plain])
})
after(() => seeded?.stop())

test('a plain dump pg_dump finished ends with its completion line', async () => {
  assert.equal(await plainDumpComplete(plain), true)
})

for (const fraction of [0.2, 0.5, 0.9]) {
  test(`a plain dump cut at ${fraction * 100}% is incomplete`, async () => {
    const bytes = await readFile(plain)
    const cut = join(dir, `cut-${fraction}.sql`)
    await writeFile(cut, bytes.subarray(0, Math.floor(bytes.length * fraction)))
    assert.equal(await plainDumpComplete(cut), false)
  })
}

test('a plain dump cut just before its completion line is incomplete', async () => {
  const bytes = await readFile(plain)
  const at = bytes.lastIndexOf('-- PostgreSQL database dump complete')
  assert.ok(at > 0)
  const cut = join(dir, 'cut-before-end.sql')
  await writeFile(cut, bytes.subarray(0, at))
  assert.equal(await plainDumpComplete(cut), false)
})

test('an empty file is incomplete', async () => {
  const empty = join(dir, 'empty.sql')
  await writeFile(empty, '')
  assert.equal(await plainDumpComplete(empty), false)
})

test('counts the entries of a table of contents, not its comments', () => {
  const list =
    ';\n; Archive created at …\n;\n216; 1259 16386 TABLE public t postgres\n3355; 0 16386 TABLE DATA public t postgres\n'
  assert.equal(tocEntryCount(list), 2)
})

test('splits a table of contents into parts, entries dealt round-robin, comments dropped', () => {
  const list =
    ';\n; comment\n1; 0 0 A\n2; 0 0 B\n3; 0 0 C\n4; 0 0 D\n5; 0 0 E\n'
  assert.deepEqual(splitToc(list, 2), [
    '1; 0 0 A\n3; 0 0 C\n5; 0 0 E\n',
    '2; 0 0 B\n4; 0 0 D\n'
  ])
  assert.deepEqual(splitToc(list, 1), [
    '1; 0 0 A\n2; 0 0 B\n3; 0 0 C\n4; 0 0 D\n5; 0 0 E\n'
  ])
  assert.equal(
    splitToc('1; 0 0 A\n', 4).length,
    1,
    'never more parts than entries'
  )
})

test('with weights, splits so the heaviest entry is not paired: each part in table-of-contents order', () => {
  // the bench's four tables: one as large as the other three together
  const list = '1; 0 0 S\n2; 0 0 A\n3; 0 0 B\n4; 0 0 BIG\n5; 0 0 C\n'
  const sizes: Record<string, number> = { 2: 61, 3: 93, 4: 217, 5: 58 }
  const weight = (line: string) => sizes[line.split(';')[0]] ?? 0
  assert.deepEqual(splitToc(list, 2, weight), [
    '4; 0 0 BIG\n',
    '1; 0 0 S\n2; 0 0 A\n3; 0 0 B\n5; 0 0 C\n'
  ])
})
