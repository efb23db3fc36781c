// The inputs both modes share: the connection or service (its secrets masked
// before anything is logged) and how the Dumper reaches the database.
import { setSecret } from '@actions/core'
import { ConnectionStringError, type ConnectionOptions } from '../core/index.ts'
import {
  existingPath,
  InputError,
  integerInput,
  oneOf,
  optional
} from './input-parsers.ts'
import { DEFAULT_WAIT_SECONDS, INSTALL_CLIENT, Inputs } from './input-names.ts'
import { maskConnection } from './secrets.ts'

/** How the Dumper reaches the database: the inputs both modes share. */
export type ConnectionInputs = ConnectionOptions

/** The connection or service input, its secrets masked before anything is logged. */
export function readConnection(): string {
  const connection = optional(Inputs.Connection)
  const service = optional(Inputs.Service)
  if (connection !== undefined) setSecret(connection)
  if ((connection === undefined) === (service === undefined)) {
    throw new InputError(
      `Exactly one of the 'connection' and 'service' inputs is required` +
        (connection === undefined ? ', and neither was given.' : ', not both.')
    )
  }
  if (service !== undefined && /[=]|:\/\//.test(service)) {
    throw new InputError(
      `Invalid 'service' input: it takes a service name from pg_service.conf. ` +
        `Pass a connection string in the 'connection' input instead.`
    )
  }
  const value = (connection ?? service) as string
  try {
    maskConnection(connection, value, optional(Inputs.ServiceFile))
  } catch (error) {
    if (error instanceof ConnectionStringError) {
      const name = connection !== undefined ? Inputs.Connection : Inputs.Service
      throw new InputError(`Invalid '${name}' input: ${error.message}.`)
    }
    throw error
  }
  return value
}

/**
 * The inputs both modes share: how the Dumper reaches the database. With
 * several names in 'dbname' the connection keeps its own database.
 */
export function readConnectionInputs(
  value: string,
  dbnames: readonly string[]
): ConnectionInputs {
  return {
    connection: value,
    dbname: dbnames.length === 1 ? dbnames[0] : undefined,
    serviceFile: existingPath(
      Inputs.ServiceFile,
      optional(Inputs.ServiceFile),
      'file'
    ),
    pgBinDir: existingPath(
      Inputs.PgBinDir,
      optional(Inputs.PgBinDir),
      'directory'
    ),
    pgVersion: integerInput(Inputs.PgVersion, 9, 99),
    installClient: oneOf(
      Inputs.InstallClient,
      optional(Inputs.InstallClient) ?? 'auto',
      INSTALL_CLIENT
    ),
    waitTimeoutMs:
      (integerInput(Inputs.WaitTimeout, 0, 3600) ?? DEFAULT_WAIT_SECONDS) * 1000
  }
}
