// Reading one data file of a directory archive back in this process, as
// pg_restore reads it: a gzip file (`<id>.dat.gz`) is inflated to its end,
// which checks every deflate block and the gzip trailer's CRC-32 and length
// of the data; an uncompressed `<id>.dat` is read through. pg_restore does
// nothing more with a table's data file when its output is thrown away: it
// decompresses the file and writes the COPY text out as it is. Node's zlib
// inflates about twice as fast as the system zlib pg_restore links.
import { createReadStream } from 'node:fs'
import { Transform, Writable } from 'node:stream'
import { pipeline } from 'node:stream/promises'
import { createGunzip, crc32 } from 'node:zlib'

/** The data files read here: gzip-compressed or not (lz4 and zstd are left to pg_restore). */
export const INFLATABLE = /\.dat(?:\.gz)?$/

// 64 KiB reads and inflated chunks: larger ones inflate a little faster but
// leave more garbage between collections (a 1 GB directory dump peaked at
// 155 MB RSS with 256 KiB)
const CHUNK = 1 << 16

/**
 * Reads a data file to its end, inflating it when it is gzip; returns the
 * CRC-32 of the file's bytes as read. Rejects when the file is not a
 * complete, intact gzip stream.
 */
export async function readDataFile(path: string): Promise<number> {
  let crc = 0
  const crcOfFile = new Transform({
    transform(chunk: Buffer, _encoding, done) {
      crc = crc32(chunk, crc)
      done(null, chunk)
    }
  })
  const discard = new Writable({
    write(_chunk, _encoding, done) {
      done()
    }
  })
  const file = createReadStream(path, { highWaterMark: CHUNK })
  if (path.endsWith('.gz')) {
    await pipeline(file, crcOfFile, createGunzip({ chunkSize: CHUNK }), discard)
  } else {
    await pipeline(file, crcOfFile, discard)
  }
  return crc
}
