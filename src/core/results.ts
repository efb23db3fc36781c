// What an operation reports about the dump file, common to dump and restore.
import type { FileDigest } from './archive/digest.ts'

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
