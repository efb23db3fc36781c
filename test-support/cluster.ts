// What the whole-cluster suites (globals, encrypted clusters) stand on and
// look at: two throwaway clusters and the artifact backend, a server's roles
// and databases, two servers holding the same database, and the files of a
// zipped artifact.
import assert from 'node:assert/strict'
import { mkdtemp, rm } from 'node:fs/promises'
import { createRequire } from 'node:module'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { Readable } from 'node:stream'
import { pipeline } from 'node:stream/promises'
import { dataChecksums, schemaSnapshot } from './compare.ts'
import {
  startArtifactBackend,
  type ArtifactBackend
} from './artifact-backend.ts'
import { ensurePostgres, startServer, type TestServer } from './pg-server.ts'

/** Two clusters (roles belong to a cluster), the artifact backend, a temp folder. */
export interface TwoClusters {
  source: TestServer
  target: TestServer
  backend: ArtifactBackend
  dir: string
  /** stops both servers and the backend, removes the folder */
  stop(): Promise<void>
}

/** Starts two throwaway clusters and the artifact backend, all at once. */
export async function twoClusters(tempPrefix: string): Promise<TwoClusters> {
  await ensurePostgres()
  const [source, target, backend] = await Promise.all([
    startServer(),
    startServer(),
    startArtifactBackend({})
  ])
  const dir = await mkdtemp(join(tmpdir(), tempPrefix))
  return {
    source,
    target,
    backend,
    dir,
    async stop() {
      await Promise.all([source.stop(), target.stop(), backend.stop()])
      await rm(dir, { recursive: true, force: true })
    }
  }
}

/** The server's roles but pg_*, comma-separated in name order. */
export const roles = (server: TestServer) =>
  server.psql(
    'postgres',
    "SELECT string_agg(rolname, ',' ORDER BY rolname) FROM pg_roles WHERE rolname !~ '^pg_'"
  )

/** The server's databases but templates, comma-separated in name order. */
export const databases = (server: TestServer) =>
  server.psql(
    'postgres',
    "SELECT string_agg(datname, ',' ORDER BY datname) FROM pg_database WHERE NOT datistemplate"
  )

/** Asserts the database `name` has the same schema and data on both servers. */
export async function assertSameDatabase(
  source: TestServer,
  target: TestServer,
  name: string
): Promise<void> {
  assert.equal(
    await schemaSnapshot(target, name),
    await schemaSnapshot(source, name),
    `schema of ${name}`
  )
  assert.deepEqual(
    await dataChecksums(target, name),
    await dataChecksums(source, name),
    `data of ${name}`
  )
}

/** unzip-stream (a dependency of @actions/artifact), which has no types. */
interface ZipEntry {
  path: string
  autodrain(): void
}
const unzipStream = createRequire(import.meta.url)('unzip-stream') as {
  Parse(): NodeJS.ReadWriteStream
}

/**
 * The names of the files in a zip, sorted, read by unzip-stream (already in
 * node_modules: no `unzip` program needed).
 */
export async function unzipList(bytes: Buffer): Promise<string[]> {
  const names: string[] = []
  const parser = unzipStream.Parse()
  parser.on('entry', (entry: ZipEntry) => {
    names.push(entry.path)
    entry.autodrain()
  })
  await pipeline(Readable.from([bytes]), parser)
  return names.sort()
}
