// Writing a dump under a temporary name beside its target, and moving it
// into place only when it is complete; and which targets may be replaced.
import { createHash, randomBytes } from 'node:crypto'
import {
  closeSync,
  constants,
  fstatSync,
  openSync,
  readSync,
  statSync,
  type Stats
} from 'node:fs'
import { rename, rm, stat } from 'node:fs/promises'
import {
  basename,
  dirname,
  isAbsolute,
  join,
  relative,
  resolve
} from 'node:path'
import { ageKind } from '../age/kind.ts'
import { pgDumpFileFormat, specialFileKind } from '../archive/format.ts'

/** The longest file name (bytes) Linux, macOS and Windows file systems take. */
export const NAME_MAX = 255
/** Enough of a file's start to tell a dump: tar's magic sits at byte 257. */
const HEAD_BYTES = 512

/**
 * A fresh hidden name beside `target` ending in `.<suffix>`:
 * `.backup.dump.<random>.partial`, or, where that would be longer than a
 * file name may be, `.pg-dumper-<hash of the name>.<random>.partial`.
 */
export function siblingPath(target: string, suffix: string): string {
  const name = basename(target)
  const random = randomBytes(4).toString('hex')
  const full = `.${name}.${random}.${suffix}`
  if (Buffer.byteLength(full) <= NAME_MAX) return join(dirname(target), full)
  const hash = createHash('sha256').update(name).digest('hex').slice(0, 16)
  return join(dirname(target), `.pg-dumper-${hash}.${random}.${suffix}`)
}

/** A fresh temporary name beside `target`: `.backup.dump.<random>.partial`. */
export function partialPath(target: string): string {
  return siblingPath(target, 'partial')
}

/**
 * Moves a finished dump to its target, replacing an earlier one: a file in
 * one atomic rename; a folder (which rename cannot replace) by moving the
 * old one aside first and removing it after.
 */
export async function replacePath(from: string, to: string): Promise<void> {
  if (!(await stat(from)).isDirectory()) return rename(from, to)
  const old = siblingPath(to, 'old')
  const moved = await rename(to, old).then(
    () => true,
    () => false
  )
  try {
    await rename(from, to)
  } catch (error) {
    if (moved) await rename(old, to)
    throw error
  }
  if (moved) await rm(old, { recursive: true, force: true })
}

/** Whether `path` is the working directory or one of its parents. */
export function isWorkingDirOrParent(path: string): boolean {
  const up = relative(resolve(path), process.cwd())
  return up === '' || (!up.startsWith('..') && !isAbsolute(up))
}

const NOT_A_DUMP =
  'and only an earlier dump is replaced (remove it first to let the dump take its place)'

/**
 * Why `target` must not be written, or undefined when it may: it is the
 * working directory or one of its parents; its name is longer than a file
 * name may be; it is a FIFO, socket or device; it is an existing folder
 * that is not an earlier directory-format dump (which replacePath would
 * delete); or an existing file that is not an earlier dump or age file (a
 * README, an .env). Checked before anything is opened.
 */
export function unsafeTarget(
  target: string,
  directoryFormat: boolean
): string | undefined {
  const absolute = resolve(target)
  if (isWorkingDirOrParent(absolute)) {
    return 'it is the working directory or one of its parents'
  }
  const bytes = Buffer.byteLength(basename(absolute))
  if (bytes > NAME_MAX) {
    return `its name is ${bytes} bytes long, longer than the ${NAME_MAX} a file name may be`
  }
  let info: Stats | undefined
  try {
    info = statSync(absolute, { throwIfNoEntry: false })
  } catch (error) {
    return `it cannot be examined (${(error as Error).message})`
  }
  if (info === undefined) return undefined
  const special = specialFileKind(info)
  if (special) {
    return `it is ${special}, and a dump is written to a regular file (or, in the directory format, a folder)`
  }
  if (info.isDirectory()) {
    if (!directoryFormat) {
      return 'it is an existing folder, and this format writes a file'
    }
    return statSync(join(absolute, 'toc.dat'), {
      throwIfNoEntry: false
    })?.isFile()
      ? undefined
      : 'it is an existing folder that is not a directory-format dump; only an earlier dump is replaced'
  }
  return notADumpFile(absolute)
}

/** Why the existing regular file at `path` may not be replaced: undefined for a dump. */
function notADumpFile(path: string): string | undefined {
  let head: Buffer
  try {
    head = readHeadSync(path)
  } catch (error) {
    return `it cannot be read to tell whether it is a dump (${(error as Error).message})`
  }
  if (head.length === 0) return `it is an existing empty file, ${NOT_A_DUMP}`
  // an encrypted dump of an earlier run (age-encryption.org/v1)
  if (pgDumpFileFormat(head) || ageKind(head) === 'age') return undefined
  return `it is an existing file that is not a PostgreSQL dump, ${NOT_A_DUMP}`
}

/** The first bytes of a regular file; never waits on a FIFO put in its place. */
function readHeadSync(path: string): Buffer {
  const fd = openSync(path, constants.O_RDONLY | constants.O_NONBLOCK)
  try {
    const special = specialFileKind(fstatSync(fd))
    if (special) throw new Error(`it is ${special}`)
    const buffer = Buffer.alloc(HEAD_BYTES)
    const read = readSync(fd, buffer, 0, HEAD_BYTES, 0)
    return buffer.subarray(0, read)
  } finally {
    closeSync(fd)
  }
}
