// Sanitised fixtures: the database is copied (CREATE DATABASE … TEMPLATE),
// the user's SQL script runs in the copy, and the copy is dumped in the
// source's place. The copy is dropped afterwards, whatever happens (also on
// cancellation); the source is only ever read.
import { randomBytes } from 'node:crypto'
import { writeFile } from 'node:fs/promises'
import { join, resolve } from 'node:path'
import { psqlCommandArgs, psqlScrubArgs } from '../args.ts'
import type { ResolvedClient } from '../client/resolver.ts'
import type { Connection } from '../connection/connection.ts'
import {
  ScrubCopyFailed,
  ScrubFailed,
  ToolError,
  type ScrubCopyProblem
} from '../errors.ts'
import { failureMessage, type ToolResult } from '../process/runner.ts'
import { withTrackedTemp } from '../process/temp.ts'
import { metaCommandPlaces } from '../restore/meta-commands.ts'
import { runScript as runRestricted } from '../restore/restricted.ts'
import { scanPlainScript } from '../restore/plain-sections.ts'
import type { Session } from '../session.ts'
import { quoteIdent } from '../sql.ts'
import { formatDuration } from '../units.ts'
import type { PgVersion } from '../versions.ts'
import { checkCommitted, commitProof } from './scrub-commit.ts'
import { dropThrowaway } from './throwaway-db.ts'
import { scrubFailure } from './scrub-errors.ts'

/** The SQL a scrub runs in the copy: a file, or statements given inline. */
export type ScrubScript = { file: string } | { sql: string }

/** What a scrub needs besides the script. */
interface ScrubPlan {
  script: ScrubScript
  /** let psql meta-commands run (never `\connect`, which would leave the copy) */
  allowMetaCommands: boolean
  server: PgVersion
  /** the client whose psql runs the script */
  client: ResolvedClient
}

/** Every copy's name starts so, to be found if a killed run left one. */
const COPY_PREFIX = 'pg_dumper_scrub_'

/** Meta-commands that would run the rest of the script outside the copy. */
const LEAVES_COPY = new Set(['c', 'connect'])

/**
 * Copies the session's database, runs the script in the copy and calls
 * `fn` with a connection to it; drops the copy afterwards. A script that
 * fails throws ScrubFailed before `fn` runs; a copy that cannot be made,
 * ScrubCopyFailed.
 */
export async function withScrubbedCopy<T>(
  session: Session,
  plan: ScrubPlan,
  fn: (copy: Connection, source: string) => Promise<T>
): Promise<T> {
  return withScriptFile(session, plan.script, async (file, label) => {
    await checkScript(session, file, label, plan.allowMetaCommands)
    const source = await session.databaseName()
    const copy = `${COPY_PREFIX}${randomBytes(6).toString('hex')}`
    let dropping: Promise<unknown> | undefined
    const drop = () =>
      (dropping ??= dropThrowaway(session, copy, plan.server, {
        dropped: 'Dropped the throwaway database',
        kept: 'Could not drop the scrubbed copy'
      }))
    const forget = session.cancellation.defer(drop)
    let result: T
    try {
      await createCopy(session, source, copy, plan.server)
      const connection = session.connection.withDbname(copy)
      await runScript(session, await scrubClient(session, plan), connection, {
        file,
        label,
        restricted: !plan.allowMetaCommands
      })
      session.logger.info(`Dumping the scrubbed copy ${copy} as ${source}`)
      result = await fn(connection, source)
    } catch (error) {
      // the first error explains the failure: a failed drop only warns
      await drop()
      throw error
    } finally {
      forget()
    }
    await drop()
    return result
  })
}

/** The script as a file: the one given, or the inline SQL in a private temp file. */
async function withScriptFile<T>(
  session: Session,
  script: ScrubScript,
  fn: (file: string, label: string) => Promise<T>
): Promise<T> {
  if ('file' in script) return fn(resolve(script.file), script.file)
  const label = `the SQL in ${session.wording.name('scrub')}`
  return withTrackedTemp(session.cancellation, { prefix: 'scrub' }, dir => {
    const file = join(dir, 'scrub.sql')
    return writeFile(file, script.sql, { mode: 0o600 }).then(() =>
      fn(file, label)
    )
  })
}

/**
 * Refuses the script's meta-commands before anything runs (psql would run
 * them on this machine), unless allowed; `\connect` always, which would run
 * the rest of the script in another database, production perhaps.
 */
async function checkScript(
  session: Session,
  file: string,
  label: string,
  allowMetaCommands: boolean
): Promise<void> {
  const { metaCommands } = await scanPlainScript(file, new Set()).catch(
    (error: unknown) => {
      throw new ToolError(
        'command',
        `Cannot read the scrub script ${label}: ${(error as Error).message}`,
        { tool: 'psql' }
      )
    }
  )
  const refused = metaCommands.filter(
    m => !allowMetaCommands || LEAVES_COPY.has(m.command)
  )
  if (refused.length === 0) return
  const places = metaCommandPlaces(refused)
  const why = refused.every(m => LEAVES_COPY.has(m.command))
    ? `\\connect would run the rest of the script outside the throwaway copy; a scrub script runs in the copy only`
    : `psql would run them on this machine (a shell, files written or read). Write the script in SQL (a DO block for loops), or, for a script you trust, set ${session.wording.name('allowMetaCommands')}`
  throw new ToolError(
    'command',
    `The scrub script ${label} holds psql meta-commands (${places}), so nothing was run or dumped: ${why}.`,
    { tool: 'psql' }
  )
}

/** CREATE DATABASE copy TEMPLATE source, or ScrubCopyFailed saying what to do. */
async function createCopy(
  session: Session,
  source: string,
  copy: string,
  server: PgVersion
): Promise<void> {
  // file copy (PostgreSQL 15+) spares the WAL a whole database's blocks
  const strategy = server.major >= 15 ? ' STRATEGY = FILE_COPY' : ''
  const sql = `CREATE DATABASE ${quoteIdent(copy)} TEMPLATE ${quoteIdent(source)}${strategy}`
  session.logger.info(
    `Copying ${source} to the throwaway database ${copy} to scrub it; ${source} itself is only read`
  )
  const args = psqlCommandArgs(session.maintenance.conninfo, [sql])
  const result = await session.run(await session.probe(), 'psql', args)
  if (result.exitCode !== 0) throw await copyFailed(session, source, result)
}

/** ScrubCopyFailed with psql's message and what to do about it. */
async function copyFailed(
  session: Session,
  source: string,
  result: ToolResult
): Promise<ScrubCopyFailed> {
  const said = failureMessage('psql', result)
  const failure = { tool: 'psql' as const, ...result }
  let problem: ScrubCopyProblem = 'other'
  let advice = ''
  if (/is being accessed by other users/.test(said)) {
    problem = 'busy'
    advice =
      `CREATE DATABASE … TEMPLATE needs ${source} without other sessions, and it had some. ` +
      'Scrub where nothing else connects: restore the database (the nightly dump) into a server of its own, ' +
      'such as a service container, and dump that with scrub; or run when no application is connected.'
  } else if (/permission denied to (create|copy) database/.test(said)) {
    problem = 'permission'
    const role = await session
      .query('SELECT current_user', 'ask the role', session.maintenance, true)
      .catch(() => 'the role')
    advice =
      `The scrub's throwaway copy needs a role that may create databases and owns ${source} (or a superuser): ` +
      `ALTER ROLE ${quoteIdent(role)} CREATEDB, or connect as such a role.`
  }
  return new ScrubCopyFailed(
    `Cannot copy ${source} to scrub it, so nothing was dumped and ${source} was not changed: ${said}${advice ? `\n${advice}` : ''}`,
    failure,
    problem
  )
}

/** The psql that runs the script: one with restricted mode unless meta-commands are allowed. */
function scrubClient(
  session: Session,
  plan: ScrubPlan
): Promise<ResolvedClient> {
  if (plan.allowMetaCommands) return Promise.resolve(plan.client)
  return session.client({
    major: plan.server.major,
    why: `the server (${plan.server.text})`,
    tool: 'psql',
    restricted: true
  })
}

/**
 * Runs the script in the copy (in psql's restricted mode unless
 * meta-commands are allowed), or throws ScrubFailed with psql's message
 * and line.
 */
async function runScript(
  session: Session,
  client: ResolvedClient,
  copy: Connection,
  {
    file,
    label,
    restricted
  }: { file: string; label: string; restricted: boolean }
): Promise<void> {
  const started = performance.now()
  const proof = commitProof()
  const result = await runRestricted(
    session,
    client,
    r => psqlScrubArgs(copy.conninfo, file, proof, r),
    restricted,
    { unloggedStderr: true }
  )
  if (result.exitCode !== 0) {
    const { message, line } = scrubFailure(result, file, label)
    // psql's raw stderr quotes the script: the error carries the message only
    const failure = { tool: 'psql' as const, exitCode: result.exitCode }
    throw new ScrubFailed(message, { ...failure, stderr: message }, line)
  }
  await checkCommitted(session, result.stderr, proof, label)
  session.logger.info(
    `Ran the scrub script ${label} in ${copy.dbname} in ${formatDuration(performance.now() - started)}`
  )
}
