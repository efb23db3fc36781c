// A dump restored from a store's stream, no local copy (issue 24): its head
// is read first (of a custom archive, up to the end of its table of
// contents) to know what it is; `pg_restore --list` reads that head alone,
// and pg_restore or psql reads the head and the rest of the stream, once,
// through a FIFO, to its very end (so that the store's own check of it
// runs), hashed as it passes. When the stream fails, the tool is ended
// before it sees the stream's end (psql would commit a single transaction
// there). What a stream cannot restore is told before anything is run.
import { createHash } from 'node:crypto'
import { Readable } from 'node:stream'
import { ageKind } from '../age/kind.ts'
import { tocParse, TOC_LIMIT, type CustomToc } from '../archive/custom-toc.ts'
import { UnrecognizedDumpError } from '../archive/format.ts'
import {
  headerOf,
  HEADER_BYTES,
  type ArchiveHeader
} from '../archive/header.ts'
import { ToolError } from '../errors.ts'
import { stopChildTool } from '../process/cancellation.ts'
import { feedingFifo } from '../process/fifo.ts'
import type { Session } from '../session.ts'
import type { DumpInput, StreamHead } from './dump-input.ts'

/** A stream opened for a restore: its input and header, or why it must be a file first. */
type OpenedStream =
  | { input: DumpInput & { streamed: StreamHead }; header: ArchiveHeader }
  | { refused: string }

/** A streamed dump this restore cannot take as a stream, found before anything ran: fetch it instead. */
export class StreamRefused extends Error {}

/** Reads the stream's first chunks until `enough` says they suffice, or it ends. */
async function readUntil(
  chunks: AsyncIterator<unknown>,
  held: Buffer[],
  enough: (bytes: Buffer) => boolean
): Promise<Buffer> {
  let bytes = Buffer.concat(held)
  while (!enough(bytes)) {
    const next = await chunks.next()
    if (next.done) break
    held.push(next.value as Buffer)
    bytes = Buffer.concat(held)
  }
  held.splice(0, held.length, bytes)
  return bytes
}

/**
 * Reads the head of `stream` (the dump `name`): a custom archive or a
 * plain script (`plain`: when psql may read one as it streams) it can
 * restore as it streams; for anything else, why not (the caller then
 * brings the dump to a file; the stream is spent).
 */
export async function openStream(
  session: Session,
  name: string,
  stream: Readable,
  plain: boolean
): Promise<OpenedStream> {
  if (process.platform === 'win32') {
    return { refused: 'this system has no FIFOs to feed the tools from' }
  }
  const chunks = stream[Symbol.asyncIterator]()
  const held: Buffer[] = []
  const first = await readUntil(chunks, held, b => b.length >= HEADER_BYTES)
  if (ageKind(first)) {
    return {
      refused:
        'it is age-encrypted, and every chunk of it is authenticated before anything of it is restored'
    }
  }
  let header: ArchiveHeader
  try {
    header = headerOf(first.subarray(0, HEADER_BYTES), name)
  } catch (error) {
    if (!(error instanceof UnrecognizedDumpError)) throw error
    throw new ToolError('failed', error.message)
  }
  if (header.format === 'plain' && !plain) {
    return {
      refused:
        "a plain script streams only into the connection's own database, which must exist (its extensions are asked ahead)"
    }
  }
  if (header.format === 'tar') {
    return { refused: 'a tar archive is not read as a stream' }
  }
  const read: { toc?: CustomToc | 'short' | 'unknown' } = {}
  const bytes =
    header.format === 'plain'
      ? first
      : await readUntil(chunks, held, b => {
          read.toc = tocParse(b)
          return read.toc !== 'short' || b.length > TOC_LIMIT
        })
  const parsed = read.toc
  if (typeof parsed === 'string') {
    return {
      refused: 'its table of contents is not one pg-dumper reads ahead'
    }
  }
  const tool = header.format === 'plain' ? 'psql' : 'pg_restore'
  const hash = createHash('sha256')
  let size = 0
  let failure: unknown
  const counted = (chunk: Buffer) => {
    hash.update(chunk)
    size += chunk.length
    return chunk
  }
  const rest = Readable.from(
    (async function* () {
      yield counted(bytes)
      for (;;) {
        const next = await chunks.next().catch(async (error: unknown) => {
          failure = error
          await stopChildTool(tool)
          throw error
        })
        if (next.done) return
        yield counted(next.value as Buffer)
      }
    })(),
    { objectMode: false }
  )
  return {
    input: streamInput(session, name, stream, rest, {
      head: parsed ? bytes.subarray(0, parsed.dataStart) : bytes,
      ...(parsed && { toc: parsed }),
      digest: () => ({ size, sha256: hash.copy().digest('hex') }),
      failure: () => failure
    }),
    header
  }
}

/** The stream as a restore's input: the head for listings, the whole once. */
function streamInput(
  session: Session,
  name: string,
  stream: Readable,
  rest: Readable,
  streamed: StreamHead
): DumpInput & { streamed: StreamHead } {
  let used = false
  const once = () => {
    if (used) {
      return Promise.reject(
        new ToolError(
          'command',
          `${name} streams from its store and is read once: a second pass is not possible`
        )
      )
    }
    used = true
    return Promise.resolve(rest)
  }
  return {
    file: name,
    encrypted: false,
    streamed,
    source: once,
    read: async (tool, bytes) => {
      if (typeof bytes === 'string')
        throw new Error('a streamed dump is not a file')
      if (bytes !== undefined)
        return feedingFifo(session.cancellation, bytes, tool)
      try {
        // to its end: the store checks the bytes as they end
        const result = await feedingFifo(session.cancellation, once, tool, true)
        if (streamed.failure() !== undefined) throw streamed.failure() as Error
        return result
      } finally {
        stream.destroy()
      }
    }
  }
}
