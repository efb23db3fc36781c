// age files (age-encryption.org/v1): encrypting a stream into one, and
// decrypting one as a stream (kind.ts tells one by its header). Nothing is held in memory
// but the library's 64 KiB chunks; no plaintext is written anywhere.
import type { Identity, Recipient } from 'age-encryption'
import { createHash } from 'node:crypto'
import { createReadStream, createWriteStream } from 'node:fs'
import { Readable, Transform } from 'node:stream'
import { open } from 'node:fs/promises'
import { pipeline } from 'node:stream/promises'
import type { ReadableStream as WebReadable } from 'node:stream/web'
import { DecryptionFailed } from '../errors.ts'
import { ageFileKind, ageKind } from './kind.ts'

export { ageFileKind, ageKind }

/** The age library (and the curves it checks keys with), loaded only to encrypt or decrypt. */
export const ageLibrary = () => import('age-encryption')

/** What encrypting wrote. */
export interface Encrypted {
  /** an identity that opens this one file (its file key), for reading it back */
  readBack: Identity
  /** SHA-256 and size of the plaintext that went in */
  plain: { sha256: string; size: number }
}

/** Counts and hashes what passes through. */
export function hashing(): Transform & {
  sha256: () => string
  size: () => number
} {
  const hash = createHash('sha256')
  let size = 0
  let digest: string | undefined
  const tap = new Transform({
    transform(chunk: Buffer, _encoding, done) {
      hash.update(chunk)
      size += chunk.length
      done(null, chunk)
    }
  })
  return Object.assign(tap, {
    sha256: () => (digest ??= hash.digest('hex')),
    size: () => size
  })
}

/**
 * A recipient that wraps nothing: it only keeps the file key, so the file
 * just written can be decrypted and read back without any recipient's
 * secret key. The file holds the real recipients' stanzas only.
 */
export class FileKeyWitness implements Recipient {
  fileKey?: Uint8Array
  wrapFileKey(fileKey: Uint8Array): [] {
    this.fileKey = new Uint8Array(fileKey)
    return []
  }
}

/**
 * Encrypts `plain` to `recipients` into the file `to` (created, mode 0600).
 * Rejects with the first error of the source or the write.
 */
export async function encryptStream(
  plain: Readable,
  recipients: readonly string[],
  to: string
): Promise<Encrypted> {
  const { Encrypter } = await ageLibrary()
  const encrypter = new Encrypter()
  for (const recipient of recipients) encrypter.addRecipient(recipient)
  const witness = new FileKeyWitness()
  encrypter.addRecipient(witness)
  const tap = hashing()
  const source = plain.pipe(tap)
  plain.on('error', error => source.destroy(error))
  plain.on('close', () => {
    if (!plain.readableEnded) source.destroy(new Error('the input ended early'))
  })
  try {
    const cipher = await encrypter.encrypt(
      Readable.toWeb(source) as unknown as ReadableStream<Uint8Array>
    )
    await pipeline(
      Readable.fromWeb(cipher as unknown as WebReadable<Uint8Array>),
      createWriteStream(to, { mode: 0o600 })
    )
    // on disk before it may take the target's name, as pg_dump syncs its own
    const written = await open(to, 'r+')
    await written.sync().finally(() => written.close())
  } catch (error) {
    // a writer (pg_dump) on the other end must not wait for a reader for good
    plain.destroy()
    throw error
  }
  const fileKey = witness.fileKey as Uint8Array
  return {
    readBack: { unwrapFileKey: () => fileKey },
    plain: { sha256: tap.sha256(), size: tap.size() }
  }
}

/**
 * A decryption failure in words: which of the user's fixes applies, then
 * `outcome` (what the failure left undone).
 */
export function decryptionError(
  file: string,
  error: unknown,
  keyName: string,
  outcome = 'Nothing was restored.'
): DecryptionFailed {
  if (error instanceof DecryptionFailed) return error
  const message = error instanceof Error ? error.message : String(error)
  if (/no identity matched/.test(message)) {
    return new DecryptionFailed(
      `${file} is age-encrypted, but ${keyName} is not the secret key of any of its recipients. ` +
        `Give the AGE-SECRET-KEY-1… whose public key (age1…) the dump was encrypted to. ${outcome}`
    )
  }
  return new DecryptionFailed(
    `${file} is age-encrypted but cannot be decrypted: it is corrupt or cut short (${safeReason(message)}). ${outcome}`
  )
}

/**
 * A pass over an age file that fails to decrypt it after it was
 * authenticated whole: it changed since, and `target` may hold part of it.
 */
export function changedError(
  file: string,
  error: unknown,
  target: string
): DecryptionFailed {
  if (error instanceof DecryptionFailed) return error
  const message = error instanceof Error ? error.message : String(error)
  return new DecryptionFailed(
    `${file} changed on disk during the restore: every chunk of it was authenticated before anything was restored, ` +
      `but reading it again failed to decrypt (${safeReason(message)}). ${target} may hold part of the dump: restore again from an intact copy.`
  )
}

/** The library's reason, kept only when it is one of its own short phrases (never key material). */
function safeReason(message: string): string {
  return /^[\w ,.'-]{1,100}$/.test(message) ? message : 'invalid age data'
}

/**
 * The plaintext of the age file at `path`, as a stream. The header is read
 * and its MAC checked before this resolves (a wrong key rejects here); the
 * payload is authenticated chunk by chunk as it is read, and a cut or
 * altered file errors the stream. Rejections are the library's errors:
 * word them with {@link decryptionError}.
 */
export async function decryptStream(
  path: string,
  identity: string | Identity
): Promise<Readable> {
  const { Decrypter } = await ageLibrary()
  const decrypter = new Decrypter()
  decrypter.addIdentity(identity)
  const cipher = createReadStream(path)
  try {
    const plain = await decrypter.decrypt(
      Readable.toWeb(cipher) as unknown as ReadableStream<Uint8Array>
    )
    return Readable.fromWeb(plain as WebReadable<Uint8Array>)
  } catch (error) {
    cipher.destroy()
    throw error
  }
}

/** The stream's bytes as they are, each also given to `tap` (errors pass through). */
export function tapped(
  stream: Readable,
  tap: (bytes: Buffer) => void
): Readable {
  return Readable.from(
    (async function* () {
      for await (const chunk of stream) {
        tap(chunk as Buffer)
        yield chunk as Buffer
      }
    })(),
    { objectMode: false }
  )
}

/**
 * Decrypts the whole age file at `path`, authenticating every chunk, and
 * keeps only the first `keep` bytes of the plaintext (a dump's header):
 * the rest is discarded as it passes, written nowhere. Rejects as
 * {@link decryptStream} does, or at the first chunk that fails (a file cut
 * short fails at its end).
 */
export async function authenticate(
  path: string,
  identity: string | Identity,
  keep = 0
): Promise<Buffer> {
  const plain = await decryptStream(path, identity)
  const chunks: Buffer[] = []
  let held = 0
  try {
    for await (const chunk of plain) {
      const bytes = chunk as Buffer
      if (held < keep) {
        chunks.push(bytes.subarray(0, keep - held))
        held += Math.min(bytes.length, keep - held)
      }
    }
  } finally {
    plain.destroy()
  }
  return Buffer.concat(chunks)
}

/**
 * The whole plaintext of a small age file (a roles and tablespaces script),
 * held in memory only, and its SHA-256. Rejects as {@link decryptStream}
 * does, or when a chunk fails to authenticate.
 */
export async function decryptToMemory(
  path: string,
  identity: string | Identity
): Promise<{ bytes: Buffer; sha256: string }> {
  const plain = await decryptStream(path, identity)
  const chunks: Buffer[] = []
  for await (const chunk of plain) chunks.push(chunk as Buffer)
  const bytes = Buffer.concat(chunks)
  return {
    bytes,
    sha256: createHash('sha256').update(bytes).digest('hex')
  }
}
