// Encrypting a stream into a stream (a dump on its way to a store): the age
// bytes are handed on as they come, and decrypted again as they pass with
// the file's own key, so that what is stored is shown to decrypt to exactly
// the bytes that went in. Nothing is written to disk.
import { createHash } from 'node:crypto'
import { once } from 'node:events'
import { PassThrough, Readable, type Writable } from 'node:stream'
import { ageLibrary, FileKeyWitness, hashing } from './age-file.ts'

/** An encryption under way. */
export interface StreamEncryption {
  /** the plaintext goes here, with backpressure; end it after the last byte */
  input: Writable
  /**
   * Resolves once every age byte was handed to `write` and decrypted back
   * to the plaintext's bytes; rejects with the first failure (of the
   * input, the encryption, `write`, or the read-back).
   */
  done: Promise<void>
}

const toWeb = (stream: Readable) =>
  Readable.toWeb(stream) as unknown as ReadableStream<Uint8Array>
const fromWeb = (stream: ReadableStream<Uint8Array>) => Readable.fromWeb(stream)

/** Decrypts what is written to `copy` with the file key the witness kept: the plaintext's digest. */
async function decryptedDigest(
  copy: Readable,
  witness: FileKeyWitness
): Promise<{ sha256: string; size: number }> {
  const { Decrypter } = await ageLibrary()
  const decrypter = new Decrypter()
  decrypter.addIdentity({ unwrapFileKey: () => witness.fileKey ?? null })
  const plain = fromWeb(await decrypter.decrypt(toWeb(copy)))
  const hash = createHash('sha256')
  let size = 0
  for await (const chunk of plain) {
    hash.update(chunk as Buffer)
    size += (chunk as Buffer).length
  }
  return { sha256: hash.digest('hex'), size }
}

/**
 * Encrypts what is written to the returned `input` to `recipients`,
 * handing each age chunk to `write` (which resolves once it may be reused).
 */
export async function encryptingInto(
  recipients: readonly string[],
  write: (cipher: Buffer) => Promise<void>
): Promise<StreamEncryption> {
  const { Encrypter } = await ageLibrary()
  const encrypter = new Encrypter()
  for (const recipient of recipients) encrypter.addRecipient(recipient)
  const witness = new FileKeyWitness()
  encrypter.addRecipient(witness)
  const input = new PassThrough()
  const tap = hashing()
  const source = input.pipe(tap)
  input.on('error', error => source.destroy(error))
  const cipher = fromWeb(await encrypter.encrypt(toWeb(source)))
  const copy = new PassThrough()
  const checking = decryptedDigest(copy, witness)
  checking.catch(() => {})
  const done = (async () => {
    try {
      for await (const chunk of cipher) {
        const bytes = Buffer.from(chunk as Uint8Array)
        await write(bytes)
        if (!copy.write(bytes))
          await Promise.race([once(copy, 'drain'), checking])
      }
      copy.end()
    } catch (error) {
      copy.destroy()
      input.destroy()
      throw error
    }
    const back = await checking
    if (back.sha256 !== tap.sha256() || back.size !== tap.size()) {
      throw new Error(
        `the age stream decrypts to other bytes than went in (${back.size} bytes, not ${tap.size()})`
      )
    }
  })()
  done.catch(() => {})
  return { input, done }
}
