// The data blocks of a custom archive, read in this process as pg_restore
// reads them (pg_backup_custom.c: _readBlockHeader, _PrintData, _LoadLOs;
// compress_io.c and compress_gzip.c for one zlib stream per block). After
// the table of contents come the blocks, in sequence: a type byte (1 table
// data, 3 large objects) and the entry's dump id; table data is then
// length-prefixed chunks until a zero length, large objects are (oid,
// chunks) pairs until oid 0. With gzip each run of chunks is one zlib
// stream, inflated here to its end (which checks every deflate block and
// the adler32 at its end); uncompressed chunks are passed over as they are.
// pg_restore does nothing more with a block when its output is thrown away.
// Inflating into one reused buffer (inflate.ts) takes about a third of the
// CPU pg_restore takes for the same archive, and no second process competes
// with pg_dump for the cores.
import { OFFSET_NO_DATA, OFFSET_SET, type CustomToc } from './custom-toc.ts'
import { Stream, SYNC_INFLATE } from './inflate.ts'

const BLK_DATA = 1
const BLK_BLOBS = 3

/** What is wrong with an archive's data blocks: it does not read back. */
export class DataProblem extends Error {}

/** Whether this reader reads the archive's data: gzip or uncompressed, not lz4 or zstd. */
export function dataReadable(toc: CustomToc): boolean {
  if (toc.compression === 'none') return true
  return toc.compression === 'gzip' && SYNC_INFLATE
}

/** Where the parser is: the next field it reads, or a chunk's bytes. */
type State = 'type' | 'id' | 'length' | 'body' | 'oid'

/**
 * Reads the data blocks of a custom archive pushed to it in pieces of any
 * size, from the table of contents' end on; throws a {@link DataProblem}
 * at the first thing pg_restore would refuse, or that a sound archive never
 * holds. {@link blocks} says where each entry's block started.
 */
export class CustomDataReader {
  readonly #toc: CustomToc
  readonly #flags = new Map<number, number>()
  readonly #inflate: boolean
  /** each block's file position, by dump id */
  readonly blocks = new Map<number, number>()
  #state: State = 'type'
  #position: number
  #field = Buffer.alloc(9)
  #have = 0
  #remaining = 0
  #type = 0
  #id = 0
  #blockAt = 0
  #stream?: Stream
  /** a finished block's zlib state, reset for the next block */
  #spare?: Stream

  constructor(toc: CustomToc) {
    this.#toc = toc
    this.#position = toc.dataStart
    this.#inflate = toc.compression === 'gzip'
    for (const e of toc.entries) this.#flags.set(e.dumpId, e.flag)
  }

  /** The next bytes of the archive; nothing of them is kept. */
  push(bytes: Buffer): void {
    let i = 0
    while (i < bytes.length) {
      if (this.#state === 'body') {
        const n = Math.min(this.#remaining, bytes.length - i)
        if (this.#stream) this.#inflateSome(bytes.subarray(i, i + n))
        this.#remaining -= n
        this.#position += n
        i += n
        if (this.#remaining === 0) this.#state = 'length'
        continue
      }
      const want = this.#state === 'type' ? 1 : 1 + this.#toc.intSize
      const n = Math.min(want - this.#have, bytes.length - i)
      bytes.copy(this.#field, this.#have, i, i + n)
      this.#have += n
      i += n
      if (this.#have < want) break
      this.#have = 0
      this.#position += want
      this.#read(want === 1 ? this.#field[0] : this.#int())
    }
  }

  /** The archive ended here: it must end between blocks. */
  end(): void {
    if (this.#state !== 'type' || this.#have > 0) {
      throw new DataProblem(
        `it ends inside the data block of entry ${this.#id} (at byte ${this.#position + this.#have})`
      )
    }
  }

  /** Stops reading: frees an inflation under way. */
  close(): void {
    this.#stream?.close()
    this.#stream = undefined
    this.#spare?.close()
    this.#spare = undefined
  }

  /** The int in #field: a sign byte, then intSize bytes, least significant first. */
  #int(): number {
    const size = this.#toc.intSize
    const value =
      size <= 6
        ? this.#field.readUIntLE(1, size)
        : this.#field.readUIntLE(1, 6) + this.#field[7] * 2 ** 48
    return this.#field[0] !== 0 ? -value : value
  }

  #read(value: number): void {
    switch (this.#state) {
      case 'type':
        if (value !== BLK_DATA && value !== BLK_BLOBS) {
          throw new DataProblem(
            `it holds an unknown data block type ${value} at byte ${this.#position - 1}`
          )
        }
        this.#type = value
        this.#blockAt = this.#position - 1
        this.#state = 'id'
        return
      case 'id':
        this.#block(value)
        this.#state = this.#type === BLK_DATA ? 'length' : 'oid'
        return
      case 'oid':
        // oid 0 ends the large objects
        this.#state = value === 0 ? 'type' : 'length'
        return
      default:
        return this.#length(value)
    }
  }

  /** A block's dump id: an entry with data, its first block. */
  #block(id: number): void {
    this.#id = id
    const flag = this.#flags.get(id)
    const at = `the data block at byte ${this.#blockAt}`
    if (flag === undefined) {
      throw new DataProblem(`${at} belongs to no entry (dump id ${id})`)
    }
    if (flag === OFFSET_NO_DATA) {
      throw new DataProblem(`${at} belongs to entry ${id}, which has no data`)
    }
    const first = this.blocks.get(id)
    if (first !== undefined) {
      throw new DataProblem(
        `${at} repeats entry ${id}'s data (first at byte ${first})`
      )
    }
    this.blocks.set(id, this.#blockAt)
  }

  #length(length: number): void {
    if (length < 0) {
      throw new DataProblem(
        `a chunk of entry ${this.#id}'s data has a negative length (at byte ${this.#position})`
      )
    }
    if (length > 0) {
      // a stream from the first chunk on
      if (this.#inflate) this.#stream ??= this.#spare ?? new Stream()
      this.#spare = undefined
      this.#remaining = length
      this.#state = 'body'
      return
    }
    if (this.#stream) {
      this.#inflateSome()
      this.#spare = this.#stream
      this.#spare.reset()
      this.#stream = undefined
    } else if (this.#inflate) {
      // pg_dump's zlib compressor writes a whole stream even for no data,
      // and pg_restore refuses a block without one
      throw new DataProblem(
        `the compressed data of entry ${this.#id} holds no zlib stream (at byte ${this.#position})`
      )
    }
    this.#state = this.#type === BLK_DATA ? 'type' : 'oid'
  }

  /** Inflates chunk bytes, or with none ends the stream; a zlib failure names the entry. */
  #inflateSome(bytes?: Buffer): void {
    const stream = this.#stream as Stream
    try {
      if (bytes) stream.write(bytes)
      else stream.end()
    } catch (error) {
      this.close()
      throw new DataProblem(
        `the compressed data of entry ${this.#id} does not inflate (${(error as Error).message})`
      )
    }
  }
}

/**
 * What is wrong with a finished archive's data offsets, given the blocks
 * read, or undefined: every entry that has data must have its block, at
 * the offset its table of contents gives (pg_restore seeks there and
 * checks the block's id).
 */
export function offsetsProblem(
  toc: CustomToc,
  blocks: ReadonlyMap<number, number>,
  size: number
): string | undefined {
  const at = new Map([...blocks].map(([id, position]) => [position, id]))
  for (const entry of toc.entries) {
    if (entry.flag === OFFSET_NO_DATA) continue
    if (!blocks.has(entry.dumpId)) {
      return `entry ${entry.dumpId} has no data block`
    }
    if (entry.flag !== OFFSET_SET) {
      return `entry ${entry.dumpId} has no data offset (flag ${entry.flag})`
    }
    if (entry.position < toc.dataStart || entry.position >= size) {
      return `the data offset of entry ${entry.dumpId} (${entry.position}) lies outside the data blocks`
    }
    const id = at.get(entry.position)
    if (id !== entry.dumpId) {
      return id === undefined
        ? `the data offset of entry ${entry.dumpId} (${entry.position}) is not where a block starts`
        : `the data offset of entry ${entry.dumpId} points at block ${id}`
    }
  }
  return undefined
}
