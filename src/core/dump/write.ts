// How a planned dump is written and read back before it takes its name:
// encrypted as pg_dump writes it (a FIFO, no plaintext on disk), read while
// pg_dump writes it (custom, and the data files of a parallel directory
// dump), or read back once finished (the others); with a kept
// plaintext, that is written first and then encrypted.
import type { Identity } from 'age-encryption'
import type { FileDigest } from '../archive/digest.ts'
import { fileDigest } from '../archive/digest.ts'
import type { Connection } from '../connection/connection.ts'
import { ToolError } from '../errors.ts'
import { failureMessage } from '../process/runner.ts'
import { withTrackedTemp } from '../process/temp.ts'
import type { Session } from '../session.ts'
import { partialPath, replacePath } from './atomic-file.ts'
import { dumpEncrypted, encryptFile } from './encrypted.ts'
import type { DumpPlan, WritePlan } from './plan.ts'
import { dumpDirectoryReadingBack } from './read-as-finished.ts'
import { dumpReadingBack } from './read-while-writing.ts'
import { readBackFinished } from './verify.ts'

/**
 * What a restore drill adds to a write: pg_dump's snapshot, and the check
 * of the read-back dump (`readBack` opens an age file) before it takes its
 * name (a kept plaintext is checked, not its age file).
 */
interface WriteDrill {
  snapshot: string
  check: (path: string, readBack?: Identity) => Promise<void>
}

/** The dump of a connection's database, verified and in place, encrypted when the plan says. */
export async function writeDump(
  session: Session,
  plan: WritePlan,
  connection: Connection,
  drill?: WriteDrill
): Promise<FileDigest> {
  const { file, plainFile } = plan
  const write = (target: string, encryptInto?: string) =>
    writeVerified(session, plan, connection, { target, encryptInto, drill })
  if (plan.recipients.length === 0) return write(file)
  if (plainFile === undefined) return write(file, partialPath(file))
  await write(plainFile)
  session.logger.info(`Kept the plaintext dump at ${plainFile}, as asked`)
  return withTrackedTemp(
    session.cancellation,
    { path: partialPath(file) },
    async partial => {
      await encryptFile(
        session,
        plan.client,
        plainFile,
        partial,
        plan.format,
        plan.recipients
      )
      const written = await fileDigest(partial)
      await moveIntoPlace(partial, file)
      return written
    }
  )
}

/**
 * pg_dump into a temporary path beside `target`, read back, then renamed to
 * it; with `encryptInto`, pg_dump writes into a FIFO whose stream is
 * encrypted into that path, renamed to the plan's file.
 */
function writeVerified(
  session: Session,
  plan: WritePlan,
  connection: Connection,
  {
    target,
    encryptInto,
    drill
  }: { target: string; encryptInto?: string; drill?: WriteDrill }
): Promise<FileDigest> {
  const { client, format, jobs } = plan
  return withTrackedTemp(
    session.cancellation,
    { path: encryptInto ?? partialPath(target) },
    async partial => {
      // a parallel directory dump's data files are read as they are written
      const streamed = format === 'directory' && jobs > 1
      const runDump = async (
        onErrLine?: (line: string) => void,
        to = partial
      ) => {
        const args = plan.args(connection, to, {
          verbose: streamed,
          noSync: encryptInto !== undefined,
          snapshot: drill?.snapshot
        })
        const result = await session.run(
          client,
          'pg_dump',
          args,
          false,
          onErrLine
        )
        if (plan.checked) await checkedAhead(plan.checked, result)
        if (result.exitCode !== 0) {
          const stderr = streamed
            ? withoutProgress(result.stderr)
            : result.stderr
          throw new ToolError(
            'failed',
            failureMessage('pg_dump', { ...result, stderr }),
            { tool: 'pg_dump', exitCode: result.exitCode, stderr }
          )
        }
      }
      let written: FileDigest
      let readBack: Identity | undefined
      if (encryptInto !== undefined) {
        readBack = await dumpEncrypted(
          session,
          client,
          partial,
          format,
          plan.recipients,
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
        written = await readBackFinished(session, partial, format, client, jobs)
      }
      session.cancellation.throwIfCancelled(
        `pg_dump was stopped and ${partial} removed`
      )
      await drill?.check(partial, readBack)
      await moveIntoPlace(
        partial,
        encryptInto === undefined ? target : plan.file
      )
      return written
    }
  )
}

/**
 * pg_dump's stderr without the progress lines --verbose adds: its errors,
 * warnings, details and hints stay, as do lines that continue them.
 */
export function withoutProgress(stderr: string): string {
  return stderr
    .split('\n')
    .filter(
      line =>
        !line.startsWith('pg_dump: ') ||
        /^pg_dump: (error|warning|detail|hint): /.test(line)
    )
    .join('\n')
    .trim()
}

/**
 * pg_dump started before the server accepted connections (its check then
 * waited for it): the dump is to be made again, with the checked plan.
 */
export class StartedTooEarly extends Error {}

/**
 * The verdict on a pg_dump started beside the connection check, which
 * comes first: the check's failure is the step's (a connection refused, a
 * client older than the server), whatever pg_dump said.
 */
async function checkedAhead(
  checked: Promise<DumpPlan>,
  result: { exitCode: number; stderr: string }
): Promise<void> {
  await checked
  const refused =
    /^pg_dump: error: (connection to server .* failed|could not connect to server)/m
  if (result.exitCode !== 0 && refused.test(result.stderr))
    throw new StartedTooEarly('pg_dump could not connect yet')
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
