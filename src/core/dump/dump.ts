// The dump operation: pg_dump into a temporary file beside the target, read
// back end to end and hashed, then renamed into place; with a scrub, of a
// scrubbed throwaway copy of the database. Planning (plan.ts) comes apart
// from writing (write.ts).
import type { DumpFormat } from '../args.ts'
import { fileResult, type FileResult } from '../results.ts'
import type { Session } from '../session.ts'
import { planDump, type OneDumpOptions } from './plan.ts'
import { withScrubbedCopy } from './scrub.ts'
import { writeDump } from './write.ts'

/** What the dump of one database wrote. */
export interface OneDumpResult extends FileResult {
  format: DumpFormat
  /** set when the dump is an age file: to how many recipients, and the plaintext kept, if any */
  encryption?: { recipients: number; plainFile?: string }
  /** the scrub script the dumped copy went through: its file, or `inline SQL` */
  scrubbed?: string
}

/** Dumps to a temporary file beside the target and renames it only once verified. */
export async function dump(
  session: Session,
  options: OneDumpOptions
): Promise<OneDumpResult> {
  const started = performance.now()
  const plan = await planDump(session, options)
  const { file, format, recipients, plainFile, server, client } = plan
  const { logger } = session
  const encrypted = recipients.length > 0
  const { scrub } = options
  const digest = scrub
    ? await withScrubbedCopy(
        session,
        {
          script: scrub,
          allowMetaCommands: options.allowMetaCommands ?? false,
          server,
          client
        },
        connection => writeDump(session, plan, connection)
      )
    : await writeDump(session, plan, session.connection)
  if (encrypted) {
    logger.info(
      `Encrypted with age to ${recipients.length} recipient(s): ${file}`
    )
  }
  return {
    ...fileResult(logger, 'Wrote', {
      file,
      format,
      server,
      client,
      digest,
      started
    }),
    ...(encrypted && {
      encryption: { recipients: recipients.length, plainFile }
    }),
    ...(scrub && {
      scrubbed: 'file' in scrub ? scrub.file : 'inline SQL'
    })
  }
}
