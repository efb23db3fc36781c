// Registers every secret of a run with the runner before anything is
// logged: the connection input, the password in any of its forms and from
// any source, and the token.
import { setSecret } from '@actions/core'
import { parseConnection, servicePassword } from '../core/index.ts'

/** Masks a password as given and as it appears percent-encoded in a URI. */
function maskPassword(password: string | undefined): void {
  if (!password) return
  setSecret(password)
  setSecret(encodeURIComponent(password))
}

/**
 * Masks the connection as given, PGPASSWORD, and the password the
 * connection or its service (in `serviceFile` or the default files)
 * carries. Throws ConnectionStringError for a malformed connection.
 */
export function maskConnection(
  connection: string | undefined,
  value: string,
  serviceFile: string | undefined
): void {
  if (connection !== undefined) setSecret(connection)
  if (process.env.PGPASSWORD) setSecret(process.env.PGPASSWORD)
  const parsed = parseConnection(value)
  maskPassword(parsed.password)
  if (parsed.service)
    maskPassword(servicePassword(parsed.service, { serviceFile }))
}

/** Masks a token input. */
export function maskToken(token: string | undefined): void {
  if (token !== undefined) setSecret(token)
}
