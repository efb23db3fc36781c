// The dump operation: pg_dump into a temporary file beside the target, read
// back end to end and hashed, then renamed into place; with a scrub, of a
// scrubbed throwaway copy of the database.
import { mkdir } from 'node:fs/promises'
import { dirname, resolve } from 'node:path'
import { dumpArgs, PARALLEL_DUMP_FORMATS, type DumpFormat } from '../args.ts'
import type { FileDigest } from '../archive/digest.ts'
import type { Connection } from '../connection/connection.ts'
import { ToolError } from '../errors.ts'
import { failureMessage } from '../process/runner.ts'
import { withTrackedTemp } from '../process/temp.ts'
import { fileResult, type FileResult } from '../results.ts'
import type { Session } from '../session.ts'
import { partialPath, replacePath, unsafeTarget } from './atomic-file.ts'
import { dumpCompressArg, type Compression } from './compression.ts'
import { checkedSchemaPatterns } from './schemas.ts'
import {
  dumpDirectoryReadingBack,
  withoutProgress
} from './read-as-finished.ts'
import { dumpReadingBack } from './read-while-writing.ts'
import { readBackFinished } from './verify.ts'
import { dumpEncrypted, ENCRYPTABLE_FORMATS, encryptFile } from './encrypted.ts'
import { fileDigest } from '../archive/digest.ts'
import { withScrubbedCopy, type ScrubScript } from './scrub.ts'

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
}

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
  const file = resolve(options.file)
  const format = options.format ?? 'custom'
  const { logger } = session
  const recipients = options.encryptTo ?? []
  const encrypted = recipients.length > 0
  const plainFile = encrypted
    ? options.plainFile && resolve(options.plainFile)
    : file
  if (encrypted && !ENCRYPTABLE_FORMATS.includes(format)) {
    throw new ToolError(
      'command',
      `Cannot encrypt a ${format} dump: it is not one stream. Encrypt a custom or plain dump.`,
      { tool: 'pg_dump' }
    )
  }
  for (const target of new Set([file, plainFile])) {
    if (target === undefined) continue
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
    logger.warning(
      `jobs ${jobs}: pg_dump runs in parallel only for the directory format; dumping ${format} with one job.`
    )
  }
  const patterns = await checkedSchemaPatterns(
    session,
    options.excludeSchemas ?? [],
    options.schemas ?? []
  )
  for (const target of new Set([file, plainFile])) {
    if (target === undefined) continue
    await mkdir(dirname(target), { recursive: true }).catch(
      (error: unknown) => {
        throw new ToolError(
          'command',
          `Cannot create the folder ${dirname(target)} for the dump: ${(error as Error).message}`,
          { tool: 'pg_dump' }
        )
      }
    )
  }
  const writeVerified = (
    connection: Connection,
    target: string,
    encryptInto?: string
  ) =>
    withTrackedTemp(
      session.cancellation,
      { path: encryptInto ?? partialPath(target) },
      async partial => {
        // a parallel directory dump is read back as its items finish
        const streamed = format === 'directory' && jobs > 1
        const argsTo = (to: string) =>
          dumpArgs({
            conninfo: connection.conninfo,
            file: to,
            format,
            excludeSchemas: patterns.excludeSchemas,
            schemas: patterns.schemas,
            excludeTableData: options.excludeTableData,
            jobs,
            compress,
            verbose: streamed,
            noSync: encryptInto !== undefined
          })
        const runDump = async (
          onErrLine?: (line: string) => void,
          to = partial
        ) => {
          const result = await session.run(
            client,
            'pg_dump',
            argsTo(to),
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
        if (encryptInto !== undefined) {
          await dumpEncrypted(
            session,
            client,
            partial,
            format,
            recipients,
            fifo => runDump(undefined, fifo)
          )
          written = await fileDigest(partial)
        } else if (format === 'custom') {
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
        await moveIntoPlace(partial, encryptInto === undefined ? target : file)
        return written
      }
    )
  // the dump of a connection's database, verified, encrypted when asked
  const produce = async (connection: Connection): Promise<FileDigest> => {
    let digest: FileDigest
    if (!encrypted) digest = await writeVerified(connection, file)
    else if (plainFile === undefined) {
      digest = await writeVerified(connection, file, partialPath(file))
    } else {
      await writeVerified(connection, plainFile)
      logger.info(`Kept the plaintext dump at ${plainFile}, as asked`)
      digest = await withTrackedTemp(
        session.cancellation,
        { path: partialPath(file) },
        async partial => {
          await encryptFile(
            session,
            client,
            plainFile,
            partial,
            format,
            recipients
          )
          const written = await fileDigest(partial)
          await moveIntoPlace(partial, file)
          return written
        }
      )
    }
    return digest
  }
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
        produce
      )
    : await produce(session.connection)
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

/** Renames a verified dump to its target; a command ToolError when that fails. */
async function moveIntoPlace(partial: string, target: string): Promise<void> {
  await replacePath(partial, target).catch((error: unknown) => {
    throw new ToolError(
      'command',
      `Cannot move the verified dump into place at ${target}: ${(error as Error).message}. Nothing was written to the target.`,
      { tool: 'pg_dump' }
    )
  })
}
