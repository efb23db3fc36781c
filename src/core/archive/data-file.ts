// Reading one data file of a directory archive back in this process, as
// pg_restore reads it: a gzip file (`<id>.dat.gz`) is inflated to its end,
// which checks every deflate block and the gzip trailer's CRC-32 and length
// of the data; an uncompressed `<id>.dat` is read through. pg_restore does
// nothing more with a table's data file when its output is thrown away: it
// decompresses the file and writes the COPY text out as it is. Node's zlib
// inflates about twice as fast as the system zlib pg_restore links.
import { once } from 'node:events'
import { open } from 'node:fs/promises'
import type { Gunzip } from 'node:zlib'
import { createGunzip, crc32 } from 'node:zlib'
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
 * Reads a data file to its end, inflating it when it is gzip; returns the
 * CRC-32 of the file's bytes as read. Rejects when the file is not a
 * complete, intact gzip stream.
 */
export async function readDataFile(path: string): Promise<number> {
  const file = await open(path, 'r')
  const garbage = new YoungGarbage()
  const gunzip = path.endsWith('.gz')
    ? createGunzip({ chunkSize: CHUNK })
    : undefined
  gunzip?.on('data', (chunk: Buffer) => {
    garbage.dropped(chunk.length)
  })
  const failed = gunzip && failure(gunzip)
  // zlib reads a chunk until its write's callback: the buffer is free then
  const buffer = Buffer.allocUnsafe(CHUNK)
  let crc = 0
  try {
    for (;;) {
      const { bytesRead } = await file.read(buffer, 0, CHUNK, null)
      if (bytesRead === 0) break
      const bytes = buffer.subarray(0, bytesRead)
      crc = crc32(bytes, crc)
      if (gunzip) await Promise.race([inflate(gunzip, bytes), failed])
    }
    if (gunzip) {
      const end = once(gunzip, 'end')
      gunzip.end()
      await Promise.race([end, failed])
    }
  } finally {
    gunzip?.destroy()
    await file.close()
  }
  return crc
}
