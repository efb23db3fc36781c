// A directory archive's data files read back in this process: every gzip
// file inflated to its end (damage refused, never a hang), and the
// inflated output's memory returned as it goes, whatever the file's size.
import assert from 'node:assert/strict'
import { execFileSync } from 'node:child_process'
import { appendFile, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { after, before, describe, test } from 'node:test'
import { crc32, gzipSync } from 'node:zlib'
import {
  GrowingDataFile,
  readDataFile
} from '../../src/core/archive/data-file.ts'

const MB = 2 ** 20
let dir: string

before(async () => {
  dir = await mkdtemp(join(tmpdir(), 'data-file-'))
})
after(async () => {
  await rm(dir, { recursive: true, force: true })
})

/** COPY-like text lines, `lines` of them, numbered from `from`. */
function copyText(from: number, lines: number): string {
  let text = ''
  for (let i = from; i < from + lines; i++) {
    text += `${i}\t{"kind": "event-${i % 97}", "n": ${(i * 7919) % 100003}}\tsome text ${i % 13}\n`
  }
  return text
}

/** Resolves once `done()` holds; fails after 10 s. */
async function until(done: () => boolean): Promise<void> {
  for (const started = Date.now(); !done();) {
    assert.ok(Date.now() - started < 10_000, 'timed out')
    await new Promise(resolve => setTimeout(resolve, 5))
  }
}

describe('reading a data file back', () => {
  test('a gzip file is inflated to its end: its CRC-32 is returned, and damage or a cut is refused', async () => {
    const bytes = gzipSync(copyText(0, 200_000))
    const good = join(dir, '3001.dat.gz')
    await writeFile(good, bytes)
    assert.equal(await readDataFile(good), crc32(bytes))
    const damaged = {
      'a flipped byte in the deflate data': (b: Buffer) => {
        b[b.length >> 1] ^= 0xff
        return b
      },
      'the gzip trailer CRC changed': (b: Buffer) => {
        b[b.length - 8] ^= 0x01
        return b
      },
      'the gzip trailer length changed': (b: Buffer) => {
        b[b.length - 4] ^= 0x01
        return b
      },
      'cut short': (b: Buffer) => b.subarray(0, b.length - 100),
      'cut in its header': (b: Buffer) => b.subarray(0, 5)
    }
    for (const [what, damage] of Object.entries(damaged)) {
      const file = join(dir, '3002.dat.gz')
      await writeFile(file, damage(Buffer.from(bytes)))
      await assert.rejects(readDataFile(file), Error, what)
    }
    await assert.rejects(readDataFile(join(dir, 'missing.dat.gz')), /ENOENT/)
  })

  test('a growing gzip file is read as it is written, and to its end once its writer has closed it', async () => {
    const bytes = gzipSync(copyText(0, 100_000))
    const half = bytes.length >> 1
    const file = join(dir, '3010.dat.gz')
    await writeFile(file, bytes.subarray(0, half))
    const growing = new GrowingDataFile(file)
    await until(() => growing.position === half)
    await appendFile(file, bytes.subarray(half))
    // not closed yet: it goes on reading as the file grows
    await until(() => growing.position === bytes.length)
    growing.closed()
    assert.equal(await growing.done, crc32(bytes))
  })

  test('a growing gzip file cut short when closed, or stopped before its end, is refused', async () => {
    const bytes = gzipSync(copyText(0, 100_000))
    const cut = join(dir, '3011.dat.gz')
    await writeFile(cut, bytes.subarray(0, bytes.length - 100))
    const growing = new GrowingDataFile(cut)
    growing.closed()
    await assert.rejects(growing.done, /unexpected end of file/)
    const whole = join(dir, '3012.dat.gz')
    await writeFile(whole, bytes.subarray(0, 1000))
    const stopped = new GrowingDataFile(whole)
    await until(() => stopped.position === 1000)
    stopped.stop()
    await assert.rejects(stopped.done, /stopped before its end/)
  })

  test('an uncompressed data file is read through', async () => {
    const text = Buffer.from(copyText(0, 50_000))
    const plain = join(dir, '3003.dat')
    await writeFile(plain, text)
    assert.equal(await readDataFile(plain), crc32(text))
  })

  test("the inflated output's memory is returned as it goes: a file inflating to 256 MB never holds 32 MB of it", async () => {
    // made by another process: this one's memory holds only the reading
    const file = join(dir, '3004.dat.gz')
    const total = 256 * MB
    const lines = join(dir, 'lines.txt')
    await writeFile(lines, copyText(0, 16_000))
    execFileSync(process.execPath, [
      '-e',
      `const zlib = require('node:zlib'), fs = require('node:fs')
      const text = fs.readFileSync(process.argv[1])
      const gzip = zlib.createGzip({ level: 1 })
      gzip.pipe(fs.createWriteStream(process.argv[2]))
      let left = ${total}
      const more = () => {
        while (left > 0) {
          left -= text.length
          if (!gzip.write(text)) return gzip.once('drain', more)
        }
        gzip.end()
      }
      more()`,
      lines,
      file
    ])
    // V8 counts a Buffer's bytes towards a collection only every 64 MB:
    // without collections of our own, the dead output piles up to that
    let peak = 0
    const sample = setInterval(() => {
      peak = Math.max(peak, process.memoryUsage().arrayBuffers)
    }, 2)
    let crc: number
    try {
      crc = await readDataFile(file)
    } finally {
      clearInterval(sample)
    }
    assert.equal(crc, crc32(await readFile(file)))
    assert.ok(peak > 0, 'sampled while reading')
    assert.ok(
      peak < 32 * MB,
      `at most ${(peak / MB).toFixed(1)} MB of Buffers while inflating ${(total / MB).toFixed(0)} MB`
    )
  })
})
