// Applies a roles and tablespaces script before the databases are restored:
// roles and tablespaces the target already has are left out (and named),
// the role the restore connects as keeps its attributes and password, and
// any other error stops psql and fails the restore. The script may hold no
// meta-command pg_dumpall does not write, whatever allowMetaCommands says.
// An age-encrypted script (globals.sql.age) is decrypted in memory and fed
// to psql through a FIFO: its plaintext is never a file.
import { writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { Readable } from 'node:stream'
import {
  ageFileKind,
  decryptionError,
  decryptToMemory
} from '../age/age-file.ts'
import { feedingFifo } from '../age/fifo.ts'
import { psqlRestoreArgs } from '../args.ts'
import { ToolError } from '../errors.ts'
import { failureMessage } from '../process/runner.ts'
import { withTrackedTemp } from '../process/temp.ts'
import { ageIdentity } from '../restore/dump-input.ts'
import type { Session } from '../session.ts'
import {
  readGlobalsScript,
  scanGlobalsScript,
  type GlobalsLine,
  type GlobalsScript
} from './globals-script.ts'

/** What applying the globals did. */
export interface GlobalsRestore {
  /** absolute path of the script applied */
  file: string
  /** roles the script created */
  createdRoles: string[]
  /** roles that were already there, left as they were (but the dump's attributes applied) */
  existingRoles: string[]
  createdTablespaces: string[]
  existingTablespaces: string[]
  /** the role the restore connects as: its attributes and password were not changed */
  connectedAs: string
}

interface TargetState {
  user: string
  roles: string[]
  tablespaces: string[]
}

const STATE_SQL =
  "SELECT json_build_object('user', current_user, " +
  "'roles', (SELECT coalesce(json_agg(rolname), '[]') FROM pg_roles), " +
  "'tablespaces', (SELECT coalesce(json_agg(spcname), '[]') FROM pg_tablespace))"

/** Why psql failed, in words that say what to change. */
function explain(stderr: string, session: Session): string {
  const off = session.wording.set('globals', 'false')
  if (/permission denied to (create|alter) role|must be superuser/.test(stderr))
    return (
      'Creating roles needs CREATEROLE, and roles with SUPERUSER, REPLICATION or BYPASSRLS, ' +
      `and tablespaces, a superuser: apply them as a superuser, or set ${off} to restore the databases alone.\n`
    )
  if (
    /directory .* does not exist|could not set permissions on directory/.test(
      stderr
    )
  )
    return (
      "A tablespace's LOCATION must exist on the target server's machine, empty and owned by the server's " +
      `operating system user: create it there first, or set ${off}.\n`
    )
  return ''
}

/** The lines to run: without what the target has, nor the connected role's attributes. */
function linesToRun(
  lines: readonly GlobalsLine[],
  state: TargetState
): string[] {
  return lines
    .filter(({ statement: s }) => {
      if (s?.kind === 'create-role') return !state.roles.includes(s.name)
      if (s?.kind === 'alter-role') return s.name !== state.user
      if (s?.kind === 'create-tablespace')
        return !state.tablespaces.includes(s.name)
      return true
    })
    .map(line => line.text)
}

/** The script of `file`, decrypted in memory with `identity` when it is an age file. */
async function readScript(
  session: Session,
  file: string,
  identity: string | undefined
): Promise<{ script: GlobalsScript; encrypted: boolean }> {
  const kind = await ageFileKind(file).catch(() => undefined)
  if (kind === undefined)
    return { script: await readGlobalsScript(file), encrypted: false }
  const key = ageIdentity(session, file, kind, identity)
  const plain = await decryptToMemory(file, key).catch((error: unknown) => {
    throw decryptionError(file, error, session.wording.name('decryptKey'))
  })
  session.logger.info(
    `Decrypted ${file} (age) in memory: nothing is decrypted to disk`
  )
  return {
    script: scanGlobalsScript(plain.bytes.toString('utf8')),
    encrypted: true
  }
}

/** Applies the roles and tablespaces of `file` (age-encrypted: with `identity`) to the target server. */
export async function applyGlobals(
  session: Session,
  file: string,
  identity?: string
): Promise<GlobalsRestore> {
  const { wording } = session
  const { script, encrypted } = await readScript(session, file, identity)
  if (script.metaCommands.length > 0) {
    const shown = script.metaCommands
      .slice(0, 10)
      .map(m => `line ${m.line}: \\${m.command}`)
      .join(', ')
    throw new ToolError(
      'command',
      `The roles and tablespaces script ${file} holds psql meta-commands pg_dumpall does not write (${shown}), ` +
        `so nothing was run: a globals script is always held to what pg_dumpall writes. ` +
        `Set ${wording.set('globals', 'false')} to restore the databases without it.`,
      { tool: 'psql' }
    )
  }
  const server = await session.serverVersion(session.maintenance)
  const client = await session.client({
    major: server.major,
    why: `the server (${server.text})`,
    tool: 'psql'
  })
  const state = JSON.parse(
    await session.query(STATE_SQL, 'list the roles and tablespaces there are')
  ) as TargetState
  const existingRoles = script.roles.filter(r => state.roles.includes(r))
  const existingTablespaces = script.tablespaces.filter(t =>
    state.tablespaces.includes(t)
  )
  const text = linesToRun(script.lines, state).join('\n')
  const psql = (path: string) =>
    session.run(
      client,
      'psql',
      psqlRestoreArgs({
        conninfo: session.maintenance.conninfo,
        file: path,
        excludeSchemas: [],
        ignoreErrors: false
      })
    )
  const result = encrypted
    ? await feedingFifo(
        session.cancellation,
        () => Promise.resolve(Readable.from([Buffer.from(text)])),
        psql
      )
    : await withTrackedTemp(
        session.cancellation,
        { prefix: 'globals' },
        async dir => {
          const filtered = join(dir, 'globals.sql')
          await writeFile(filtered, text)
          return psql(filtered)
        }
      )
  if (result.exitCode !== 0) {
    throw new ToolError(
      'failed',
      `Applying the roles and tablespaces of ${file} failed, and nothing was restored; ` +
        `the statements before the failing one were applied. ${explain(result.stderr, session)}` +
        failureMessage('psql', result),
      { tool: 'psql', exitCode: result.exitCode, stderr: result.stderr }
    )
  }
  const applied: GlobalsRestore = {
    file,
    createdRoles: script.roles.filter(r => !existingRoles.includes(r)),
    existingRoles,
    createdTablespaces: script.tablespaces.filter(
      t => !existingTablespaces.includes(t)
    ),
    existingTablespaces,
    connectedAs: state.user
  }
  logGlobals(session, applied)
  return applied
}

function logGlobals(session: Session, g: GlobalsRestore): void {
  const list = (names: readonly string[]) =>
    names.length ? names.join(', ') : 'none'
  session.logger.info(
    `Roles created: ${list(g.createdRoles)}; already there: ${list(g.existingRoles)}` +
      (g.existingRoles.includes(g.connectedAs)
        ? ` (${g.connectedAs}, the role this restore connects as, kept its attributes and password)`
        : '')
  )
  if (g.createdTablespaces.length || g.existingTablespaces.length) {
    session.logger.info(
      `Tablespaces created: ${list(g.createdTablespaces)}; already there: ${list(g.existingTablespaces)}`
    )
  }
}
