// Reading a finished custom archive back in this process: one pass over the
// file hashes it and reads its data blocks (custom-data.ts), then the
// blocks' positions are checked against the table of contents' offsets.
import { createHash } from 'node:crypto'
import { open } from 'node:fs/promises'
import {
  CustomDataReader,
  DataProblem,
  dataReadable,
  offsetsProblem
} from './custom-data.ts'
import { readCustomToc } from './custom-toc.ts'
import type { FileDigest } from './digest.ts'

// 64 KiB reads, one buffer reused: see data-file.ts
const CHUNK = 1 << 16

/** What reading a custom archive back found. */
interface CustomRead extends FileDigest {
  /** the entries `pg_restore --list` shows */
  entries: number
  /** whether its data was inflated (gzip), or read as it is */
  inflated: boolean
}

/**
 * Reads the custom archive at `path` back and hashes it, in one pass;
 * undefined when this reader does not know it (a table of contents of
 * another version, lz4 or zstd data: pg_restore reads those). Rejects with
 * a {@link DataProblem} when it does not read back; stops with one when
 * `cancelled` says so.
 */
export async function readCustomFile(
  path: string,
  cancelled: () => boolean
): Promise<CustomRead | undefined> {
  const toc = await readCustomToc(path)
  if (!toc || !dataReadable(toc)) return undefined
  const hash = createHash('sha256')
  const reader = new CustomDataReader(toc)
  const handle = await open(path, 'r')
  const buffer = Buffer.allocUnsafe(CHUNK)
  let size = 0
  try {
    for (;;) {
      if (cancelled()) throw new DataProblem('its read-back was stopped')
      const { bytesRead } = await handle.read(buffer, 0, CHUNK, null)
      if (bytesRead === 0) break
      const bytes = buffer.subarray(0, bytesRead)
      hash.update(bytes)
      const from = Math.max(toc.dataStart - size, 0)
      size += bytesRead
      if (from < bytesRead) reader.push(bytes.subarray(from))
    }
    reader.end()
  } finally {
    reader.close()
    await handle.close()
  }
  const problem = offsetsProblem(toc, reader.blocks, size)
  if (problem) {
    throw new DataProblem(`its table of contents is wrong: ${problem}`)
  }
  return {
    size,
    sha256: hash.digest('hex'),
    entries: toc.entries.filter(e => e.listed).length,
    inflated: toc.compression === 'gzip'
  }
}
