// Restore drills (verify: restore): the dump, before it takes its name, is
// restored into a scratch database (on the dumped server, or on the
// verify connection's) and every table's rows there are compared with the
// rows counted in the dump's own snapshot. The scratch database is always
// dropped: on success, failure and cancellation.
import { randomBytes } from 'node:crypto'
import type { Identity } from 'age-encryption'
import type { FileDigest } from '../archive/digest.ts'
import { PARALLEL_RESTORE_FORMATS } from '../args.ts'
import { Connection } from '../connection/connection.ts'
import { OperationCancelled, ToolError, VerificationFailed } from '../errors.ts'
import { restore } from '../restore/restore.ts'
import type { Session } from '../session.ts'
import { quoteIdent } from '../sql.ts'
import { compareRows, dumpedTables, type Verified } from './drill-compare.ts'
import type { DumpPlan, OneDumpOptions } from './plan.ts'
import {
  COUNT_ROWS_SQL,
  parseRows,
  withSnapshot,
  type TableRows
} from './snapshot.ts'
import { dropThrowaway } from './throwaway-db.ts'
import { writeDump } from './write.ts'

/** Every scratch database's name starts so, to be found if a killed run left one. */
const SCRATCH_PREFIX = 'pg_dumper_drill_'

/** The session of the server the drill restores on: the verify connection's, or the dumped one's. */
function drillServer(session: Session, options: OneDumpOptions): Session {
  return options.verifyConnection
    ? session.forConnection(Connection.parse(options.verifyConnection))
    : session
}

/**
 * Before anything is dumped: the drill's server answers and its role may
 * create the scratch database; else a command ToolError saying what to
 * set.
 */
export async function checkDrillable(
  session: Session,
  options: OneDumpOptions
): Promise<void> {
  if (process.platform === 'win32') {
    throw new ToolError(
      'command',
      `${session.wording.set('verify', 'restore')} counts the dumped rows in a session fed through a FIFO, which Windows lacks: run the drill on a Linux or macOS runner. Nothing was dumped.`,
      { tool: 'psql' }
    )
  }
  const server = drillServer(session, options)
  try {
    if (options.verifyConnection) await server.serverVersion()
    const [role, may, superuser] = (
      await server.query(
        `SELECT current_user || '|' || (rolcreatedb OR rolsuper)::int || '|' || rolsuper::int FROM pg_roles WHERE rolname = current_user`,
        'ask whether the role may create databases',
        server.connection,
        true
      )
    ).split('|')
    const { wording } = session
    if (may === '1') {
      if (superuser !== '1') await checkExtensions(session, server, role)
      return
    }
    throw new ToolError(
      'command',
      `${wording.set('verify', 'restore')} restores each dump into a scratch database, and the role ${role} may not create databases on ${server.connection.endpoint}, so nothing was dumped. ` +
        `Grant it CREATEDB (ALTER ROLE ${quoteIdent(role ?? '')} CREATEDB), or set ${wording.name('verifyConnection')} to a server where the role may create databases (a service container).`,
      { tool: 'psql' }
    )
  } finally {
    if (server !== session) await server.close()
  }
}

/**
 * The scratch database starts empty, and only a superuser creates an
 * extension that is not trusted (PostGIS, hstore before 13): a dump holding
 * one would fail its drill after the whole dump, for a reason that is not
 * the dump's. Refused before dumping, naming them.
 */
async function checkExtensions(
  session: Session,
  server: Session,
  role: string | undefined
): Promise<void> {
  const untrusted = await session.query(
    `SELECT string_agg(e.extname, ', ' ORDER BY e.extname) FROM pg_extension e ` +
      `JOIN pg_available_extension_versions v ON v.name = e.extname AND v.version = e.extversion WHERE NOT v.trusted`,
    'list the extensions only a superuser may create',
    session.connection,
    true
  )
  if (untrusted === '') return
  const { wording } = session
  throw new ToolError(
    'command',
    `${wording.set('verify', 'restore')} restores each dump into a new, empty scratch database, where the dump creates its extensions (${untrusted}), and only a superuser may create them: the role ${role} is not one on ${server.connection.endpoint}, so nothing was dumped. ` +
      `Set ${wording.name('verifyConnection')} to a server where the role is a superuser (a service container with the same extensions installed).`,
    { tool: 'psql' }
  )
}

/** The dump written with a drill before it takes its name: its digest and what the drill compared. */
export async function writeDrilled(
  session: Session,
  plan: DumpPlan,
  connection: Connection,
  options: OneDumpOptions
): Promise<{ digest: FileDigest; verified: Verified }> {
  let verified: Verified | undefined
  const probe = await session.probe()
  // made while pg_dump runs: its time is off the drill's path
  const scratch = await scratchDatabase(session, plan, options)
  try {
    const digest = await withSnapshot(
      session,
      probe,
      connection,
      tables => dumpedTables(tables, options),
      async (snapshot, counts, end) =>
        writeDump(session, plan, connection, {
          snapshot,
          check: async (path, readBack) => {
            const dumped = await counts
            await end()
            await scratch.ready
            verified = await drill(session, plan, scratch.session, {
              path,
              readBack,
              dumped
            })
          }
        })
    )
    if (verified === undefined) throw new Error('the drill did not run')
    return { digest, verified }
  } finally {
    await scratch.drop()
  }
}

/** The scratch database, being made, and the means to drop it. */
interface Scratch {
  /** a session on it */
  session: Session
  /** settles once it was made (rejects when it could not be) */
  ready: Promise<void>
  /** drops it once made, whatever happened; never rejects */
  drop: () => Promise<void>
}

/**
 * Starts making `pg_dumper_drill_<random>` on the drill's server, and has
 * it dropped also when the run is cancelled.
 */
async function scratchDatabase(
  session: Session,
  plan: DumpPlan,
  options: OneDumpOptions
): Promise<Scratch> {
  const base = drillServer(session, options)
  const name = `${SCRATCH_PREFIX}${randomBytes(6).toString('hex')}`
  const server = base === session ? plan.server : await base.serverVersion()
  const ready = base.sql(
    [`CREATE DATABASE ${quoteIdent(name)} TEMPLATE template0`],
    'create the scratch database of the restore drill'
  )
  ready.catch(() => {})
  const into = base.forDatabase(name)
  let dropping: Promise<void> | undefined
  const drop = () =>
    (dropping ??= (async () => {
      await ready.catch(() => {})
      await into.close()
      await dropThrowaway(base, name, server, {
        dropped: 'Dropped the scratch database',
        kept: "Could not drop the restore drill's scratch database"
      })
      if (base !== session) await base.close()
    })())
  const forget = session.cancellation.defer(drop)
  return {
    session: into,
    ready,
    drop: () => drop().finally(forget)
  }
}

/** Restores the dump into the scratch database and compares its rows. */
async function drill(
  session: Session,
  plan: DumpPlan,
  into: Session,
  input: DrillInput
): Promise<Verified> {
  const started = performance.now()
  session.logger.info(
    `Restore drill: restoring the dump into the scratch database ${into.connection.dbname ?? ''} on ${into.connection.endpoint}`
  )
  const failure = await restoreInto(into, plan, input)
  const restored = parseRows(
    await into.query(
      COUNT_ROWS_SQL,
      'count the rows of the restored tables',
      into.connection,
      true
    )
  )
  const verified = compareRows(input.dumped, restored, failure, {
    file: plan.file,
    durationMs: performance.now() - started
  })
  session.logger.info(
    `Restore drill: ${verified.tables} table(s), ${verified.rows} row(s), each table's rows as dumped, in ${Math.round(verified.durationMs)} ms`
  )
  return verified
}

/** What the drill restores and compares. */
interface DrillInput {
  path: string
  /** the age file's own key, when the dump is encrypted */
  readBack?: Identity
  /** the tables the dump holds rows of, counted in its snapshot */
  dumped: TableRows[]
}

/** Restores the dump into the scratch database; the restore's error message when it failed. */
async function restoreInto(
  into: Session,
  plan: DumpPlan,
  input: DrillInput
): Promise<string | undefined> {
  try {
    await restore(into, {
      file: input.path,
      // as a restore would; a stream (plain, an age file) takes one job
      jobs:
        PARALLEL_RESTORE_FORMATS.includes(plan.format) && !input.readBack
          ? plan.jobs
          : 1,
      ...(input.readBack && { decryptKey: input.readBack })
    })
    return undefined
  } catch (error) {
    if (error instanceof OperationCancelled) throw error
    if (into.cancellation.reason !== undefined) throw error
    if (error instanceof VerificationFailed) throw error
    return (error as Error).message
  }
}
