// Verifying a custom dump while pg_dump writes it: pg_restore reads the
// growing file through a FIFO (see follow.ts); once pg_dump has exited, the
// finished file's rewritten table of contents is shown to be the one
// pg_restore read but for its data offsets, the offsets are checked against
// the blocks, and the data is shown to be the bytes pg_restore read (CRC-32,
// taken in the hashing pass).
import { join } from 'node:path'
import { streamReadBackArgs } from '../args.ts'
import {
  dataOffsetProblem,
  readCustomToc,
  tocChangedAt
} from '../archive/custom-toc.ts'
import { fileDigest, type FileDigest } from '../archive/digest.ts'
import type { ResolvedClient } from '../client/resolver.ts'
import { withTrackedTemp } from '../process/temp.ts'
import type { Session } from '../session.ts'
import { makeFifo } from '../process/fifo.ts'
import { Follower, type Followed } from './follow.ts'
import { readBackFinished, unreadable, warnEmpty } from './verify.ts'

/**
 * Runs `dump` (pg_dump writing a custom archive to `partial`, throwing when
 * it fails) while pg_restore reads the archive back; returns the finished
 * file's digest once every check passed. Where no FIFO can be made, or the
 * archive's table of contents is of a version this reader does not know,
 * the finished file is read back afterwards instead, as for other formats.
 */
export async function dumpReadingBack(
  session: Session,
  client: ResolvedClient,
  partial: string,
  dump: () => Promise<void>
): Promise<FileDigest> {
  return withTrackedTemp(
    session.cancellation,
    { prefix: 'verify' },
    async dir => {
      const fifo = join(dir, 'archive.fifo')
      if (!(await makeFifo(fifo))) {
        await dump()
        return readBackFinished(session, partial, 'custom', client, 1)
      }
      const follower = new Follower(partial, fifo)
      // pg_dump first, the step's longest path; the follower feeds the
      // reader from the file's start whenever it opens the FIFO
      const dumping = dump()
      const reading = session
        .run(client, 'pg_restore', streamReadBackArgs(fifo))
        .finally(() => follower.readerEnded())
      const following = follower.run()
      // awaited below, pg_dump first: until then a failure waits
      for (const p of [dumping, reading, following]) p.catch(() => {})
      try {
        await dumping
      } catch (error) {
        follower.writerEnded()
        await Promise.allSettled([reading, following])
        throw error
      }
      follower.writerEnded()
      const [result, followed] = await Promise.all([reading, following])
      if (result.exitCode !== 0) {
        throw unreadable('its archive cannot be read back end to end', result)
      }
      return checkFinished(session, client, partial, followed)
    }
  )
}

/** Checks the finished file against what pg_restore read while it was written. */
async function checkFinished(
  session: Session,
  client: ResolvedClient,
  partial: string,
  followed: Followed
): Promise<FileDigest> {
  const toc = followed.head && (await readCustomToc(partial))
  if (!toc || !followed.head) {
    return readBackFinished(session, partial, 'custom', client, 1)
  }
  const changedAt = tocChangedAt(followed.head, toc)
  if (changedAt !== undefined) {
    throw unreadable(
      `its table of contents changed after pg_restore read it (at byte ${changedAt}), not only its data offsets`
    )
  }
  const [digest, offsets] = await Promise.all([
    fileDigest(partial, { start: toc.dataStart, end: followed.length }),
    dataOffsetProblem(partial, toc)
  ])
  if (digest.size !== followed.length && !followed.cutShort) {
    throw unreadable(
      `the file changed while it was read back (${followed.length} bytes read, ${digest.size} in the file)`
    )
  }
  if (offsets) throw unreadable(`its table of contents is wrong: ${offsets}`)
  if (digest.crc32 !== followed.dataCrc) {
    throw unreadable('its data blocks changed after pg_restore read them')
  }
  const entries = toc.entries.filter(e => e.listed).length
  session.logger.info(
    `Verified: pg_restore read the whole archive back while pg_dump wrote it (${entries} entries); the finished file's table of contents and data offsets match`
  )
  if (entries === 0) warnEmpty(session)
  return { size: digest.size, sha256: digest.sha256 }
}
