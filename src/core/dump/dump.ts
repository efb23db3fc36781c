// The dump operation: pg_dump into a temporary file beside the target, read
// back end to end and hashed, then renamed into place; with a scrub, of a
// scrubbed throwaway copy of the database.
import { mkdir } from 'node:fs/promises'
import { dirname, resolve } from 'node:path'
import { dumpArgs, PARALLEL_DUMP_FORMATS, type DumpFormat } from '../args.ts'
import type { FileDigest } from '../archive/digest.ts'
import { ToolError } from '../errors.ts'
import { failureMessage } from '../process/runner.ts'
import { withTrackedTemp } from '../process/temp.ts'
import { fileResult, type FileResult } from '../results.ts'
import type { Connection } from '../connection/connection.ts'
import type { Session } from '../session.ts'
import { partialPath, replacePath, unsafeTarget } from './atomic-file.ts'
import { dumpCompressArg, type Compression } from './compression.ts'
import { checkedSchemaPatterns } from './schemas.ts'
import {
  dumpDirectoryReadingBack,
  withoutProgress
} from './read-as-finished.ts'
import { dumpReadingBack } from './read-while-writing.ts'
import { withScrubbedCopy, type ScrubScript } from './scrub.ts'
import { readBackFinished } from './verify.ts'

/** What to dump. */
export interface DumpOptions {
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
   * SQL run in a throwaway copy of the database (CREATE DATABASE … TEMPLATE),
   * which is dumped instead and dropped afterwards; the database itself is
   * only read. A script that fails leaves no dump.
   */
  scrub?: ScrubScript
  /** let the scrub script's psql meta-commands run (never `\connect`) */
  allowMetaCommands?: boolean
}

/** What a dump wrote. */
export interface DumpResult extends FileResult {
  format: DumpFormat
  /** the scrub script the dumped copy went through: its file, or `inline SQL` */
  scrubbed?: string
}

/** Dumps to a temporary file beside the target and renames it only once verified. */
export async function dump(
  session: Session,
  options: DumpOptions
): Promise<DumpResult> {
  const started = performance.now()
  const file = resolve(options.file)
  const format = options.format ?? 'custom'
  const { logger } = session
  const unsafe = unsafeTarget(file, format === 'directory')
  if (unsafe) {
    throw new ToolError(
      'command',
      `Cannot dump to ${file}: ${unsafe}. Choose another file.`,
      { tool: 'pg_dump' }
    )
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
    logger.warning(
      `jobs ${jobs}: pg_dump runs in parallel only for the directory format; dumping ${format} with one job.`
    )
  }
  const patterns = await checkedSchemaPatterns(
    session,
    options.excludeSchemas ?? [],
    options.schemas ?? []
  )
  await mkdir(dirname(file), { recursive: true }).catch((error: unknown) => {
    throw new ToolError(
      'command',
      `Cannot create the folder ${dirname(file)} for the dump: ${(error as Error).message}`,
      { tool: 'pg_dump' }
    )
  })
  const write = (connection: Connection) =>
    withTrackedTemp(
      session.cancellation,
      { path: partialPath(file) },
      async partial => {
        // a parallel directory dump is read back as its items finish
        const streamed = format === 'directory' && jobs > 1
        const args = dumpArgs({
          conninfo: connection.conninfo,
          file: partial,
          format,
          excludeSchemas: patterns.excludeSchemas,
          schemas: patterns.schemas,
          excludeTableData: options.excludeTableData,
          jobs,
          compress,
          verbose: streamed
        })
        const runDump = async (onErrLine?: (line: string) => void) => {
          const result = await session.run(
            client,
            'pg_dump',
            args,
            false,
            onErrLine
          )
          if (result.exitCode !== 0) {
            const stderr = streamed
              ? withoutProgress(result.stderr)
              : result.stderr
            throw new ToolError(
              'failed',
              failureMessage('pg_dump', { ...result, stderr }),
              {
                tool: 'pg_dump',
                exitCode: result.exitCode,
                stderr
              }
            )
          }
        }
        let written: FileDigest
        if (format === 'custom') {
          // read back while pg_dump writes, then check the finished file
          written = await dumpReadingBack(session, client, partial, runDump)
        } else if (streamed) {
          written = await dumpDirectoryReadingBack(
            session,
            client,
            partial,
            jobs,
            runDump
          )
        } else {
          await runDump()
          written = await readBackFinished(
            session,
            partial,
            format,
            client,
            jobs
          )
        }
        session.cancellation.throwIfCancelled(
          `pg_dump was stopped and ${partial} removed`
        )
        await replacePath(partial, file).catch((error: unknown) => {
          throw new ToolError(
            'command',
            `Cannot move the verified dump into place at ${file}: ${(error as Error).message}. Nothing was written to the target.`,
            { tool: 'pg_dump' }
          )
        })
        return written
      }
    )
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
        write
      )
    : await write(session.connection)
  const result = fileResult(logger, 'Wrote', {
    file,
    format,
    server,
    client,
    digest,
    started
  })
  if (!scrub) return result
  return { ...result, scrubbed: 'file' in scrub ? scrub.file : 'inline SQL' }
}
