// An age-encrypted dump: pg_dump writes into a FIFO, the action encrypts the
// stream into the age file, and no plaintext is ever a file. Before the age
// file takes its name it is read back: decrypted (every chunk
// authenticated) into pg_restore, or for plain SQL checked for pg_dump's
// closing line, and shown to decrypt to exactly the bytes pg_dump wrote.
import { createHash } from 'node:crypto'
import { createReadStream } from 'node:fs'
import type { Readable } from 'node:stream'
import { streamReadBackArgs, type DumpFormat } from '../args.ts'
import {
  decryptStream,
  encryptStream,
  tapped,
  type Encrypted
} from '../age/age-file.ts'
import { feedingFifo, fifoSource, withFifo } from '../process/fifo.ts'
import type { ResolvedClient } from '../client/resolver.ts'
import { ToolError, type Tool } from '../errors.ts'
import type { Session } from '../session.ts'
import {
  PLAIN_COMPLETE,
  endsComplete,
  unreadable,
  warnEmpty
} from './verify.ts'

/** The formats pg_dump writes as one stream, which alone can be encrypted. */
export const ENCRYPTABLE_FORMATS: readonly DumpFormat[] = ['custom', 'plain']

/** pg_dump's comment before each object of a plain script. */
const PLAIN_ENTRY = /^-- (?:Data for )?Name: .*; Type: /m
const TAIL = 4096

function writeError(error: unknown, tool: Tool = 'pg_dump'): ToolError {
  return new ToolError(
    'command',
    `Cannot write the encrypted dump: ${(error as Error).message}. Nothing was written to the target.`,
    { tool }
  )
}

/**
 * Runs `write(fifo)` (a tool writing to the path it is given, throwing when
 * it fails) while what it writes is encrypted to `recipients` into
 * `partial`: no plaintext is ever a file.
 */
export async function encryptWhileWriting(
  session: Session,
  partial: string,
  recipients: readonly string[],
  write: (file: string) => Promise<void>,
  tool: Tool = 'pg_dump'
): Promise<Encrypted> {
  return withFifo(session.cancellation, async fifo => {
    const { stream, writerEnded } = fifoSource(fifo)
    const encrypting = encryptStream(stream, recipients, partial)
    encrypting.catch(() => {})
    try {
      await write(fifo)
    } catch (error) {
      writerEnded()
      const stopped = new Error(`${tool} failed`)
      stream.destroy(stopped)
      // the tool died of a closed pipe when the encryption failed first
      const failed = await encrypting.then(
        () => undefined,
        (e: unknown) => e
      )
      throw failed === undefined || failed === stopped
        ? error
        : writeError(failed, tool)
    } finally {
      writerEnded()
    }
    return encrypting.catch((error: unknown) => {
      throw writeError(error, tool)
    })
  })
}

/**
 * Runs `dump(fifo)` (pg_dump writing to the path it is given, throwing when
 * it fails) while its output is encrypted to `recipients` into `partial`;
 * then reads the age file back. Returns the age file's own key (for a
 * restore drill); the caller hashes the file.
 */
export async function dumpEncrypted(
  session: Session,
  client: ResolvedClient,
  partial: string,
  format: DumpFormat,
  recipients: readonly string[],
  dump: (file: string) => Promise<void>
): Promise<Encrypted['readBack']> {
  const encrypted = await encryptWhileWriting(
    session,
    partial,
    recipients,
    dump
  )
  await readBackEncrypted(session, client, partial, format, encrypted)
  return encrypted.readBack
}

/**
 * Encrypts the verified plaintext dump `plainFile` (kept, as asked) into
 * `partial`, then reads the age file back.
 */
export async function encryptFile(
  session: Session,
  client: ResolvedClient,
  plainFile: string,
  partial: string,
  format: DumpFormat,
  recipients: readonly string[]
): Promise<void> {
  const encrypted = await encryptStream(
    createReadStream(plainFile),
    recipients,
    partial
  ).catch((error: unknown) => {
    throw writeError(error)
  })
  await readBackEncrypted(session, client, partial, format, encrypted)
}

/**
 * Reads the age file back with its own file key: an archive decrypted into
 * pg_restore through a FIFO, plain SQL by its closing line; either way the
 * plaintext must be the bytes that were encrypted.
 */
async function readBackEncrypted(
  session: Session,
  client: ResolvedClient,
  partial: string,
  format: DumpFormat,
  encrypted: Encrypted
): Promise<void> {
  const hash = createHash('sha256')
  let size = 0
  const plain = async (): Promise<Readable> =>
    tapped(await decryptStream(partial, encrypted.readBack), bytes => {
      hash.update(bytes)
      size += bytes.length
    })
  const opened = async () =>
    plain().catch((error: unknown) => {
      throw unreadable(
        `the age file cannot be decrypted (${(error as Error).message})`
      )
    })
  let entries = true
  if (format === 'plain') {
    entries = await checkPlain(await opened())
  } else {
    const result = await feedingFifo(
      session.cancellation,
      opened,
      fifo => session.run(client, 'pg_restore', streamReadBackArgs(fifo)),
      true
    ).catch((error: unknown) => {
      if (error instanceof ToolError) throw error
      throw unreadable(
        `the age file does not decrypt end to end (${(error as Error).message})`
      )
    })
    if (result.exitCode !== 0) {
      throw unreadable(
        'its archive cannot be read back end to end from the age file',
        result
      )
    }
  }
  if (
    size !== encrypted.plain.size ||
    hash.digest('hex') !== encrypted.plain.sha256
  ) {
    throw unreadable(
      `the age file decrypts to other bytes than pg_dump wrote (${size} bytes, not ${encrypted.plain.size})`
    )
  }
  session.logger.info(
    `Verified: the age file decrypts, every chunk authenticated, to the ${size} bytes pg_dump wrote, and ` +
      (format === 'plain'
        ? "they end with pg_dump's completion line"
        : 'pg_restore read the whole archive back from it')
  )
  if (!entries) warnEmpty(session)
}

/** Reads a decrypted plain script to its end: whether it holds an object; throws when it lacks the closing line. */
async function checkPlain(stream: Readable): Promise<boolean> {
  let tail = Buffer.alloc(0)
  let entry = false
  let carry = ''
  try {
    for await (const chunk of stream) {
      const bytes = chunk as Buffer
      tail = Buffer.concat([tail, bytes]).subarray(-TAIL)
      if (!entry) {
        const text = carry + bytes.toString('latin1')
        entry = PLAIN_ENTRY.test(text)
        carry = text.slice(text.lastIndexOf('\n') + 1)
      }
    }
  } catch (error) {
    throw unreadable(
      `the age file does not decrypt end to end (${(error as Error).message})`
    )
  }
  if (!endsComplete(tail)) {
    throw unreadable(
      `the plain dump is incomplete: it lacks pg_dump's completion line (${PLAIN_COMPLETE})`
    )
  }
  return entry
}
