// Where the read-back of a dump being written runs: a thread of its own at
// the lowest priority (thread-serve.ts), which leaves pg_dump and the server
// the CPU they want and reads in what is left idle; the step's thread only
// passes pg_dump's news on. A bundle is one file with its chunks, so a
// reading thread starts from the program's entry point (the action's or the
// CLI's), which serves as a reading thread when started as one; unbundled
// (the sources run as they are), from thread-serve.ts itself.
import { Worker } from 'node:worker_threads'
import type { Followed } from './follow.ts'
import {
  errorOf,
  isReadingThread,
  READER_ROLE,
  type Answer,
  type Ask,
  type DataFileRead,
  type Start
} from './thread-protocol.ts'

/** The program's entry point, where reading threads start. */
let entry: URL | undefined

/**
 * Called first by each entry point with its own URL. In a reading thread
 * started from it, serves as one and returns true: the entry does nothing
 * else. Otherwise returns false, the entry noted as where reading threads
 * start.
 */
export async function servedAsReadingThread(
  entryUrl: string
): Promise<boolean> {
  if (isReadingThread()) {
    await import('./thread-serve.ts')
    return true
  }
  entry = new URL(entryUrl)
  return false
}

/** Where a reading thread starts: the entry point, else the serving module beside this one. */
function threadStart(): URL {
  return entry ?? new URL(import.meta.url.replace(/[^/]*$/, 'thread-serve.ts'))
}

/** A reading the thread does for the step. */
export interface ThreadReading<T> {
  /** what was read; rejects as the reading failed (a DataProblem as one) */
  readonly done: Promise<T>
  /** the writer has finished: read to the end */
  end(): void
  /** the writer failed or was stopped: stop reading */
  stop(): void
}

interface Waiting {
  resolve: (value: unknown) => void
  reject: (error: Error) => void
}

/**
 * A reading thread, for one dump: its readings' answers come back as
 * promises; `close` ends it.
 */
export class ReadingThread {
  readonly #worker: Worker
  readonly #waiting = new Map<number, Waiting>()
  #next = 0
  /** why the thread can no longer answer, once it cannot */
  #broken?: Error

  constructor() {
    this.#worker = new Worker(threadStart(), {
      workerData: { role: READER_ROLE },
      // it holds little but its buffers (outside the heap): a small young
      // generation keeps its memory flat with the dump's size
      resourceLimits: { maxYoungGenerationSizeMb: 4 }
    })
    this.#worker.on('message', (answer: Answer) => {
      const waiting = this.#waiting.get(answer.id)
      this.#waiting.delete(answer.id)
      if (answer.ok) waiting?.resolve(answer.value)
      else waiting?.reject(errorOf(answer.failure))
    })
    this.#worker.on('error', (error: Error) => this.#break(error))
    this.#worker.on('exit', code =>
      this.#break(new Error(`the reading thread ended (exit code ${code})`))
    )
  }

  /** Follows a custom archive pg_dump is writing (follow.ts). */
  follow(file: string): ThreadReading<Followed> {
    const reading = this.#ask<Followed>({ op: 'follow', file })
    const done = reading.done.then(followed => {
      const { head } = followed
      // a Buffer arrives as a Uint8Array
      if (!head) return followed
      return {
        ...followed,
        head: Buffer.from(head.buffer, head.byteOffset, head.byteLength)
      }
    })
    done.catch(() => {}) // awaited by whoever asks for it
    return { ...reading, done }
  }

  /** Follows one data file a pg_dump worker is writing (archive/data-file.ts). */
  dataFile(path: string): ThreadReading<DataFileRead> {
    return this.#ask<DataFileRead>({ op: 'data-file', path })
  }

  /** Ends the thread; what it still reads is dropped. */
  async close(): Promise<void> {
    this.#break(new Error('the reading thread was closed'))
    await this.#worker.terminate()
  }

  #ask<T>(ask: Start): ThreadReading<T> {
    const id = ++this.#next
    const done = new Promise<T>((resolve, reject) => {
      if (this.#broken) {
        reject(this.#broken)
        return
      }
      this.#waiting.set(id, {
        resolve: resolve as (v: unknown) => void,
        reject
      })
      this.#worker.postMessage({ id, ...ask } satisfies Ask)
    })
    done.catch(() => {}) // awaited by whoever asks for it
    const tell = (op: 'end' | 'stop') => {
      if (!this.#broken) this.#worker.postMessage({ id, op } satisfies Ask)
    }
    return { done, end: () => tell('end'), stop: () => tell('stop') }
  }

  /** Fails every reading still waiting: the thread cannot answer them. */
  #break(error: Error): void {
    this.#broken ??= error
    for (const waiting of this.#waiting.values()) waiting.reject(error)
    this.#waiting.clear()
  }
}
