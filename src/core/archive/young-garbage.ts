// Returning the memory of short-lived Buffers as it goes. A Buffer of more
// than 4 KiB holds its bytes outside V8's heap, freed only when V8 collects
// the Buffer object; V8 counts those bytes towards a collection only every
// 64 MB, and the objects themselves are too small to fill its young
// generation soon. Inflating a data file makes a new Buffer of every chunk
// of output (Node's zlib offers no way to inflate into a buffer of ours),
// so the process grew by up to 64 MB of dead output whatever the dump's
// size (issue 22). A minor collection every few MB of such Buffers bounds
// that to a few MB; the 176 of them inflating 1.5 GB cost no CPU we could
// measure.
import { setFlagsFromString } from 'node:v8'
import { runInNewContext } from 'node:vm'

type MinorCollection = () => void

let collect: MinorCollection | undefined

/**
 * V8's collector, which Node gives only with --expose-gc: the flag set
 * at run time holds for contexts made afterwards, so one new context hands
 * out its `gc`. Where that fails, nothing is collected early (as before).
 */
function minorCollection(): MinorCollection {
  if (!collect) {
    let gc: unknown
    try {
      setFlagsFromString('--expose-gc')
      gc = runInNewContext('typeof gc === "function" ? gc : undefined')
    } catch {
      gc = undefined
    }
    collect =
      typeof gc === 'function'
        ? () => (gc as (options: { type: 'minor' }) => void)({ type: 'minor' })
        : () => {}
  }
  return collect
}

/** How many bytes of dead Buffers to let pile up between two collections. */
const COLLECT_EVERY = 8 << 20

/** Counts the bytes of Buffers dropped, and collects every COLLECT_EVERY. */
export class YoungGarbage {
  #bytes = 0

  /** `bytes` more in Buffers no longer referenced. */
  dropped(bytes: number): void {
    this.#bytes += bytes
    if (this.#bytes < COLLECT_EVERY) return
    this.#bytes = 0
    minorCollection()()
  }
}
