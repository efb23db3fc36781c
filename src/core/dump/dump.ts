// The dump operation: pg_dump into a temporary file beside the target, read
// back end to end and hashed, then renamed into place; with a scrub, of a
// scrubbed throwaway copy of the database. Planning (plan.ts) comes apart
// from writing (write.ts).
import type { Writable } from 'node:stream'
import type { DumpFormat } from '../args.ts'
import { fileResult, type FileResult } from '../results.ts'
import type { Session } from '../session.ts'
import type { Connection } from '../connection/connection.ts'
import { ToolError } from '../errors.ts'
import type { FileDigest } from '../archive/digest.ts'
import { writeDrilled } from './drill.ts'
import type { Verified } from './drill-compare.ts'
import {
  planAhead,
  planDump,
  type AheadPlan,
  type DumpPlan,
  type OneDumpOptions
} from './plan.ts'
import { withScrubbedCopy } from './scrub.ts'
import { writeStreamed } from './stream.ts'
import { StartedTooEarly, writeDump } from './write.ts'

/** What the dump of one database wrote. */
export interface OneDumpResult extends FileResult {
  format: DumpFormat
  /** set when the dump is an age file: to how many recipients, and the plaintext kept, if any */
  encryption?: { recipients: number; plainFile?: string }
  /** the scrub script the dumped copy went through: its file, or `inline SQL` */
  scrubbed?: string
  /** set when a restore drill proved the dump restores: the tables and rows compared */
  verified?: Verified
  /** streamed into a store as it was written: `file` names it, no file was written */
  streamed?: boolean
}

/** Dumps to a temporary file beside the target and renames it only once verified. */
export async function dump(
  session: Session,
  options: OneDumpOptions
): Promise<OneDumpResult> {
  const started = performance.now()
  const planned = await planAhead(session, options)
  const { plan, written } = planned.checked
    ? await writeAhead(session, planned)
    : await writeChecked(session, planned, options)
  const { file, format, recipients, plainFile, server, client } = plan
  const { logger } = session
  const encrypted = recipients.length > 0
  const { scrub } = options
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
      digest: written.digest,
      started
    }),
    ...(encrypted && {
      encryption: { recipients: recipients.length, plainFile }
    }),
    ...(scrub && {
      scrubbed: 'file' in scrub ? scrub.file : 'inline SQL'
    }),
    ...(written.verified && { verified: written.verified })
  }
}

/** What a write gives back: the digest, and a drill's comparison. */
interface Written {
  digest: FileDigest
  verified?: Verified
}

/** The dump of a checked plan (of a scrubbed copy, when asked). */
async function writeChecked(
  session: Session,
  plan: DumpPlan,
  options: OneDumpOptions
): Promise<{ plan: DumpPlan; written: Written }> {
  const written = await onDumpedDatabase(session, plan, options, connection =>
    write(session, plan, connection, options)
  )
  return { plan, written }
}

/**
 * The dump with pg_dump started beside the connection check (planAhead);
 * made again once the check passed when pg_dump could not connect yet (the
 * check waited for the server).
 */
async function writeAhead(
  session: Session,
  ahead: AheadPlan
): Promise<{ plan: DumpPlan; written: Written }> {
  const { checked } = ahead
  try {
    const digest = await writeDump(session, ahead, session.connection)
    return { plan: await checked, written: { digest } }
  } catch (error) {
    if (!(error instanceof StartedTooEarly)) throw error
  }
  const plan = await checked
  session.logger.info(
    'pg_dump started before the server accepted connections: dumping again'
  )
  return {
    plan,
    written: { digest: await writeDump(session, plan, session.connection) }
  }
}

/** The dump written and read back, with a restore drill when asked. */
async function write(
  session: Session,
  plan: DumpPlan,
  connection: Connection,
  options: OneDumpOptions
): Promise<Written> {
  if (options.verify === 'restore')
    return writeDrilled(session, plan, connection, options)
  return { digest: await writeDump(session, plan, connection) }
}

/**
 * Dumps into `into` (a store's stream) instead of a file, read back as it
 * passes: custom or plain, encrypted when asked, scrubbed when asked;
 * `file` only names the dump. `into` is ended only once all is verified.
 */
export async function dumpStreamed(
  session: Session,
  options: OneDumpOptions,
  into: Writable
): Promise<OneDumpResult> {
  if (options.verify === 'restore' || options.plainFile !== undefined) {
    throw new ToolError(
      'command',
      'A dump streamed into a store is neither drilled nor kept as plaintext: write it to a file first.',
      { tool: 'pg_dump' }
    )
  }
  const started = performance.now()
  const plan = await planDump(session, options, true)
  const { file, format, recipients, server, client } = plan
  const { scrub } = options
  const digest = await onDumpedDatabase(session, plan, options, connection =>
    writeStreamed(session, plan, connection, into)
  )
  const encrypted = recipients.length > 0
  return {
    ...fileResult(session.logger, 'Streamed', {
      file,
      format,
      server,
      client,
      digest,
      started
    }),
    streamed: true,
    ...(encrypted && { encryption: { recipients: recipients.length } }),
    ...(scrub && {
      scrubbed: 'file' in scrub ? scrub.file : 'inline SQL'
    })
  }
}

/** Runs `write` on the database dumped: the session's, or its scrubbed throwaway copy. */
function onDumpedDatabase<T>(
  session: Session,
  plan: DumpPlan,
  options: OneDumpOptions,
  write: (connection: Connection) => Promise<T>
): Promise<T> {
  const { scrub } = options
  if (!scrub) return write(session.connection)
  return withScrubbedCopy(
    session,
    {
      script: scrub,
      allowMetaCommands: options.allowMetaCommands ?? false,
      server: plan.server,
      client: plan.client
    },
    write
  )
}
