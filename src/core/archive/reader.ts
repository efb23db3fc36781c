// pg_dump's archive encoding (pg_backup_archiver.c): bytes, sign-and-magnitude
// ints of the archive's intSize, offsets of its offSize, length-prefixed
// strings. Shared by the header and table-of-contents readers.

/** Thrown when the bytes run out before the value ends; parsers catch it. */
export class Truncated extends Error {}

/** Reads values off a buffer, keeping its place. */
export class ArchiveReader {
  readonly #bytes: Buffer
  #pos: number
  intSize = 4
  offSize = 8

  constructor(bytes: Buffer, start = 0) {
    this.#bytes = bytes
    this.#pos = start
  }

  /** Bytes read so far, from the start of the buffer. */
  get position(): number {
    return this.#pos
  }

  byte(): number {
    if (this.#pos >= this.#bytes.length) throw new Truncated()
    return this.#bytes[this.#pos++]
  }

  /** A sign byte (non-zero: negative), then intSize bytes, least significant first. */
  int(): number {
    const at = this.#pos
    if (at + 1 + this.intSize > this.#bytes.length) throw new Truncated()
    const negative = this.#bytes[at] !== 0
    let value: number
    if (this.intSize <= 6) {
      value = this.#bytes.readUIntLE(at + 1, this.intSize)
    } else {
      value = 0
      for (let i = 0; i < this.intSize; i++) {
        value += this.#bytes[at + 1 + i] * 2 ** (8 * i)
      }
    }
    this.#pos = at + 1 + this.intSize
    return negative ? -value : value
  }

  /** A flag byte, then offSize bytes of file position, least significant first (WriteOffset). */
  offset(): { flag: number; position: number } {
    const flag = this.byte()
    let position = 0
    for (let i = 0; i < this.offSize; i++) {
      position += this.byte() * 2 ** (8 * i)
    }
    return { flag, position }
  }

  /** An int length then that many bytes; a negative length is a NULL string. */
  str(encoding: BufferEncoding = 'utf8'): string | undefined {
    const length = this.int()
    if (length < 0) return undefined
    const end = this.#pos + length
    if (end > this.#bytes.length) throw new Truncated()
    const text = this.#bytes.toString(encoding, this.#pos, end)
    this.#pos = end
    return text
  }

  /** Passes over a string without decoding it; its length, -1 for NULL. */
  skipStr(): number {
    const length = this.int()
    if (length < 0) return -1
    if (this.#pos + length > this.#bytes.length) throw new Truncated()
    this.#pos += length
    return length
  }
}
