// Applies a roles and tablespaces script before the databases are restored.
// Only statements of the kinds pg_dumpall --globals-only writes are
// applied; a script with anything else, or a meta-command pg_dumpall does
// not write, is refused whole before anything runs, whatever
// allowMetaCommands says. Roles and tablespaces the target already has are
// left out (and named), and so is every statement that would change the
// role the restore connects as; psql runs exactly the statements checked,
// in restricted mode, and any error stops it and fails the restore. An
// age-encrypted script (globals.sql.age) is decrypted in memory and fed to
// psql through a FIFO: its plaintext is never a file.
import { writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { Readable } from 'node:stream'
import type { Identity } from 'age-encryption'
import {
  ageFileKind,
  decryptionError,
  decryptToMemory
} from '../age/age-file.ts'
import { feedingFifo } from '../process/fifo.ts'
import { psqlRestoreArgs } from '../args.ts'
import { ToolError } from '../errors.ts'
import { failureMessage } from '../process/runner.ts'
import { withTrackedTemp } from '../process/temp.ts'
import { ageIdentity } from '../restore/dump-input.ts'
import type { Session } from '../session.ts'
import { naming, runScript } from '../restore/restricted.ts'
import { metaCommandPlaces } from '../restore/meta-commands.ts'
import {
  foreignPlaces,
  readGlobalsScript,
  scanGlobalsScript,
  type GlobalsScript,
  type GlobalsStatement
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

/** The statements to run: without what the target has, nor any change to the connected role. */
function statementsToRun(
  statements: readonly GlobalsStatement[],
  state: TargetState
): string {
  return statements
    .filter(({ kind, name }) => {
      if (kind === 'create-role') return !state.roles.includes(name as string)
      if (kind === 'alter-role' || kind === 'role-setting')
        return name !== state.user
      if (kind === 'create-tablespace')
        return !state.tablespaces.includes(name as string)
      return true
    })
    .map(s => `${s.text}\n`)
    .join('')
}

/** Refuses a script with anything pg_dumpall --globals-only does not write; quotes none of it. */
function refuseForeign(
  session: Session,
  file: string,
  script: GlobalsScript
): void {
  const { metaCommands, foreign } = script
  if (metaCommands.length === 0 && foreign.length === 0) return
  const found = [
    ...(metaCommands.length
      ? [
          `psql meta-commands pg_dumpall does not write (${metaCommandPlaces(metaCommands)})`
        ]
      : []),
    ...(foreign.length
      ? [
          `statements pg_dumpall --globals-only does not write (${foreignPlaces(foreign)})`
        ]
      : [])
  ].join(' and ')
  throw new ToolError(
    'command',
    `The roles and tablespaces script ${file} holds ${found}, so nothing was run: ` +
      'a globals script is held to roles, their memberships, settings and comments, and tablespaces. ' +
      `Set ${session.wording.set('globals', 'false')} to restore the databases without it.`,
    { tool: 'psql' }
  )
}

/** The script of `file`, decrypted in memory with `identity` when it is an age file. */
async function readScript(
  session: Session,
  file: string,
  identity: string | Identity | undefined
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
    script: scanGlobalsScript(plain.bytes),
    encrypted: true
  }
}

/** Applies the roles and tablespaces of `file` (age-encrypted: with `identity`) to the target server. */
export async function applyGlobals(
  session: Session,
  file: string,
  identity?: string | Identity
): Promise<GlobalsRestore> {
  const { script, encrypted } = await readScript(session, file, identity)
  refuseForeign(session, file, script)
  const server = await session.serverVersion(session.maintenance)
  const client = await session.client({
    major: server.major,
    why: `the server (${server.text})`,
    tool: 'psql',
    restricted: true
  })
  const state = JSON.parse(
    await session.query(STATE_SQL, 'list the roles and tablespaces there are')
  ) as TargetState
  const existingRoles = script.roles.filter(r => state.roles.includes(r))
  const existingTablespaces = script.tablespaces.filter(t =>
    state.tablespaces.includes(t)
  )
  const text = Buffer.from(statementsToRun(script.statements, state), 'latin1')
  const psql = async (path: string) =>
    naming(
      await runScript(
        session,
        client,
        restricted =>
          psqlRestoreArgs({
            conninfo: session.maintenance.conninfo,
            file: path,
            excludeSchemas: [],
            ignoreErrors: false,
            restricted
          }),
        true
      ),
      path,
      file
    )
  const result = encrypted
    ? await feedingFifo(
        session.cancellation,
        () => Promise.resolve(Readable.from([text])),
        psql
      )
    : await withTrackedTemp(
        session.cancellation,
        { prefix: 'globals' },
        async dir => {
          const checked = join(dir, 'globals.sql')
          await writeFile(checked, text, { mode: 0o600 })
          return psql(checked)
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
