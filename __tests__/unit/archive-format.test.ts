// Recognising a dump's format from its first bytes, on files made here.
import assert from 'node:assert/strict'
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { after, before, test } from 'node:test'
import {
  detectArchiveFormat,
  UnrecognizedDumpError
} from '../../src/core/archive/format.ts'

let dir: string
before(async () => {
  dir = await mkdtemp(join(tmpdir(), 'pg-dumper-format-'))
})
after(async () => rm(dir, { recursive: true, force: true }))

const tarHeader = () => {
  const b = Buffer.alloc(1024)
  b.write('toc.dat', 0)
  b.write('ustar', 257, 'latin1')
  return b
}

const recognised: {
  name: string
  content: () => Buffer | 'dir'
  format: string
}[] = [
  {
    name: 'custom archive by its PGDMP magic',
    content: () => Buffer.from('PGDMP\x01\x0e\x00rest'),
    format: 'custom'
  },
  {
    name: 'tar archive by ustar at byte 257',
    content: tarHeader,
    format: 'tar'
  },
  {
    name: 'directory archive by its toc.dat',
    content: () => 'dir',
    format: 'directory'
  },
  {
    name: 'plain SQL script',
    content: () =>
      Buffer.from('--\n-- PostgreSQL database dump\n--\nSELECT 1;\n'),
    format: 'plain'
  },
  {
    name: 'any SQL text as plain',
    content: () => Buffer.from('CREATE TABLE t(x int);'),
    format: 'plain'
  }
]

for (const [i, c] of recognised.entries()) {
  test(`recognises a ${c.name}`, async () => {
    const path = join(dir, `case-${i}`)
    const content = c.content()
    if (content === 'dir') {
      await mkdir(path)
      await writeFile(join(path, 'toc.dat'), 'PGDMP')
    } else await writeFile(path, content)
    assert.equal(await detectArchiveFormat(path), c.format)
  })
}

const rejected: {
  name: string
  make: (path: string) => Promise<void>
  message: RegExp
}[] = [
  {
    name: 'an empty file',
    make: p => writeFile(p, ''),
    message: /is empty: not a PostgreSQL dump/
  },
  {
    name: 'binary that is no archive',
    make: p => writeFile(p, Buffer.from([0x50, 0x4b, 3, 4, 0, 0, 1])),
    message: /neither a pg_dump archive/
  },
  {
    name: 'a folder without toc.dat',
    make: p => mkdir(p),
    message: /without toc\.dat/
  }
]

for (const [i, c] of rejected.entries()) {
  test(`rejects ${c.name}`, async () => {
    const path = join(dir, `bad-${i}`)
    await c.make(path)
    await assert.rejects(detectArchiveFormat(path), (e: unknown) => {
      assert.ok(e instanceof UnrecognizedDumpError)
      assert.match(e.message, c.message)
      return true
    })
  })
}
