// Temporary paths a run makes: removed when the work is done, and by the
// cancellation if the run is stopped while they exist.
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { Cancellation } from './cancellation.ts'

/**
 * Runs `fn` with a temporary path: `path` itself, or a new folder in the
 * system's temp folder named after `prefix`. The path is tracked for
 * cancellation while `fn` runs and removed afterwards, whatever happens.
 */
export async function withTrackedTemp<T>(
  cancellation: Cancellation,
  where: { path: string } | { prefix: string },
  fn: (path: string) => Promise<T>
): Promise<T> {
  const path =
    'path' in where
      ? where.path
      : await mkdtemp(join(tmpdir(), `pg-dumper-${where.prefix}-`))
  cancellation.track(path)
  try {
    return await fn(path)
  } finally {
    await rm(path, { recursive: true, force: true })
    cancellation.untrack(path)
  }
}
