// A second Store, for tests only: dumps kept in a local folder, one numbered
// folder per put under <root>/<name>/. Driving the real steps with it proves
// that they talk to the Store and nothing else (the artifact store is the
// one the action tests drive through the bundle).
import { createHash, randomUUID } from 'node:crypto'
import { createReadStream, createWriteStream } from 'node:fs'
import {
  cp,
  mkdir,
  mkdtemp,
  readdir,
  readFile,
  rename,
  rm,
  stat,
  writeFile
} from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { dirname, join, relative } from 'node:path'
import { Readable } from 'node:stream'
import { pathToFileURL } from 'node:url'
import type {
  DumpFiles,
  DumpSink,
  StreamedDump,
  StreamKind,
  FetchedDump,
  FetchOptions,
  FoundDump,
  PruneResult,
  Store,
  StoredDump
} from '../src/store/store.ts'

/** What the folder keeps beside each put's files. */
interface Meta {
  id: number
  createdAt: string
  digest: string
}

/** SHA-256 of every file under `dir` (but meta.json), by relative path. */
async function digestOf(
  dir: string
): Promise<{ digest: string; size: number }> {
  const hash = createHash('sha256')
  let size = 0
  const files = (await readdir(dir, { recursive: true, withFileTypes: true }))
    .filter(
      e => e.isFile() && !(e.parentPath === dir && e.name === 'meta.json')
    )
    .map(e => join(e.parentPath, e.name))
    .sort()
  for (const file of files) {
    const bytes = await readFile(file)
    size += bytes.length
    hash.update(relative(dir, file)).update('\0').update(bytes)
  }
  return { digest: hash.digest('hex'), size }
}

/** Dumps in a local folder; `calls` records what the steps asked, in order. */
export class FolderStore implements Store {
  readonly keep?: number
  readonly calls: string[] = []
  readonly #series: string
  readonly #name: string
  readonly #fail: { prepare?: Error; prune?: Error }
  readonly #streams: boolean

  /**
   * `root`: the folder; `name`: the series; `keep`: prune after a put;
   * `fail`: what prepare() throws, and the failure prune() reports;
   * `streams`: keeps dumps as they are written (putStream) and feeds
   * restores from them (fetchStream).
   */
  constructor(
    root: string,
    name: string,
    options: {
      keep?: number
      fail?: { prepare?: Error; prune?: Error }
      streams?: boolean
    } = {}
  ) {
    this.#series = join(root, name)
    this.#name = name
    this.keep = options.keep
    this.#fail = options.fail ?? {}
    this.#streams = options.streams ?? false
    if (!this.#streams) {
      this.putStream = undefined
      this.fetchStream = undefined
    }
  }

  async prepare(): Promise<void> {
    this.calls.push('prepare')
    if (this.#fail.prepare) throw this.#fail.prepare
    await mkdir(this.#series, { recursive: true })
  }

  async put(dump: DumpFiles): Promise<StoredDump> {
    this.calls.push(`put ${dump.encrypted ? 'encrypted' : 'plain'}`)
    const id = (await this.#ids()).reduce((a, b) => Math.max(a, b), 0) + 1
    const dir = join(this.#series, String(id))
    await mkdir(dir, { recursive: true })
    const root = dump.root ?? dirname(dump.file)
    for (const path of dump.files ?? [dump.file]) {
      await cp(path, join(dir, relative(root, path)), { recursive: true })
    }
    return this.#stored(id, dir)
  }

  /** The folder the stream is written to (`.partial-*` beside the puts), renamed into place on commit. */
  putStream?: (name: string, kind: StreamKind) => Promise<DumpSink> = async (
    name,
    kind
  ) => {
    this.calls.push(
      `putStream ${name} ${kind.format}${kind.encrypted ? ' encrypted' : ''}`
    )
    const partial = join(this.#series, `.partial-${randomUUID()}`)
    await mkdir(partial, { recursive: true })
    const stream = createWriteStream(join(partial, name))
    let state: 'open' | 'committed' | 'aborted' = 'open'
    return {
      stream,
      commit: async (dump: StreamedDump) => {
        this.calls.push(
          `commit ${dump.format}${dump.encrypted ? ' encrypted' : ''}`
        )
        if (state !== 'open') throw new Error(`commit after ${state}`)
        const bytes = await readFile(join(partial, name))
        const sha256 = createHash('sha256').update(bytes).digest('hex')
        if (bytes.length !== dump.size || sha256 !== dump.sha256)
          throw new Error('the stream is not the dump the core hashed')
        const id = (await this.#ids()).reduce((a, b) => Math.max(a, b), 0) + 1
        const dir = join(this.#series, String(id))
        await rename(partial, dir)
        state = 'committed'
        return this.#stored(id, dir)
      },
      abort: async () => {
        if (state !== 'open') return
        state = 'aborted'
        this.calls.push('abort')
        stream.destroy()
        await rm(partial, { recursive: true, force: true })
      }
    }
  }

  /** The dump's one file, checked against its digest as it passes: the stream errors at its end when it differs. */
  fetchStream?: (found: FoundDump) => Promise<Readable> = async found => {
    this.calls.push(`fetchStream ${found.id}`)
    const dir = join(this.#series, String(found.id))
    const [name, ...more] = (await readdir(dir)).filter(n => n !== 'meta.json')
    if (name === undefined || more.length > 0)
      throw new Error(`The dump ${found.id} is not one file`)
    const source = createReadStream(join(dir, name))
    const expected = found.digest
    return Readable.from(
      (async function* () {
        const hash = createHash('sha256').update(name).update('\0')
        for await (const chunk of source) {
          hash.update(chunk as Buffer)
          yield chunk as Buffer
        }
        if (`sha256:${hash.digest('hex')}` !== expected)
          throw new Error(`The dump ${found.id} does not match its digest`)
      })(),
      { objectMode: false }
    )
  }

  /** A put's facts, its meta.json written. */
  async #stored(id: number, dir: string): Promise<StoredDump> {
    const { digest, size } = await digestOf(dir)
    const meta: Meta = { id, createdAt: new Date().toISOString(), digest }
    await writeFile(join(dir, 'meta.json'), JSON.stringify(meta))
    return {
      id,
      name: this.#name,
      url: pathToFileURL(dir).href,
      digest,
      format: 'file',
      size
    }
  }

  async prune(kept: StoredDump): Promise<PruneResult> {
    this.calls.push(`prune keeping ${kept.id}`)
    const keep = this.keep ?? Infinity
    const others = (await this.list()).filter(d => d.id !== kept.id)
    const doomed = others.slice(Math.max(0, keep - 1))
    for (const d of doomed)
      await rm(join(this.#series, String(d.id)), { recursive: true })
    return {
      outcome: {
        keep,
        kept: 1 + others.length - doomed.length,
        deleted: doomed.map(d => ({
          id: d.id,
          name: d.name,
          createdAt: d.createdAt ?? '',
          ageMs: Date.now() - Date.parse(d.createdAt ?? ''),
          expired: false
        })),
        failed: []
      },
      failure: this.#fail.prune
    }
  }

  async #ids(): Promise<number[]> {
    const entries = await readdir(this.#series).catch(() => [])
    return entries
      .filter(e => /^\d+$/.test(e))
      .map(Number)
      .filter(n => Number.isSafeInteger(n))
  }

  async list(): Promise<FoundDump[]> {
    const found: FoundDump[] = []
    for (const id of await this.#ids()) {
      const meta = JSON.parse(
        await readFile(join(this.#series, String(id), 'meta.json'), 'utf8')
      ) as Meta
      found.push({ ...meta, name: this.#name, digest: `sha256:${meta.digest}` })
    }
    return found.sort((a, b) => b.id - a.id)
  }

  async find(): Promise<FoundDump> {
    this.calls.push('find')
    const newest = (await this.list())[0]
    if (!newest) throw new Error(`No dump named '${this.#name}' in the folder`)
    return newest
  }

  async fetch(options: FetchOptions): Promise<FetchedDump> {
    const found = options.found ?? (await this.find())
    this.calls.push(`fetch ${found.id}`)
    const dir = await mkdtemp(join(tmpdir(), 'pg-dumper-folder-store-'))
    options.track?.(dir)
    await cp(join(this.#series, String(found.id)), dir, { recursive: true })
    await rm(join(dir, 'meta.json'))
    const { digest } = await digestOf(dir)
    if (`sha256:${digest}` !== found.digest)
      throw new Error(`The dump ${found.id} does not match its digest`)
    const entries = await readdir(dir)
    const name = options.file ?? (entries.length === 1 ? entries[0] : undefined)
    const file = name === undefined ? dir : join(dir, name)
    await stat(file)
    return { found, file }
  }
}
