// A client's version read from its executable rather than by running it:
// the line `pg_dump --version` prints ("pg_dump (PostgreSQL) 15.4 (Debian
// …)") is a string in the binary. Reading it spares a process start on the
// way to pg_dump. Only for native executables (ELF, Mach-O, PE) holding the
// line once; anything else (a script, Debian's pg_wrapper, a binary of
// another build) is asked with `--version`.
import { open } from 'node:fs/promises'
import { parseVersion, type PgVersion } from '../versions.ts'

/** Larger files are not read (a pg_dump is about half a MB; static builds a few). */
const MAX_BINARY_BYTES = 32 * 1024 * 1024

/** How native executables start: ELF, Mach-O (32, 64, universal), PE. */
const MAGIC = ['7f454c46', 'cefaedfe', 'cffaedfe', 'cafebabe', '4d5a']

const LINE = Buffer.from('pg_dump (PostgreSQL) ', 'latin1')

/** The version the pg_dump at `file` prints, read from the file; undefined: ask it. */
export async function versionInBinary(
  file: string
): Promise<PgVersion | undefined> {
  let bytes: Buffer
  try {
    const handle = await open(file, 'r')
    try {
      const { size } = await handle.stat()
      if (size > MAX_BINARY_BYTES) return undefined
      bytes = await handle.readFile()
    } finally {
      await handle.close()
    }
  } catch {
    return undefined
  }
  const head = bytes.subarray(0, 4).toString('hex')
  if (!MAGIC.some(magic => head.startsWith(magic))) return undefined
  const at = bytes.indexOf(LINE)
  if (at < 0 || bytes.indexOf(LINE, at + 1) >= 0) return undefined
  const end = bytes.indexOf(0, at)
  if (end < 0 || end - at > 200) return undefined
  return parseVersion(bytes.toString('latin1', at, end))
}
