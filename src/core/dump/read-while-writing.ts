// Verifying a custom dump while pg_dump writes it: the follower reads the
// growing file's data blocks back in this process, in a thread of its own
// at the lowest priority (follow.ts, reading-thread.ts); once
// pg_dump has exited, the finished file's rewritten table of contents is
// shown to be the one read but for its data offsets, the offsets are
// checked against the blocks read, and the data is shown to be the bytes
// that were read (CRC-32, taken in the hashing pass).
import { DataProblem, offsetsProblem } from '../archive/custom-data.ts'
import { readCustomToc, rewrittenToc } from '../archive/custom-toc.ts'
import { fileDigest, type FileDigest } from '../archive/digest.ts'
import type { ResolvedClient } from '../client/resolver.ts'
import type { Session } from '../session.ts'
import type { Followed } from './follow.ts'
import { ReadingThread } from './reading-thread.ts'
import { readBackFinished, readHow, unreadable, warnEmpty } from './verify.ts'

/**
 * Runs `dump` (pg_dump writing a custom archive to `partial`, throwing when
 * it fails) while its data blocks are read back; returns the finished
 * file's digest once every check passed. Where the archive is one the
 * reader does not know (a table of contents of another version, lz4 or
 * zstd data), the finished file is read back afterwards instead (by
 * pg_restore), as for other formats.
 */
export async function dumpReadingBack(
  session: Session,
  client: ResolvedClient,
  partial: string,
  dump: () => Promise<void>
): Promise<FileDigest> {
  // pg_dump first, the step's longest path; the reading thread follows the
  // file from its start as soon as it exists
  const dumping = dump()
  // awaited below, pg_dump first: until then a failure waits
  dumping.catch(() => {})
  const thread = new ReadingThread()
  let followed: Followed
  try {
    const following = thread.follow(partial)
    try {
      await dumping
    } catch (error) {
      following.stop()
      await following.done.catch(() => {})
      throw error
    }
    following.end()
    followed = await following.done.catch((error: unknown) => {
      if (!(error instanceof DataProblem)) throw error
      throw unreadable(
        `its archive cannot be read back end to end: ${error.message}`
      )
    })
  } finally {
    await thread.close()
  }
  return checkFinished(session, client, partial, followed)
}

/** Checks the finished file against what was read while it was written. */
async function checkFinished(
  session: Session,
  client: ResolvedClient,
  partial: string,
  followed: Followed
): Promise<FileDigest> {
  if (!followed.head || !followed.toc || !followed.blocks) {
    return readBackFinished(session, partial, 'custom', client, 1)
  }
  const toc = await rewrittenToc(partial, followed.head, followed.toc)
  if ('changedAt' in toc) {
    // a table of contents this reader no longer reads: pg_restore judges it
    if (!(await readCustomToc(partial))) {
      return readBackFinished(session, partial, 'custom', client, 1)
    }
    throw unreadable(
      `its table of contents changed after it was read back (at byte ${toc.changedAt}), not only its data offsets`
    )
  }
  const digest = await fileDigest(partial, {
    start: toc.dataStart,
    end: followed.length
  })
  if (digest.size !== followed.length) {
    throw unreadable(
      `the file changed while it was read back (${followed.length} bytes read, ${digest.size} in the file)`
    )
  }
  const offsets = offsetsProblem(toc, followed.blocks, digest.size)
  if (offsets) throw unreadable(`its table of contents is wrong: ${offsets}`)
  if (digest.crc32 !== followed.dataCrc) {
    throw unreadable('its data blocks changed after they were read back')
  }
  const entries = toc.entries.filter(e => e.listed).length
  const how = readHow(followed.toc.compression === 'gzip')
  session.logger.info(
    `Verified: pg-dumper read the whole archive back itself while pg_dump wrote it (${entries} entries, ${how}); the finished file's table of contents and data offsets match`
  )
  if (entries === 0) warnEmpty(session)
  return { size: digest.size, sha256: digest.sha256 }
}
