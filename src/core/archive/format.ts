// Recognises what kind of dump a file is from its first bytes, so restore
// can pick pg_restore or psql without being told.
import { constants, type Stats } from 'node:fs'
import { open, stat } from 'node:fs/promises'
import { join } from 'node:path'

/** What a dump on disk is. */
export type ArchiveFormat = 'custom' | 'tar' | 'directory' | 'plain'

/** Why a file is not something we can restore. */
export class UnrecognizedDumpError extends Error {
  override readonly name = 'UnrecognizedDumpError'
}

/** What a restore takes, for messages that refuse anything else. */
export const DUMP_PATHS =
  'a regular file (a custom, tar or plain SQL dump) or a directory-format dump (a folder with toc.dat)'

/**
 * What a path is when it can hold no dump: a FIFO, a socket or a device,
 * which reading would block on or never finish; undefined for a regular
 * file or a folder.
 */
export function specialFileKind(info: Stats): string | undefined {
  if (info.isFile() || info.isDirectory()) return undefined
  if (info.isFIFO()) return 'a FIFO (named pipe)'
  if (info.isSocket()) return 'a socket'
  if (info.isCharacterDevice()) return 'a character device'
  if (info.isBlockDevice()) return 'a block device'
  return 'not a regular file'
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
  const special = specialFileKind(info)
  if (special) {
    throw new UnrecognizedDumpError(
      `${path} is ${special}, not a dump: expected ${DUMP_PATHS}`
    )
  }
  if (info.isDirectory()) {
    const toc = await stat(join(path, 'toc.dat')).catch(() => undefined)
    if (toc?.isFile()) return 'directory'
    throw new UnrecognizedDumpError(
      `${path} is a folder without toc.dat: not a directory-format dump`
    )
  }
  return headFormat(await readPrefix(path, HEAD_BYTES), path)
}

/** The format a single-file dump's first bytes show ({@link detectArchiveFormat}); `name` is for messages. */
export function headFormat(
  head: Buffer,
  name: string
): Exclude<ArchiveFormat, 'directory'> {
  if (head.length === 0) {
    throw new UnrecognizedDumpError(`${name} is empty: not a PostgreSQL dump`)
  }
  if (head.subarray(0, 5).toString('latin1') === 'PGDMP') return 'custom'
  const tarMagic = head.subarray(TAR_MAGIC_OFFSET, TAR_MAGIC_OFFSET + 5)
  if (tarMagic.toString('latin1') === 'ustar') return 'tar'
  if (!head.includes(0)) return 'plain'
  throw new UnrecognizedDumpError(
    `${name} is neither a pg_dump archive (custom, tar or directory) nor a plain SQL script`
  )
}

/**
 * The first `length` bytes of a regular file (fewer if it is shorter).
 * Opened without blocking, so a FIFO put in its place is refused instead
 * of waiting for a writer for good.
 */
export async function readPrefix(
  path: string,
  length: number
): Promise<Buffer> {
  const handle = await open(path, constants.O_RDONLY | constants.O_NONBLOCK)
  try {
    const special = specialFileKind(await handle.stat())
    if (special) {
      throw new UnrecognizedDumpError(`${path} is ${special}, not a dump`)
    }
    const buffer = Buffer.alloc(length)
    const { bytesRead } = await handle.read(buffer, 0, length, 0)
    return buffer.subarray(0, bytesRead)
  } finally {
    await handle.close()
  }
}

/** Where pg_dump's plain SQL starts: its opening comment block. */
const PLAIN_HEADER = /^--\r?\n-- PostgreSQL database dump\r?\n/

/**
 * The format of a file as pg_dump writes it, from its first bytes (at
 * least 512 + 5): `PGDMP` (custom), a tar whose first member is toc.dat,
 * or pg_dump's opening comment (plain); undefined for anything else. Stricter
 * than {@link detectArchiveFormat}, which takes any text for a script: only
 * what this recognises may be replaced by a new dump.
 */
export function pgDumpFileFormat(
  head: Buffer
): Exclude<ArchiveFormat, 'directory'> | undefined {
  if (head.subarray(0, 5).toString('latin1') === 'PGDMP') return 'custom'
  const tarMagic = head.subarray(TAR_MAGIC_OFFSET, TAR_MAGIC_OFFSET + 5)
  const firstMember = head.subarray(0, 8).toString('latin1')
  if (tarMagic.toString('latin1') === 'ustar' && firstMember === 'toc.dat\0')
    return 'tar'
  if (PLAIN_HEADER.test(head.subarray(0, 64).toString('latin1'))) return 'plain'
  return undefined
}
