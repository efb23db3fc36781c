// Temporary paths a run makes: removed when the work is done, and by the
// cancellation if the run is stopped while they exist.
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { ToolError } from '../errors.ts'
import type { Cancellation } from './cancellation.ts'

/**
 * Runs `fn` with a temporary path: `path` itself, or a new folder in the
 * system's temp folder named after `prefix`. The path is tracked for
 * cancellation while `fn` runs and removed afterwards, whatever happens.
 * When `fn` fails, its error is the one thrown, whether the removal works
 * or not; a folder that cannot be made, or a removal that fails after `fn`
 * succeeded, is a `command` ToolError with the system's message.
 */
export async function withTrackedTemp<T>(
  cancellation: Cancellation,
  where: { path: string } | { prefix: string },
  fn: (path: string) => Promise<T>
): Promise<T> {
  const path = 'path' in where ? where.path : await tempFolder(where.prefix)
  cancellation.track(path)
  let result: T
  try {
    result = await fn(path)
  } catch (error) {
    // the first error is the one that explains the failure: never replace it
    await remove(cancellation, path)
    throw error
  }
  const leftover = await remove(cancellation, path)
  if (leftover !== undefined) {
    throw new ToolError(
      'command',
      `Could not remove the temporary ${path}: ${messageOf(leftover)}`
    )
  }
  return result
}

/** Removes a tracked path; resolves to the error when that fails. */
async function remove(
  cancellation: Cancellation,
  path: string
): Promise<unknown> {
  const error = await rm(path, { recursive: true, force: true }).then(
    () => undefined,
    (error: unknown) => error
  )
  cancellation.untrack(path)
  return error
}

/** A new folder in TMPDIR, or a ToolError that names TMPDIR and the reason. */
async function tempFolder(prefix: string): Promise<string> {
  const parent = tmpdir()
  try {
    return await mkdtemp(join(parent, `pg-dumper-${prefix}-`))
  } catch (error) {
    throw new ToolError(
      'command',
      `Cannot create a temporary folder in TMPDIR (${parent}): ${messageOf(error)}. Point TMPDIR to a writable folder.`
    )
  }
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error)
}
