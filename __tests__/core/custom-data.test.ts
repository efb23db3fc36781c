// A custom archive's data blocks are read back in this process
// (archive/custom-data.ts, custom-file.ts), as pg_restore reads them. Real
// archives from the suite's server are accepted whatever their shape; each
// kind of damage is refused with a clear reason, and pg_restore's own
// verdict on the same file is shown beside it.
import assert from 'node:assert/strict'
import { createHash } from 'node:crypto'
import { readFile, truncate, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { deflateSync } from 'node:zlib'
import { after, before, describe, test } from 'node:test'
import {
  CustomDataReader,
  DataProblem
} from '../../src/core/archive/custom-data.ts'
import { readCustomFile } from '../../src/core/archive/custom-file.ts'
import {
  OFFSET_NO_DATA,
  OFFSET_SET,
  parseCustomToc,
  readCustomToc,
  tocParse,
  type TocProgress
} from '../../src/core/archive/custom-toc.ts'
import {
  pgDump,
  seededServer,
  type SeededServer
} from '../../test-support/fixtures.ts'
import { clientTool, run } from '../../test-support/pg-server.ts'

let seeded: SeededServer
const archives: Record<string, string> = {}

// table data of several sizes (one of many chunks), an empty table, a
// sequence, large objects (one empty, one of several chunks)
const SEED = `
CREATE TABLE big (id serial PRIMARY KEY, body text);
INSERT INTO big (body)
  SELECT md5(i::text) || repeat(md5((i * 7)::text), 8)
  FROM generate_series(1, 20000) i;
CREATE TABLE empty_one (x int);
CREATE TABLE small AS SELECT generate_series(1, 50) AS x;
SELECT lo_from_bytea(0, 'a large object');
SELECT lo_from_bytea(0, '');
SELECT lo_from_bytea(0, decode(repeat(md5('lo'), 4000), 'hex'));
`

const never = () => false

before(async () => {
  seeded = await seededServer({
    database: 'blocks',
    seed: SEED,
    tempPrefix: 'pg-dumper-blocks-'
  })
  const { server, db, dir } = seeded
  const empty = await server.createDatabase('nothing')
  const many = await server.createDatabase('many')
  await server.psql(
    many,
    `DO $$ BEGIN FOR i IN 1..300 LOOP
       EXECUTE format('CREATE TABLE t%s AS SELECT g AS x, md5(g::text) AS y FROM generate_series(1, %s) g', i, i);
     END LOOP; END $$;`
  )
  const dumps: [string, string, string[]][] = [
    ['gzip', db, ['-Fc']],
    ['none', db, ['-Fc', '-Z0']],
    ['empty', empty, ['-Fc']],
    ['many', many, ['-Fc', '-Z1']]
  ]
  for (const [name, dbname, args] of dumps) {
    archives[name] = join(dir, `${name}.dump`)
    await pgDump(server, dbname, [...args, '-f', archives[name]])
  }
})
after(() => seeded?.stop())

/** What `pg_restore -f /dev/null` makes of a file: its exit code and error. */
async function pgRestore(file: string): Promise<{ code: number; err: string }> {
  const result = await run(clientTool('pg_restore'), ['-f', '/dev/null', file])
  return { code: result.code ?? -1, err: result.stderr }
}

/** The entries `pg_restore --list` shows. */
async function listed(file: string): Promise<number> {
  const result = await run(clientTool('pg_restore'), ['--list', file])
  assert.equal(result.code, 0, result.stderr)
  return result.stdout.split('\n').filter(l => /^\d+;/.test(l)).length
}

describe('real custom archives', () => {
  for (const name of ['gzip', 'none', 'empty', 'many']) {
    test(`${name}: read back whole, hashed, its entries counted as pg_restore lists them`, async () => {
      const file = archives[name]
      const bytes = await readFile(file)
      const read = await readCustomFile(file, never)
      assert.ok(read, 'a custom archive this reader knows')
      assert.equal(read.size, bytes.length)
      assert.equal(
        read.sha256,
        createHash('sha256').update(bytes).digest('hex')
      )
      assert.equal(read.entries, await listed(file))
      assert.equal(read.inflated, name !== 'none')
      if (name === 'empty') assert.equal(read.entries, 0)
      assert.equal((await pgRestore(file)).code, 0)
    })
  }

  test('blocks pushed in pieces of any size are read as in one piece', async () => {
    const bytes = await readFile(archives.gzip)
    const toc = parseCustomToc(bytes)
    assert.ok(toc)
    const whole = new CustomDataReader(toc)
    whole.push(bytes.subarray(toc.dataStart))
    whole.end()
    const pieces = new CustomDataReader(toc)
    let at = toc.dataStart
    for (let i = 0; at < bytes.length; i++) {
      // 1 to 13 bytes, then larger: fields and chunks cut everywhere
      const n = i % 50 < 40 ? 1 + (i % 13) : 5000
      // a copy: the reader must not keep the pieces it is given
      pieces.push(Buffer.from(bytes.subarray(at, at + n)))
      at += n
    }
    pieces.end()
    assert.deepEqual([...pieces.blocks], [...whole.blocks])
    const withData = toc.entries.filter(e => e.flag === OFFSET_SET)
    assert.ok(withData.length >= 4, `entries with data: ${withData.length}`)
    for (const e of withData)
      assert.equal(whole.blocks.get(e.dumpId), e.position)
  })

  test('a growing table of contents parses once: each try goes on where the last stopped', async () => {
    const bytes = await readFile(archives.many)
    const whole = parseCustomToc(bytes)
    assert.ok(whole)
    const progress: { done?: TocProgress } = {}
    let tries = 0
    let entriesBefore = 0
    let parsed: ReturnType<typeof tocParse> = 'short'
    // a try every 97 bytes, as the follower's would be every 64 KiB
    for (let end = 0; parsed === 'short'; end += 97) {
      parsed = tocParse(bytes.subarray(0, end), progress)
      tries++
      const now = progress.done?.entries.length ?? 0
      assert.ok(now >= entriesBefore, 'entries are never taken back')
      entriesBefore = now
    }
    assert.ok(tries > 100, `${tries} tries`)
    assert.deepEqual(parsed, whole)
    // the entries were read once each: as many as the archive has, no more
    assert.equal(progress.done?.entries.length, whole.entries.length)
  })

  test('a table of contents of a version the reader does not know is left to pg_restore', async () => {
    const bytes = Buffer.from(await readFile(archives.gzip))
    bytes[6] = 99
    const file = join(seeded.dir, 'unknown-version.dump')
    await writeFile(file, bytes)
    assert.equal(await readCustomFile(file, never), undefined)
  })
})

/** The blocks of the gzip archive: where each starts and ends, in file order. */
function blocksOf(bytes: Buffer) {
  const toc = parseCustomToc(bytes)
  assert.ok(toc)
  const starts = toc.entries
    .filter(e => e.flag === OFFSET_SET)
    .map(e => ({ id: e.dumpId, start: e.position }))
    .sort((a, b) => a.start - b.start)
  const blocks = starts.map((b, i) => ({
    ...b,
    end: i + 1 < starts.length ? starts[i + 1].start : bytes.length
  }))
  return { toc, blocks }
}

describe('a damaged custom archive', () => {
  const largest = (blocks: { start: number; end: number; id: number }[]) =>
    blocks.reduce((a, b) => (b.end - b.start > a.end - a.start ? b : a))
  const cases: {
    what: string
    damage: (bytes: Buffer) => Buffer
    message: RegExp
    /** why pg_restore accepts it, where it does */
    pgRestoreAccepts?: string
  }[] = [
    {
      what: 'a flipped byte inside a compressed block',
      damage: bytes => {
        const { blocks } = blocksOf(bytes)
        const block = largest(blocks)
        // past the type byte, the id and the first chunk's length
        bytes[block.start + 1 + 5 + 5 + 100] ^= 0xff
        return bytes
      },
      message: /the compressed data of entry \d+ does not inflate \(/
    },
    {
      what: 'a truncated file',
      damage: bytes => bytes.subarray(0, bytes.length - 100),
      message: /it ends inside the data block of entry \d+/
    },
    {
      what: 'a block removed',
      damage: bytes => {
        const { blocks } = blocksOf(bytes)
        const [, second] = blocks
        return Buffer.concat([
          bytes.subarray(0, second.start),
          bytes.subarray(second.end)
        ])
      },
      message: /its table of contents is wrong: entry \d+ has no data block/
    },
    {
      what: "a block's id changed to an entry without data",
      damage: bytes => {
        const { toc, blocks } = blocksOf(bytes)
        const none = toc.entries.find(e => e.flag === OFFSET_NO_DATA)
        assert.ok(none)
        bytes.writeUInt32LE(none.dumpId, blocks[0].start + 2)
        return bytes
      },
      message:
        /the data block at byte \d+ belongs to entry \d+, which has no data/
    },
    {
      what: 'a duplicated block',
      // appended after the last block, where no offset points: pg_restore
      // reads each entry's block at its offset and never sees the copy; a
      // pg_dump never writes one, so this reader refuses it
      damage: bytes => {
        const { blocks } = blocksOf(bytes)
        const [first] = blocks
        return Buffer.concat([bytes, bytes.subarray(first.start, first.end)])
      },
      message:
        /the data block at byte \d+ repeats entry \d+'s data \(first at byte \d+\)/,
      pgRestoreAccepts: 'reads each block at its offset'
    },
    {
      what: 'an unknown block type',
      damage: bytes => {
        const { blocks } = blocksOf(bytes)
        bytes[blocks[1].start] = 2
        return bytes
      },
      message: /it holds an unknown data block type 2 at byte \d+/
    },
    {
      what: 'garbage appended',
      // pg_restore stops after the last entry's block and never reads on
      damage: bytes => Buffer.concat([bytes, Buffer.from('garbage')]),
      message: /it holds an unknown data block type 103 at byte \d+/,
      pgRestoreAccepts: 'stops after the last block'
    }
  ]
  for (const c of cases) {
    test(`${c.what}: refused, naming what is wrong`, async () => {
      const bytes = Buffer.from(await readFile(archives.gzip))
      const file = join(seeded.dir, `${c.what.replace(/\W+/g, '-')}.dump`)
      await writeFile(file, c.damage(bytes))
      await assert.rejects(readCustomFile(file, never), (error: unknown) => {
        assert.ok(error instanceof DataProblem, String(error))
        assert.match(error.message, c.message)
        return true
      })
      const restored = await pgRestore(file)
      if (c.pgRestoreAccepts) {
        // stricter than pg_restore, which c.pgRestoreAccepts
        assert.equal(restored.code, 0, restored.err)
      } else {
        assert.notEqual(restored.code, 0, `pg_restore accepted ${c.what}`)
        assert.match(restored.err, /pg_restore: error: /)
      }
    })
  }

  test('an uncompressed archive cut short is refused too', async () => {
    const bytes = await readFile(archives.none)
    const file = join(seeded.dir, 'none-cut.dump')
    await writeFile(file, bytes.subarray(0, bytes.length - 3))
    await assert.rejects(readCustomFile(file, never), DataProblem)
    assert.notEqual((await pgRestore(file)).code, 0)
  })

  test("a block's zlib stream must end with its chunks, not before nor after, and be there", () => {
    // one entry with data (dump id 5), blocks written here as pg_dump does
    const toc = {
      compression: 'gzip' as const,
      intSize: 4,
      offSize: 8,
      entries: [{ dumpId: 5, flag: 1, position: 0, offsetAt: 0, listed: true }],
      extensions: [],
      dataStart: 0
    }
    const int = (i: number) => {
      const b = Buffer.alloc(5)
      b.writeUInt32LE(i, 1)
      return b
    }
    const block = (...chunks: Buffer[]) =>
      Buffer.concat([
        Buffer.from([1]),
        int(5),
        ...chunks.flatMap(c => [int(c.length), c]),
        int(0)
      ])
    const read = (bytes: Buffer) => {
      const reader = new CustomDataReader(toc)
      try {
        reader.push(bytes)
        reader.end()
      } finally {
        reader.close()
      }
    }
    const stream = deflateSync(Buffer.from('1\tsome COPY text\n'.repeat(500)))
    read(block(stream.subarray(0, 10), stream.subarray(10)))
    assert.throws(
      () => read(block(stream, Buffer.from('more'))),
      /the compressed data of entry 5 does not inflate \(bytes follow the end of its zlib stream\)/
    )
    assert.throws(
      () => read(block(stream.subarray(0, stream.length - 4))),
      /the compressed data of entry 5 does not inflate \(unexpected end of file\)/
    )
    assert.throws(
      () => read(block()),
      /the compressed data of entry 5 holds no zlib stream/
    )
    const badCheck = Buffer.from(stream)
    badCheck[badCheck.length - 1] ^= 1
    assert.throws(
      () => read(block(badCheck)),
      /the compressed data of entry 5 does not inflate \(incorrect data check\)/
    )
  })

  test('a stopped read-back stops', async () => {
    await assert.rejects(
      readCustomFile(archives.gzip, () => true),
      /its read-back was stopped/
    )
  })
})

test(
  'a table of contents that never ends is not read into memory whole',
  {
    timeout: 30_000
  },
  async () => {
    // a real archive's start, cut inside its table of contents, then 3 GB of
    // zeros (a sparse file): zeros read as empty strings and ints, so the
    // table of contents goes on for as long as the file does
    const hostile = join(seeded.dir, 'endless-toc.dump')
    await writeFile(hostile, (await readFile(archives.many)).subarray(0, 4096))
    await truncate(hostile, 3 * 2 ** 30)
    assert.equal(await readCustomToc(hostile), undefined)
    // the finished-file reader leaves it to pg_restore
    assert.equal(await readCustomFile(hostile, never), undefined)
  }
)
