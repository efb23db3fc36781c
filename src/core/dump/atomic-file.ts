// Writing a dump under a temporary name beside its target, and moving it
// into place only when it is complete.
import { randomBytes } from 'node:crypto'
import { statSync } from 'node:fs'
import { rename, rm, stat } from 'node:fs/promises'
import {
  basename,
  dirname,
  isAbsolute,
  join,
  relative,
  resolve
} from 'node:path'

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

/**
 * Why `target` must not be written, or undefined when it may: it is the
 * working directory or one of its parents, or an existing folder that is
 * not an earlier directory-format dump (which replacePath would delete).
 */
export function unsafeTarget(
  target: string,
  directoryFormat: boolean
): string | undefined {
  const absolute = resolve(target)
  const up = relative(absolute, process.cwd())
  if (up === '' || (!up.startsWith('..') && !isAbsolute(up))) {
    return 'it is the working directory or one of its parents'
  }
  const info = statSync(absolute, { throwIfNoEntry: false })
  if (!info?.isDirectory()) return undefined
  if (!directoryFormat) {
    return 'it is an existing folder, and this format writes a file'
  }
  return statSync(join(absolute, 'toc.dat'), {
    throwIfNoEntry: false
  })?.isFile()
    ? undefined
    : 'it is an existing folder that is not a directory-format dump; only an earlier dump is replaced'
}
