// How a restore reads its dump: a file as it is, or an age file
// authenticated whole first, then decrypted afresh for each pass, into a
// FIFO a tool reads or a stream the core reads, so that no plaintext is
// ever written to disk.
import { createReadStream } from 'node:fs'
import { stat } from 'node:fs/promises'
import { Readable } from 'node:stream'
import type { Identity } from 'age-encryption'
import {
  ageFileKind,
  authenticate,
  changedError,
  decryptionError,
  decryptStream
} from '../age/age-file.ts'
import { feedingFifo } from '../process/fifo.ts'
import {
  headerOf,
  HEADER_BYTES,
  type ArchiveHeader
} from '../archive/header.ts'
import { UnrecognizedDumpError } from '../archive/format.ts'
import type { CustomToc } from '../archive/custom-toc.ts'
import type { FileDigest } from '../archive/digest.ts'
import { DecryptionFailed, ToolError } from '../errors.ts'
import type { Cancellation } from '../process/cancellation.ts'
import type { Session } from '../session.ts'
import { formatDuration } from '../units.ts'

/** Somewhere the core reads a dump's bytes from: a path, or a stream opened afresh each time. */
export type Source = string | (() => Promise<Readable>)

/** The bytes of a source, from the start. */
export async function openSource(source: Source): Promise<Readable> {
  return typeof source === 'string' ? createReadStream(source) : source()
}

/** The dump a restore reads, once per pass. */
export interface DumpInput {
  /** the file, for messages */
  file: string
  /** decrypted on the fly: tools read a FIFO, which they cannot probe or seek */
  encrypted: boolean
  /** the dump's bytes for the core's own passes */
  source: Source
  /** runs `tool` with a path it may read the dump from once, fed from `bytes` (default: the dump) */
  read<T>(tool: (path: string) => Promise<T>, bytes?: Source): Promise<T>
  /** the dump streams from its store (read once, through a FIFO): its head, read ahead */
  streamed?: StreamHead
}

/** A dump's head as read from its stream (stream-input.ts). */
export interface StreamHead {
  /** a custom archive's header and table of contents (what `pg_restore --list` reads); a script's first bytes */
  head: Buffer
  /** a custom archive's table of contents */
  toc?: CustomToc
  /** SHA-256 and size of every byte the restore read, once it has */
  digest(): FileDigest
  /**
   * The error the stream failed with, if it did: thrown once the tool has
   * ended, whatever the tool's own result (ended by us, it may look as if
   * it stopped reading first)
   */
  failure(): unknown
}

/** A dump file read as it is. */
function fileInput(file: string): DumpInput {
  return {
    file,
    encrypted: false,
    source: file,
    read: (tool, bytes) =>
      bytes === undefined || typeof bytes === 'string'
        ? tool(bytes ?? file)
        : Promise.reject(new Error('a file dump is read from its path'))
  }
}

/**
 * An age file, decrypted with `identity` for each pass. It was
 * authenticated whole before: a pass that fails to decrypt it says that it
 * changed since, and that the target may hold part of it.
 */
function ageInput(
  session: Session,
  file: string,
  identity: string | Identity
): DumpInput {
  const failed = (error: unknown) => changedError(file, error, session.target)
  const source = () =>
    decryptStream(file, identity).then(
      plain => wordErrors(plain, failed),
      (error: unknown) => {
        throw failed(error)
      }
    )
  return {
    file,
    encrypted: true,
    source,
    read: (tool, bytes) =>
      feedingFifo(session.cancellation, () => openSource(bytes ?? source), tool)
  }
}

/** The stream's bytes, its errors (a cut or altered payload) worded by `failed`. */
function wordErrors(
  plain: Readable,
  failed: (error: unknown) => Error
): Readable {
  return Readable.from(
    (async function* () {
      try {
        for await (const chunk of plain) yield chunk as Buffer
      } catch (error) {
        throw failed(error)
      }
    })(),
    { objectMode: false }
  )
}

/**
 * The dump at `file` as a restore reads it, and its header: an age file
 * (told by its first line) needs `identity`, or fails saying so.
 */
export async function openDump(
  session: Session,
  file: string,
  identity: string | Identity | undefined,
  plainHeader: (file: string) => Promise<ArchiveHeader>
): Promise<{ input: DumpInput; header: ArchiveHeader }> {
  const keyName = session.wording.name('decryptKey')
  const kind = await ageFileKind(file).catch(() => undefined)
  if (kind === undefined) {
    if (identity !== undefined) {
      session.logger.warning(
        `${keyName} is set, but ${file} is not age-encrypted: restoring it as it is.`
      )
    }
    return { input: fileInput(file), header: await plainHeader(file) }
  }
  const key = ageIdentity(session, file, kind, identity)
  const input = ageInput(session, file, key)
  // in a restore of several, others may have been restored before this one
  const head = await authenticated(
    session,
    file,
    key,
    'Nothing of it was restored.'
  )
  session.logger.info(
    `Decrypting ${file} (age) as it is read: nothing is decrypted to disk`
  )
  try {
    return { input, header: headerOf(head, file) }
  } catch (error) {
    if (!(error instanceof UnrecognizedDumpError)) throw error
    throw new ToolError('failed', error.message)
  }
}

/**
 * The identity an age file (of `kind`) is opened with: DecryptionFailed
 * for an armored one, which is not read, or when there is no identity.
 */
export function ageIdentity(
  session: Session,
  file: string,
  kind: 'age' | 'armored',
  identity: string | Identity | undefined
): string | Identity {
  if (kind === 'armored') {
    throw new DecryptionFailed(
      `${file} is an ASCII-armored age file (age -a), which is not read here: encrypt the dump without -a, or decode it first. Nothing was restored.`
    )
  }
  if (identity === undefined) {
    throw new DecryptionFailed(
      `${file} is age-encrypted (age-encryption.org/v1): set ${session.wording.name('decryptKey')} to the secret key (AGE-SECRET-KEY-1…) of one of its recipients. Nothing was restored.`
    )
  }
  return identity
}

/** Age files authenticated in a run (by its cancellation), by path. */
type Authenticated = Map<
  string,
  { state: string; key: string | Identity; head: Buffer }
>
const seen = new WeakMap<Cancellation, Authenticated>()

/** What a write or a replacement of the file changes (ctime cannot be set back). */
async function fileState(file: string): Promise<string> {
  const s = await stat(file, { bigint: true })
  return [s.dev, s.ino, s.size, s.mtimeNs, s.ctimeNs].join(':')
}

/**
 * Decrypts the whole age file, every chunk authenticated, before anything
 * of it is applied; keeps its header and discards the rest. A file this
 * run authenticated and nothing wrote since is not decrypted again. A
 * later pass reads the file again: see docs/reliability.md for what holds
 * when it changes in between.
 */
async function authenticated(
  session: Session,
  file: string,
  key: string | Identity,
  outcome?: string
): Promise<Buffer> {
  const done = seen.get(session.cancellation) ?? (new Map() as Authenticated)
  seen.set(session.cancellation, done)
  const state = await fileState(file)
  const known = done.get(file)
  if (known?.state === state && known.key === key) return known.head
  const keyName = session.wording.name('decryptKey')
  const started = performance.now()
  const head = await authenticate(file, key, HEADER_BYTES).catch(
    (error: unknown) => {
      throw decryptionError(file, error, keyName, outcome)
    }
  )
  session.logger.info(
    `Authenticated every chunk of ${file} (age) in ${formatDuration(performance.now() - started)}, before restoring it; the plaintext was discarded`
  )
  if ((await fileState(file)) === state) done.set(file, { state, key, head })
  return head
}

/**
 * Throws DecryptionFailed unless `identity` opens each age file of `files`
 * and every chunk of it authenticates (a cut or altered file fails here);
 * other files pass. Run before anything of a dump of several is applied.
 */
export async function checkKeyOpens(
  session: Session,
  files: readonly string[],
  identity: string | Identity | undefined
): Promise<void> {
  for (const file of files) {
    const kind = await ageFileKind(file).catch(() => undefined)
    if (kind === undefined) continue
    await authenticated(
      session,
      file,
      ageIdentity(session, file, kind, identity)
    )
  }
}
