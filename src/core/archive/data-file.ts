// Reading one data file of a directory archive back in this process, as
// pg_restore reads it, whole or while a pg_dump worker writes it: a gzip
// file (`<id>.dat.gz`) is inflated to its end, which checks every deflate
// block and the gzip trailer's CRC-32 and length of the data; an
// uncompressed `<id>.dat` is read through. pg_restore does nothing more with
// a table's data file when its output is thrown away: it decompresses the
// file and writes the COPY text out as it is. Node's zlib, driven as
// inflate.ts drives it (into one reused buffer), inflates about twice as
// fast as the system zlib pg_restore links.
import { once } from 'node:events'
import { open } from 'node:fs/promises'
import type { Gunzip } from 'node:zlib'
import { createGunzip, crc32 } from 'node:zlib'
import { WriterWatch } from './writer-watch.ts'
import { Stream, SYNC_INFLATE } from './inflate.ts'
import { YoungGarbage } from './young-garbage.ts'

/** The data files read here: gzip-compressed or not (lz4 and zstd are left to pg_restore). */
export const INFLATABLE = /\.dat(?:\.gz)?$/

// 256 KiB reads and inflated chunks: with the collections, half the CPU of
// a pipeline of 64 KiB chunks (fewer trips to zlib's thread, memory reused
// rather than fresh). The file is read into one buffer, reused; the
// inflated chunks, new Buffers each, are collected as they pile up.
const CHUNK = 1 << 18

/** Hands `bytes` to zlib; resolves once zlib has taken them all in. */
function inflate(gunzip: Gunzip, bytes: Buffer): Promise<void> {
  return new Promise((resolve, reject) => {
    gunzip.write(bytes, error => (error ? reject(error) : resolve()))
  })
}

/**
 * Rejects on the stream's first error: zlib reports a damaged stream by
 * destroying it, and the write under way may then never call back.
 */
function failure(gunzip: Gunzip): Promise<never> {
  const failed = new Promise<never>((_, reject) => {
    gunzip.once('error', reject)
  })
  failed.catch(() => {}) // raced below, where it is handled
  return failed
}

/**
 * Reads one data file's bytes back as they come: inflated to the end of its
 * gzip stream when it is gzip, the CRC-32 of the bytes taken.
 */
class DataFileReading {
  /** inflating into one reused buffer, where the runtime allows (inflate.ts) */
  readonly #inflate?: Stream
  /** else Node's stream API, a new Buffer for every chunk inflated */
  readonly #gunzip?: Gunzip
  readonly #failed?: Promise<never>
  #crc = 0

  constructor(gzip: boolean) {
    if (!gzip) return
    if (SYNC_INFLATE) {
      this.#inflate = new Stream(true)
      return
    }
    const garbage = new YoungGarbage()
    this.#gunzip = createGunzip({ chunkSize: CHUNK })
    this.#gunzip.on('data', (chunk: Buffer) => {
      garbage.dropped(chunk.length)
    })
    this.#failed = failure(this.#gunzip)
  }

  /** Takes the next bytes; resolves once zlib has them all (`bytes` is free again). */
  async push(bytes: Buffer): Promise<void> {
    this.#crc = crc32(bytes, this.#crc)
    this.#inflate?.write(bytes)
    if (this.#gunzip) {
      await Promise.race([inflate(this.#gunzip, bytes), this.#failed])
    }
  }

  /**
   * The file's end: the CRC-32 of its bytes; rejects when they were not one
   * complete, intact gzip stream.
   */
  async end(): Promise<number> {
    this.#inflate?.end()
    if (this.#gunzip) {
      const end = once(this.#gunzip, 'end')
      this.#gunzip.end()
      await Promise.race([end, this.#failed])
    }
    return this.#crc
  }

  close(): void {
    this.#inflate?.close()
    this.#gunzip?.destroy()
  }
}

/**
 * How long a followed data file waits when it has caught up with its
 * writer: reading 200 ms of pg_dump's output at a time rather than 20 took
 * 12 % less of the step's CPU (fewer reads, wake-ups and context switches),
 * and the file's end is read as soon as the worker is reported done.
 */
const POLL_MS = 200

/**
 * Follows a data file a pg_dump worker is writing: reads it back as it
 * grows (a worker only appends), and to its end once told the worker has
 * closed it. `done` is the CRC-32 of the file's bytes; it rejects when they
 * are not one complete, intact gzip stream, or when stopped.
 */
export class GrowingDataFile {
  readonly done: Promise<number>
  /** the bytes read so far */
  position = 0
  readonly #writer = new WriterWatch(POLL_MS)

  constructor(path: string) {
    this.done = this.#follow(path)
    this.done.catch(() => {}) // awaited by whoever asks for it
  }

  /** The worker has closed the file: read what is left, to the end. */
  closed(): void {
    this.#writer.end()
  }

  /** pg_dump failed or was stopped: stop reading. */
  stop(): void {
    this.#writer.stop()
  }

  async #follow(path: string): Promise<number> {
    const file = await open(path, 'r')
    const reading = new DataFileReading(path.endsWith('.gz'))
    const buffer = Buffer.allocUnsafe(CHUNK)
    try {
      for (;;) {
        if (this.#writer.stopped) throw new Error('stopped before its end')
        const closedBefore = this.#writer.ended
        const { bytesRead } = await file.read(buffer, 0, CHUNK, this.position)
        if (bytesRead === 0) {
          // closed before this read found nothing: the end
          if (closedBefore) break
          await this.#writer.pause()
          continue
        }
        this.position += bytesRead
        await reading.push(buffer.subarray(0, bytesRead))
      }
      return await reading.end()
    } finally {
      reading.close()
      await file.close()
    }
  }
}

/**
 * Reads a finished data file to its end, inflating it when it is gzip;
 * returns the CRC-32 of the file's bytes as read. Rejects when the file is
 * not a complete, intact gzip stream.
 */
export function readDataFile(path: string): Promise<number> {
  const file = new GrowingDataFile(path)
  file.closed()
  return file.done
}
