// Telling an age file by its first bytes, without loading the age library:
// the dump target check and the restore's format check use it on every run.
import { readPrefix } from '../archive/format.ts'

/** The extension an age-encrypted file's name ends in, which names it as one. */
export const AGE_EXTENSION = '.age'

/** The first line of every binary age file. */
const AGE_MAGIC = 'age-encryption.org/v1\n'
/** The first line of an ASCII-armored one (`age -a`). */
const ARMOR_MAGIC = '-----BEGIN AGE ENCRYPTED FILE-----'

/** What a file's first bytes say: a binary age file, an armored one, or neither. */
export function ageKind(head: Buffer): 'age' | 'armored' | undefined {
  const text = head.subarray(0, 64).toString('latin1')
  if (text.startsWith(AGE_MAGIC)) return 'age'
  if (text.trimStart().startsWith(ARMOR_MAGIC)) return 'armored'
  return undefined
}

/** Whether the regular file at `path` is an age file (binary or armored). */
export async function ageFileKind(
  path: string
): Promise<'age' | 'armored' | undefined> {
  return ageKind(await readPrefix(path, 64))
}
