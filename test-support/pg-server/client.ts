// The client programs tests run (pg_dump, pg_restore, psql) and the
// environment they run in.
import { join } from 'node:path'
import { defaultServer } from './binaries.ts'
import { hasClientTools, installedClients, type ClientDir } from './clients.ts'

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
 * The installed client tests use, when PG_DUMPER_TEST_BIN_DIR is not set:
 * the default server's own folder when it has the clients, else the oldest
 * installed client not older than that server (pg_dump refuses newer
 * servers), else the newest. For an external server (its version unknown
 * here): the first on PATH, else the newest. Undefined when none is installed.
 */
export function chosenClient(): ClientDir | undefined {
  const clients = installedClients()
  if (process.env.PG_DUMPER_TEST_URL) {
    return clients.find(c => c.kind === 'path') ?? clients[0]
  }
  const server = defaultServer()
  if (server && hasClientTools(server.bin)) {
    return (
      clients.find(c => c.bin === server.bin) ?? {
        bin: server.bin,
        major: server.major,
        kind: 'system'
      }
    )
  }
  const wanted = server?.major
  const fits = clients
    .filter(c => wanted !== undefined && (c.major ?? 0) >= wanted)
    .sort((a, b) => (a.major ?? 0) - (b.major ?? 0))
  return fits[0] ?? clients[0]
}

/**
 * Directory holding pg_dump/pg_restore/psql for tests: PG_DUMPER_TEST_BIN_DIR,
 * else chosenClient()'s; undefined when no client is installed (then the
 * bare names, for PATH, and startServer() installs or names one first).
 */
export function clientBinDir(): string | undefined {
  const fromEnv = process.env.PG_DUMPER_TEST_BIN_DIR
  if (fromEnv) return fromEnv
  return chosenClient()?.bin
}

/** Path of a client program: from clientBinDir(), or the bare name for PATH lookup. */
export function clientTool(name: 'pg_dump' | 'pg_restore' | 'psql'): string {
  const bin = clientBinDir()
  return bin ? join(bin, name) : name
}
