// Inflating one zlib stream in this process with its output thrown away,
// for reading a custom archive's data blocks back (custom-data.ts) and a
// directory archive's gzip data files (data-file.ts).
import {
  constants,
  createGunzip,
  createInflate,
  type Gunzip,
  type Inflate
} from 'node:zlib'

/**
 * The zlib handle under a Node Inflate, as Node's own inflateSync drives it
 * (lib/zlib.js, processChunkSync): inflating into one reused buffer leaves
 * no garbage, where the stream API allocates a new buffer for every 64 KiB
 * it inflates (on compressible data, 5 to 20 times the archive, and most of
 * the time spent). Where a runtime lacks it, pg_restore reads the archive.
 */
interface ZlibHandle {
  writeSync(
    flush: number,
    input: Buffer,
    inOffset: number,
    inLength: number,
    output: Buffer,
    outOffset: number,
    outLength: number
  ): void
  onerror: (message: string) => void
}
interface InflateInternals {
  _handle?: ZlibHandle
  /** [output bytes left, input bytes left] after each write */
  _writeState?: Uint32Array
}

function internals(
  z: Inflate | Gunzip
): Required<InflateInternals> | undefined {
  const { _handle, _writeState } = z as unknown as InflateInternals
  if (typeof _handle?.writeSync !== 'function') return undefined
  if (!(_writeState instanceof Uint32Array)) return undefined
  return { _handle, _writeState }
}

/** Whether this runtime's zlib can be driven as {@link Stream} does. */
export const SYNC_INFLATE = (() => {
  const z = createInflate()
  const usable = internals(z) !== undefined
  z.close()
  return usable
})()

// the inflated bytes, thrown away: one buffer for every stream
const OUT = Buffer.allocUnsafe(1 << 16)
const NOTHING = Buffer.alloc(0)

/** One zlib stream (with `gzip`, one gzip file's) being inflated, its output thrown away. */
export class Stream {
  readonly #z: Inflate | Gunzip
  readonly #handle: ZlibHandle
  readonly #state: Uint32Array
  #error?: string

  constructor(gzip = false) {
    this.#z = gzip ? createGunzip() : createInflate()
    const { _handle, _writeState } = internals(
      this.#z
    ) as Required<InflateInternals>
    this.#handle = _handle
    this.#state = _writeState
    // called during writeSync when zlib fails (a bad block, a wrong adler32)
    this.#handle.onerror = message => {
      this.#error = message
    }
  }

  /** Inflates all of `bytes`, which must not go past the stream's end. */
  write(bytes: Buffer, flush = constants.Z_NO_FLUSH): void {
    let from = 0
    for (;;) {
      this.#handle.writeSync(
        flush,
        bytes,
        from,
        bytes.length - from,
        OUT,
        0,
        OUT.length
      )
      if (this.#error !== undefined) throw new Error(this.#error)
      const [outLeft, inLeft] = this.#state
      from = bytes.length - inLeft
      // the output buffer filled up: more to inflate
      if (outLeft === 0) continue
      // zlib took no more although it had room: its stream had ended
      if (inLeft > 0) throw new Error('bytes follow the end of its zlib stream')
      return
    }
  }

  /** The stream must end here, whole (zlib says "unexpected end of file" if not). */
  end(): void {
    this.write(NOTHING, constants.Z_FINISH)
  }

  /** Ready for the next stream: one zlib state for every block (making one per block cost more than inflating small ones). */
  reset(): void {
    // a Gunzip has it too (zlib's base class); its typings leave it out
    ;(this.#z as Inflate).reset()
    this.#error = undefined
  }

  close(): void {
    this.#z.close()
  }
}
