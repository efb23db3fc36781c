// Follows a custom archive while pg_dump writes it. pg_dump writes the header
// and table of contents, appends the data blocks, and at the end rewrites the
// table of contents in place with the blocks' offsets. The follower copies
// the file, as it grows, into a FIFO that pg_restore reads as a non-seekable
// archive, so pg_restore decompresses every block while pg_dump still
// works; it notes where the data starts and a CRC-32 of the data it copied,
// so the finished file can be shown to hold the bytes that were read.
import { constants, openSync } from 'node:fs'
import { open, type FileHandle } from 'node:fs/promises'
import { Socket } from 'node:net'
import { crc32 } from 'node:zlib'
import { tocParse } from '../archive/custom-toc.ts'
import { writeToFifo } from '../process/fifo.ts'

// one buffer, reused once pg_restore has taken its bytes: the action's
// memory stays flat whatever the dump's size
const CHUNK = 1 << 18
/** How long the follower waits when it has caught up with pg_dump. */
const POLL_MS = 20
/** The table of contents is parsed again once the bytes held have grown by this much (and doubled). */
const PARSE_STEP = 1 << 16
/** Past this, the head is not held any longer (a table of contents of some 300,000 objects). */
const HEAD_LIMIT = 64 << 20

/** What the follower copied. */
export interface Followed {
  /** bytes copied into the FIFO */
  length: number
  /** where the data blocks start, when the table of contents was read */
  dataStart?: number
  /** the header and table of contents as copied, when they were read */
  head?: Buffer
  /** CRC-32 of the copied bytes from dataStart on */
  dataCrc: number
  /** pg_restore closed the FIFO before the end of the file */
  cutShort: boolean
}

/** Copies a growing file into a FIFO until told the writer has ended. */
export class Follower {
  readonly #file: string
  readonly #fifo: string
  #ended = false
  #wake?: () => void
  #readerGone = false

  constructor(file: string, fifo: string) {
    this.#file = file
    this.#fifo = fifo
  }

  /** pg_dump has exited: copy what is left, then close the FIFO. */
  writerEnded(): void {
    this.#ended = true
    this.#wake?.()
  }

  /** The reader (pg_restore) has exited: stop waiting for it. */
  readerEnded(): void {
    this.#readerGone = true
    this.#wake?.()
  }

  async #pause(): Promise<void> {
    await new Promise<void>(resolve => {
      const timer = setTimeout(resolve, POLL_MS)
      this.#wake = () => {
        clearTimeout(timer)
        resolve()
      }
    })
    this.#wake = undefined
  }

  /** Opens the FIFO's writing end once pg_restore has opened it for reading. */
  async #openSink(): Promise<Socket | undefined> {
    for (;;) {
      try {
        const fd = openSync(
          this.#fifo,
          constants.O_WRONLY | constants.O_NONBLOCK
        )
        const sink = new Socket({ fd, readable: false, writable: true })
        // EPIPE when pg_restore stops reading: seen by the writes
        sink.on('error', () => {})
        return sink
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'ENXIO') throw error
      }
      if (this.#readerGone) return undefined
      await this.#pause()
    }
  }

  async #openFile(): Promise<FileHandle | undefined> {
    for (;;) {
      const ended = this.#ended
      try {
        return await open(this.#file, 'r')
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error
      }
      if (ended || this.#readerGone) return undefined
      await this.#pause()
    }
  }

  /** Runs until the file is copied to its end, or pg_restore stops reading. */
  async run(): Promise<Followed> {
    const followed: Followed = { length: 0, dataCrc: 0, cutShort: false }
    const sink = await this.#openSink()
    if (!sink) return { ...followed, cutShort: true }
    const handle = await this.#openFile().catch((error: unknown) => {
      sink.destroy()
      throw error
    })
    if (!handle) {
      sink.end()
      return followed
    }
    const head = new HeadWatch()
    const chunk = Buffer.allocUnsafe(CHUNK)
    try {
      for (;;) {
        const endedBefore = this.#ended
        const { bytesRead } = await handle.read(
          chunk,
          0,
          CHUNK,
          followed.length
        )
        if (bytesRead === 0) {
          // pg_dump had exited before this read found nothing: the end
          if (endedBefore || this.#readerGone) break
          await this.#pause()
          continue
        }
        const bytes = chunk.subarray(0, bytesRead)
        if (!(await writeToFifo(sink, bytes))) {
          followed.cutShort = true
          break
        }
        followed.dataCrc = head.add(bytes, followed.dataCrc)
        followed.length += bytesRead
      }
    } finally {
      await handle.close()
      sink.end()
    }
    followed.dataCrc = head.finish(followed.dataCrc)
    followed.dataStart = head.dataStart
    followed.head = head.head
    return followed
  }
}

/**
 * Holds the start of the stream until its table of contents parses, to
 * learn where the data starts; from there on, the CRC of the data.
 */
class HeadWatch {
  #chunks: Buffer[] = []
  #held = 0
  #triedAt = 0
  dataStart?: number
  head?: Buffer
  #givenUp = false

  /** Takes the next bytes of the stream; returns the data CRC so far. */
  add(bytes: Buffer, crc: number): number {
    if (this.dataStart !== undefined) return crc32(bytes, crc)
    if (this.#givenUp) return crc
    // a copy: the follower reuses its buffer
    this.#chunks.push(Buffer.from(bytes))
    this.#held += bytes.length
    if (
      this.#held < this.#triedAt * 2 ||
      this.#held - this.#triedAt < PARSE_STEP
    ) {
      return crc
    }
    this.#triedAt = this.#held
    return this.#parse(crc)
  }

  /** A last try when the stream ended before the parse step was reached. */
  finish(crc: number): number {
    if (this.dataStart !== undefined || this.#givenUp || this.#held === 0) {
      return crc
    }
    this.#givenUp = true
    return this.#parse(crc)
  }

  /** Parses what is held; once it parses, the CRC of the data held so far. */
  #parse(crc: number): number {
    const held = Buffer.concat(this.#chunks)
    const toc = tocParse(held)
    if (typeof toc === 'string') {
      // an archive version this parser does not read: the finished file is
      // then read back after pg_dump, as before
      if (toc === 'unknown' || this.#held > HEAD_LIMIT) this.#givenUp = true
      this.#chunks = this.#givenUp ? [] : [held]
      return crc
    }
    this.#chunks = []
    this.dataStart = toc.dataStart
    this.head = held.subarray(0, toc.dataStart)
    // everything is held from byte 0 until the table of contents parses
    return crc32(held.subarray(toc.dataStart), crc)
  }
}
