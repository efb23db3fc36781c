// Size and SHA-256 of a dump, read as a stream so no dump is held in memory.
// A directory archive is hashed file by file in name order.
import { createHash, type Hash } from 'node:crypto'
import { createReadStream } from 'node:fs'
import { readdir, stat } from 'node:fs/promises'
import { join, relative, sep } from 'node:path'
import { pipeline } from 'node:stream/promises'

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

async function hashFile(path: string, hash: Hash): Promise<void> {
  await pipeline(createReadStream(path), hash, { end: false })
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
