// Follows a custom archive while pg_dump writes it. pg_dump writes the header
// and table of contents, appends the data blocks, and at the end rewrites the
// table of contents in place with the blocks' offsets. The follower reads
// the file as it grows and reads its data blocks back in this process
// (archive/custom-data.ts), inflating every block while pg_dump still
// works; it keeps the table of contents as read, where each block started,
// and a CRC-32 of the data it read, so the finished file can be shown to
// hold the bytes that were read.
import { open, type FileHandle } from 'node:fs/promises'
import { crc32 } from 'node:zlib'
import { CustomDataReader, dataReadable } from '../archive/custom-data.ts'
import { WriterWatch } from '../archive/writer-watch.ts'
import {
  TOC_LIMIT,
  tocParse,
  type CustomToc,
  type TocProgress
} from '../archive/custom-toc.ts'

// one buffer, reused once the reader has taken its bytes (it keeps none):
// the action's memory stays flat whatever the dump's size
const CHUNK = 1 << 16
/**
 * How long the follower waits when it has caught up with pg_dump: 200 ms of
 * its output at a time rather than 20 took a fifth less of the step's CPU
 * (fewer reads, wake-ups and context switches); pg_dump's exit wakes it at
 * once.
 */
const POLL_MS = 200
/** The table of contents is parsed on (from where it got to) once the bytes held have grown by this much. */
const PARSE_STEP = 1 << 16

/** What the follower read. */
export interface Followed {
  /** bytes read */
  length: number
  /** the header and table of contents as read, when this reader knows them */
  head?: Buffer
  /** the table of contents parsed from {@link head} */
  toc?: CustomToc
  /** each data block's file position, by dump id */
  blocks?: ReadonlyMap<number, number>
  /** CRC-32 of the bytes read from the table of contents' end on */
  dataCrc: number
}

/** Reads a growing custom archive back until told the writer has ended. */
export class Follower {
  readonly #file: string
  readonly #writer = new WriterWatch(POLL_MS)

  constructor(file: string) {
    this.#file = file
  }

  /** pg_dump has exited: read what is left, to the end. */
  writerEnded(): void {
    this.#writer.end()
  }

  /** pg_dump failed or was stopped: stop reading. */
  stop(): void {
    this.#writer.stop()
  }

  async #openFile(): Promise<FileHandle | undefined> {
    for (;;) {
      const ended = this.#writer.ended
      try {
        return await open(this.#file, 'r')
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error
      }
      if (ended || this.#writer.stopped) return undefined
      await this.#writer.pause()
    }
  }

  /**
   * Runs until the file is read to its end once pg_dump has exited, or it
   * is stopped; rejects with a DataProblem at the first block that does not
   * read back. Stops early, without a head, when the archive is one this
   * reader does not know (a version, lz4 or zstd): it is then read back
   * once finished.
   */
  async run(): Promise<Followed> {
    const followed: Followed = { length: 0, dataCrc: 0 }
    const handle = await this.#openFile()
    if (!handle) return followed
    const head = new HeadWatch()
    const chunk = Buffer.allocUnsafe(CHUNK)
    let reader: CustomDataReader | undefined
    try {
      for (;;) {
        const endedBefore = this.#writer.ended
        if (this.#writer.stopped) return followed
        const { bytesRead } = await handle.read(
          chunk,
          0,
          CHUNK,
          followed.length
        )
        if (bytesRead === 0) {
          // pg_dump had exited before this read found nothing: the end
          if (endedBefore) break
          await this.#writer.pause()
          continue
        }
        followed.length += bytesRead
        const data = head.add(chunk.subarray(0, bytesRead))
        if (head.givenUp) return { length: followed.length, dataCrc: 0 }
        if (data) reader = this.#read(reader, head, data, followed)
      }
      const rest = head.finish()
      if (head.givenUp) return { length: followed.length, dataCrc: 0 }
      if (rest) reader = this.#read(reader, head, rest, followed)
      // an empty file: read back once finished (and refused)
      if (!reader) return followed
      reader.end()
    } finally {
      reader?.close()
      await handle.close()
    }
    const { head: bytes, toc } = head
    return { ...followed, head: bytes, toc, blocks: reader.blocks }
  }

  /** Reads data bytes back, taking their CRC-32. */
  #read(
    reader: CustomDataReader | undefined,
    head: HeadWatch,
    data: Buffer,
    followed: Followed
  ): CustomDataReader {
    const into = reader ?? new CustomDataReader(head.toc as CustomToc)
    followed.dataCrc = crc32(data, followed.dataCrc)
    into.push(data)
    return into
  }
}

/**
 * Holds the start of the stream until its table of contents parses, to
 * learn where the data starts; from there on, passes the data through.
 */
export class HeadWatch {
  /** the bytes held, in a buffer that doubles as it fills (copied once each) */
  #buffer = Buffer.alloc(0)
  #held = 0
  #triedAt = 0
  /** how far the table of contents parsed: each try goes on from there */
  readonly #progress: { done?: TocProgress } = {}
  toc?: CustomToc
  head?: Buffer
  /** the archive is one this reader does not read */
  givenUp = false
  /** once given up: the bytes held until then (a stream's reader hands them on) */
  dropped?: Buffer

  /**
   * Takes the next bytes of the stream; returns the data among them once
   * the table of contents has parsed (a view of `bytes`, or of the bytes
   * held until then).
   */
  add(bytes: Buffer): Buffer | undefined {
    if (this.toc) return bytes
    if (this.givenUp) return undefined
    // a copy: the follower reuses its buffer
    this.#hold(bytes)
    if (this.#held - this.#triedAt < PARSE_STEP) return undefined
    this.#triedAt = this.#held
    return this.#parse(false)
  }

  /** A last try when the stream ended before the parse step was reached. */
  finish(): Buffer | undefined {
    if (this.toc || this.givenUp || this.#held === 0) return undefined
    return this.#parse(true)
  }

  #hold(bytes: Buffer): void {
    const need = this.#held + bytes.length
    if (need > this.#buffer.length) {
      const grown = Buffer.allocUnsafe(Math.max(need, 2 * this.#buffer.length))
      this.#buffer.copy(grown, 0, 0, this.#held)
      this.#buffer = grown
    }
    bytes.copy(this.#buffer, this.#held)
    this.#held = need
  }

  /** Parses what is held (on from the last try); once it parses, the data held so far. */
  #parse(last: boolean): Buffer | undefined {
    const held = this.#buffer.subarray(0, this.#held)
    const toc = tocParse(held, this.#progress)
    if (typeof toc === 'string') {
      // an archive version this parser does not read, or a file that ends
      // inside its table of contents: the finished file is read back
      // after pg_dump
      this.givenUp = toc === 'unknown' || last || this.#held > TOC_LIMIT
      if (this.givenUp) {
        this.dropped = held
        this.#buffer = Buffer.alloc(0)
      }
      return undefined
    }
    this.#buffer = Buffer.alloc(0)
    // lz4 and zstd are left to pg_restore, once the file is finished
    if (!dataReadable(toc)) {
      this.givenUp = true
      this.dropped = held
      return undefined
    }
    this.toc = toc
    this.head = held.subarray(0, toc.dataStart)
    return held.subarray(toc.dataStart)
  }
}
