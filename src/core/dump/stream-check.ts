// Reading a dump back as it streams from pg_dump to a store, nothing on
// disk: a custom archive's data blocks in this process (written to a pipe,
// its table of contents comes first, without offsets, then the blocks in
// order), or, for an archive this reader does not read (lz4, zstd, another
// version), pg_restore reading the same bytes through a FIFO; a plain
// script by pg_dump's closing line.
import { once } from 'node:events'
import { PassThrough } from 'node:stream'
import { streamReadBackArgs } from '../args.ts'
import { CustomDataReader, DataProblem } from '../archive/custom-data.ts'
import { OFFSET_NO_DATA, type CustomToc } from '../archive/custom-toc.ts'
import type { ResolvedClient } from '../client/resolver.ts'
import { feedingFifo } from '../process/fifo.ts'
import type { ToolResult } from '../process/runner.ts'
import type { Session } from '../session.ts'
import { HeadWatch } from './follow.ts'
import { endsComplete, PLAIN_COMPLETE, readHow, unreadable } from './verify.ts'

/** How a stream read back: for the log, and whether it holds any object. */
interface StreamChecked {
  how: string
  entries: boolean
}

/** Reads a dump back from the bytes pg_dump writes, in order. */
export interface StreamCheck {
  /** the next bytes (not kept); throws at the first that do not read back */
  push(bytes: Buffer): Promise<void>
  /** the stream ended: throws unless it read back whole */
  end(): Promise<StreamChecked>
  /** stops reading (the dump failed): frees what it holds, stops pg_restore */
  close(): void
}

/** The check for a format pg_dump writes as one stream. */
export function streamCheck(
  session: Session,
  client: ResolvedClient,
  format: 'custom' | 'plain'
): StreamCheck {
  return format === 'custom'
    ? new CustomStreamCheck(session, client)
    : new PlainStreamCheck()
}

/** pg_dump's comment before each object of a plain script. */
const PLAIN_ENTRY = /^-- (?:Data for )?Name: .*; Type: /m
const TAIL = 4096

/** A plain script: its closing line at the end, and whether it holds an object. */
class PlainStreamCheck implements StreamCheck {
  #tail = Buffer.alloc(0)
  #entry = false
  #carry = ''

  push(bytes: Buffer): Promise<void> {
    this.#tail = Buffer.concat([this.#tail, bytes]).subarray(-TAIL)
    if (!this.#entry) {
      const text = this.#carry + bytes.toString('latin1')
      this.#entry = PLAIN_ENTRY.test(text)
      this.#carry = text.slice(text.lastIndexOf('\n') + 1)
    }
    return Promise.resolve()
  }

  end(): Promise<StreamChecked> {
    if (!endsComplete(this.#tail)) {
      return Promise.reject(
        unreadable(
          `the plain dump is incomplete: it lacks pg_dump's completion line (${PLAIN_COMPLETE})`
        )
      )
    }
    return Promise.resolve({
      how: "it ends with pg_dump's completion line",
      entries: this.#entry
    })
  }

  close(): void {}
}

/** A custom archive: its blocks read here, or by pg_restore when this reader does not know it. */
class CustomStreamCheck implements StreamCheck {
  readonly #session: Session
  readonly #client: ResolvedClient
  readonly #head = new HeadWatch()
  #reader?: CustomDataReader
  #restore?: RestoreFeed

  constructor(session: Session, client: ResolvedClient) {
    this.#session = session
    this.#client = client
  }

  async push(bytes: Buffer): Promise<void> {
    if (this.#restore) return this.#restore.write(bytes)
    const data = this.#head.add(bytes)
    if (this.#head.givenUp) return this.#handOver()
    if (data) this.#read(data)
  }

  /** The archive is one pg_restore must read: the bytes held go first. */
  async #handOver(): Promise<void> {
    this.#restore = new RestoreFeed(this.#session, this.#client)
    const held = this.#head.dropped ?? Buffer.alloc(0)
    this.#head.dropped = undefined
    await this.#restore.write(held)
  }

  #read(data: Buffer): void {
    this.#reader ??= new CustomDataReader(this.#head.toc as CustomToc)
    try {
      this.#reader.push(data)
    } catch (error) {
      throw problem(error)
    }
  }

  async end(): Promise<StreamChecked> {
    if (!this.#restore) {
      const rest = this.#head.finish()
      if (this.#head.givenUp) await this.#handOver()
      else if (rest) this.#read(rest)
    }
    if (this.#restore) return this.#restore.end()
    const toc = this.#head.toc
    const reader = this.#reader
    if (!toc || !reader) throw unreadable('it wrote no archive')
    try {
      reader.end()
    } catch (error) {
      throw problem(error)
    } finally {
      reader.close()
    }
    const missing = toc.entries.find(
      e => e.flag !== OFFSET_NO_DATA && !reader.blocks.has(e.dumpId)
    )
    if (missing) {
      throw unreadable(
        `its archive cannot be read back end to end: entry ${missing.dumpId} has no data block`
      )
    }
    const entries = toc.entries.filter(e => e.listed).length
    return {
      how: `pg-dumper read the whole archive back itself as it passed (${entries} entries, ${readHow(toc.compression === 'gzip')})`,
      entries: entries > 0
    }
  }

  close(): void {
    this.#reader?.close()
    this.#restore?.stop()
  }
}

/** A reader's DataProblem as the dump's failure. */
function problem(error: unknown): unknown {
  if (!(error instanceof DataProblem)) return error
  return unreadable(
    `its archive cannot be read back end to end: ${error.message}`
  )
}

/** pg_restore reading the rest of the stream through a FIFO, its output thrown away. */
class RestoreFeed {
  readonly #pass = new PassThrough()
  readonly #done: Promise<ToolResult>

  constructor(session: Session, client: ResolvedClient) {
    this.#done = feedingFifo(
      session.cancellation,
      () => Promise.resolve(this.#pass),
      fifo => session.run(client, 'pg_restore', streamReadBackArgs(fifo)),
      // pg_restore may stop reading early: the stream still goes on
      true
    )
    this.#done.catch(() => {})
  }

  async write(bytes: Buffer): Promise<void> {
    if (this.#pass.write(bytes)) return
    // pg_restore that never started reads nothing: its end ends the wait
    await Promise.race([once(this.#pass, 'drain'), this.#done])
  }

  async end(): Promise<StreamChecked> {
    this.#pass.end()
    const result = await this.#done
    if (result.exitCode !== 0) {
      throw unreadable('its archive cannot be read back end to end', result)
    }
    return {
      how: 'pg_restore read the whole archive back as it passed',
      entries: true
    }
  }

  stop(): void {
    this.#pass.destroy()
  }
}
