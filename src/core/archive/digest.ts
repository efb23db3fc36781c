// Size and SHA-256 of a dump, read in fixed chunks so no dump is held in memory.
// A directory archive is hashed file by file in name order.
import { createHash, type Hash } from 'node:crypto'
import { open, readdir, stat } from 'node:fs/promises'
import { join, relative, sep } from 'node:path'
import { crc32 } from 'node:zlib'

/** What the outputs report about a file. */
export interface FileDigest {
  /** bytes (a directory: its files' bytes added up) */
  size: number
  /**
   * lower-case hex SHA-256 of the content; for a directory, of each file's
   * relative path, size and bytes in name order
   */
  sha256: string
}

// one buffer, reused for every read: hashing a large dump allocates nothing
// per chunk, so the action's memory does not grow with the dump
const CHUNK = 1 << 20

/** A byte range [start, end) of a file whose CRC-32 is taken in the same pass. */
interface CrcRange {
  start: number
  end: number
}

async function hashFile(
  path: string,
  hash: Hash | undefined,
  range?: CrcRange
): Promise<number> {
  const handle = await open(path, 'r')
  const buffer = Buffer.allocUnsafe(CHUNK)
  let position = 0
  let crc = 0
  try {
    for (;;) {
      const { bytesRead } = await handle.read(buffer, 0, CHUNK, null)
      if (bytesRead === 0) break
      const bytes = buffer.subarray(0, bytesRead)
      hash?.update(bytes)
      if (range) {
        const from = Math.max(range.start - position, 0)
        const to = Math.min(range.end - position, bytesRead)
        if (to > from) crc = crc32(bytes.subarray(from, to), crc)
      }
      position += bytesRead
    }
  } finally {
    await handle.close()
  }
  return crc
}

/** The files under a folder, relative paths with `/`, sorted. */
async function filesUnder(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true })
  return entries
    .filter(e => e.isFile())
    .map(e => relative(dir, join(e.parentPath, e.name)).split(sep).join('/'))
    .sort()
}

/** What a digest pass also takes, besides the SHA-256. */
interface DigestExtras {
  /** a file's CRC-32 over this range */
  crc32?: number
  /** a folder's files' CRC-32s, by relative path */
  fileCrcs?: Map<string, number>
}

const WHOLE: CrcRange = { start: 0, end: Number.POSITIVE_INFINITY }

/** The CRC-32 of a whole file, read in fixed chunks. */
export async function fileCrc(path: string): Promise<number> {
  return hashFile(path, undefined, WHOLE)
}

/**
 * Streams the file (or every file of the folder) once to hash it; `crc`
 * asks for the CRC-32 of a range of a file, or (any range) of each file of
 * a folder, from the same pass.
 */
export async function fileDigest(
  path: string,
  crc?: CrcRange
): Promise<FileDigest & DigestExtras> {
  const hash = createHash('sha256')
  const info = await stat(path)
  if (!info.isDirectory()) {
    const crc32 = await hashFile(path, hash, crc)
    return {
      size: info.size,
      sha256: hash.digest('hex'),
      ...(crc && { crc32 })
    }
  }
  let size = 0
  const fileCrcs = new Map<string, number>()
  for (const name of await filesUnder(path)) {
    const file = join(path, ...name.split('/'))
    const bytes = (await stat(file)).size
    size += bytes
    hash.update(`${name}\0${bytes}\0`)
    const crc32 = await hashFile(file, hash, crc && WHOLE)
    if (crc) fileCrcs.set(name, crc32)
  }
  return { size, sha256: hash.digest('hex'), ...(crc && { fileCrcs }) }
}
