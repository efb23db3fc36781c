// The set-up server tests share: a throwaway server with one database seeded
// for the file's cases (own SQL or the realistic fixture), a temp folder, the
// artifact backend when asked, all torn down in one call; and reference
// dumps made by pg_dump itself.
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import {
  startArtifactBackend,
  type ArtifactBackend,
  type ArtifactBackendOptions
} from './artifact-backend.ts'
import {
  clientEnv,
  clientTool,
  ensurePostgres,
  run,
  startServer,
  type TestServer
} from './pg-server.ts'

/** Path of the realistic fixture SQL file. */
export const REALISTIC_SQL = fileURLToPath(
  new URL('./fixtures/realistic.sql', import.meta.url)
)

/** Loads the realistic fixture into an (empty) database with the real psql. */
export async function seedRealistic(
  server: TestServer,
  dbname: string
): Promise<void> {
  const result = await run(
    clientTool('psql'),
    [
      '-X',
      '-q',
      '-v',
      'ON_ERROR_STOP=1',
      '-f',
      REALISTIC_SQL,
      '-d',
      server.conninfoNoPassword(dbname)
    ],
    { env: clientEnv(server.password) }
  )
  if (result.code !== 0) {
    throw new Error(
      `loading realistic.sql into ${dbname} failed (psql exit ${result.code}):\n${result.stderr}`
    )
  }
}

export interface SeededServerOptions {
  /** createDatabase() prefix of the seeded database */
  database: string
  /** SQL to run in it (psql, stopping at the first error), or a function that fills it, e.g. seedRealistic */
  seed: string | ((server: TestServer, dbname: string) => Promise<void>)
  /** mkdtemp() prefix of the temp folder, in the OS temp dir */
  tempPrefix: string
  /** start the local artifact backend too, with these options */
  artifacts?: ArtifactBackendOptions
}

export interface SeededServer {
  server: TestServer
  /** the seeded database */
  db: string
  /** the temp folder; stop() removes it */
  dir: string
  /** stops the server (and backend) and removes the temp folder */
  stop(): Promise<void>
}

/** A SeededServer started with `artifacts`: the backend runs too. */
export interface SeededServerWithArtifacts extends SeededServer {
  backend: ArtifactBackend
}

/**
 * Checks the set-up (ensurePostgres()), then starts a server (and the
 * artifact backend, alongside), creates and seeds
 * one database and makes a temp folder. Call it in before() and its stop()
 * in after(); when a step fails it cleans up what it made before rejecting.
 */
export async function seededServer(
  options: SeededServerOptions & { artifacts: ArtifactBackendOptions }
): Promise<SeededServerWithArtifacts>
export async function seededServer(
  options: SeededServerOptions
): Promise<SeededServer>
export async function seededServer(
  options: SeededServerOptions
): Promise<SeededServer & { backend?: ArtifactBackend }> {
  // before anything starts: where PostgreSQL cannot run, fail in seconds
  // with the command to run, not after Azurite has come and gone
  await ensurePostgres()
  const [server, backend] = await Promise.allSettled([
    startServer(),
    options.artifacts ? startArtifactBackend(options.artifacts) : undefined
  ])
  let dir: string | undefined
  const stop = async () => {
    await Promise.all([
      server.status === 'fulfilled' ? server.value.stop() : undefined,
      backend.status === 'fulfilled' ? backend.value?.stop() : undefined
    ])
    if (dir) await rm(dir, { recursive: true, force: true })
  }
  try {
    if (server.status === 'rejected') throw server.reason
    if (backend.status === 'rejected') throw backend.reason
    dir = await mkdtemp(join(tmpdir(), options.tempPrefix))
    const db = await server.value.createDatabase(options.database)
    if (typeof options.seed === 'string') {
      await server.value.psql(db, options.seed)
    } else {
      await options.seed(server.value, db)
    }
    return { server: server.value, db, dir, backend: backend.value, stop }
  } catch (error) {
    await stop()
    throw error
  }
}

/**
 * Runs the real pg_dump on dbname with args (format, --file, …) as the
 * server's superuser; rejects with pg_dump's stderr unless it exits 0.
 */
export async function pgDump(
  server: TestServer,
  dbname: string,
  args: readonly string[]
): Promise<void> {
  const result = await run(
    clientTool('pg_dump'),
    [...args, `--dbname=${server.conninfoNoPassword(dbname)}`],
    { env: clientEnv(server.password) }
  )
  if (result.code !== 0) {
    throw new Error(
      `pg_dump ${args.join(' ')} of ${dbname} failed (exit ${result.code}):\n${result.stderr}`
    )
  }
}
