// Failures a test asks for with failNext(): per Twirp method or REST route,
// a queue of statuses answered before anything else is done.

export class Failures {
  readonly #queues = new Map<string, { status: number; remaining: number }[]>()

  /** the next `times` calls of method answer status */
  add(method: string, status: number, times: number): void {
    const queue = this.#queues.get(method) ?? []
    queue.push({ status, remaining: times })
    this.#queues.set(method, queue)
  }

  /** the status this call of method must answer, if one is queued */
  take(method: string): number | undefined {
    const queue = this.#queues.get(method)
    const next = queue?.[0]
    if (!queue || !next) return undefined
    if (--next.remaining <= 0) queue.shift()
    return next.status
  }
}
