// Checks that a dump pg_dump reported as written can be read back before it
// may take the target's name: archives end to end with pg_restore (in
// parallel parts for several jobs), plain SQL by pg_dump's closing line.
// A dump that holds no objects at all is kept, with a warning.
import { createReadStream } from 'node:fs'
import { open, readdir, stat, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { createInterface } from 'node:readline'
import { readBackArgs, tocListArgs, type DumpFormat } from '../args.ts'
import { DataProblem } from '../archive/custom-data.ts'
import { readCustomFile } from '../archive/custom-file.ts'
import { fileDigest, type FileDigest } from '../archive/digest.ts'
import { entryId, splitToc, tocEntries, tocEntryCount } from '../archive/toc.ts'
import type { ResolvedClient } from '../client/resolver.ts'
import { ToolError } from '../errors.ts'
import { failureMessage, type ToolResult } from '../process/runner.ts'
import { withTrackedTemp } from '../process/temp.ts'
import type { Session } from '../session.ts'

/** The last line pg_dump writes to a complete plain dump. */
export const PLAIN_COMPLETE = '-- PostgreSQL database dump complete'
const TAIL_BYTES = 4096

/** Whether a plain dump ends with pg_dump's completion line (a killed or cut dump does not). */
export async function plainDumpComplete(path: string): Promise<boolean> {
  const { size } = await stat(path)
  const handle = await open(path, 'r')
  try {
    const length = Math.min(size, TAIL_BYTES)
    const buffer = Buffer.alloc(length)
    await handle.read(buffer, 0, length, size - length)
    return endsComplete(buffer)
  } finally {
    await handle.close()
  }
}

/** Whether the last bytes of a plain dump hold pg_dump's completion line. */
export function endsComplete(tail: Buffer): boolean {
  const lines = tail.toString('utf8').trimEnd().split('\n')
  // pg_dump ends with the completion comment, then `--`, and since the
  // 2025 minors an `\unrestrict` line
  return lines.slice(-4).some(l => l.trim() === PLAIN_COMPLETE)
}

/** Archive formats pg_restore can read back. */
function isArchive(format: DumpFormat): boolean {
  return format !== 'plain'
}

/** pg_dump said it succeeded, but what it wrote does not read back. */
export function unreadable(how: string, result?: ToolResult): ToolError {
  return new ToolError(
    'failed',
    `pg_dump exited 0 but ${how}${result ? `: ${failureMessage('pg_restore', result)}` : ''}. Nothing was written to the target.`,
    result && {
      tool: 'pg_restore',
      exitCode: result.exitCode,
      stderr: result.stderr
    }
  )
}

/**
 * Reads back what pg_dump wrote to `partial`: an archive end to end
 * (`pg_restore --list` reads only its table of contents, so the data blocks
 * are read too, decompressed and thrown away), a plain script by its
 * completion line.
 */
async function verifyDump(
  session: Session,
  partial: string,
  format: DumpFormat,
  client: ResolvedClient,
  jobs: number
): Promise<void> {
  if (!isArchive(format)) {
    if (!(await plainDumpComplete(partial))) {
      throw unreadable(
        `the plain dump is incomplete: it lacks pg_dump's completion line (${PLAIN_COMPLETE})`
      )
    }
    session.logger.info(`Verified: the SQL ends with pg_dump's completion line`)
    if (!(await plainDumpHasEntry(partial))) warnEmpty(session)
    return
  }
  const list = await listToc(session, client, partial)
  await readBack(session, partial, list, jobs, client)
  const entries = tocEntryCount(list)
  session.logger.info(
    `Verified: pg_restore read the whole archive back (${entries} entries)`
  )
  if (entries === 0) warnEmpty(session)
}

/**
 * How much reading back each entry of a directory archive costs: the size
 * of its data file (`<id>.dat`, `.dat.gz`, `.dat.lz4`, `.dat.zst`), the
 * large-object files for a BLOBS entry, else nothing. Other formats: 1 each.
 */
async function dataWeights(archive: string): Promise<(line: string) => number> {
  if (!(await stat(archive)).isDirectory()) return () => 1
  const sizes = new Map<number, number>()
  let blobs = 0
  for (const name of await readdir(archive)) {
    const data = DATA_FILE.exec(name)
    const blob = /^blob(?:s_\d+\.toc|_\d+\.dat(?:\.\w+)?)$/.test(name)
    if (!data && !blob) continue
    const { size } = await stat(join(archive, name))
    if (data) sizes.set(Number(data[1]), size)
    else blobs += size
  }
  return line => sizes.get(entryId(line)) ?? (/ BLOBS /.test(line) ? blobs : 0)
}

/**
 * Reads a finished dump back ({@link verifyDump}) and hashes it, both at
 * once; returns its digest.
 */
export async function readBackFinished(
  session: Session,
  partial: string,
  format: DumpFormat,
  client: ResolvedClient,
  jobs: number
): Promise<FileDigest> {
  if (format === 'custom') {
    const read = await readCustomBack(session, partial)
    if (read) return read
  }
  const [digest] = await Promise.all([
    fileDigest(partial),
    verifyDump(session, partial, format, client, jobs)
  ])
  return digest
}

/**
 * Reads a finished custom archive back in this process, hashing it in the
 * same pass (archive/custom-file.ts); undefined when pg_restore must read
 * it (lz4, zstd, a version the parser does not know).
 */
async function readCustomBack(
  session: Session,
  partial: string
): Promise<FileDigest | undefined> {
  const { cancellation } = session
  const read = await readCustomFile(
    partial,
    () => cancellation.reason !== undefined
  ).catch((error: unknown) => {
    cancellation.throwIfCancelled(`pg_dump was stopped and ${partial} removed`)
    if (!(error instanceof DataProblem)) throw error
    throw unreadable(
      `its archive cannot be read back end to end: ${error.message}`
    )
  })
  if (!read) return undefined
  session.logger.info(
    `Verified: pg-dumper read the whole archive back itself (${read.entries} entries, ${readHow(read.inflated)})`
  )
  if (read.entries === 0) warnEmpty(session)
  return { size: read.size, sha256: read.sha256 }
}

/** How the data blocks of a custom archive were read, for the log. */
export function readHow(inflated: boolean): string {
  return `every data block ${inflated ? 'inflated' : 'read'} to its end`
}

/** pg_dump's comment before each object of a plain script, as `pg_restore --list` has an entry for each. */
const PLAIN_ENTRY = /^-- (?:Data for )?Name: .*; Type: /

/**
 * Whether a plain script holds at least one object: pg_dump comments each
 * one (`-- Name: …; Type: …`, `-- Data for Name: …`). Reads up to the first,
 * which comes right after the settings at the top of any non-empty dump.
 */
export async function plainDumpHasEntry(path: string): Promise<boolean> {
  const stream = createReadStream(path, 'utf8')
  const lines = createInterface({ input: stream, crlfDelay: Infinity })
  try {
    for await (const line of lines) if (PLAIN_ENTRY.test(line)) return true
    return false
  } finally {
    lines.close()
    stream.destroy()
  }
}

/** `pg_restore --list` of an archive pg_dump wrote; a ToolError when it cannot be read. */
export async function listToc(
  session: Session,
  client: ResolvedClient,
  archive: string
): Promise<string> {
  const list = await session.run(client, 'pg_restore', tocListArgs(archive))
  if (list.exitCode !== 0) {
    throw unreadable('its table of contents cannot be read back', list)
  }
  return list.stdout
}

/** A directory archive's data file of one entry: `<id>.dat`, or compressed `.dat.gz`, `.dat.lz4`, `.dat.zst`. */
export const DATA_FILE = /^(\d+)\.dat(?:\.\w+)?$/

/** An empty dump restores nothing: most likely every schema was left out. */
export function warnEmpty(session: Session): void {
  const { wording } = session
  session.logger.warning(
    `The dump holds no objects (its table of contents has no entries): restoring it restores nothing. ` +
      `If the database is not empty, check ${wording.name('schemas')} and ${wording.name('excludeSchemas')}: they may leave out every schema.`
  )
}

const checkReadBack = (result: ToolResult) => {
  if (result.exitCode !== 0) {
    throw unreadable('its archive cannot be read back end to end', result)
  }
}

/**
 * Reads every entry of an archive back with pg_restore, its output thrown
 * away; with several jobs, one pg_restore per part of the table of
 * contents, all at once.
 */
async function readBack(
  session: Session,
  archive: string,
  toc: string,
  jobs: number,
  client: ResolvedClient
): Promise<void> {
  if (jobs <= 1) {
    return checkReadBack(
      await session.run(client, 'pg_restore', readBackArgs(archive))
    )
  }
  await withTrackedTemp(session.cancellation, { prefix: 'verify' }, dir =>
    readBackParts(session, archive, toc, jobs, client, dir)
  )
}

/**
 * Reads back the entries of `toc` (a `--list` text) in `jobs` parts of
 * about equal data, one pg_restore each, all at once; the lists are
 * written to `dir`.
 */
export async function readBackParts(
  session: Session,
  archive: string,
  toc: string,
  jobs: number,
  client: ResolvedClient,
  dir: string
): Promise<void> {
  const weight = await dataWeights(archive)
  // no more parts than entries with data to read (at least one)
  const heavy = tocEntries(toc).filter(line => weight(line) > 0).length
  const parts = Math.max(1, Math.min(jobs, heavy))
  const results = await Promise.all(
    splitToc(toc, parts, weight).map(async (part, i) => {
      const list = join(dir, `part-${i}.list`)
      await writeFile(list, part)
      return session.run(client, 'pg_restore', readBackArgs(archive, list))
    })
  )
  results.forEach(checkReadBack)
}
