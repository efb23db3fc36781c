// Reading a dump's own header: real dumps by pg_dump in all four formats, and
// headers written here byte by byte the way pg_dump 12 to 18 lay them out.
import assert from 'node:assert/strict'
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { after, before, describe, test } from 'node:test'
import {
  minimumReaderMajor,
  readArchiveHeader,
  type ArchiveHeader
} from '../../src/core/archive/header.ts'
import { dataReadable } from '../../src/core/archive/custom-data.ts'
import { parseCustomToc } from '../../src/core/archive/custom-toc.ts'
import { parseVersion, type PgVersion } from '../../src/core/versions.ts'
import {
  pgDump,
  seededServer,
  type SeededServer
} from '../../test-support/fixtures.ts'
import {
  clientTool,
  run,
  type TestServer
} from '../../test-support/pg-server.ts'

let dir: string
before(async () => {
  dir = await mkdtemp(join(tmpdir(), 'pg-dumper-header-'))
})
after(async () => rm(dir, { recursive: true, force: true }))

let fileCount = 0
async function fileWith(content: Buffer | string): Promise<string> {
  const path = join(dir, `file-${fileCount++}`)
  await writeFile(path, content)
  return path
}

function version(text: string): PgVersion {
  const v = parseVersion(text)
  assert.ok(v, `test version ${text} parses`)
  return v
}

// --- a writer for pg_dump's archive header, after WriteHead/WriteInt/WriteStr
// in src/bin/pg_dump/pg_backup_archiver.c

interface HeadSpec {
  /** major, minor, revision */
  version: [number, number, number]
  /** sizeof(int) on the machine that dumped; 4 everywhere today */
  intSize?: number
  /** 1 custom; 3 tar, and also directory (its toc.dat says tar) */
  format?: number
  /** 1.15+: algorithm byte (0 none, 1 gzip, 2 lz4, 3 zstd); before: int level */
  compression: number
  /** tm_sec … tm_isdst */
  created?: number[]
  dbname: string | null
  serverVersion: string | null
  pgDumpVersion: string | null
}

function writeHead(spec: HeadSpec): Buffer {
  const intSize = spec.intSize ?? 4
  const bytes: number[] = [...Buffer.from('PGDMP', 'latin1')]
  const int = (i: number): void => {
    bytes.push(i < 0 ? 1 : 0)
    let rest = Math.abs(i)
    for (let b = 0; b < intSize; b++) {
      bytes.push(rest % 256)
      rest = Math.floor(rest / 256)
    }
  }
  const str = (s: string | null): void => {
    if (s === null) return int(-1)
    const encoded = Buffer.from(s, 'utf8')
    int(encoded.length)
    bytes.push(...encoded)
  }
  const [vmaj, vmin, vrev] = spec.version
  bytes.push(vmaj, vmin, vrev, intSize, 8, spec.format ?? 1)
  if (vmin >= 15) bytes.push(spec.compression)
  else int(spec.compression)
  for (const part of spec.created ?? [5, 4, 3, 22, 10, 126, 0]) int(part)
  str(spec.dbname)
  str(spec.serverVersion)
  str(spec.pgDumpVersion)
  // the TOC follows: its entry count, then the first entry's dump id
  int(3)
  int(1)
  return Buffer.from(bytes)
}

/** A tar with one member per [name, data], laid out as pg_dump -Ft writes it. */
function tarOf(members: [string, Buffer][]): Buffer {
  const blocks: Buffer[] = []
  for (const [name, data] of members) {
    const header = Buffer.alloc(512)
    header.write(name, 0, 'latin1')
    header.write('0000600\0', 100, 'latin1')
    header.write(`${data.length.toString(8).padStart(11, '0')}\0`, 124)
    header.write('ustar\x0000', 257, 'latin1')
    const padding = Buffer.alloc((512 - (data.length % 512)) % 512)
    blocks.push(header, data, padding)
  }
  blocks.push(Buffer.alloc(1024))
  return Buffer.concat(blocks)
}

// --- headers as pg_dump 16, 17 and 18 write them, and older and newer layouts

const crafted: {
  name: string
  spec: HeadSpec
  expected: Omit<ArchiveHeader, 'format'>
  readerMajor: number | undefined
}[] = [
  {
    name: '1.16 as pg_dump 18 writes it (zstd algorithm byte)',
    spec: {
      version: [1, 16, 0],
      compression: 3,
      dbname: 'shop',
      serverVersion: '17.6 (Debian 17.6-1.pgdg13+1)',
      pgDumpVersion: '18.1 (Debian 18.1-1.pgdg13+2)'
    },
    expected: {
      archiveVersion: '1.16',
      dbname: 'shop',
      dumpedFrom: { major: 17, minor: 6, text: '17.6' },
      dumpedBy: { major: 18, minor: 1, text: '18.1' }
    },
    readerMajor: 17
  },
  {
    name: '1.16 as pg_dump 17 writes it (lz4 algorithm byte)',
    spec: {
      version: [1, 16, 0],
      compression: 2,
      dbname: 'données',
      serverVersion: '17.2',
      pgDumpVersion: '17.2'
    },
    expected: {
      archiveVersion: '1.16',
      dbname: 'données',
      dumpedFrom: { major: 17, minor: 2, text: '17.2' },
      dumpedBy: { major: 17, minor: 2, text: '17.2' }
    },
    readerMajor: 17
  },
  {
    name: '1.15 as pg_dump 16 writes it (gzip algorithm byte)',
    spec: {
      version: [1, 15, 0],
      compression: 1,
      dbname: 'shop',
      serverVersion: '14.13 (Ubuntu 14.13-0ubuntu0.22.04.1)',
      pgDumpVersion: '16.4 (Ubuntu 16.4-1.pgdg22.04+1)'
    },
    expected: {
      archiveVersion: '1.15',
      dbname: 'shop',
      dumpedFrom: { major: 14, minor: 13, text: '14.13' },
      dumpedBy: { major: 16, minor: 4, text: '16.4' }
    },
    readerMajor: 16
  },
  {
    name: '1.15 with no compression (algorithm byte 0)',
    spec: {
      version: [1, 15, 0],
      compression: 0,
      dbname: 'shop',
      serverVersion: '16.0',
      pgDumpVersion: '16.0'
    },
    expected: {
      archiveVersion: '1.15',
      dbname: 'shop',
      dumpedFrom: { major: 16, minor: 0, text: '16.0' },
      dumpedBy: { major: 16, minor: 0, text: '16.0' }
    },
    readerMajor: 16
  },
  {
    name: '1.14 with the default level -1 and 8-byte ints',
    spec: {
      version: [1, 14, 0],
      intSize: 8,
      compression: -1,
      dbname: 'wide',
      serverVersion: '12.22',
      pgDumpVersion: '13.21'
    },
    expected: {
      archiveVersion: '1.14',
      dbname: 'wide',
      dumpedFrom: { major: 12, minor: 22, text: '12.22' },
      dumpedBy: { major: 13, minor: 21, text: '13.21' }
    },
    readerMajor: 12
  },
  {
    name: '1.13 as pg_dump 10 writes it',
    spec: {
      version: [1, 13, 0],
      compression: 6,
      dbname: 'legacy',
      serverVersion: '9.6.24',
      pgDumpVersion: '10.23'
    },
    expected: {
      archiveVersion: '1.13',
      dbname: 'legacy',
      dumpedFrom: { major: 9, minor: 24, text: '9.6.24' },
      dumpedBy: { major: 10, minor: 23, text: '10.23' }
    },
    readerMajor: 11
  },
  {
    name: '1.12 as pg_dump 9.6 writes it',
    spec: {
      version: [1, 12, 0],
      compression: 0,
      dbname: 'legacy',
      serverVersion: '9.6.2',
      pgDumpVersion: '9.6.2'
    },
    expected: {
      archiveVersion: '1.12',
      dbname: 'legacy',
      dumpedFrom: { major: 9, minor: 2, text: '9.6.2' },
      dumpedBy: { major: 9, minor: 2, text: '9.6.2' }
    },
    readerMajor: 9
  },
  {
    name: '1.16 with NULL strings: the reader comes from the archive version',
    spec: {
      version: [1, 16, 0],
      compression: 0,
      dbname: null,
      serverVersion: null,
      pgDumpVersion: null
    },
    expected: { archiveVersion: '1.16' },
    readerMajor: 17
  },
  {
    name: '1.15 with version strings that are not versions',
    spec: {
      version: [1, 15, 0],
      compression: 0,
      dbname: '',
      serverVersion: 'unknown',
      pgDumpVersion: ''
    },
    expected: { archiveVersion: '1.15', dbname: '' },
    readerMajor: 16
  },
  {
    name: '1.17, newer than any pg_dump known here: the version only',
    spec: {
      version: [1, 17, 0],
      compression: 0,
      dbname: 'future',
      serverVersion: '19.0',
      pgDumpVersion: '19.0'
    },
    expected: { archiveVersion: '1.17' },
    readerMajor: 19
  },
  {
    name: '1.11, older than pg_dump 9.0: the version only',
    spec: {
      version: [1, 11, 0],
      compression: 0,
      dbname: 'ancient',
      serverVersion: '8.4.22',
      pgDumpVersion: '8.4.22'
    },
    expected: { archiveVersion: '1.11' },
    readerMajor: undefined
  }
]

describe('headers laid out as each pg_dump writes them', () => {
  for (const c of crafted) {
    test(`custom: ${c.name}`, async () => {
      const header = await readArchiveHeader(await fileWith(writeHead(c.spec)))
      assert.deepEqual(header, { format: 'custom', ...c.expected })
      assert.equal(minimumReaderMajor(header), c.readerMajor)
    })
  }

  test('custom: the compression the header names decides who reads the data blocks', () => {
    // each crafted header, its TOC's first two ints replaced by a table of
    // contents of no entries (int 0)
    const readers = crafted.map(c => {
      const int = 1 + (c.spec.intSize ?? 4)
      const head = writeHead(c.spec)
      const toc = parseCustomToc(
        Buffer.concat([
          head.subarray(0, head.length - 2 * int),
          Buffer.alloc(int)
        ])
      )
      if (!toc) return [c.name, 'not parsed']
      return [c.name, `${toc.compression} ${dataReadable(toc)}`]
    })
    assert.deepEqual(Object.fromEntries(readers), {
      // lz4 and zstd are left to pg_restore
      '1.16 as pg_dump 18 writes it (zstd algorithm byte)': 'zstd false',
      '1.16 as pg_dump 17 writes it (lz4 algorithm byte)': 'lz4 false',
      '1.15 as pg_dump 16 writes it (gzip algorithm byte)': 'gzip true',
      '1.15 with no compression (algorithm byte 0)': 'none true',
      // before 1.15 a gzip level: -1 is zlib's default
      '1.14 with the default level -1 and 8-byte ints': 'gzip true',
      '1.13 as pg_dump 10 writes it': 'gzip true',
      // level 0: none
      '1.12 as pg_dump 9.6 writes it': 'none true',
      '1.16 with NULL strings: the reader comes from the archive version':
        'none true',
      '1.15 with version strings that are not versions': 'none true',
      // versions the reader does not know: pg_restore reads them
      '1.17, newer than any pg_dump known here: the version only': 'not parsed',
      '1.11, older than pg_dump 9.0: the version only': 'not parsed'
    })
  })

  const [pg18, , pg16] = crafted
  test('directory: the toc.dat header, format byte 3 as pg_dump writes it', async () => {
    const path = join(dir, 'dir-16')
    await mkdir(path)
    await writeFile(
      join(path, 'toc.dat'),
      writeHead({ ...pg16.spec, format: 3 })
    )
    await writeFile(join(path, '3001.dat.gz'), Buffer.alloc(64, 1))
    assert.deepEqual(await readArchiveHeader(path), {
      format: 'directory',
      ...pg16.expected
    })
  })

  test('tar: the header of the toc.dat member', async () => {
    const toc = writeHead({ ...pg18.spec, format: 3 })
    const path = await fileWith(
      tarOf([
        ['toc.dat', toc],
        ['3001.dat', Buffer.from('1\tone\n\\.\n')]
      ])
    )
    assert.deepEqual(await readArchiveHeader(path), {
      format: 'tar',
      ...pg18.expected
    })
  })

  test('tar: nothing is read past the end of a short toc.dat member', async () => {
    const toc = writeHead({ ...pg18.spec, format: 3 })
    // cut inside the pg_dump version; the next member must not complete it
    const cut = toc.subarray(0, toc.indexOf('18.1 (Debian') + 6)
    const path = await fileWith(
      tarOf([
        ['toc.dat', cut],
        ['3001.dat', Buffer.alloc(600, 0x41)]
      ])
    )
    const header = await readArchiveHeader(path)
    assert.deepEqual(header, {
      format: 'tar',
      archiveVersion: '1.16',
      dbname: 'shop',
      dumpedFrom: pg18.expected.dumpedFrom
    })
  })

  test('tar: a first member other than toc.dat gives the format only', async () => {
    const path = await fileWith(
      tarOf([['restore.sql', writeHead({ ...pg18.spec, format: 3 })]])
    )
    assert.deepEqual(await readArchiveHeader(path), { format: 'tar' })
  })
})

describe('truncated and unfamiliar headers', () => {
  test('every cut of a custom header reads without throwing, never wrongly', async () => {
    const full = writeHead(crafted[0].spec)
    const whole = await readArchiveHeader(await fileWith(full))
    const keys = ['archiveVersion', 'dbname', 'dumpedFrom', 'dumpedBy'] as const
    let seen = 0
    for (let length = 5; length <= full.length; length++) {
      const header = await readArchiveHeader(
        await fileWith(full.subarray(0, length))
      )
      assert.equal(header.format, 'custom')
      // what is there is right, and fields only appear in header order
      const present = keys.filter(k => header[k] !== undefined)
      for (const k of present) assert.deepEqual(header[k], whole[k], k)
      assert.deepEqual(present, keys.slice(0, present.length), `at ${length}`)
      assert.ok(present.length >= seen, `at ${length}`)
      seen = present.length
    }
    assert.equal(seen, keys.length)
  })

  test('the magic alone is a custom archive and nothing more', async () => {
    const header = await readArchiveHeader(await fileWith('PGDMP'))
    assert.deepEqual(header, { format: 'custom' })
    assert.equal(minimumReaderMajor(header), undefined)
  })

  test('an implausible integer size stops the reading after the version', async () => {
    const head = writeHead(crafted[0].spec)
    head[8] = 200
    assert.deepEqual(await readArchiveHeader(await fileWith(head)), {
      format: 'custom',
      archiveVersion: '1.16'
    })
  })

  test('a string longer than the file is not read', async () => {
    const head = writeHead({ ...crafted[0].spec, dbname: 'x'.repeat(9000) })
    assert.deepEqual(await readArchiveHeader(await fileWith(head)), {
      format: 'custom',
      archiveVersion: '1.16'
    })
  })

  test('a missing file is an error, as detectArchiveFormat reports it', async () => {
    await assert.rejects(readArchiveHeader(join(dir, 'absent')), {
      code: 'ENOENT'
    })
  })
})

describe('plain SQL dumps', () => {
  const pg17 = [
    '--',
    '-- PostgreSQL database dump',
    '--',
    '',
    '\\restrict abcDEF123',
    '',
    '-- Dumped from database version 16.9 (Ubuntu 16.9-0ubuntu0.24.04.1)',
    '-- Dumped by pg_dump version 17.5 (Debian 17.5-1.pgdg120+1)',
    '',
    'SET statement_timeout = 0;',
    ''
  ]

  const cases: {
    name: string
    text: string
    expected: Omit<ArchiveHeader, 'format'>
  }[] = [
    {
      name: 'the comments pg_dump 17 writes, after \\restrict',
      text: pg17.join('\n'),
      expected: {
        dumpedFrom: { major: 16, minor: 9, text: '16.9' },
        dumpedBy: { major: 17, minor: 5, text: '17.5' }
      }
    },
    {
      name: 'the same with CRLF line ends',
      text: pg17.join('\r\n'),
      expected: {
        dumpedFrom: { major: 16, minor: 9, text: '16.9' },
        dumpedBy: { major: 17, minor: 5, text: '17.5' }
      }
    },
    {
      name: 'SQL without the comments',
      text: 'CREATE TABLE t(x int);\nINSERT INTO t VALUES (1);\n',
      expected: {}
    },
    {
      name: 'version comments only after the first statement',
      text: 'SELECT 1;\n-- Dumped by pg_dump version 17.5\n',
      expected: {}
    },
    {
      name: 'a version line cut by the read limit',
      text: (() => {
        const line = '-- Dumped by pg_dump version 17.1'
        const filler = `--${'x'.repeat(4096 - line.length - 3)}\n`
        return `${filler}${line}2 (Debian)\n\nSELECT 1;\n`
      })(),
      expected: {}
    }
  ]

  for (const c of cases) {
    test(c.name, async () => {
      const header = await readArchiveHeader(await fileWith(c.text))
      assert.deepEqual(header, { format: 'plain', ...c.expected })
    })
  }
})

describe('minimumReaderMajor', () => {
  const cases: {
    header: ArchiveHeader
    expected: number | undefined
  }[] = [
    {
      header: {
        format: 'custom',
        archiveVersion: '1.16',
        dumpedBy: { major: 18, minor: 1, text: '18.1' }
      },
      // pg_restore 17 reads pg_dump 18's archives: both are 1.16
      expected: 17
    },
    { header: { format: 'custom', archiveVersion: '1.16' }, expected: 17 },
    { header: { format: 'tar', archiveVersion: '1.15' }, expected: 16 },
    { header: { format: 'directory', archiveVersion: '1.14' }, expected: 12 },
    { header: { format: 'custom', archiveVersion: '1.13' }, expected: 11 },
    { header: { format: 'custom', archiveVersion: '1.12' }, expected: 9 },
    { header: { format: 'custom', archiveVersion: '1.17' }, expected: 19 },
    { header: { format: 'custom', archiveVersion: '2.0' }, expected: 19 },
    {
      header: { format: 'custom', archiveVersion: '1.11' },
      expected: undefined
    },
    { header: { format: 'custom', archiveVersion: 'x' }, expected: undefined },
    { header: { format: 'custom' }, expected: undefined },
    { header: { format: 'plain' }, expected: undefined },
    {
      header: {
        format: 'plain',
        dumpedBy: { major: 15, minor: 18, text: '15.18' }
      },
      expected: 15
    }
  ]
  for (const c of cases) {
    test(`${JSON.stringify(c.header)} → ${c.expected}`, () => {
      assert.equal(minimumReaderMajor(c.header), c.expected)
    })
  }
})

// --- real dumps

describe('dumps made by pg_dump', () => {
  let seeded: SeededServer
  let server: TestServer
  let db: string
  let dumps: string
  let serverVersion: PgVersion
  let pgDumpVersion: PgVersion
  const formats = [
    { flag: '-Fc', format: 'custom', file: 'dump.custom' },
    { flag: '-Ft', format: 'tar', file: 'dump.tar' },
    { flag: '-Fd', format: 'directory', file: 'dump.dir' },
    { flag: '-Fp', format: 'plain', file: 'dump.sql' }
  ] as const

  before(async () => {
    seeded = await seededServer({
      database: 'header',
      seed: `CREATE TABLE item(id int PRIMARY KEY, label text);
      INSERT INTO item SELECT g, 'item ' || g FROM generate_series(1, 50) g;`,
      tempPrefix: 'pg-dumper-header-dumps-'
    })
    ;({ server, db, dir: dumps } = seeded)
    serverVersion = version(await server.psql(db, 'SHOW server_version'))
    pgDumpVersion = version(
      (await run(clientTool('pg_dump'), ['--version'])).stdout
    )
    for (const f of formats) {
      await pgDump(server, db, [f.flag, '-f', join(dumps, f.file)])
    }
  })
  after(() => seeded?.stop())

  /** The header lines of `pg_restore --list`, by name. */
  async function restoreListHeader(path: string): Promise<Map<string, string>> {
    const result = await run(clientTool('pg_restore'), ['-l', path])
    assert.equal(result.code, 0, result.stderr)
    const lines = new Map<string, string>()
    for (const line of result.stdout.split('\n')) {
      const m = /^;\s+([^:]+):\s(.*)$/.exec(line)
      if (m) lines.set(m[1], m[2])
    }
    return lines
  }

  for (const f of formats) {
    test(`${f.format} (${f.flag}): format, versions and database`, async () => {
      const header = await readArchiveHeader(join(dumps, f.file))
      assert.equal(header.format, f.format)
      assert.deepEqual(header.dumpedFrom, serverVersion)
      assert.deepEqual(header.dumpedBy, pgDumpVersion)
      // an archive needs the first pg_dump major of its archive version
      // (1.14: 12), a plain script the pg_dump that wrote it
      if (f.format === 'plain') {
        assert.equal(minimumReaderMajor(header), pgDumpVersion.major)
      } else if (pgDumpVersion.major >= 12 && pgDumpVersion.major <= 15) {
        assert.equal(minimumReaderMajor(header), 12)
      }
      if (f.format === 'plain') {
        // a plain script's comments name no database
        assert.equal(header.archiveVersion, undefined)
        assert.equal(header.dbname, undefined)
        return
      }
      assert.equal(header.dbname, db)
      // pg_dump 12 to 15 write archive version 1.14
      if (pgDumpVersion.major >= 12 && pgDumpVersion.major <= 15) {
        assert.equal(header.archiveVersion, '1.14')
      }
    })
  }

  for (const f of formats.filter(f => f.format !== 'plain')) {
    test(`${f.format}: agrees with pg_restore --list`, async () => {
      const path = join(dumps, f.file)
      const header = await readArchiveHeader(path)
      const list = await restoreListHeader(path)
      assert.equal(header.dbname, list.get('dbname'))
      // printed as major.minor-revision
      assert.equal(
        header.archiveVersion,
        list.get('Dump Version')?.replace(/-\d+$/, '')
      )
      assert.deepEqual(
        header.dumpedFrom,
        parseVersion(list.get('Dumped from database version') ?? '')
      )
      assert.deepEqual(
        header.dumpedBy,
        parseVersion(list.get('Dumped by pg_dump version') ?? '')
      )
    })
  }

  test('the test writer lays out 1.14 exactly as this pg_dump does', async t => {
    if (pgDumpVersion.major < 12 || pgDumpVersion.major > 15) {
      t.skip(`pg_dump ${pgDumpVersion.text} does not write 1.14`)
      return
    }
    const real = await readFile(join(dumps, 'dump.custom'))
    const list = await restoreListHeader(join(dumps, 'dump.custom'))
    const ours = writeHead({
      version: [1, 14, 0],
      compression: -1, // pg_dump -Fc's default level
      dbname: db,
      serverVersion: list.get('Dumped from database version') ?? '',
      pgDumpVersion: list.get('Dumped by pg_dump version') ?? ''
    })
    // the same but for the creation time: 7 ints of 5 bytes after 16 bytes
    const timeStart = 16
    const timeEnd = timeStart + 7 * 5
    const stringsEnd = ours.length - 2 * 5
    assert.deepEqual(real.subarray(0, timeStart), ours.subarray(0, timeStart))
    assert.deepEqual(
      real.subarray(timeEnd, stringsEnd),
      ours.subarray(timeEnd, stringsEnd)
    )
  })

  test('a real custom dump cut short gives what precedes the cut', async () => {
    const path = join(dumps, 'dump.custom')
    const real = await readFile(path)
    // cut inside the server version string, which follows the database name
    const afterName = real.indexOf(db) + Buffer.byteLength(db)
    const at = real.indexOf(serverVersion.text, afterName) + 2
    const header = await readArchiveHeader(await fileWith(real.subarray(0, at)))
    const whole = await readArchiveHeader(path)
    assert.deepEqual(header, {
      format: 'custom',
      archiveVersion: whole.archiveVersion,
      dbname: db
    })
    // without the version strings, a lower bound from the archive version
    const reader = minimumReaderMajor(header)
    assert.ok(reader !== undefined && reader <= pgDumpVersion.major)
  })
})
