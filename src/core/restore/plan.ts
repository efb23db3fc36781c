// A restore's plan, settled before anything touches the target: what the
// dump is (from its bytes, decrypted or not), the options checked against
// it, the server asked its version, a client chosen that reads the dump.
import { stat } from 'node:fs/promises'
import { resolve } from 'node:path'
import { PARALLEL_RESTORE_FORMATS } from '../args.ts'
import { readCustomToc, type CustomToc } from '../archive/custom-toc.ts'
import {
  DUMP_PATHS,
  specialFileKind,
  UnrecognizedDumpError,
  type ArchiveFormat
} from '../archive/format.ts'
import {
  minimumReaderMajor,
  readArchiveHeader,
  type ArchiveHeader
} from '../archive/header.ts'
import type { Identity } from 'age-encryption'
import type { ClientNeed, ResolvedClient } from '../client/resolver.ts'
import { ToolError, type Tool } from '../errors.ts'
import type { Session } from '../session.ts'
import type { PgVersion } from '../versions.ts'
import { openDump, type DumpInput } from './dump-input.ts'
import {
  parseTargetState,
  TARGET_STATE_SQL,
  type TargetState
} from './extensions.ts'
import { checkRestoreOptions } from './options.ts'
import { olderTargetWarning } from './version-warnings.ts'

/** What to restore of one dump (the Dumper's RestoreOptions add the cluster's). */
export interface OneRestoreOptions {
  /** the dump to restore; its format is recognised from its content */
  file: string
  /** schemas left out of the restore (archives only) */
  excludeSchemas?: readonly string[]
  /** succeed even when the tool reports errors, counting them */
  ignoreErrors?: boolean
  /** parallel pg_restore jobs (custom and directory archives) */
  jobs?: number
  /**
   * restore into each of these databases, (re)created: once into the first,
   * then the others as copies of it (CREATE DATABASE … TEMPLATE)
   */
  databases?: readonly string[]
  /** all or nothing: a failed restore leaves the target as it was */
  singleTransaction?: boolean
  /** drop the dumped objects first (--clean --if-exists; archives only) */
  clean?: boolean
  /** create the target database when it is missing */
  createDatabase?: boolean
  /**
   * let a plain script run psql meta-commands beyond pg_dump's own (`\!`,
   * `\o`, `\copy … program`…), which act on this machine: only for a
   * script you wrote and trust; default false
   */
  allowMetaCommands?: boolean
  /**
   * an age identity (`AGE-SECRET-KEY-1…`) for an age-encrypted dump, which
   * is then decrypted as it is read, never to disk; a secret
   */
  decryptKey?: string | Identity
  /** set the owners an archive records (no --no-owner); a plain script runs as written */
  owner?: boolean
}

/** Everything a restore's run needs, checked. */
export interface RestorePlan {
  /** the dump, resolved */
  file: string
  format: ArchiveFormat
  header: ArchiveHeader
  /** pg_restore for an archive, psql for a plain script */
  tool: Tool
  input: DumpInput
  /** the fan-out databases; none: the session's own */
  databases: readonly string[]
  server: PgVersion
  client: ResolvedClient
  /** pg_restore's jobs, when the dump can be read in parallel */
  jobs?: number
  /** the target's extensions and user, asked with the connection check (the session's own target only) */
  targetState?: TargetState
  /** a custom file's table of contents, read while the connection was checked; undefined: unreadable here */
  toc?: Promise<CustomToc | undefined>
}

/**
 * Recognises the dump and checks the options against it and the server;
 * the plan of the restore. `opened`: a dump streamed from its store, its
 * head read (`options.file` then only names it).
 */
export async function planRestore(
  session: Session,
  options: OneRestoreOptions,
  opened?: { input: DumpInput; header: ArchiveHeader }
): Promise<RestorePlan> {
  const file = opened ? options.file : resolve(options.file)
  const databases = [...(options.databases ?? [])]
  const { logger, wording } = session
  const { input, header } =
    opened ?? (await openDump(session, file, options.decryptKey, recognise))
  const { format } = header
  const tool: Tool = format === 'plain' ? 'psql' : 'pg_restore'
  checkRestoreOptions(
    options,
    format,
    session.connection.dbname !== undefined,
    wording
  )
  logOrigin(session, header)
  // targets that may not exist yet: ask the maintenance database; the
  // target itself, its state too, in the same round trip
  const own = databases.length === 0 && !options.createDatabase
  // read while psql checks the connection: whether to list the dump first
  // depends on it and on the target's state (see runArchive)
  const listable =
    own &&
    !options.excludeSchemas?.length &&
    !input.encrypted &&
    !input.streamed
  const toc =
    format === 'custom' && listable
      ? readCustomToc(input.file).catch(() => undefined)
      : undefined
  const { version: server, answer } = await session.connect(
    own ? undefined : session.maintenance,
    own ? TARGET_STATE_SQL : undefined
  )
  const warning = olderTargetWarning(header, server, wording)
  if (warning) logger.warning(warning)
  const client = await session.client({
    ...readerNeed(header, tool),
    // psql itself refuses the script's meta-commands (restricted mode)
    restricted: tool === 'psql' && !options.allowMetaCommands
  })
  const jobs = options.jobs ?? 1
  const parallel =
    PARALLEL_RESTORE_FORMATS.includes(format) &&
    !input.encrypted &&
    !input.streamed
  if (jobs > 1 && !parallel) {
    logger.warning(
      input.encrypted
        ? `jobs ${jobs}: an age-encrypted dump is decrypted as a stream, which pg_restore reads with one job only; restoring with one job.`
        : `jobs ${jobs}: pg_restore runs in parallel only for custom and directory archives; restoring ${format} with one job.`
    )
  }
  return {
    file,
    format,
    header,
    tool,
    input,
    databases,
    server,
    client,
    ...(parallel && { jobs }),
    targetState: answer === undefined ? undefined : parseTargetState(answer),
    ...(toc && { toc })
  }
}

/**
 * The dump's format and header, read once; ToolErrors when unreadable. A
 * FIFO, socket or device is refused before it is opened (reading a FIFO
 * waits for a writer for good).
 */
async function recognise(file: string): Promise<ArchiveHeader> {
  try {
    const special = specialFileKind(await stat(file))
    if (special) {
      throw new ToolError(
        'command',
        `Cannot restore ${file}: it is ${special}. Expected ${DUMP_PATHS}.`
      )
    }
    return await readArchiveHeader(file)
  } catch (error) {
    if (error instanceof ToolError) throw error
    if (error instanceof UnrecognizedDumpError)
      throw new ToolError('failed', error.message)
    throw new ToolError(
      'command',
      `Cannot read the dump ${file}: ${(error as Error).message}`
    )
  }
}

function logOrigin(session: Session, header: ArchiveHeader): void {
  const { dumpedFrom: from, dumpedBy: by } = header
  if (!from && !by) return
  session.logger.info(
    `The dump was made${from ? ` from PostgreSQL ${from.text}` : ''}` +
      `${by ? ` by pg_dump ${by.text}` : ''}`
  )
}

/** The client a dump needs: one at least as new as what wrote it. */
function readerNeed(header: ArchiveHeader, tool: Tool): ClientNeed {
  const major = minimumReaderMajor(header)
  return major === undefined
    ? { major: 0, why: 'the dump', tool }
    : {
        major,
        why: `the dump (made by pg_dump ${header.dumpedBy?.text ?? major})`,
        tool
      }
}
