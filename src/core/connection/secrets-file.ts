// The connection's secrets other than the password (sslpassword,
// oauth_client_secret…) have no environment variable: they reach the tools
// in a private service file, never on a command line.
import { writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { ToolError } from '../errors.ts'
import { SECRETS_SERVICE } from './keywords.ts'
import { serviceDefinition } from './service-file.ts'

/** The keyword=value lines of a service file section. */
function serviceSection(name: string, settings: Map<string, string>): string {
  for (const [key, value] of settings) {
    if (/[\r\n]/.test(value)) {
      throw new ToolError(
        'command',
        `The connection's ${key} holds a line break, which a service file cannot carry.`
      )
    }
  }
  return `[${name}]\n${[...settings].map(([k, v]) => `${k}=${v}`).join('\n')}\n`
}

/**
 * Writes, into the private folder `dir`, a service file (mode 0600) whose
 * service holds the user's `service` definition, if any, and `secrets`;
 * returns its path, for PGSERVICEFILE.
 */
export async function writeSecretsFile(
  dir: string,
  secrets: Readonly<Record<string, string>>,
  service: string | undefined,
  serviceFile: string | undefined
): Promise<string> {
  const settings = new Map(
    service ? (serviceDefinition(service, { serviceFile }) ?? []) : []
  )
  for (const [key, value] of Object.entries(secrets)) settings.set(key, value)
  const file = join(dir, 'pg_service.conf')
  await writeFile(file, serviceSection(SECRETS_SERVICE, settings), {
    mode: 0o600
  })
  return file
}
