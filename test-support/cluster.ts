// What the whole-cluster suites (globals, encrypted clusters) look at: a
// server's roles and databases, two servers holding the same database, and
// the files of a zipped artifact.
import assert from 'node:assert/strict'
import { execFile } from 'node:child_process'
import { mkdtemp, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { promisify } from 'node:util'
import { dataChecksums, schemaSnapshot } from './compare.ts'
import type { TestServer } from './pg-server.ts'

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

/** The names of the files in a zip (written under `dir`), sorted. */
export async function unzipList(dir: string, bytes: Buffer): Promise<string[]> {
  const zip = join(await mkdtemp(join(dir, 'zip-')), 'artifact.zip')
  await writeFile(zip, bytes)
  const { stdout } = await promisify(execFile)('unzip', ['-Z1', zip])
  return stdout.trim().split('\n').sort()
}
