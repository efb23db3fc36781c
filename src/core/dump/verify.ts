// Checks that a dump pg_dump reported as written can be read back: archives
// end to end with `pg_restore --list`, plain SQL by pg_dump's closing line.
// A dump is only renamed into place after this passes.
import { open, stat } from 'node:fs/promises'
import type { DumpFormat } from '../args.ts'

/** The last line pg_dump writes to a complete plain dump. */
export const PLAIN_COMPLETE = '-- PostgreSQL database dump complete'
const TAIL_BYTES = 4096

/** Whether a plain dump ends with pg_dump's completion line (a killed or cut dump does not). */
export async function plainDumpComplete(path: string): Promise<boolean> {
  const { size } = await stat(path)
  const handle = await open(path, 'r')
  try {
    const length = Math.min(size, TAIL_BYTES)
    const buffer = Buffer.alloc(length)
    await handle.read(buffer, 0, length, size - length)
    const lines = buffer.toString('utf8').trimEnd().split('\n')
    // pg_dump ends with the completion comment, then `--`, and since the
    // 2025 minors an `\unrestrict` line
    return lines.slice(-4).some(l => l.trim() === PLAIN_COMPLETE)
  } finally {
    await handle.close()
  }
}

/** The entries an archive's table of contents lists (`pg_restore --list` output). */
export function tocEntryCount(list: string): number {
  return list.split('\n').filter(l => /^\d+;/.test(l)).length
}

/** Archive formats pg_restore can read back. */
export function isArchive(format: DumpFormat): boolean {
  return format !== 'plain'
}

/**
 * Splits a table of contents into `parts` lists, entries dealt round-robin,
 * so that several pg_restore processes can read an archive back at once
 * (each `--use-list` reads only its entries' data).
 */
export function splitToc(list: string, parts: number): string[] {
  const entries = list.split('\n').filter(l => /^\d+;/.test(l))
  const count = Math.max(1, Math.min(parts, entries.length))
  const lists: string[][] = Array.from({ length: count }, () => [])
  entries.forEach((entry, i) => lists[i % count].push(entry))
  return lists.map(l => `${l.join('\n')}\n`)
}
