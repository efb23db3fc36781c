// A dump kept in two stores at once (an artifact, and the release's assets):
// both are checked before dumping, and the dump is put into each in turn.
import type {
  DumpFiles,
  FetchedDump,
  FetchOptions,
  FoundDump,
  PruneResult,
  Store,
  StoredDump
} from './store.ts'

/**
 * Two stores as one: `first` is the one the report, the outputs, pruning
 * and a restore know; `second` (the release) adds its assets to the report.
 */
export class BothStores implements Store {
  readonly keep?: number
  readonly #first: Store
  readonly #second: Store

  constructor(first: Store, second: Store) {
    this.#first = first
    this.#second = second
    this.keep = first.keep
  }

  async prepare(): Promise<void> {
    await this.#first.prepare()
    await this.#second.prepare()
  }

  async put(dump: DumpFiles): Promise<StoredDump> {
    const kept = await this.#first.put(dump)
    const also = await this.#second.put(dump)
    return { ...kept, release: also.release ?? kept.release }
  }

  prune(kept: StoredDump): Promise<PruneResult> {
    return this.#first.prune(kept)
  }

  list(): Promise<FoundDump[]> {
    return this.#first.list()
  }

  find(): Promise<FoundDump> {
    return this.#first.find()
  }

  fetch(options: FetchOptions): Promise<FetchedDump> {
    return this.#first.fetch(options)
  }
}
