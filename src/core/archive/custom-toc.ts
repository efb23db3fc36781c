// The table of contents of a custom archive as pg_dump writes it (WriteToc,
// and the custom format's offsets in _WriteExtraToc): which entries have a
// data block and where it starts, and the extensions it creates. The data
// blocks that follow it are read by custom-data.ts; a restore asks it
// whether the target may already have what the archive creates.
import { open } from 'node:fs/promises'
import { readHead, type ArchiveCompression } from './header.ts'
import { ArchiveReader, Truncated } from './reader.ts'

/** The custom format's offset flags (pg_backup_custom.c). */
// 1 (K_OFFSET_POS_NOT_SET): a data entry whose block is not written yet
export const OFFSET_SET = 2
export const OFFSET_NO_DATA = 3

/** One entry of the table of contents, as far as its data is concerned. */
interface CustomTocEntry {
  dumpId: number
  /** 1 (not set yet), OFFSET_SET or OFFSET_NO_DATA */
  flag: number
  /** where the data block starts, when flag is OFFSET_SET */
  position: number
  /** where in the file the entry's offset (its flag byte) is written */
  offsetAt: number
  /** whether `pg_restore --list` shows it (see {@link listedByDefault}) */
  listed: boolean
}

/** A custom archive's table of contents. */
export interface CustomToc {
  /** how its data blocks are compressed (from the header) */
  compression?: ArchiveCompression
  intSize: number
  offSize: number
  entries: CustomTocEntry[]
  /** the extensions the archive creates (its EXTENSION entries' tags, read as latin1) */
  extensions: string[]
  /** the first byte after the table of contents: the data blocks follow */
  dataStart: number
}

/** Entries pg_restore handles itself (the client's settings), never listed. */
const SPECIAL = new Set(['ENCODING', 'STDSTRINGS', 'SEARCHPATH'])
/** What only `pg_restore --create` restores: the database and its settings. */
const DATABASE = new Set(['DATABASE', 'DATABASE PROPERTIES'])
/** What is attached to another object: the database, a large object. */
const ATTACHED = new Set(['ACL', 'COMMENT', 'SECURITY LABEL'])

/** Entries pg_restore takes for data though no dumper wrote any (sequence values, large objects). */
function dataWithout(desc: string, tag: string): boolean {
  if (['SEQUENCE SET', 'BLOB', 'BLOB METADATA'].includes(desc)) return true
  return ATTACHED.has(desc) && tag.startsWith('LARGE OBJECT')
}

/**
 * Whether `pg_restore --list` without options shows an entry that has a
 * definition or data (`_tocEntryRequired`): all but the special entries, and
 * the database's own entries (its ACL, comment and labels too), which only
 * --create restores.
 */
function listedByDefault(desc: string, tag: string): boolean {
  if (SPECIAL.has(desc) || DATABASE.has(desc)) return false
  return !(ATTACHED.has(desc) && tag.startsWith('DATABASE '))
}

/**
 * How far a parse of a table of contents still being written got: the
 * header, and the entries whole in the bytes given. A parse of the same
 * stream's longer bytes resumes there, so a growing table of contents is
 * parsed once, whatever the number of tries.
 */
export interface TocProgress {
  minor: number
  compression?: ArchiveCompression
  intSize: number
  offSize: number
  count: number
  /** where the first entry not parsed yet starts */
  at: number
  entries: CustomTocEntry[]
  extensions: string[]
}

/**
 * Parses the header and table of contents at the start of `bytes`:
 * `'short'` when they do not fit in `bytes` yet, `'unknown'` when the bytes
 * are not a custom archive of a version this parser knows. `progress`: a
 * record of an earlier parse of the start of the same bytes, resumed and
 * brought up to date (a record of its own by default).
 */
export function tocParse(
  bytes: Buffer,
  progress: { done?: TocProgress } = {}
): CustomToc | 'short' | 'unknown' {
  try {
    const p = (progress.done ??= readTocHead(bytes))
    if (p === undefined) return 'unknown'
    const r = new ArchiveReader(bytes, p.at)
    r.intSize = p.intSize
    r.offSize = p.offSize
    while (p.entries.length < p.count) {
      readEntry(r, p)
      p.at = r.position
    }
    const { compression, intSize, offSize, entries, extensions } = p
    return {
      compression,
      intSize,
      offSize,
      entries,
      extensions,
      dataStart: p.at
    }
  } catch (error) {
    if (error instanceof Truncated) return 'short'
    throw error
  }
}

/** The header and the count of entries; undefined for what this parser does not read. Throws Truncated. */
function readTocHead(bytes: Buffer): TocProgress | undefined {
  const r = new ArchiveReader(bytes)
  const head: { compression?: ArchiveCompression } = {}
  const minor = readHead(r, head)
  if (minor === undefined) return undefined
  const count = r.int()
  const { intSize, offSize } = r
  const { compression } = head
  return {
    minor,
    compression,
    intSize,
    offSize,
    count,
    at: r.position,
    entries: [],
    extensions: []
  }
}

/** Reads one entry into `p` (nothing when the bytes end inside it: Truncated). */
function readEntry(r: ArchiveReader, p: TocProgress): void {
  const dumpId = r.int()
  const hadDumper = r.int() !== 0
  r.skipStr() // tableoid
  r.skipStr() // oid
  // latin1: only ASCII words and prefixes are looked for in them
  const tag = r.str('latin1') ?? ''
  const desc = r.str('latin1') ?? ''
  r.int() // section
  const defined = r.skipStr() > 0 // defn
  // dropStmt, copyStmt, namespace, tablespace, from 1.14 tableam
  for (let s = p.minor >= 14 ? 5 : 4; s > 0; s--) r.skipStr()
  if (p.minor >= 16) r.int() // relkind
  r.skipStr() // owner
  r.skipStr() // "false": WITH OIDS
  while (r.skipStr() >= 0); // dependencies, ended by a NULL string
  const offsetAt = r.position
  const { flag, position } = r.offset()
  const listed =
    (defined || hadDumper || dataWithout(desc, tag)) &&
    listedByDefault(desc, tag)
  p.entries.push({ dumpId, flag, position, offsetAt, listed })
  if (desc === 'EXTENSION') p.extensions.push(tag)
}

/** {@link tocParse}, undefined for anything but a whole table of contents. */
export function parseCustomToc(bytes: Buffer): CustomToc | undefined {
  const toc = tocParse(bytes)
  return typeof toc === 'string' ? undefined : toc
}

const PREFIX_STEP = 1 << 20
/**
 * Past this, a table of contents is not read here (some 300,000 objects):
 * a hostile file claiming longer strings is not read into memory whole.
 */
export const TOC_LIMIT = 64 << 20

/** A finished archive's table of contents, with its bytes. */
type FinishedToc = CustomToc & { head: Buffer }

/**
 * Reads as much of the file's start as its table of contents takes, up to
 * TOC_LIMIT, and parses it; undefined when it does not parse within that.
 */
export async function readCustomToc(
  path: string
): Promise<FinishedToc | undefined> {
  const handle = await open(path, 'r')
  try {
    const { size } = await handle.stat()
    for (let length = PREFIX_STEP; ; length *= 2) {
      const bytes = Buffer.alloc(Math.min(length, size))
      const { bytesRead } = await handle.read(bytes, 0, bytes.length, 0)
      const toc = parseCustomToc(bytes.subarray(0, bytesRead))
      if (toc) return { ...toc, head: bytes.subarray(0, toc.dataStart) }
      if (bytesRead >= size || length >= TOC_LIMIT) return undefined
    }
  } finally {
    await handle.close()
  }
}

/**
 * The finished file's table of contents, from the table of contents `toc`
 * parsed from the bytes `read` before pg_dump rewrote them: the file's
 * first `read.length` bytes must be `read`'s but for the data offsets
 * (pg_dump rewrites nothing else), whose new values are then taken from
 * them; nothing is parsed again. Else where the file first differs.
 */
export async function rewrittenToc(
  path: string,
  read: Buffer,
  toc: CustomToc
): Promise<FinishedToc | { changedAt: number }> {
  const head = Buffer.alloc(read.length)
  const handle = await open(path, 'r')
  try {
    const { bytesRead } = await handle.read(head, 0, head.length, 0)
    const changedAt =
      bytesRead < head.length
        ? bytesRead
        : changedOutsideOffsets(read, head, toc)
    if (changedAt !== undefined) return { changedAt }
  } finally {
    await handle.close()
  }
  const entries = toc.entries.map(e => {
    const r = new ArchiveReader(head, e.offsetAt)
    r.offSize = toc.offSize
    return { ...e, ...r.offset() }
  })
  return { ...toc, entries, head }
}

/** Where `head` first differs from `read` (of the same length) outside the offsets of `toc`'s entries. */
function changedOutsideOffsets(
  read: Buffer,
  head: Buffer,
  toc: CustomToc
): number | undefined {
  let from = 0
  for (const end of [...toc.entries.map(e => e.offsetAt), head.length]) {
    if (read.compare(head, from, end, from, end) !== 0) {
      while (read[from] === head[from]) from++
      return from
    }
    from = end + 1 + toc.offSize
  }
  return undefined
}
