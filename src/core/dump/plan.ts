// A dump's plan, settled before pg_dump runs: the targets checked, the
// server asked its version, a client chosen, the compression and the schema
// patterns checked, the targets' folders made. What is wrong fails here,
// before anything is written.
import { mkdir } from 'node:fs/promises'
import { dirname, resolve } from 'node:path'
import { dumpArgs, PARALLEL_DUMP_FORMATS, type DumpFormat } from '../args.ts'
import type { ResolvedClient } from '../client/resolver.ts'
import type { Connection } from '../connection/connection.ts'
import { ToolError } from '../errors.ts'
import type { Session } from '../session.ts'
import type { PgVersion } from '../versions.ts'
import { unsafeTarget } from './atomic-file.ts'
import { dumpCompressArg, type Compression } from './compression.ts'
import { ENCRYPTABLE_FORMATS } from './encrypted.ts'
import { checkedSchemaPatterns } from './schemas.ts'
import type { ScrubScript } from './scrub.ts'

/** What to dump of one database (the Dumper's DumpOptions add the cluster's). */
export interface OneDumpOptions {
  /** target path; relative paths resolve against the working directory */
  file: string
  /** custom (default), plain, directory or tar */
  format?: DumpFormat
  /** schemas left out of the dump: names as the catalogue spells them, with `*` and `?` wildcards */
  excludeSchemas?: readonly string[]
  /** schemas to dump, leaving out all others (the same grammar) */
  schemas?: readonly string[]
  /** table patterns whose rows are left out (the tables stay) */
  excludeTableData?: readonly string[]
  /** parallel pg_dump jobs (directory format) */
  jobs?: number
  /** pg_dump's compression; default: pg_dump's own */
  compression?: Compression
  /**
   * age recipients (`age1…`, checked by parseRecipients): `file` is then the
   * age file, the dump encrypted to each as it is written (custom or plain)
   */
  encryptTo?: readonly string[]
  /** with encryptTo: also keep the plaintext dump at this path; else there is none */
  plainFile?: string
  /**
   * SQL run in a throwaway copy of the database (CREATE DATABASE … TEMPLATE),
   * which is dumped instead and dropped afterwards; the database itself is
   * only read. A script that fails leaves no dump.
   */
  scrub?: ScrubScript
  /** let the scrub script's psql meta-commands run (never `\connect`) */
  allowMetaCommands?: boolean
  /** keep who owns each object (no --no-owner; archives record owners anyway) */
  owner?: boolean
  /** keep the GRANTs and REVOKEs (no --no-privileges) */
  privileges?: boolean
  /**
   * `restore`: a restore drill before the dump takes its name (restored into
   * a scratch database, every table's rows compared with those counted in
   * the dump's snapshot); default `archive`, the read-back alone
   */
  verify?: 'archive' | 'restore'
  /** with verify `restore`: the connection string of the server the drill restores on; default the dumped one */
  verifyConnection?: string
}

/** What a dump's write needs: pg_dump's client and arguments, the targets. */
export interface WritePlan {
  /** the target (the age file when encrypted) */
  file: string
  format: DumpFormat
  /** age recipients; none: not encrypted */
  recipients: readonly string[]
  /** where the plaintext dump goes: the file, or with recipients the kept plaintext if any */
  plainFile?: string
  client: ResolvedClient
  jobs: number
  /** pg_dump's arguments for a connection, into `to` */
  args: (
    connection: Connection,
    to: string,
    how: { verbose: boolean; noSync: boolean; snapshot?: string }
  ) => string[]
  /**
   * The connection check, when pg_dump starts before it ended (see
   * planAhead): pg_dump's outcome counts only once this passed, and its
   * failure is this one's.
   */
  checked?: Promise<DumpPlan>
}

/** Everything a dump's write needs, checked against the server. */
export interface DumpPlan extends WritePlan {
  server: PgVersion
  checked?: undefined
}

/** What the options settle without the server: targets checked, folders not yet made. */
type LocalPlan = Pick<
  DumpPlan,
  'file' | 'format' | 'recipients' | 'plainFile' | 'jobs'
>

/**
 * Checks the options against the target and the server; the plan of the
 * dump. `streamed`: no file is written (the dump goes to a store's stream),
 * so no target is checked and no folder made.
 */
export async function planDump(
  session: Session,
  options: OneDumpOptions,
  streamed = false,
  local = localPlan(session, options, streamed)
): Promise<DumpPlan> {
  const server = await session.serverVersion()
  const client = await session.client({
    major: server.major,
    why: `the server (${server.text})`,
    tool: 'pg_dump'
  })
  const patterns = await checkedSchemaPatterns(
    session,
    options.excludeSchemas ?? [],
    options.schemas ?? []
  )
  if (!streamed) await makeFolders(local)
  return { ...writePlan(session, options, local, client, patterns), server }
}

/** A plan whose pg_dump starts before the connection check ended. */
export type AheadPlan = WritePlan & { checked: Promise<DumpPlan> }

/**
 * The plan of a dump, whose pg_dump may start while the connection is
 * checked (the check and pg_dump's start are each tens of milliseconds a
 * fixture's step pays) where nothing pg_dump is given depends on the
 * server: its client is the folder `pgBinDir` names, and no schema pattern
 * is matched against the database, no scrub or drill comes first. Then
 * `checked` is the plan planDump makes, the check included; else the plan
 * is planDump's.
 */
export async function planAhead(
  session: Session,
  options: OneDumpOptions
): Promise<DumpPlan | AheadPlan> {
  const matched = [
    ...(options.excludeSchemas ?? []),
    ...(options.schemas ?? [])
  ]
  if (options.scrub || options.verify === 'restore' || matched.length > 0)
    return planDump(session, options)
  const local = localPlan(session, options)
  const checked = planDump(session, options, false, local) // the check starts
  // awaited once pg_dump ends, or by the caller: a refusal meanwhile (while
  // the client is found) is not an unhandled rejection
  checked.catch(() => {})
  const client = await session.clients.given()
  if (!client) return checked
  const plan = writePlan(session, options, local, client, {
    excludeSchemas: [],
    schemas: []
  })
  await makeFolders(local)
  return { ...plan, checked }
}

/** The checks that need no server (of the targets: none when `streamed`). */
function localPlan(
  session: Session,
  options: OneDumpOptions,
  streamed = false
): LocalPlan {
  const file = resolve(options.file)
  const format = options.format ?? 'custom'
  const recipients = options.encryptTo ?? []
  const plainFile =
    recipients.length > 0
      ? options.plainFile && resolve(options.plainFile)
      : file
  if (recipients.length > 0 && !ENCRYPTABLE_FORMATS.includes(format)) {
    throw new ToolError(
      'command',
      `Cannot encrypt a ${format} dump: it is not one stream. Encrypt a custom or plain dump.`,
      { tool: 'pg_dump' }
    )
  }
  for (const target of streamed ? [] : targetsOf({ file, plainFile })) {
    const unsafe = unsafeTarget(target, format === 'directory')
    if (unsafe) {
      throw new ToolError(
        'command',
        `Cannot dump to ${target}: ${unsafe}. Choose another file.`,
        { tool: 'pg_dump' }
      )
    }
  }
  const jobs = options.jobs ?? 1
  if (jobs > 1 && !PARALLEL_DUMP_FORMATS.includes(format)) {
    session.logger.warning(
      `jobs ${jobs}: pg_dump runs in parallel only for the directory format; dumping ${format} with one job.`
    )
  }
  return { file, format, recipients, plainFile, jobs }
}

/** pg_dump's client and arguments, for the targets and schema patterns. */
function writePlan(
  session: Session,
  options: OneDumpOptions,
  local: LocalPlan,
  client: ResolvedClient,
  patterns: { excludeSchemas: string[]; schemas: string[] }
): Omit<WritePlan, 'checked'> {
  const { format } = local
  const compress = dumpCompressArg(
    format,
    options.compression,
    client.version?.major ?? 16,
    session.wording
  )
  const { jobs } = local
  return {
    ...local,
    client,
    args: (connection, to, how) =>
      dumpArgs({
        conninfo: connection.conninfo,
        file: to,
        format,
        excludeSchemas: patterns.excludeSchemas,
        schemas: patterns.schemas,
        excludeTableData: options.excludeTableData,
        jobs,
        compress,
        owner: options.owner,
        privileges: options.privileges,
        ...how
      })
  }
}

/** The paths a dump writes: the target, and a kept plaintext. */
function targetsOf(plan: Pick<LocalPlan, 'file' | 'plainFile'>): string[] {
  return [...new Set([plan.file, plan.plainFile])].filter(
    (target): target is string => target !== undefined
  )
}

async function makeFolders(local: LocalPlan): Promise<void> {
  for (const target of targetsOf(local)) await makeFolderOf(target)
}

/** Makes the folder a dump target lies in; a command ToolError when that fails. */
async function makeFolderOf(target: string): Promise<void> {
  await mkdir(dirname(target), { recursive: true }).catch((error: unknown) => {
    throw new ToolError(
      'command',
      `Cannot create the folder ${dirname(target)} for the dump: ${(error as Error).message}`,
      { tool: 'pg_dump' }
    )
  })
}
