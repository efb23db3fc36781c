// Verifying a parallel directory dump while pg_dump writes it. pg_dump
// writes toc.dat before any data, then its workers write one file per
// table; with --verbose the leader reports each item a worker has finished
// ("finished item <id> …"), its file closed. While pg_dump runs, the
// folder is watched and every gzip or uncompressed data file is read back
// as it grows (data-file.ts) by a thread of this process at the lowest
// priority (reading-thread.ts), doing what pg_restore does with them at
// half its CPU; each report tells its file's reader that the file is
// whole. Other data files (lz4, zstd) are read back by one pg_restore at a
// time as their items finish. Once pg_dump has exited, every entry not yet
// read is read back in `jobs` parts, as a dump verified afterwards would be.
import { readdir, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { readBackArgs } from '../args.ts'
import { INFLATABLE } from '../archive/data-file.ts'
import { fileCrc, fileDigest, type FileDigest } from '../archive/digest.ts'
import { entryId, tocEntries, tocEntryCount } from '../archive/toc.ts'
import type { ResolvedClient } from '../client/resolver.ts'
import { withTrackedTemp } from '../process/temp.ts'
import { WriterWatch } from '../archive/writer-watch.ts'
import type { Session } from '../session.ts'
import type { ToolError } from '../errors.ts'
import { ReadingThread, type ThreadReading } from './reading-thread.ts'
import type { DataFileRead } from './thread-protocol.ts'
import {
  DATA_FILE,
  listToc,
  readBackParts,
  unreadable,
  warnEmpty
} from './verify.ts'

/** pg_dump's verbose report that a parallel worker finished an item (untranslated). */
const FINISHED = /^pg_dump: finished item (\d+) /

/** How often the archive's folder is looked at for new data files. */
const SCAN_MS = 50

/**
 * Reads back the data files pg_dump writes, each as it grows, and the items
 * pg_dump reports finished that this process cannot read, one pg_restore at
 * a time.
 */
class FinishedItems {
  readonly #session: Session
  readonly #client: ResolvedClient
  readonly #archive: string
  readonly #dir: string
  #queue: number[] = []
  #list?: Promise<string>
  #draining?: Promise<void>
  #batches = 0
  /** the data files being read as they grow, by name */
  readonly #growing = new Map<string, ThreadReading<DataFileRead>>()
  /** where they are read: a thread at the lowest priority */
  readonly #thread: ReadingThread
  /** every data file seen, followed or not */
  readonly #seen = new Set<string>()
  /** the folder's scan for data files, until {@link dumped} */
  readonly #scanning: Promise<void>
  /** pg_dump's progress, for the scan of its folder */
  readonly #dump = new WriterWatch(SCAN_MS)
  /** the first failed read-back, if any */
  failure?: ToolError
  /** the entries read back */
  readonly read = new Set<number>()
  /** bytes of data files read before pg_dump reported them finished, and in all */
  readonly bytes = { early: 0, all: 0 }
  /** their data files' CRC-32s as read, by name */
  readonly crcs = new Map<string, number>()

  constructor(
    session: Session,
    client: ResolvedClient,
    archive: string,
    dir: string,
    thread: ReadingThread
  ) {
    this.#session = session
    this.#client = client
    this.#archive = archive
    this.#dir = dir
    this.#thread = thread
    this.#scanning = this.#scan()
  }

  async #scan(): Promise<void> {
    while (!this.#dump.ended && !this.failure) {
      await this.#follow()
      await this.#dump.pause()
    }
  }

  /** Starts reading each data file of the folder not yet read; returns the folder's names. */
  async #follow(): Promise<string[]> {
    let names: string[]
    try {
      names = await readdir(this.#archive)
    } catch (error) {
      // pg_dump has not made the folder yet
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return []
      throw error
    }
    for (const name of names) {
      if (this.#seen.has(name) || !DATA_FILE.test(name)) continue
      this.#seen.add(name)
      if (!INFLATABLE.test(name)) continue
      this.#growing.set(name, this.#thread.dataFile(join(this.#archive, name)))
    }
    return names
  }

  /**
   * pg_dump has exited: with `ok`, its files are whole, and the ones still
   * followed (their reports not acted on yet) are read to their end; the
   * others are read no further.
   */
  async dumped(ok: boolean): Promise<void> {
    this.#dump.end()
    await this.#scanning.catch(() => {})
    await this.settled()
    if (ok && !this.failure) await this.#finish([...this.#growing.keys()])
    const left = [...this.#growing.values()]
    for (const file of left) file.stop()
    await Promise.allSettled([this.#list, ...left.map(file => file.done)])
  }

  /** Tells the named files' readers they are whole; takes their CRC-32s. */
  async #finish(names: string[]): Promise<void> {
    for (const name of names) this.#growing.get(name)?.end()
    for (const name of names) {
      const file = this.#growing.get(name)
      if (!file) continue
      let read: DataFileRead
      try {
        read = await file.done
      } catch (error) {
        this.failure ??= unreadable(
          `its data file ${name} cannot be read back (${(error as Error).message})`
        )
        return
      }
      this.crcs.set(name, read.crc)
      this.bytes.early += read.early
      this.bytes.all += read.length
      this.#growing.delete(name)
      this.read.add(Number(DATA_FILE.exec(name)?.[1]))
    }
  }

  /** pg_dump's stderr, line by line. */
  line(line: string): void {
    const finished = FINISHED.exec(line)
    if (!finished || this.failure) return
    // a failure is met where the list is awaited
    this.list().catch(() => {})
    this.#queue.push(Number(finished[1]))
    this.#draining ??= this.#drain().finally(() => {
      this.#draining = undefined
    })
  }

  /**
   * The table of contents; toc.dat is complete before any item finishes.
   * Asked once, at the first report, so it is there when pg_dump exits.
   */
  list(): Promise<string> {
    this.#list ??= listToc(this.#session, this.#client, this.#archive)
    return this.#list
  }

  /**
   * Finishes reading the queued items' data files (`<id>.dat…`; large
   * objects wait for the end): gzip and uncompressed ones in this process,
   * others by pg_restore. Each file's CRC-32 is taken as it is read, to show
   * at the end that the finished archive holds those bytes.
   */
  async #drain(): Promise<void> {
    while (this.#queue.length > 0 && !this.failure) {
      const queued = new Set(this.#queue.splice(0))
      const files = new Map<number, string>()
      for (const name of await this.#follow()) {
        const id = Number(DATA_FILE.exec(name)?.[1])
        if (queued.has(id)) files.set(id, name)
      }
      const here = [...files.values()].filter(name => INFLATABLE.test(name))
      await this.#finish(here)
      if (this.failure) return
      const there = [...files].filter(([, name]) => !INFLATABLE.test(name))
      if (there.length === 0) continue
      const ids = new Set(there.map(([id]) => id))
      const lines = tocEntries(await this.list()).filter(l =>
        ids.has(entryId(l))
      )
      await this.#restoreRead(lines, files)
    }
  }

  /** Reads entries back with one pg_restore, taking their files' CRC-32s. */
  async #restoreRead(
    lines: string[],
    files: Map<number, string>
  ): Promise<void> {
    const useList = join(this.#dir, `finished-${++this.#batches}.list`)
    await writeFile(useList, `${lines.join('\n')}\n`)
    const [result, crcs] = await Promise.all([
      this.#session.run(
        this.#client,
        'pg_restore',
        readBackArgs(this.#archive, useList)
      ),
      Promise.all(
        lines.map(async line => {
          const name = files.get(entryId(line)) as string
          return [name, await fileCrc(join(this.#archive, name))] as const
        })
      )
    ])
    if (result.exitCode !== 0) {
      this.failure = unreadable(
        'its archive cannot be read back end to end',
        result
      )
      return
    }
    for (const line of lines) this.read.add(entryId(line))
    for (const [name, crc] of crcs) this.crcs.set(name, crc)
  }

  /** Waits for the read-back under way. */
  async settled(): Promise<void> {
    while (this.#draining) await this.#draining
  }
}

/**
 * Runs `dump` (pg_dump with --verbose, its stderr lines passed to the
 * callback) writing a directory archive to `partial` with `jobs` workers,
 * reading items back as they finish; returns the archive's digest once
 * every entry has been read back.
 */
export async function dumpDirectoryReadingBack(
  session: Session,
  client: ResolvedClient,
  partial: string,
  jobs: number,
  dump: (onErrLine: (line: string) => void) => Promise<void>
): Promise<FileDigest> {
  return withTrackedTemp(
    session.cancellation,
    { prefix: 'verify' },
    async dir => {
      const thread = new ReadingThread()
      const items = new FinishedItems(session, client, partial, dir, thread)
      let ok = false
      try {
        await dump(line => items.line(line))
        ok = true
      } finally {
        // a failed read-back is reported after pg_dump's own failure
        await items.dumped(ok).catch(() => {})
        await thread.close()
      }
      if (items.failure) throw items.failure
      const list = await items.list()
      const rest = tocEntries(list).filter(l => !items.read.has(entryId(l)))
      const [digest] = await Promise.all([
        fileDigest(partial, { start: 0, end: Number.POSITIVE_INFINITY }),
        rest.length > 0 || items.read.size === 0
          ? readBackParts(
              session,
              partial,
              `${rest.join('\n')}\n`,
              jobs,
              client,
              dir
            )
          : undefined
      ])
      for (const [name, crc] of items.crcs) {
        if (digest.fileCrcs?.get(name) !== crc) {
          throw unreadable(
            `its data file ${name} changed after it was read back`
          )
        }
      }
      const entries = tocEntryCount(list)
      const { early, all } = items.bytes
      session.logger.debug(
        `Data files read back as pg_dump wrote them: ${early} of their ${all} bytes before pg_dump reported their items finished`
      )
      session.logger.info(
        `Verified: the whole archive was read back (${entries} entries; ${items.read.size} read as pg_dump wrote them)`
      )
      if (entries === 0) warnEmpty(session)
      return { size: digest.size, sha256: digest.sha256 }
    }
  )
}
