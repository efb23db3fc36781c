// The client programs tests run (pg_dump, pg_restore, psql) and the
// environment they run in.
import { join } from 'node:path'
import { defaultServerBinDir, isExecutable } from './binaries.ts'

/** The environment for libpq clients: no inherited PG* settings, UTF-8, given password. */
export function clientEnv(password?: string): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {}
  for (const [key, value] of Object.entries(process.env)) {
    if (!key.startsWith('PG')) env[key] = value
  }
  env.PGCLIENTENCODING = 'UTF8'
  env.PGCONNECT_TIMEOUT = '10'
  if (password !== undefined) env.PGPASSWORD = password
  return env
}

/**
 * Directory holding pg_dump/pg_restore/psql for tests: PG_DUMPER_TEST_BIN_DIR,
 * else the local server's bin dir when it has pg_dump, else undefined (PATH).
 */
export function clientBinDir(): string | undefined {
  const fromEnv = process.env.PG_DUMPER_TEST_BIN_DIR
  if (fromEnv) return fromEnv
  // an external server's version is unknown, so the local binaries are no better than PATH
  if (process.env.PG_DUMPER_TEST_URL) return undefined
  const bin = defaultServerBinDir()
  return bin && isExecutable(join(bin, 'pg_dump')) ? bin : undefined
}

/** Path of a client program: from clientBinDir(), or the bare name for PATH lookup. */
export function clientTool(name: 'pg_dump' | 'pg_restore' | 'psql'): string {
  const bin = clientBinDir()
  return bin ? join(bin, name) : name
}
