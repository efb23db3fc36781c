// Verifying a parallel directory dump as its items finish. pg_dump writes
// toc.dat before any data, then its workers write one file per table; with
// --verbose the leader reports each item a worker has finished ("finished
// item <id> …"), its file closed. Each report queues the item; one
// pg_restore at a time reads the queued items back while pg_dump goes on.
// Once pg_dump has exited, every entry not yet read is read back in
// `jobs` parts, as a dump verified afterwards would be. gzip and
// uncompressed data files are read back in this process (data-file.ts),
// which does what pg_restore does with them at half its CPU: on two cores
// busy with pg_dump's workers that time is the read-back's whole cost.
import { readdir, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { readBackArgs } from '../args.ts'
import { readDataFile, INFLATABLE } from '../archive/data-file.ts'
import { fileCrc, fileDigest, type FileDigest } from '../archive/digest.ts'
import { entryId, tocEntries, tocEntryCount } from '../archive/toc.ts'
import type { ResolvedClient } from '../client/resolver.ts'
import { withTrackedTemp } from '../process/temp.ts'
import type { Session } from '../session.ts'
import type { ToolError } from '../errors.ts'
import {
  DATA_FILE,
  listToc,
  readBackParts,
  unreadable,
  warnEmpty
} from './verify.ts'

/** pg_dump's verbose report that a parallel worker finished an item (untranslated). */
const FINISHED = /^pg_dump: finished item (\d+) /

/**
 * pg_dump's stderr without the progress lines --verbose adds: its errors,
 * warnings, details and hints stay, as do lines that continue them.
 */
export function withoutProgress(stderr: string): string {
  return stderr
    .split('\n')
    .filter(
      line =>
        !line.startsWith('pg_dump: ') ||
        /^pg_dump: (error|warning|detail|hint): /.test(line)
    )
    .join('\n')
    .trim()
}

/** Reads back the items pg_dump reports finished, one pg_restore at a time. */
class FinishedItems {
  readonly #session: Session
  readonly #client: ResolvedClient
  readonly #archive: string
  readonly #dir: string
  #queue: number[] = []
  #list?: string
  #draining?: Promise<void>
  #batches = 0
  /** the first failed read-back, if any */
  failure?: ToolError
  /** the entries read back */
  readonly read = new Set<number>()
  /** their data files' CRC-32s as read, by name */
  readonly crcs = new Map<string, number>()

  constructor(
    session: Session,
    client: ResolvedClient,
    archive: string,
    dir: string
  ) {
    this.#session = session
    this.#client = client
    this.#archive = archive
    this.#dir = dir
  }

  /** pg_dump's stderr, line by line. */
  line(line: string): void {
    const finished = FINISHED.exec(line)
    if (!finished || this.failure) return
    this.#queue.push(Number(finished[1]))
    this.#draining ??= this.#drain().finally(() => {
      this.#draining = undefined
    })
  }

  /** The table of contents; toc.dat is complete before any item finishes. */
  async list(): Promise<string> {
    this.#list ??= await listToc(this.#session, this.#client, this.#archive)
    return this.#list
  }

  /**
   * Reads back the queued items that have one data file (`<id>.dat…`;
   * large objects wait for the end), and takes each file's CRC-32 as it is
   * read, to show at the end that the finished archive holds those bytes.
   */
  async #drain(): Promise<void> {
    while (this.#queue.length > 0 && !this.failure) {
      const queued = new Set(this.#queue.splice(0))
      const files = new Map<number, string>()
      for (const name of await readdir(this.#archive)) {
        const id = Number(DATA_FILE.exec(name)?.[1])
        if (queued.has(id)) files.set(id, name)
      }
      const lines = tocEntries(await this.list()).filter(l =>
        files.has(entryId(l))
      )
      const here = lines.filter(l =>
        INFLATABLE.test(files.get(entryId(l)) ?? '')
      )
      const there = lines.filter(l => !here.includes(l))
      for (const line of here) {
        const name = files.get(entryId(line)) as string
        try {
          this.crcs.set(name, await readDataFile(join(this.#archive, name)))
        } catch (error) {
          this.failure = unreadable(
            `its data file ${name} cannot be read back (${(error as Error).message})`
          )
          return
        }
        this.read.add(entryId(line))
      }
      if (there.length > 0) await this.#restoreRead(there, files)
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
      const items = new FinishedItems(session, client, partial, dir)
      try {
        await dump(line => items.line(line))
      } finally {
        // a failed read-back is reported after pg_dump's own failure
        await items.settled().catch(() => {})
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
      session.logger.info(
        `Verified: the whole archive was read back (${entries} entries; ${items.read.size} as pg_dump finished them)`
      )
      if (entries === 0) warnEmpty(session)
      return { size: digest.size, sha256: digest.sha256 }
    }
  )
}
