// FIFOs between the action and a tool, so that neither a dump's plaintext
// nor its decryption is ever a file: a tool (pg_restore, psql) reads what a
// stream feeds it, or pg_dump writes into a stream.
import { execFile } from 'node:child_process'
import { closeSync, constants, openSync } from 'node:fs'
import { Socket } from 'node:net'
import { join } from 'node:path'
import type { Readable } from 'node:stream'
import { ToolError } from '../errors.ts'
import type { Cancellation } from './cancellation.ts'
import { withTrackedTemp } from './temp.ts'

const POLL_MS = 20

const pause = () => new Promise(resolve => setTimeout(resolve, POLL_MS))

/** Makes a FIFO (mode 0600); false where the system has none (Windows). */
function makeFifo(path: string): Promise<boolean> {
  if (process.platform === 'win32') return Promise.resolve(false)
  return new Promise(resolve => {
    execFile('mkfifo', ['-m', '600', path], error => resolve(!error))
  })
}

/** A new FIFO in a tracked temporary folder, for the length of `fn`. */
export async function withFifo<T>(
  cancellation: Cancellation,
  fn: (fifo: string) => Promise<T>
): Promise<T> {
  return withTrackedTemp(cancellation, { prefix: 'age' }, async dir => {
    const fifo = join(dir, 'dump.fifo')
    if (!(await makeFifo(fifo))) {
      throw new ToolError(
        'command',
        'An age-encrypted dump is streamed through a FIFO (mkfifo), which this system lacks: nothing is decrypted to disk.'
      )
    }
    return fn(fifo)
  })
}

/**
 * Writes to a FIFO's writing end and waits until the bytes are handed to the
 * system (the buffer may then be reused); false once the reader has closed
 * its end.
 */
function writeToFifo(sink: Socket, bytes: Buffer): Promise<boolean> {
  if (sink.destroyed) return Promise.resolve(false)
  return new Promise(resolve => sink.write(bytes, error => resolve(!error)))
}

/**
 * Runs `tool(fifo)` while `source()` is fed into the FIFO it reads. The
 * source opens only once the tool has opened the FIFO; a tool that ends
 * without opening it, or closes it early (`pg_restore --list` stops after
 * the table of contents), ends the feed. An error of the source (a cut or
 * altered age file) is thrown, before the tool's result is looked at.
 */
export async function feedingFifo<T>(
  cancellation: Cancellation,
  source: () => Promise<Readable>,
  tool: (fifo: string) => Promise<T>,
  /** read the source to its end even once the tool stopped reading */
  drain = false
): Promise<T> {
  return withFifo(cancellation, async fifo => {
    let toolEnded = false
    const feed = (async () => {
      let fd: number | undefined
      while (fd === undefined) {
        try {
          fd = openSync(fifo, constants.O_WRONLY | constants.O_NONBLOCK)
        } catch (error) {
          if ((error as NodeJS.ErrnoException).code !== 'ENXIO') throw error
          if (toolEnded) return
          await pause()
        }
      }
      const sink = new Socket({ fd, readable: false, writable: true })
      // EPIPE once the tool stops reading: seen by writeToFifo()
      sink.on('error', () => {})
      let stream: Readable | undefined
      try {
        stream = await source()
        let reading = true
        for await (const chunk of stream) {
          if (reading && !(await writeToFifo(sink, chunk as Buffer))) {
            if (!drain) break
            reading = false
          }
        }
      } finally {
        stream?.destroy()
        sink.end()
      }
    })()
    feed.catch(() => {})
    const ran = tool(fifo).finally(() => {
      toolEnded = true
    })
    const [result, fed] = await Promise.allSettled([ran, feed])
    if (fed.status === 'rejected') throw fed.reason
    if (result.status === 'rejected') throw result.reason
    return result.value
  })
}

/**
 * The FIFO's reading end as a stream, opened before the writer comes, and
 * the means to end it: a placeholder writer keeps the stream from ending
 * before pg_dump has opened the FIFO; `writerEnded()` (pg_dump has exited)
 * lets it end once what is in the pipe was read.
 */
export function fifoSource(fifo: string): {
  stream: Readable
  writerEnded: () => void
} {
  const read = openSync(fifo, constants.O_RDONLY | constants.O_NONBLOCK)
  let placeholder: number | undefined = openSync(
    fifo,
    constants.O_WRONLY | constants.O_NONBLOCK
  )
  const stream = new Socket({ fd: read, readable: true, writable: false })
  return {
    stream,
    writerEnded: () => {
      if (placeholder === undefined) return
      closeSync(placeholder)
      placeholder = undefined
    }
  }
}
