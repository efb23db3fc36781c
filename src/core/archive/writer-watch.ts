// What a reader following a file another process writes knows of it: the
// writer has finished, or the reading was stopped; between two reads that
// found nothing new, a pause that either of them ends at once.

/** The state of a followed file's writer, and the reader's pause. */
export class WriterWatch {
  readonly #pauseMs: number
  /** the writer has finished: what is in the file is all there will be */
  ended = false
  /** the reading is to stop (the writer failed or was stopped) */
  stopped = false
  #wake?: () => void

  constructor(pauseMs: number) {
    this.#pauseMs = pauseMs
  }

  end(): void {
    this.ended = true
    this.#wake?.()
  }

  stop(): void {
    this.stopped = true
    this.#wake?.()
  }

  /** Waits `pauseMs`, or until the writer ends or the reading is stopped. */
  async pause(): Promise<void> {
    await new Promise<void>(resolve => {
      const timer = setTimeout(resolve, this.#pauseMs)
      this.#wake = () => {
        clearTimeout(timer)
        resolve()
      }
    })
    this.#wake = undefined
  }
}
