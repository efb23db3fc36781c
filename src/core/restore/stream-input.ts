// A dump restored from a store's stream, no local copy (issue 24): its head
// is read first, up to the end of a custom archive's table of contents, to
// know what it is; `pg_restore --list` reads that head alone, and the
// restore reads the head and the rest of the stream, once, through a FIFO,
// to its very end (so that the store's own check of it runs), hashed as
// it passes. What a stream cannot restore is told before anything is run.
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
import { feedingFifo } from '../process/fifo.ts'
import type { Session } from '../session.ts'
import type { DumpInput, StreamHead } from './dump-input.ts'

/** A stream opened for a restore: its input and header, or why it must be a file first. */
type OpenedStream =
  | { input: DumpInput & { streamed: StreamHead }; header: ArchiveHeader }
  | { refused: string }

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
 * Reads the head of `stream` (the dump `name`): a custom archive it can
 * restore as it streams; for anything else, why not (the caller then
 * brings the dump to a file; the stream is spent).
 */
export async function openStream(
  session: Session,
  name: string,
  stream: Readable
): Promise<OpenedStream> {
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
  if (header.format !== 'custom') {
    return {
      refused:
        header.format === 'plain'
          ? 'a plain script is checked whole before psql runs any of it'
          : `a ${header.format} archive is not read as a stream`
    }
  }
  let toc: CustomToc | 'short' | 'unknown' = 'short'
  const bytes = await readUntil(chunks, held, b => {
    toc = tocParse(b)
    return toc !== 'short' || b.length > TOC_LIMIT
  })
  const parsed = toc as CustomToc | 'short' | 'unknown'
  if (typeof parsed === 'string') {
    return {
      refused: 'its table of contents is not one pg-dumper reads ahead'
    }
  }
  const hash = createHash('sha256')
  let size = 0
  const counted = (chunk: Buffer) => {
    hash.update(chunk)
    size += chunk.length
    return chunk
  }
  const rest = Readable.from(
    (async function* () {
      yield counted(bytes)
      for (;;) {
        const next = await chunks.next()
        if (next.done) return
        yield counted(next.value as Buffer)
      }
    })(),
    { objectMode: false }
  )
  return {
    input: streamInput(session, name, stream, rest, {
      head: bytes.subarray(0, parsed.dataStart),
      toc: parsed,
      digest: () => ({ size, sha256: hash.copy().digest('hex') })
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
    read: (tool, bytes) =>
      feedingFifo(
        session.cancellation,
        bytes === undefined
          ? once
          : typeof bytes === 'string'
            ? () => Promise.reject(new Error('a stream is not a file'))
            : bytes,
        tool,
        // to its end: the store checks the bytes as they end
        bytes === undefined
      ).finally(() => {
        if (bytes === undefined) stream.destroy()
      })
  }
}
