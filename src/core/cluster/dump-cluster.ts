// Dumps more than one database's dump: the roles and tablespaces beside the
// dump (globals.sql), or several databases into one folder, each named
// after its database. All or nothing: the globals take their name only
// after the dump did, and a folder of several is written under a temporary
// name and moved into place once every dump in it is verified. With
// encryptTo every file is an age file: globals.sql.age, <dbname>.dump.age.
import { mkdir, readdir, rename, stat } from 'node:fs/promises'
import { basename, dirname, join, relative, resolve } from 'node:path'
import type { DumpFormat } from '../args.ts'
import { ageFileKind } from '../age/kind.ts'
import { readPrefix } from '../archive/format.ts'
import { ToolError } from '../errors.ts'
import { withTrackedTemp } from '../process/temp.ts'
import type { Session } from '../session.ts'
import { partialPath, replacePath, unsafeTarget } from '../dump/atomic-file.ts'
import { dump, type OneDumpResult } from '../dump/dump.ts'
import { sumVerified } from '../dump/drill-compare.ts'
import type { OneDumpOptions } from '../dump/plan.ts'
import { dumpGlobals, type GlobalsDump } from './dump-globals.ts'
import {
  databaseOfFileName,
  GLOBALS_AGE_FILE,
  GLOBALS_FILE,
  isGlobalsFile
} from './layout.ts'
import type { SeveralOutputs } from './outputs.ts'

/** What the cluster options add to a dump. */
export interface ClusterDumpOptions {
  /** several databases of the server: `file` is then a folder with one dump per database */
  databases?: readonly string[]
  /** several formats: each database dumped in each, into one folder as several databases are */
  formats?: readonly DumpFormat[]
  /** roles and tablespaces too (pg_dumpall --globals-only), as globals.sql beside the dump */
  globals?: boolean
  /** with globals: the roles' password hashes too (reading them needs a superuser) */
  rolePasswords?: boolean
}

/** One database's dump, as a dump of several reports it. */
export interface DatabaseDump extends OneDumpResult {
  database: string
}

/** What a dump wrote, with the databases and globals when there are any. */
export interface ClusterDumpResult extends OneDumpResult {
  /** each database's dump (also the one, when globals were dumped beside it) */
  dumps?: DatabaseDump[]
  globals?: GlobalsDump
}

const GLOBALS_HEADER = '--\n-- PostgreSQL database cluster dump\n'

/** Why an existing globals file (plain, or age when `encrypted`) must not be replaced, or undefined. */
async function unsafeGlobals(
  path: string,
  encrypted: boolean
): Promise<string | undefined> {
  const info = await stat(path).catch(() => undefined)
  if (info === undefined) return undefined
  const earlier = !info.isFile()
    ? false
    : encrypted
      ? (await ageFileKind(path)) === 'age'
      : (await readPrefix(path, GLOBALS_HEADER.length)).toString('utf8') ===
        GLOBALS_HEADER
  return earlier
    ? undefined
    : `${path} exists and is not an earlier roles and tablespaces dump; only one of those is replaced`
}

/** Why a folder must not be replaced by a dump of several, or undefined. */
async function unsafeFolder(folder: string): Promise<string | undefined> {
  const unsafe = unsafeTarget(folder, true)
  if (unsafe === undefined || !unsafe.includes('not a directory-format dump'))
    return unsafe
  const entries = await readdir(folder)
  const foreign = entries.filter(
    e => !isGlobalsFile(e) && databaseOfFileName(e) === undefined
  )
  return foreign.length === 0
    ? undefined
    : `it is an existing folder that is not an earlier dump of several databases (it holds ${foreign.slice(0, 5).join(', ')}); only one of those is replaced`
}

/** The cluster dump's facts, with paths moved from `from` to `to`. */
function moved<T extends { file: string }>(
  item: T,
  from: string,
  to: string
): T {
  return { ...item, file: join(to, relative(from, item.file)) }
}

/** One database's dump with the roles and tablespaces beside it (globals.sql). */
export async function dumpWithGlobals(
  session: Session,
  options: OneDumpOptions & ClusterDumpOptions
): Promise<ClusterDumpResult> {
  const file = resolve(options.file)
  const recipients = options.encryptTo ?? []
  const target = join(
    dirname(file),
    recipients.length ? GLOBALS_AGE_FILE : GLOBALS_FILE
  )
  const unsafe = await unsafeGlobals(target, recipients.length > 0)
  if (unsafe)
    throw new ToolError(
      'command',
      `Cannot dump the roles and tablespaces: ${unsafe}.`,
      { tool: 'pg_dumpall' }
    )
  await mkdir(dirname(file), { recursive: true })
  return withTrackedTemp(
    session.cancellation,
    { path: partialPath(target) },
    async partial => {
      const globals = await dumpGlobals(
        session,
        partial,
        options.rolePasswords ?? false,
        recipients
      )
      const result = await dump(session, options)
      await rename(partial, target)
      const database = await session.databaseName()
      return {
        ...result,
        dumps: [{ ...result, database }],
        globals: { ...globals, file: target }
      }
    }
  )
}

/** Refuses a folder of several, or a named file (and the globals), that must not be replaced. */
async function checkTargets(
  outputs: SeveralOutputs,
  globals: boolean,
  encrypted: boolean
): Promise<void> {
  const { folder } = outputs
  if (!outputs.named) {
    const unsafe = await unsafeFolder(folder)
    if (unsafe) {
      throw new ToolError(
        'command',
        `Cannot dump the databases into the folder ${folder}: ${unsafe}. Choose another file.`,
        { tool: 'pg_dump' }
      )
    }
    return
  }
  for (const { name, format } of outputs.files) {
    const unsafe = unsafeTarget(join(folder, name), format === 'directory')
    if (unsafe) {
      throw new ToolError(
        'command',
        `Cannot dump to ${join(folder, name)}: ${unsafe}. Choose another file.`,
        { tool: 'pg_dump' }
      )
    }
  }
  const target = join(folder, encrypted ? GLOBALS_AGE_FILE : GLOBALS_FILE)
  const unsafe = globals ? await unsafeGlobals(target, encrypted) : undefined
  if (unsafe)
    throw new ToolError(
      'command',
      `Cannot dump the roles and tablespaces: ${unsafe}.`,
      { tool: 'pg_dumpall' }
    )
}

/** Moves the finished files into place: the folder as a whole, or each named file and the globals. */
async function placeAll(
  partial: string,
  outputs: SeveralOutputs,
  globals: GlobalsDump | undefined
): Promise<void> {
  if (!outputs.named) return replacePath(partial, outputs.folder)
  const names = [
    ...outputs.files.map(f => f.name),
    ...(globals ? [basename(globals.file)] : [])
  ]
  for (const name of names)
    await replacePath(join(partial, name), join(outputs.folder, name))
}

/**
 * Several databases, or formats, into one folder: each database in each
 * format, named after it (or by the file's placeholders), the globals with
 * them if asked. Written into a temporary folder and moved into place once
 * every dump is verified.
 */
export async function dumpDatabases(
  session: Session,
  options: OneDumpOptions & ClusterDumpOptions,
  outputs: SeveralOutputs
): Promise<ClusterDumpResult> {
  const started = performance.now()
  const { folder, named } = outputs
  const recipients = options.encryptTo ?? []
  const encrypted = recipients.length > 0
  await checkTargets(outputs, options.globals ?? false, encrypted)
  await mkdir(named ? folder : dirname(folder), { recursive: true })
  // named files join a folder that stays: the temporary folder is inside it
  const temporary = partialPath(named ? join(folder, 'pg-dumper') : folder)
  return withTrackedTemp(
    session.cancellation,
    { path: temporary },
    async partial => {
      await mkdir(partial)
      const globals = options.globals
        ? await dumpGlobals(
            session,
            join(partial, encrypted ? GLOBALS_AGE_FILE : GLOBALS_FILE),
            options.rolePasswords ?? false,
            recipients
          )
        : undefined
      const dumps: DatabaseDump[] = []
      for (const { database, format, name } of outputs.files) {
        const one = session.forDatabase(database)
        try {
          const several = (options.formats?.length ?? 0) > 1
          session.logger.info(
            `Dumping the database ${database}${several ? ` (${format})` : ''}`
          )
          // encrypted, each is an age file, and no plaintext is kept
          const result = await dump(one, {
            ...options,
            format,
            file: join(partial, name),
            plainFile: undefined
          })
          dumps.push({ ...result, database })
        } finally {
          await one.close()
        }
      }
      session.cancellation.throwIfCancelled(
        `pg_dump was stopped and ${partial} removed`
      )
      await placeAll(partial, outputs, globals)
      const [first] = dumps
      return {
        ...first,
        file: folder,
        size: dumps.reduce((sum, d) => sum + d.size, globals?.size ?? 0),
        // no one file: each dump's is in dumps
        sha256: '',
        durationMs: performance.now() - started,
        dumps: dumps.map(d => moved(d, partial, folder)),
        verified: sumVerified(dumps),
        ...(globals && { globals: moved(globals, partial, folder) })
      }
    }
  )
}
