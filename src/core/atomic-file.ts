// Writing a dump under a temporary name beside its target, and moving it
// into place only when it is complete.
import { randomBytes } from 'node:crypto'
import { rename, rm, stat } from 'node:fs/promises'
import { basename, dirname, join } from 'node:path'

/** A fresh temporary name beside `target`: `.backup.dump.<random>.partial`. */
export function partialPath(target: string): string {
  return join(
    dirname(target),
    `.${basename(target)}.${randomBytes(4).toString('hex')}.partial`
  )
}

/**
 * Moves a finished dump to its target, replacing an earlier one: a file in
 * one atomic rename; a folder (which rename cannot replace) by moving the
 * old one aside first and removing it after.
 */
export async function replacePath(from: string, to: string): Promise<void> {
  if (!(await stat(from)).isDirectory()) return rename(from, to)
  const old = `${to}.${randomBytes(4).toString('hex')}.old`
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
