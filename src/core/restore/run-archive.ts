// Runs pg_restore on an archive, from an edited table of contents when
// schemas are excluded or the target already has the dump's extensions.
import { writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { Readable } from 'node:stream'
import {
  formatArg,
  pgRestoreArgs,
  tocListArgs,
  type RestoreArgsOptions
} from '../args.ts'
import { feedingFifo } from '../process/fifo.ts'
import {
  extensionEntry,
  tocSchemas,
  withoutSchemaEntries
} from '../archive/toc.ts'
import { readCustomToc, type CustomToc } from '../archive/custom-toc.ts'
import type { ArchiveFormat } from '../archive/format.ts'
import { tocKeptUses } from '../archive/toc-uses.ts'
import type { ResolvedClient } from '../client/resolver.ts'
import type { Connection } from '../connection/connection.ts'
import { ToolError } from '../errors.ts'
import { failureMessage, type ToolResult } from '../process/runner.ts'
import { withTrackedTemp } from '../process/temp.ts'
import { keptUsesWarnings } from '../kept-objects.ts'
import { matchSchemas, unmatchedWarning } from '../schema-patterns.ts'
import type { Session } from '../session.ts'
import {
  targetMayOwn,
  targetStateAhead,
  targetsOwn,
  type TargetState
} from './extensions.ts'
import type { DumpInput } from './dump-input.ts'
import { StreamRefused } from './stream-input.ts'
import { COPY_START } from './plain-script.ts'

/** The rows a COPY block in pg_restore's SQL output holds. */
function copyRows(sql: string): number {
  let rows = 0
  let inCopy = false
  for (const line of sql.split('\n')) {
    if (inCopy) {
      if (line === '\\.') inCopy = false
      else rows++
    } else if (COPY_START.test(line)) inCopy = true
  }
  return rows
}

/**
 * Waits for a target being prepared; when that fails, for the listing too
 * (no pg_restore left running), then throws.
 */
async function whenReady(
  target: Promise<Connection>,
  listing: Promise<unknown>
): Promise<Connection> {
  try {
    return await target
  } catch (error) {
    await listing.catch(() => {})
    throw error
  }
}

/**
 * Runs pg_restore into `target`, leaving out what the target must keep.
 * The dump is listed while the target is prepared (the first fan-out
 * database created); the target is asked its extensions once ready: while
 * pg_restore still lists, else only when the dump has some (unless
 * `known`: asked with the connection check).
 */
export async function runArchive(
  session: Session,
  client: ResolvedClient,
  options: Omit<RestoreArgsOptions, 'conninfo'>,
  input: DumpInput,
  targetReady: Promise<Connection>,
  known: KnownAhead
): Promise<ToolResult> {
  const run = (args: (file: string) => string[], head?: boolean) =>
    input.read(
      file => session.run(client, 'pg_restore', args(file)),
      // a stream is read once: a listing reads its head alone
      head && input.streamed ? headOf(input.streamed.head) : undefined
    )
  if (!(await needsListing(options, input, known))) {
    const { conninfo } = await targetReady
    return run(file => pgRestoreArgs({ ...options, conninfo, file }))
  }
  // verbose: each entry followed by its dependencies, when they are needed
  const verbose = options.excludeSchemas.length ? ['--verbose'] : []
  const listing = run(
    file => [...verbose, ...tocListArgs(file, options.format)],
    true
  )
  let listed = false
  void listing.then(() => (listed = true)).catch(() => {})
  const target = await whenReady(targetReady, listing)
  const extensions =
    known.state ?? (listed ? undefined : targetStateAhead(session, target))
  const o: RestoreArgsOptions = { ...options, conninfo: target.conninfo }
  const toc = checked(await listing)
  let list = toc.stdout
  let edited = false
  let excluded: string[] = []
  if (o.excludeSchemas.length) {
    // one grammar with the dump's: names as spelled, * and ? wildcards
    const schemas = tocSchemas(list)
    const { matched, unmatched } = matchSchemas(o.excludeSchemas, schemas)
    const warning = unmatchedWarning(
      session.wording.name('excludeSchemas'),
      unmatched,
      schemas,
      'the dump'
    )
    if (warning) session.logger.warning(warning)
    const uses = tocKeptUses(list, matched, schemas)
    const at = { at: 'restore', createsExtensions: true } as const
    for (const kept of keptUsesWarnings(uses, matched, at))
      session.logger.warning(kept)
    excluded = matched
    list = withoutSchemaEntries(list, matched)
    edited = true
  }
  const lines = list.split('\n')
  const skipped = await targetsOwn(
    session,
    target,
    lines,
    extensionEntry,
    line =>
      rowsOfStreamed(input) ??
      withList(session, input, `${line}\n`, async one =>
        copyRows(
          checked(
            await run(file => [
              '--file=-',
              `--use-list=${one}`,
              ...formatArg(o.format),
              file
            ])
          ).stdout
        )
      ),
    extensions
  )
  if (skipped.size) {
    list = lines.filter(line => !skipped.has(line)).join('\n')
    edited = true
  }
  if (!edited) return run(file => pgRestoreArgs({ ...o, file }))
  return withList(session, input, list, useList =>
    run(file =>
      pgRestoreArgs({ ...o, file, excludeSchemas: excluded, useList })
    )
  )
}

/** What the plan knows of a restore before it runs: the target's state (asked with the connection check), the dump's format and table of contents. */
interface KnownAhead {
  state?: TargetState | undefined
  format: ArchiveFormat
  toc?: Promise<CustomToc | undefined>
}

/**
 * Whether the archive's items must be listed (`pg_restore --list`) to
 * restore it: to leave out excluded schemas, or items the target already
 * has. A custom file whose own table of contents shows that the target has
 * none of them, the target's state known, is restored as it is.
 */
async function needsListing(
  o: Omit<RestoreArgsOptions, 'conninfo'>,
  input: DumpInput,
  known: KnownAhead
): Promise<boolean> {
  const { state, format } = known
  if (o.excludeSchemas.length || !state || input.encrypted) return true
  if (format !== 'custom') return true
  const toc =
    input.streamed?.toc ??
    (await (known.toc ?? readCustomToc(input.file).catch(() => undefined)))
  // names not plain ASCII may read differently here and in the target
  if (!toc || toc.extensions.some(name => /[^\x20-\x7e]/.test(name)))
    return true
  return targetMayOwn(toc.extensions, state)
}

/**
 * Runs `fn` with the path of a table of contents for `--use-list`: of an
 * encrypted dump, it is decrypted content (names of schemas, tables,
 * owners) and reaches pg_restore through a FIFO, never a file; of a plain
 * one, a temporary file.
 */
function withList<T>(
  session: Session,
  input: DumpInput,
  list: string,
  fn: (path: string) => Promise<T>
): Promise<T> {
  if (input.encrypted) {
    return feedingFifo(
      session.cancellation,
      () => Promise.resolve(Readable.from([Buffer.from(list)])),
      fn
    )
  }
  return withTrackedTemp(session.cancellation, { prefix: 'toc' }, async dir => {
    const path = join(dir, 'toc.list')
    await writeFile(path, list)
    return fn(path)
  })
}

/** The head of a streamed archive, as a listing reads it. */
function headOf(head: Buffer): () => Promise<Readable> {
  return () => Promise.resolve(Readable.from([head]))
}

/**
 * A streamed archive cannot be read twice to count a configuration
 * table's rows first: refused before anything is restored (the dump is
 * then fetched to a file).
 */
function rowsOfStreamed(input: DumpInput): Promise<number> | undefined {
  if (!input.streamed) return undefined
  return Promise.reject(
    new StreamRefused(
      'the rows of a configuration table of an extension the target already has are counted first, which takes a second pass over the archive'
    )
  )
}

/** A pg_restore run that must succeed. */
function checked(result: ToolResult): ToolResult {
  if (result.exitCode === 0) return result
  throw new ToolError('failed', failureMessage('pg_restore', result), {
    tool: 'pg_restore',
    exitCode: result.exitCode,
    stderr: result.stderr
  })
}
