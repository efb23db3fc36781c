// What an operation reports about the dump file, common to dump and restore,
// and the log line that closes it.
import type { FileDigest } from './archive/digest.ts'
import type { ResolvedClient } from './client/resolver.ts'
import type { Logger } from './logger.ts'
import { formatBytes, formatDuration } from './units.ts'
import type { PgVersion } from './versions.ts'

/** Facts about the dump file, common to both operations. */
export interface FileResult extends FileDigest {
  /** absolute path */
  file: string
  /** server version as the server reports it, e.g. `15.18` */
  serverVersion: string
  /** version of the client that ran, e.g. `15.18` */
  clientVersion: string
  durationMs: number
}

/** The file's facts once an operation is done, logged as `<verb> <size> (<format>) in <time>`. */
export function fileResult<F extends string>(
  logger: Logger,
  verb: string,
  facts: {
    file: string
    format: F
    server: PgVersion
    client: ResolvedClient
    digest: FileDigest
    started: number
  }
): FileResult & { format: F } {
  const { file, format, server, client, digest, started } = facts
  const durationMs = performance.now() - started
  logger.info(
    `${verb} ${formatBytes(digest.size)} (${format}) in ${formatDuration(durationMs)}`
  )
  return {
    file,
    format,
    serverVersion: server.text,
    clientVersion: client.version?.text ?? '',
    ...digest,
    durationMs
  }
}
