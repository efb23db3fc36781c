// A dump streamed into a store instead of a file: pg_dump writes into a FIFO,
// and its bytes are read back (stream-check.ts), encrypted when asked, hashed
// and handed to the store's stream as they pass; nothing is written to
// disk. The stream is ended only once pg_dump exited 0 and the read-back
// passed; after a failure it is left unended, for the store to discard.
import { createHash } from 'node:crypto'
import type { Writable } from 'node:stream'
import { encryptingInto, type StreamEncryption } from '../age/age-stream.ts'
import type { FileDigest } from '../archive/digest.ts'
import type { Connection } from '../connection/connection.ts'
import { ToolError } from '../errors.ts'
import { fifoSource, withFifo } from '../process/fifo.ts'
import { failureMessage } from '../process/runner.ts'
import type { Session } from '../session.ts'
import type { DumpPlan } from './plan.ts'
import { streamCheck, type StreamCheck } from './stream-check.ts'
import { warnEmpty } from './verify.ts'

/** The formats pg_dump writes as one stream, which alone can be streamed to a store. */
export const STREAMABLE_FORMATS = ['custom', 'plain'] as const

/** Writing to the store failed: nothing of the dump is kept. */
function storeError(error: unknown): ToolError {
  return new ToolError(
    'command',
    `Cannot write the dump into its store: ${(error as Error).message}. Nothing was kept.`,
    { tool: 'pg_dump' }
  )
}

/** Writes `bytes` to `to`, resolving once it took them; rejects early when `failed` does. */
function writeChunk(
  to: Writable,
  bytes: Buffer,
  failed?: Promise<unknown>
): Promise<void> {
  const written = new Promise<void>((resolve, reject) =>
    to.write(bytes, error => (error ? reject(error) : resolve()))
  )
  return failed ? Promise.race([written, failed.then(() => {})]) : written
}

/**
 * pg_dump of `connection` streamed into `into` (its bytes, or the age
 * file's when the plan has recipients), read back as they pass; returns
 * the digest of what was written. `into` is ended only on success.
 */
export async function writeStreamed(
  session: Session,
  plan: DumpPlan,
  connection: Connection,
  into: Writable
): Promise<FileDigest> {
  const { client, format, recipients } = plan
  if (format !== 'custom' && format !== 'plain') {
    throw new ToolError(
      'command',
      `A ${format} dump is not one stream: it cannot be streamed into a store.`,
      { tool: 'pg_dump' }
    )
  }
  // failures come through the writes' callbacks
  into.on('error', () => {})
  const hash = createHash('sha256')
  let size = 0
  const store = async (bytes: Buffer) => {
    hash.update(bytes)
    size += bytes.length
    await writeChunk(into, bytes).catch((error: unknown) => {
      throw storeError(error)
    })
  }
  let encryption: StreamEncryption | undefined
  if (recipients.length > 0) {
    encryption = await encryptingInto(recipients, store)
  }
  const forward = encryption
    ? (bytes: Buffer) =>
        writeChunk(encryption.input, bytes, encryption.done).catch(
          (error: unknown) => {
            throw encryptError(error)
          }
        )
    : store
  const check = streamCheck(session, client, format)
  try {
    await dumpInto(session, plan, connection, check, forward)
    session.cancellation.throwIfCancelled(
      'pg_dump was stopped and nothing was kept'
    )
    const checked = await check.end()
    if (encryption) {
      encryption.input.end()
      await encryption.done.catch((error: unknown) => {
        throw encryptError(error)
      })
    }
    await new Promise<void>((resolve, reject) =>
      into.end((error?: Error | null) => (error ? reject(error) : resolve()))
    ).catch((error: unknown) => {
      throw storeError(error)
    })
    const age = encryption
      ? 'encrypted with age (read back: it decrypts to the bytes pg_dump wrote), '
      : ''
    session.logger.info(
      `Verified: ${checked.how}; streamed ${age}nothing written to disk`
    )
    if (!checked.entries) warnEmpty(session)
    return { size, sha256: hash.digest('hex') }
  } finally {
    check.close()
    encryption?.input.destroy()
  }
}

/** An encryption failure, unless it is the store's own (already worded). */
function encryptError(error: unknown): unknown {
  if (error instanceof ToolError) return error
  return new ToolError(
    'command',
    `Cannot encrypt the dump as it streams: ${(error as Error).message}. Nothing was kept.`,
    { tool: 'pg_dump' }
  )
}

/**
 * Runs pg_dump into a FIFO while its bytes go through `check` to
 * `forward`; a failure of either stops pg_dump (a closed pipe) and is the
 * error thrown.
 */
function dumpInto(
  session: Session,
  plan: DumpPlan,
  connection: Connection,
  check: StreamCheck,
  forward: (bytes: Buffer) => Promise<void>
): Promise<void> {
  return withFifo(session.cancellation, async fifo => {
    const { stream, writerEnded } = fifoSource(fifo)
    const pumping = (async () => {
      try {
        for await (const chunk of stream) {
          await check.push(chunk as Buffer)
          await forward(chunk as Buffer)
        }
      } catch (error) {
        stream.destroy()
        throw error
      }
    })()
    pumping.catch(() => {})
    try {
      const args = plan.args(connection, fifo, {
        verbose: false,
        noSync: true
      })
      const result = await session.run(plan.client, 'pg_dump', args)
      if (result.exitCode !== 0) {
        throw new ToolError('failed', failureMessage('pg_dump', result), {
          tool: 'pg_dump',
          exitCode: result.exitCode,
          stderr: result.stderr
        })
      }
    } catch (error) {
      writerEnded()
      const stopped = new Error('pg_dump failed')
      stream.destroy(stopped)
      // pg_dump died of a closed pipe when the read-back or the store failed first
      const failed = await pumping.then(
        () => undefined,
        (e: unknown) => e
      )
      throw failed === undefined || failed === stopped ? error : failed
    } finally {
      writerEnded()
    }
    await pumping
  })
}
