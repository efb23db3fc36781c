// Finds the password a pg_service.conf holds for a service, so front ends
// can register it as a secret before anything is logged. Follows libpq's
// search: the user's file (PGSERVICEFILE or ~/.pg_service.conf), then the
// system's (PGSYSCONFDIR/pg_service.conf).
import { readFileSync } from 'node:fs'
import { homedir } from 'node:os'
import { join } from 'node:path'

/** The `key=value` settings of `service` in one service file's text. */
export function serviceSettings(
  text: string,
  service: string
): Map<string, string> | undefined {
  let current: string | undefined
  let found: Map<string, string> | undefined
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.trim()
    if (line === '' || line.startsWith('#')) continue
    const section = /^\[(.*)\]$/.exec(line)
    if (section) {
      current = section[1]
      if (current === service) found ??= new Map()
      continue
    }
    const at = line.indexOf('=')
    if (current === service && found && at > 0) {
      found.set(line.slice(0, at).trim(), line.slice(at + 1).trim())
    }
  }
  return found
}

/** The service files libpq reads, in order. */
function serviceFiles(
  env: NodeJS.ProcessEnv = process.env,
  serviceFile?: string
): string[] {
  const user =
    serviceFile ?? env.PGSERVICEFILE ?? join(homedir(), '.pg_service.conf')
  const system = join(
    env.PGSYSCONFDIR ?? '/etc/postgresql-common',
    'pg_service.conf'
  )
  return [user, system]
}

/** The settings the first service file that defines `service` gives it, if any. */
export function serviceDefinition(
  service: string,
  options: { serviceFile?: string; env?: NodeJS.ProcessEnv } = {}
): Map<string, string> | undefined {
  for (const file of serviceFiles(options.env, options.serviceFile)) {
    let text: string
    try {
      text = readFileSync(file, 'utf8')
    } catch {
      continue
    }
    const settings = serviceSettings(text, service)
    if (settings) return settings
  }
  return undefined
}

/** The password the first service file that defines `service` gives it, if any. */
export function servicePassword(
  service: string,
  options: { serviceFile?: string; env?: NodeJS.ProcessEnv } = {}
): string | undefined {
  return serviceDefinition(service, options)?.get('password')
}
