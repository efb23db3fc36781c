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

/** Everything a dump's write needs, checked. */
export interface DumpPlan {
  /** the target (the age file when encrypted) */
  file: string
  format: DumpFormat
  /** age recipients; none: not encrypted */
  recipients: readonly string[]
  /** where the plaintext dump goes: the file, or with recipients the kept plaintext if any */
  plainFile?: string
  server: PgVersion
  client: ResolvedClient
  jobs: number
  /** pg_dump's arguments for a connection, into `to` */
  args: (
    connection: Connection,
    to: string,
    how: { verbose: boolean; noSync: boolean; snapshot?: string }
  ) => string[]
}

/**
 * Checks the options against the target and the server; the plan of the
 * dump. `streamed`: no file is written (the dump goes to a store's stream),
 * so no target is checked and no folder made.
 */
export async function planDump(
  session: Session,
  options: OneDumpOptions,
  streamed = false
): Promise<DumpPlan> {
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
  const targets = [...new Set([file, plainFile])].filter(
    (target): target is string => target !== undefined && !streamed
  )
  for (const target of targets) {
    const unsafe = unsafeTarget(target, format === 'directory')
    if (unsafe) {
      throw new ToolError(
        'command',
        `Cannot dump to ${target}: ${unsafe}. Choose another file.`,
        { tool: 'pg_dump' }
      )
    }
  }
  const server = await session.serverVersion()
  const client = await session.client({
    major: server.major,
    why: `the server (${server.text})`,
    tool: 'pg_dump'
  })
  const compress = dumpCompressArg(
    format,
    options.compression,
    client.version?.major ?? 16,
    session.wording
  )
  const jobs = options.jobs ?? 1
  if (jobs > 1 && !PARALLEL_DUMP_FORMATS.includes(format)) {
    session.logger.warning(
      `jobs ${jobs}: pg_dump runs in parallel only for the directory format; dumping ${format} with one job.`
    )
  }
  const patterns = await checkedSchemaPatterns(
    session,
    options.excludeSchemas ?? [],
    options.schemas ?? []
  )
  for (const target of targets) await makeFolderOf(target)
  return {
    file,
    format,
    recipients,
    plainFile,
    server,
    client,
    jobs,
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
