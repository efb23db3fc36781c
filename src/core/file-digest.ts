// Size and SHA-256 of a dump, read as a stream so no dump is held in memory.
import { createHash } from 'node:crypto'
import { createReadStream } from 'node:fs'
import { stat } from 'node:fs/promises'
import { pipeline } from 'node:stream/promises'

/** What the outputs report about a file. */
export interface FileDigest {
  /** bytes */
  size: number
  /** lower-case hex SHA-256 of the content */
  sha256: string
}

/** Streams the file once to hash it. */
export async function fileDigest(path: string): Promise<FileDigest> {
  const hash = createHash('sha256')
  await pipeline(createReadStream(path), hash)
  const { size } = await stat(path)
  return { size, sha256: hash.digest('hex') }
}
