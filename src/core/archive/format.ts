// Recognises what kind of dump a file is from its first bytes, so restore
// can pick pg_restore or psql without being told.
import { open, stat } from 'node:fs/promises'
import { join } from 'node:path'

/** What a dump on disk is. */
export type ArchiveFormat = 'custom' | 'tar' | 'directory' | 'plain'

/** Why a file is not something we can restore. */
export class UnrecognizedDumpError extends Error {
  override readonly name = 'UnrecognizedDumpError'
}

/** Enough of a dump's start for its format and header (a few hundred bytes in practice). */
export const HEAD_BYTES = 4096
const TAR_MAGIC_OFFSET = 257

/**
 * The format of the dump at `path`: `PGDMP` starts a custom archive, `ustar`
 * at byte 257 marks a tar archive, a folder with `toc.dat` is a directory
 * archive, and text without NUL bytes is taken as a plain SQL script.
 */
export async function detectArchiveFormat(
  path: string
): Promise<ArchiveFormat> {
  const info = await stat(path)
  if (info.isDirectory()) {
    const toc = await stat(join(path, 'toc.dat')).catch(() => undefined)
    if (toc?.isFile()) return 'directory'
    throw new UnrecognizedDumpError(
      `${path} is a folder without toc.dat: not a directory-format dump`
    )
  }
  const head = await readPrefix(path, HEAD_BYTES)
  if (head.length === 0) {
    throw new UnrecognizedDumpError(`${path} is empty: not a PostgreSQL dump`)
  }
  if (head.subarray(0, 5).toString('latin1') === 'PGDMP') return 'custom'
  const tarMagic = head.subarray(TAR_MAGIC_OFFSET, TAR_MAGIC_OFFSET + 5)
  if (tarMagic.toString('latin1') === 'ustar') return 'tar'
  if (!head.includes(0)) return 'plain'
  throw new UnrecognizedDumpError(
    `${path} is neither a pg_dump archive (custom, tar or directory) nor a plain SQL script`
  )
}

/** The first `length` bytes of a file (fewer if it is shorter). */
export async function readPrefix(
  path: string,
  length: number
): Promise<Buffer> {
  const handle = await open(path, 'r')
  try {
    const buffer = Buffer.alloc(length)
    const { bytesRead } = await handle.read(buffer, 0, length, 0)
    return buffer.subarray(0, bytesRead)
  } finally {
    await handle.close()
  }
}
