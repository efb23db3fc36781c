// A dump being written is read back in a thread of its own at the lowest
// priority: what the thread reads is what this thread would read, its
// failures arrive as the same errors, the priority is the thread's alone,
// and closing it leaves nothing waiting and no thread behind.
import assert from 'node:assert/strict'
import { readdirSync, readFileSync } from 'node:fs'
import { appendFile, readFile, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { after, before, describe, test } from 'node:test'
import { crc32, gzipSync } from 'node:zlib'
import { DataProblem } from '../../src/core/archive/custom-data.ts'
import { parseCustomToc } from '../../src/core/archive/custom-toc.ts'
import { Follower } from '../../src/core/dump/follow.ts'
import { ReadingThread } from '../../src/core/dump/reading-thread.ts'
import {
  pgDump,
  seededServer,
  type SeededServer
} from '../../test-support/fixtures.ts'

let seeded: SeededServer
let archive: string

before(async () => {
  seeded = await seededServer({
    database: 'thread',
    seed: `CREATE TABLE t (id int, body text);
INSERT INTO t SELECT i, repeat(md5(i::text), 8) FROM generate_series(1, 20000) i;
CREATE TABLE u AS SELECT generate_series(1, 3000) AS x;`,
    tempPrefix: 'pg-dumper-thread-'
  })
  archive = join(seeded.dir, 'thread.dump')
  await pgDump(seeded.server, seeded.db, ['-Fc', '-f', archive])
})
after(() => seeded?.stop())

/** The nice value of each thread of this process, by thread id. */
function threadNices(): Map<number, number> {
  const nices = new Map<number, number>()
  for (const tid of readdirSync('/proc/self/task')) {
    try {
      const stat = readFileSync(`/proc/self/task/${tid}/stat`, 'utf8')
      // after "pid (comm) ": state is field 3, nice field 19
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ')
      nices.set(Number(tid), Number(fields[16]))
    } catch {
      // the thread ended meanwhile
    }
  }
  return nices
}

/** COPY-like lines, gzip-compressed as pg_dump's workers write them. */
const copyData = (lines: number) =>
  gzipSync(
    Array.from({ length: lines }, (_, i) => `${i}\tline ${i}\n`).join('')
  )

describe('a reading thread', () => {
  test('follows a custom archive to the same result as a follower in this thread', async () => {
    const here = new Follower(archive)
    here.writerEnded()
    const expected = await here.run()
    const thread = new ReadingThread()
    try {
      const reading = thread.follow(archive)
      reading.end()
      const followed = await reading.done
      assert.ok(Buffer.isBuffer(followed.head))
      assert.ok(followed.toc && followed.blocks && followed.blocks.size >= 2)
      assert.deepEqual(followed, expected)
    } finally {
      await thread.close()
    }
  })

  test("a data block that does not read back is the thread's DataProblem here", async () => {
    const bytes = Buffer.from(await readFile(archive))
    const toc = parseCustomToc(bytes)
    assert.ok(toc)
    bytes[(toc.dataStart + bytes.length) >> 1] ^= 0xff
    const damaged = join(seeded.dir, 'damaged.dump')
    await writeFile(damaged, bytes)
    const thread = new ReadingThread()
    try {
      const reading = thread.follow(damaged)
      reading.end()
      await assert.rejects(reading.done, DataProblem)
    } finally {
      await thread.close()
    }
  })

  test('reads a growing data file to its end once told it is whole: its CRC-32 and length, damage refused', async () => {
    const bytes = copyData(100_000)
    const file = join(seeded.dir, '4001.dat.gz')
    const half = bytes.length >> 1
    await writeFile(file, bytes.subarray(0, half))
    const thread = new ReadingThread()
    try {
      const reading = thread.dataFile(file)
      await new Promise(resolve => setTimeout(resolve, 300))
      await appendFile(file, bytes.subarray(half))
      reading.end()
      const read = await reading.done
      assert.equal(read.crc, crc32(bytes))
      assert.equal(read.length, bytes.length)
      assert.ok(read.early <= read.length, `${read.early}`)
      const cut = join(seeded.dir, '4002.dat.gz')
      await writeFile(cut, bytes.subarray(0, bytes.length - 50))
      const refused = thread.dataFile(cut)
      refused.end()
      await assert.rejects(refused.done, Error)
      const missing = thread.dataFile(join(seeded.dir, 'none.dat.gz'))
      await assert.rejects(missing.done, { code: 'ENOENT' })
    } finally {
      await thread.close()
    }
  })

  test('runs at nice 19 while this thread keeps its priority; closing it fails what still waits, and leaves no thread', async () => {
    const before = threadNices()
    const mine = before.get(process.pid)
    assert.notEqual(mine, 19)
    // the first half of a gzip stream: read, then waited on for more
    const bytes = copyData(100_000)
    const file = join(seeded.dir, '4003.dat.gz')
    await writeFile(file, bytes.subarray(0, bytes.length >> 1))
    const thread = new ReadingThread()
    // never told it is whole: the reading waits for more
    const reading = thread.dataFile(file)
    let niced: number[] = []
    try {
      for (let i = 0; i < 200 && niced.length === 0; i++) {
        await new Promise(resolve => setTimeout(resolve, 25))
        niced = [...threadNices()]
          .filter(([tid, nice]) => nice === 19 && !before.has(tid))
          .map(([tid]) => tid)
      }
      assert.equal(niced.length, 1, 'one new thread at nice 19')
      assert.equal(threadNices().get(process.pid), mine)
    } finally {
      await thread.close()
    }
    await assert.rejects(reading.done, /the reading thread was closed/)
    assert.ok(!threadNices().has(niced[0]), 'the thread has ended')
    assert.ok(![...threadNices().values()].includes(19))
  })
})
