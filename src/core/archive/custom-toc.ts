// The table of contents of a custom archive as pg_dump writes it (WriteToc,
// and the custom format's offsets in _WriteExtraToc): which entries have a
// data block and where it starts. Used to check, without pg_restore, that
// the offsets pg_dump rewrote at the end point at the right blocks.
import { open } from 'node:fs/promises'
import { readHead } from './header.ts'
import { ArchiveReader, Truncated } from './reader.ts'

/** The custom format's offset flags (pg_backup_custom.c). */
const OFFSET_NOT_SET = 1
export const OFFSET_SET = 2
export const OFFSET_NO_DATA = 3

/** A data block's type byte: table data, or large objects. */
const BLOCK_TYPES: ReadonlySet<number> = new Set([1, 3])

/** One entry of the table of contents, as far as its data is concerned. */
interface CustomTocEntry {
  dumpId: number
  /** OFFSET_NOT_SET, OFFSET_SET or OFFSET_NO_DATA */
  flag: number
  /** where the data block starts, when flag is OFFSET_SET */
  position: number
  /** where in the file the entry's offset (its flag byte) is written */
  offsetAt: number
}

/** A custom archive's table of contents. */
interface CustomToc {
  intSize: number
  entries: CustomTocEntry[]
  /** the first byte after the table of contents: the data blocks follow */
  dataStart: number
}

/**
 * Parses the header and table of contents at the start of `bytes`:
 * `'short'` when they do not fit in `bytes` yet, `'unknown'` when the bytes
 * are not a custom archive of a version this parser knows.
 */
export function tocParse(bytes: Buffer): CustomToc | 'short' | 'unknown' {
  const r = new ArchiveReader(bytes)
  try {
    const minor = readHead(r)
    if (minor === undefined) return 'unknown'
    const count = r.int()
    const entries: CustomTocEntry[] = []
    for (let i = 0; i < count; i++) {
      const dumpId = r.int()
      r.int() // hadDumper
      r.str() // tableoid
      r.str() // oid
      r.str() // tag
      r.str() // desc
      r.int() // section
      // defn, dropStmt, copyStmt, namespace, tablespace, and from 1.14 tableam
      for (let s = minor >= 14 ? 6 : 5; s > 0; s--) r.str()
      if (minor >= 16) r.int() // relkind
      r.str() // owner
      r.str() // "false": WITH OIDS
      while (r.str() !== undefined); // dependencies, ended by a NULL string
      const offsetAt = r.position
      const { flag, position } = r.offset()
      entries.push({ dumpId, flag, position, offsetAt })
    }
    return { intSize: r.intSize, entries, dataStart: r.position }
  } catch (error) {
    if (error instanceof Truncated) return 'short'
    throw error
  }
}

/** {@link tocParse}, undefined for anything but a whole table of contents. */
export function parseCustomToc(bytes: Buffer): CustomToc | undefined {
  const toc = tocParse(bytes)
  return typeof toc === 'string' ? undefined : toc
}

const PREFIX_STEP = 1 << 20

/** Reads as much of the file's start as its table of contents takes, and parses it. */
export async function readCustomToc(
  path: string
): Promise<CustomToc | undefined> {
  const handle = await open(path, 'r')
  try {
    const { size } = await handle.stat()
    for (let length = PREFIX_STEP; ; length *= 2) {
      const bytes = Buffer.alloc(Math.min(length, size))
      const { bytesRead } = await handle.read(bytes, 0, bytes.length, 0)
      const toc = parseCustomToc(bytes.subarray(0, bytesRead))
      if (toc || bytesRead >= size) return toc
    }
  } finally {
    await handle.close()
  }
}

/**
 * What is wrong with the data offsets of a finished custom archive, or
 * undefined: every entry whose offset is set must point, inside the file,
 * at a data block headed with its own dump id — what pg_restore checks when
 * it seeks to an entry's data.
 */
export async function dataOffsetProblem(
  path: string,
  toc: CustomToc
): Promise<string | undefined> {
  const handle = await open(path, 'r')
  try {
    const { size } = await handle.stat()
    const head = Buffer.alloc(2 + toc.intSize)
    for (const entry of toc.entries) {
      if (entry.flag === OFFSET_NO_DATA || entry.flag === OFFSET_NOT_SET) {
        continue
      }
      if (entry.flag !== OFFSET_SET) {
        return `entry ${entry.dumpId} has an unknown offset flag ${entry.flag}`
      }
      if (entry.position < toc.dataStart || entry.position >= size) {
        return `the data offset of entry ${entry.dumpId} (${entry.position}) lies outside the data blocks`
      }
      const { bytesRead } = await handle.read(
        head,
        0,
        head.length,
        entry.position
      )
      const r = new ArchiveReader(head.subarray(0, bytesRead))
      r.intSize = toc.intSize
      let type: number, id: number
      try {
        type = r.byte()
        id = r.int()
      } catch {
        return `the data block of entry ${entry.dumpId} is cut short`
      }
      if (!BLOCK_TYPES.has(type) || id !== entry.dumpId) {
        return `the data offset of entry ${entry.dumpId} points at block ${id} (type ${type})`
      }
    }
    return undefined
  } finally {
    await handle.close()
  }
}
