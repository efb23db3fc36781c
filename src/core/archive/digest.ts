// Size and SHA-256 of a dump, read in fixed chunks so no dump is held in memory.
// A directory archive is hashed file by file in name order.
import { createHash, type Hash } from 'node:crypto'
import { open, readdir, stat } from 'node:fs/promises'
import { join, relative, sep } from 'node:path'

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

async function hashFile(path: string, hash: Hash): Promise<void> {
  const handle = await open(path, 'r')
  const buffer = Buffer.allocUnsafe(CHUNK)
  try {
    for (;;) {
      const { bytesRead } = await handle.read(buffer, 0, CHUNK, null)
      if (bytesRead === 0) break
      hash.update(buffer.subarray(0, bytesRead))
    }
  } finally {
    await handle.close()
  }
}

/** The files under a folder, relative paths with `/`, sorted. */
async function filesUnder(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true })
  return entries
    .filter(e => e.isFile())
    .map(e => relative(dir, join(e.parentPath, e.name)).split(sep).join('/'))
    .sort()
}

/** Streams the file (or every file of the folder) once to hash it. */
export async function fileDigest(path: string): Promise<FileDigest> {
  const hash = createHash('sha256')
  const info = await stat(path)
  if (!info.isDirectory()) {
    await hashFile(path, hash)
    return { size: info.size, sha256: hash.digest('hex') }
  }
  let size = 0
  for (const name of await filesUnder(path)) {
    const file = join(path, ...name.split('/'))
    const bytes = (await stat(file)).size
    size += bytes
    hash.update(`${name}\0${bytes}\0`)
    await hashFile(file, hash)
  }
  return { size, sha256: hash.digest('hex') }
}
