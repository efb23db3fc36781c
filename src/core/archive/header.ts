// Reads what a dump says about itself (archive version, source server, the
// pg_dump that wrote it, database name) from its first bytes, without pg_restore.
import { join } from 'node:path'
import {
  detectArchiveFormat,
  HEAD_BYTES,
  headFormat,
  readPrefix,
  type ArchiveFormat
} from './format.ts'
import { parseVersion, type PgVersion } from '../versions.ts'
import { ArchiveReader, Truncated } from './reader.ts'

/** What the header of a dump records about where it came from. */
export interface ArchiveHeader {
  format: ArchiveFormat
  /** archive format version for custom/tar/directory, e.g. '1.14' (1.14 from pg_dump 15, 1.16 from pg_dump 18) */
  archiveVersion?: string
  /** the server the dump was taken from ("Dumped from database version") */
  dumpedFrom?: PgVersion
  /** the pg_dump that wrote it ("Dumped by pg_dump version") */
  dumpedBy?: PgVersion
  /** database name recorded in the archive, if any */
  dbname?: string
}

const TAR_BLOCK = 512
const TAR_SIZE_OFFSET = 124
const TAR_SIZE_LENGTH = 12

/**
 * Archive minor version (1.x) → the first pg_dump major that wrote it. pg_restore
 * reads every archive version up to its own, so this is also the oldest
 * pg_restore major that reads it.
 */
const FIRST_WRITER: ReadonlyMap<number, number> = new Map([
  [12, 9], // 9.0
  // 1.13 was back-patched into 9.3.22, 9.4.17, 9.5.12, 9.6.8 and 10.3 (the
  // CVE-2018-1058 search_path fix); 11 is the first major all of whose
  // releases read it, and a major is all we can name
  [13, 11],
  [14, 12],
  [15, 16],
  [16, 17] // pg_dump 18 still writes 1.16
])
const OLDEST_PARSED = 12
const NEWEST_KNOWN = 16
// pg_dump 18 writes 1.16 and pg_restore refuses any archive newer than its
// own version, so anything newer needs a pg_restore newer than 18
const NEWEST_KNOWN_WRITER = 18

/**
 * The header of the dump at `path`: for custom, tar and directory archives
 * PostgreSQL's archive header (in tar and directory archives, that of
 * `toc.dat`); for plain SQL the leading `-- Dumped from/by` comments. A short
 * or unfamiliar header gives what could be read (the format at least): only
 * {@link detectArchiveFormat}'s errors and failures to read are thrown.
 */
export async function readArchiveHeader(path: string): Promise<ArchiveHeader> {
  const format = await detectArchiveFormat(path)
  if (format === 'directory') {
    const toc = await readPrefix(join(path, 'toc.dat'), HEAD_BYTES)
    return { format, ...parseArchiveHead(toc) }
  }
  return headerOf(await readPrefix(path, HEADER_BYTES), path)
}

/** How much of a single-file dump {@link headerOf} reads. */
export const HEADER_BYTES = TAR_BLOCK + HEAD_BYTES

/**
 * The header of a single-file dump from its first {@link HEADER_BYTES}
 * bytes (fewer when it is shorter), e.g. those an age file decrypts to;
 * `name` is for messages.
 */
export function headerOf(head: Buffer, name: string): ArchiveHeader {
  const format = headFormat(head, name)
  switch (format) {
    case 'custom':
      return { format, ...parseArchiveHead(head.subarray(0, HEAD_BYTES)) }
    case 'tar':
      return { format, ...parseArchiveHead(tocFromTar(head)) }
    case 'plain': {
      const start = head.subarray(0, HEAD_BYTES)
      return {
        format,
        ...parsePlainHead(start, start.length === HEAD_BYTES)
      }
    }
  }
}

/**
 * The oldest pg_restore/psql major that can read the dump. An archive needs
 * the first major that wrote its archive version (pg_restore reads every
 * version up to its own, so pg_restore 17 reads pg_dump 18's 1.16; a version
 * newer than any known needs a major newer than 18); without one, or for a
 * plain script, the major of the pg_dump that wrote it; else undefined.
 */
export function minimumReaderMajor(header: ArchiveHeader): number | undefined {
  const m = /^(\d+)\.(\d+)$/.exec(header.archiveVersion ?? '')
  if (!m) return header.dumpedBy?.major
  const [major, minor] = [Number(m[1]), Number(m[2])]
  if (major > 1 || (major === 1 && minor > NEWEST_KNOWN)) {
    return NEWEST_KNOWN_WRITER + 1
  }
  return major === 1 ? FIRST_WRITER.get(minor) : undefined
}

/** How an archive's data is compressed. */
export type ArchiveCompression = 'none' | 'gzip' | 'lz4' | 'zstd' | 'unknown'
const COMPRESSIONS: readonly ArchiveCompression[] = [
  'none',
  'gzip',
  'lz4',
  'zstd'
]

type HeadFields = Omit<ArchiveHeader, 'format'> & {
  compression?: ArchiveCompression
}

/** The start of the data of the tar's first member when that is toc.dat, as pg_dump writes it. */
function tocFromTar(head: Buffer): Buffer {
  if (head.length < TAR_BLOCK) return Buffer.alloc(0)
  const nameEnd = head.indexOf(0)
  const name = head.subarray(0, nameEnd < 0 || nameEnd > 100 ? 100 : nameEnd)
  if (name.toString('latin1') !== 'toc.dat') return Buffer.alloc(0)
  const data = head.subarray(TAR_BLOCK)
  // past the member's end come padding and the next member, not header
  const sizeField = head
    .subarray(TAR_SIZE_OFFSET, TAR_SIZE_OFFSET + TAR_SIZE_LENGTH)
    .toString('latin1')
    .replace(/[\0 ]/g, '')
  return /^[0-7]+$/.test(sizeField)
    ? data.subarray(0, parseInt(sizeField, 8))
    : data
}

/**
 * PostgreSQL's archive header (WriteHead/ReadHead in pg_backup_archiver.c):
 * `PGDMP`, version bytes major/minor/revision, intSize, offSize, format,
 * compression (1.15+: an algorithm byte; before: an int level), creation time
 * as 7 ints, then the database name, server version and pg_dump version.
 */
function parseArchiveHead(bytes: Buffer): HeadFields {
  const fields: HeadFields = {}
  try {
    readHead(new ArchiveReader(bytes), fields)
  } catch (error) {
    if (!(error instanceof Truncated)) throw error
  }
  // what the header records of the dump's origin; the compression is the
  // custom-format reader's business (custom-toc.ts)
  delete fields.compression
  return fields
}

/**
 * Reads the header at the reader's place into `fields`, and sets the
 * reader's intSize and offSize from it. Returns the archive's minor version
 * when the whole header was read and its layout is one this parser knows,
 * else undefined; throws {@link Truncated} when the bytes run out.
 */
export function readHead(
  r: ArchiveReader,
  fields: HeadFields = {}
): number | undefined {
  for (const c of 'PGDMP') if (r.byte() !== c.charCodeAt(0)) return undefined
  const vmaj = r.byte()
  const vmin = r.byte()
  fields.archiveVersion = `${vmaj}.${vmin}`
  // older layouts differ in ways not worth carrying; newer ones are unknown
  if (vmaj !== 1 || vmin < OLDEST_PARSED || vmin > NEWEST_KNOWN) {
    return undefined
  }
  r.byte() // revision
  r.intSize = r.byte()
  // pg_dump writes sizeof(int); anything else this large is not a header
  if (r.intSize < 1 || r.intSize > 8) return undefined
  r.offSize = r.byte()
  if (r.offSize < 1 || r.offSize > 8) return undefined
  // 1 for custom; tar and directory archives both say 3 (tar)
  r.byte() // format
  // 1.15 on: the algorithm (pg_compress_algorithm); before, a gzip level
  // (0 none, -1 zlib's default)
  if (vmin >= 15) fields.compression = COMPRESSIONS[r.byte()] ?? 'unknown'
  else fields.compression = r.int() === 0 ? 'none' : 'gzip'
  for (let i = 0; i < 7; i++) r.int() // tm_sec … tm_isdst, local time
  const dbname = r.str()
  if (dbname !== undefined) fields.dbname = dbname
  const dumpedFrom = versionOf(r.str())
  if (dumpedFrom) fields.dumpedFrom = dumpedFrom
  const dumpedBy = versionOf(r.str())
  if (dumpedBy) fields.dumpedBy = dumpedBy
  return vmin
}

function versionOf(text: string | undefined): PgVersion | undefined {
  return text === undefined ? undefined : parseVersion(text)
}

const DUMPED_FROM = /^--\s*Dumped from database version\s+(.+)$/
const DUMPED_BY = /^--\s*Dumped by pg_dump(?:all)? version\s+(.+)$/

/** The `-- Dumped from/by` lines of the comment block a plain dump opens with. */
function parsePlainHead(bytes: Buffer, cut: boolean): HeadFields {
  const fields: HeadFields = {}
  let text = bytes.toString('utf8')
  // a line cut by the read limit could pass for a shorter version
  if (cut) text = text.slice(0, text.lastIndexOf('\n') + 1)
  for (const raw of text.split('\n')) {
    const line = raw.replace(/\r$/, '').trim()
    if (line === '') continue
    // psql meta-commands (\restrict, since the 2025 minor releases) come
    // before the version comments
    if (line.startsWith('\\')) continue
    if (!line.startsWith('--')) break
    const from = DUMPED_FROM.exec(line)
    const by = DUMPED_BY.exec(line)
    const dumpedFrom = from ? parseVersion(from[1]) : undefined
    const dumpedBy = by ? parseVersion(by[1]) : undefined
    if (dumpedFrom && !fields.dumpedFrom) fields.dumpedFrom = dumpedFrom
    if (dumpedBy && !fields.dumpedBy) fields.dumpedBy = dumpedBy
  }
  return fields
}
