// Registers the connection's secrets with the runner before anything is
// logged: every secret keyword of it in each form and passwords from any
// source (the registry has masked the secret inputs as given).
import { setSecret, warning } from './runner.ts'
import { parseConnection, servicePassword } from '../core/index.ts'

// the runner masks every occurrence of a secret in the log: a short or
// common one garbles every path and name that happens to contain it
const COMMON = new Set([
  'postgres',
  'password',
  'admin',
  'root',
  'secret',
  'test',
  'dump',
  'user',
  'pass',
  'changeme',
  'qwerty',
  'letmein',
  '123456',
  '12345678'
])
const SHORT = 8

/** Masks a secret as given and as it appears percent-encoded in a URI. */
function mask(secret: string | undefined, weak: string[]): void {
  if (!secret) return
  setSecret(secret)
  setSecret(encodeURIComponent(secret))
  if (secret.length < SHORT || COMMON.has(secret.toLowerCase()))
    weak.push(secret)
}

/**
 * Masks the connection as given, PGPASSWORD, and every secret the
 * connection (password, sslpassword, oauth_client_secret…) or its service
 * (in `serviceFile` or the default files) carries; warns once, without
 * repeating it, when one is short or common. Throws ConnectionStringError
 * for a malformed connection.
 */
export function maskConnection(
  connection: string | undefined,
  value: string,
  serviceFile: string | undefined
): void {
  if (connection !== undefined) setSecret(connection)
  const weak: string[] = []
  mask(process.env.PGPASSWORD, weak)
  const parsed = parseConnection(value)
  mask(parsed.password, weak)
  for (const secret of Object.values(parsed.secrets ?? {})) mask(secret, weak)
  if (parsed.service)
    mask(servicePassword(parsed.service, { serviceFile }), weak)
  if (weak.length) {
    warning(
      `A secret of the connection is short (under ${SHORT} characters) or a common word. ` +
        'The runner masks every place it appears in the log, so file names, paths and names holding it show as ***. ' +
        'Prefer a long random password.'
    )
  }
}
