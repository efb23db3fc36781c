// One dump at a time per target: before anything is written, a hidden lock
// file beside the target (`.app.dump.lock`) is created exclusively, and it is
// removed once the dump took its place. A second dump to the same target
// fails at once, naming it, and writes nothing. A lock left by a run that was
// killed is taken over: its process is gone, or it was not refreshed for a
// minute (another machine or container, whose processes cannot be seen).
import { createHash, randomBytes } from 'node:crypto'
import {
  link,
  mkdir,
  open,
  readFile,
  rename,
  rm,
  rmdir,
  stat,
  utimes
} from 'node:fs/promises'
import { hostname } from 'node:os'
import { basename, dirname, join } from 'node:path'
import { ToolError } from '../errors.ts'
import type { Session } from '../session.ts'
import { formatDuration } from '../units.ts'
import { isWorkingDirOrParent, NAME_MAX } from './atomic-file.ts'

/** How often a held lock's time is refreshed. */
const REFRESH_MS = 10_000
/** A lock not refreshed for this long belongs to no running dump. */
const STALE_MS = 60_000

/** Who holds a lock: written into it as JSON. */
interface Holder {
  pid: number
  host: string
  /** ISO time the lock was taken */
  since: string
  /** tells this lock from another of the same process */
  token: string
}

/** A lock this process holds. */
interface Held {
  target: string
  path: string
  content: string
  timer: NodeJS.Timeout
}

/** Locks this process holds: a second dump in the same process is refused too. */
const heldHere = new Set<string>()

/**
 * The lock file of `target`: `.<name>.lock` beside it, or, where that would
 * be longer than a file name may be, `.pg-dumper-<hash of the name>.lock`.
 */
export function lockPath(target: string): string {
  const name = basename(target)
  const full = `.${name}.lock`
  if (Buffer.byteLength(full) <= NAME_MAX) return join(dirname(target), full)
  const hash = createHash('sha256').update(name).digest('hex').slice(0, 16)
  return join(dirname(target), `.pg-dumper-${hash}.lock`)
}

/**
 * Runs `fn` holding the lock of each target (absolute paths), and releases
 * them afterwards, whatever happens. A target another dump holds fails with
 * a `command` ToolError naming it, before `fn` runs.
 */
export async function withTargetLocks<T>(
  session: Session,
  targets: readonly string[],
  fn: () => Promise<T>
): Promise<T> {
  const held: Held[] = []
  const made: { deepest: string; first: string }[] = []
  let failed = false
  try {
    for (const target of new Set(targets)) {
      // refused as a target right after; no lock in a parent of the workspace
      if (isWorkingDirOrParent(target)) continue
      const first = await makeFolder(dirname(target))
      if (first) made.push({ deepest: dirname(target), first })
      held.push(await acquire(session, target))
    }
    return await fn()
  } catch (error) {
    failed = true
    throw error
  } finally {
    for (const lock of held.reverse()) await release(session, lock)
    // a failed dump leaves no folder it made, unless something else is in it
    if (failed) for (const folders of made) await removeEmpty(folders)
  }
}

/** Removes the empty folders from `deepest` up to `first`. */
async function removeEmpty(o: { deepest: string; first: string }) {
  for (let folder = o.deepest; ; folder = dirname(folder)) {
    if (
      !(await rmdir(folder).then(
        () => true,
        () => false
      ))
    )
      return
    if (folder === o.first || dirname(folder) === folder) return
  }
}

/** Makes `folder` and its missing parents; the first it made, if any. */
function makeFolder(folder: string): Promise<string | undefined> {
  return mkdir(folder, { recursive: true }).catch((error: unknown) => {
    throw new ToolError(
      'command',
      `Cannot create the folder ${folder} for the dump: ${(error as Error).message}`,
      { tool: 'pg_dump' }
    )
  })
}

async function acquire(session: Session, target: string): Promise<Held> {
  const path = lockPath(target)
  const holder: Holder = {
    pid: process.pid,
    host: hostname(),
    since: new Date().toISOString(),
    token: randomBytes(8).toString('hex')
  }
  const content = `${JSON.stringify(holder)}\n`
  for (let attempt = 0; attempt < 3; attempt++) {
    if (await create(path, content, target)) {
      session.cancellation.track(path)
      heldHere.add(path)
      const timer = setInterval(() => {
        const now = new Date()
        utimes(path, now, now).catch(noop)
      }, REFRESH_MS)
      timer.unref()
      return { target, path, content, timer }
    }
    const found = await readLock(path)
    if (found === undefined) continue // released meanwhile: try again
    const stale = staleBecause(path, found)
    if (stale === undefined) throw busy(target, path, found)
    if (await takeOver(path, found.content)) {
      session.logger.warning(
        `Removed the lock ${path} of an earlier dump to ${target}: ${stale}`
      )
    }
  }
  const found = await readLock(path)
  throw busy(target, path, found)
}

/** Creates the lock with `content`; false when it exists. */
async function create(
  path: string,
  content: string,
  target: string
): Promise<boolean> {
  let handle
  try {
    handle = await open(path, 'wx', 0o644)
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false
    throw new ToolError(
      'command',
      `Cannot dump to ${target}: its lock file ${path} cannot be created (${(error as Error).message}).`,
      { tool: 'pg_dump' }
    )
  }
  try {
    await handle.writeFile(content)
  } finally {
    await handle.close()
  }
  return true
}

/** A lock as found on disk: its holder (if it reads as one) and age. */
interface FoundLock {
  content: string
  holder?: Holder
  ageMs: number
}

async function readLock(path: string): Promise<FoundLock | undefined> {
  try {
    const [content, info] = await Promise.all([
      readFile(path, 'utf8'),
      stat(path)
    ])
    return {
      content,
      holder: parseHolder(content),
      ageMs: Date.now() - info.mtimeMs
    }
  } catch {
    return undefined
  }
}

function parseHolder(content: string): Holder | undefined {
  try {
    const value = JSON.parse(content) as Partial<Holder>
    return typeof value.pid === 'number' && typeof value.host === 'string'
      ? (value as Holder)
      : undefined
  } catch {
    // being written (created, not yet filled), or not ours
    return undefined
  }
}

/** Why a lock belongs to no running dump, or undefined when it may. */
function staleBecause(path: string, found: FoundLock): string | undefined {
  if (found.ageMs > STALE_MS) {
    return `it was not refreshed for ${formatDuration(found.ageMs)}`
  }
  const { holder } = found
  if (holder === undefined || holder.host !== hostname()) return undefined
  if (holder.pid === process.pid) {
    return heldHere.has(path)
      ? undefined
      : `its process ${holder.pid} is this one, which does not hold it`
  }
  return running(holder.pid)
    ? undefined
    : `its process ${holder.pid} is no longer running`
}

function running(pid: number): boolean {
  try {
    process.kill(pid, 0)
    return true
  } catch (error) {
    // EPERM: it runs, as another user
    return (error as NodeJS.ErrnoException).code === 'EPERM'
  }
}

/**
 * Removes a stale lock that still reads `content`: moved aside first (one
 * rename, so two runs cannot both remove it), then checked; a lock another
 * run made meanwhile is put back.
 */
async function takeOver(path: string, content: string): Promise<boolean> {
  const aside = `${path}.${randomBytes(4).toString('hex')}.stale`
  try {
    await rename(path, aside)
  } catch {
    return false
  }
  const moved = await readFile(aside, 'utf8').catch(() => undefined)
  if (moved !== content) await link(aside, path).catch(() => undefined)
  await rm(aside, { force: true })
  return moved === content
}

const noop = () => undefined

function busy(
  target: string,
  path: string,
  found: FoundLock | undefined
): ToolError {
  const holder = found?.holder
  const who = holder
    ? `process ${holder.pid} on ${holder.host}, since ${holder.since}`
    : 'a run that is starting'
  return new ToolError(
    'command',
    `Cannot dump to ${target}: another dump is writing it (${who}), and two dumps to one target would leave one's outputs describing a file that is not there. ` +
      `Wait for it, or dump to another file. If no dump is running, remove its lock ${path} (a lock not refreshed for a minute is taken over).`,
    { tool: 'pg_dump' }
  )
}

/** Stops refreshing the lock and removes it, unless another run took it over. */
async function release(session: Session, lock: Held): Promise<void> {
  clearInterval(lock.timer)
  heldHere.delete(lock.path)
  const now = await readFile(lock.path, 'utf8').catch(() => undefined)
  // gone: removed with the temporary files of a cancelled run
  if (now === lock.content) await rm(lock.path, { force: true }).catch(noop)
  else if (now !== undefined) {
    session.logger.warning(
      `The lock ${lock.path} of the dump to ${lock.target} was taken over by another run while this one ran: ${lock.target} may hold that run's dump.`
    )
  }
  session.cancellation.untrack(lock.path)
}
