// The inputs both modes share: the connection or service (its secrets masked
// before anything is logged) and how the Dumper reaches the database.
import { ConnectionStringError, type ConnectionOptions } from '../core/index.ts'
import { existingPath, InputError } from './input-parsers.ts'
import { Inputs } from './input-names.ts'
import { input } from './read-input.ts'
import { maskConnection } from './secrets.ts'

/** How the Dumper reaches the database: the inputs both modes share. */
export type ConnectionInputs = ConnectionOptions

/** The connection or service input, its secrets masked before anything is logged. */
export function readConnection(): string {
  const connection = input(Inputs.Connection)
  const service = input(Inputs.Service)
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
    maskConnection(connection, value, input(Inputs.ServiceFile))
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
      input(Inputs.ServiceFile),
      'file'
    ),
    pgBinDir: input(Inputs.PgBinDir),
    pgVersion: input(Inputs.PgVersion),
    installClient: input(Inputs.InstallClient),
    // never empty: an empty input reads as the row's default
    waitTimeoutMs: (input(Inputs.WaitTimeout) ?? 0) * 1000
  }
}
