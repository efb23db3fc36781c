// The restore drill's inputs: 'verify' (archive: the read-back alone;
// restore: a drill in a scratch database) and 'verify-connection' (the
// server the drill restores on, a secret masked as the connection is).
import { ConnectionStringError } from '../core/index.ts'
import { InputError, oneOf, type Parser } from './input-parsers.ts'
import { maskConnection } from './secrets.ts'

/** 'verify's values: `archive` (the default) reads the dump back; `restore` drills it. */
export const VERIFY = ['archive', 'restore'] as const

/** 'verify': how a dump is proved before it takes its name. */
export const verify: Parser<(typeof VERIFY)[number]> = oneOf(VERIFY)

/** 'verify-connection': a connection string, its secrets masked before it is checked; undefined when empty. */
export const verifyConnection: Parser<string | undefined> = (value, name) => {
  if (value.trim() === '') return undefined
  try {
    maskConnection(value, value, undefined)
  } catch (error) {
    if (!(error instanceof ConnectionStringError)) throw error
    throw new InputError(
      `Invalid '${name}' input: ${error.message}. Expected a connection string (\`key=value …\` or \`postgresql://…\`) of the server the restore drill restores on.`
    )
  }
  return value
}
