// Parses the user's PostgreSQL service name, key=value conninfo or URI into a
// password-free conninfo for argv, plus the password to hand over via PGPASSWORD.
import {
  ACCEPTED,
  ConnectionStringError,
  KEYWORD,
  KNOWN_KEYWORDS,
  SECRET_KEYWORDS,
  SECRETS_SERVICE,
  SPACE
} from './keywords.ts'
import { parseUri } from './uri.ts'

export { ConnectionStringError }

/** What a parsed connection string gives the tools that run pg_dump & co. */
export interface ConnectionFields {
  /** libpq key=value conninfo without any password: safe for argv and logs */
  readonly conninfo: string
  /** the password the string carried (URI userinfo, ?password= or password=), if any */
  readonly password?: string
  /** the service name, when the string was a bare service name or had service=… */
  readonly service?: string
  /** the database name if the string (or the override) names one */
  readonly dbname?: string
  /** host(s) if named, for messages */
  readonly host?: string
  /** port(s) if named, for messages */
  readonly port?: string
  /**
   * secrets other than the password (sslpassword, oauth_client_secret…),
   * left out of the conninfo, which then names the private service that
   * holds them
   */
  readonly secrets?: Readonly<Record<string, string>>
}

const SPACE_OR_SPECIAL = /[ \t\n\v\f\r'\\]/
const URI_PREFIXES = ['postgresql://', 'postgres://']

/**
 * Parse a PostgreSQL service name, libpq key=value connection string or
 * `postgresql://` / `postgres://` URI the way libpq does.
 *
 * The password is taken out of the result's `conninfo` and returned on its
 * own, so that callers can pass `--dbname=<conninfo>` on the command line and
 * the password through PGPASSWORD. `dbnameOverride`, unless undefined or
 * empty, replaces the database the string names (or adds one).
 *
 * @throws {ConnectionStringError} when the string is empty or malformed
 */
export function parseConnection(
  value: string,
  dbnameOverride?: string
): ConnectionFields {
  return connectionFields(parseParams(value), dbnameOverride)
}

/**
 * libpq's keywords and values from a service name, key=value string or URI,
 * in the order first given (later duplicates win).
 *
 * @throws {ConnectionStringError} when the string is empty or malformed
 */
export function parseParams(value: string): Map<string, string> {
  if (value.includes('\0')) {
    throw new ConnectionStringError(
      'the connection string contains a NUL character, which libpq cannot accept'
    )
  }
  const start = skipSpace(value, 0)
  let end = value.length
  while (end > start && SPACE.includes(value[end - 1])) end--
  if (start === end) {
    throw new ConnectionStringError(
      `the connection string is empty; ${ACCEPTED}`
    )
  }
  const trimmed = value.slice(start, end)
  const separator = trimmed.indexOf('://')
  // A "://" inside a key=value value (say, a password) must not make the
  // whole string a URI, so only a "://" before any '=' counts.
  if (separator >= 0 && !trimmed.slice(0, separator).includes('=')) {
    const prefix = URI_PREFIXES.find(p => trimmed.startsWith(p))
    if (prefix === undefined) {
      throw unsupportedScheme(trimmed.slice(0, separator))
    }
    // Trimmed because libpq would keep a trailing newline (common in pasted
    // secrets) as part of the last URI component.
    return parseUri(trimmed, prefix.length, start)
  }
  if (trimmed.includes('=')) {
    // Untrimmed: surrounding whitespace is insignificant here, except that a
    // trailing backslash-escaped space belongs to the last value.
    return parseKeywordValue(value)
  }
  checkServiceName(trimmed)
  return new Map([['service', trimmed]])
}

/**
 * The facts of parsed keywords, with `dbname` (unless undefined or empty)
 * replacing the database they name: a password-free conninfo and the
 * password apart.
 */
export function connectionFields(
  params: ReadonlyMap<string, string>,
  dbname?: string
): ConnectionFields {
  if (dbname?.includes('\0')) {
    throw new ConnectionStringError(
      'the connection string contains a NUL character, which libpq cannot accept'
    )
  }
  const all = new Map(params)
  if (dbname !== undefined && dbname !== '') all.set('dbname', dbname)
  const secrets = Object.fromEntries(
    [...all].filter(([key]) => key !== 'password' && SECRET_KEYWORDS.has(key))
  )
  const hasSecrets = Object.keys(secrets).length > 0
  const conninfo = [...all]
    .filter(([key]) => !SECRET_KEYWORDS.has(key))
    .filter(([key]) => !(hasSecrets && key === 'service'))
    .map(([key, v]) => `${key}=${quoteConninfoValue(v)}`)
    .concat(hasSecrets ? [`service=${SECRETS_SERVICE}`] : [])
    .join(' ')
  const fields: {
    -readonly [K in keyof ConnectionFields]: ConnectionFields[K]
  } = { conninfo }
  for (const key of [
    'password',
    'service',
    'dbname',
    'host',
    'port'
  ] as const) {
    const v = all.get(key)
    if (v !== undefined) fields[key] = v
  }
  if (hasSecrets) fields.secrets = secrets
  return fields
}

/**
 * A bare value is taken for a service name and named in messages, so refuse
 * the shapes that are really a mistyped URI and may hold a password:
 * `postgresql:/user:pw@host` (one slash) or `user:pw@host`.
 */
function checkServiceName(name: string): void {
  if (/^postgres(ql)?:/i.test(name)) {
    throw new ConnectionStringError(
      "it starts like a URI but lacks the '//' after the scheme; " +
        "write 'postgresql://user:password@host:5432/dbname'"
    )
  }
  if (name.includes('@')) {
    throw new ConnectionStringError(
      "a service name cannot contain '@'; for a connection string write " +
        "'postgresql://user:password@host:5432/dbname'"
    )
  }
}

/**
 * Quote one conninfo value the libpq way: bare if it is non-empty and has no
 * whitespace, `'` or `\`; else single-quoted with `\` and `'` backslash-escaped.
 *
 * @throws {ConnectionStringError} if the value contains a NUL character
 */
export function quoteConninfoValue(value: string): string {
  if (value.includes('\0')) {
    throw new ConnectionStringError(
      'a connection value contains a NUL character, which libpq cannot accept'
    )
  }
  if (value !== '' && !SPACE_OR_SPECIAL.test(value)) return value
  return `'${value.replace(/['\\]/g, '\\$&')}'`
}

function skipSpace(text: string, i: number): number {
  while (i < text.length && SPACE.includes(text[i])) i++
  return i
}

function describeKeyword(key: string, position: number): string {
  return KNOWN_KEYWORDS.has(key)
    ? `'${key}'`
    : `the keyword at position ${position}`
}

function unsupportedScheme(scheme: string): ConnectionStringError {
  const named = /^[A-Za-z][A-Za-z0-9+.:-]{0,19}$/.test(scheme)
    ? ` '${scheme}://'`
    : ''
  const hint = /^jdbc:postgres(ql)?$/i.test(scheme)
    ? " (drop the 'jdbc:' prefix)"
    : ''
  return new ConnectionStringError(
    `unsupported URI scheme${named}${hint}; ${ACCEPTED}`
  )
}

// Mirrors libpq's conninfo_parse(): later duplicates win, but keep the
// position of the first occurrence so the output order stays stable.
function parseKeywordValue(text: string): Map<string, string> {
  const params = new Map<string, string>()
  const n = text.length
  let i = skipSpace(text, 0)
  while (i < n) {
    const keyStart = i
    while (i < n && text[i] !== '=' && !SPACE.includes(text[i])) i++
    const key = text.slice(keyStart, i)
    i = skipSpace(text, i)
    if (text[i] !== '=') {
      throw new ConnectionStringError(
        `expected key=value at position ${keyStart + 1} of the connection string, ` +
          "found a word without '=' (values with spaces need single quotes: key='a b')"
      )
    }
    if (!KEYWORD.test(key)) {
      throw new ConnectionStringError(
        `invalid keyword at position ${keyStart + 1} of the connection string: ` +
          'keywords are lowercase letters and underscores, like host or sslmode'
      )
    }
    // libpq skips blanks after '=' too, so "host= port=5" sets host to
    // "port=5"; an empty value has to be written ''.
    i = skipSpace(text, i + 1)
    let value = ''
    if (text[i] === "'") {
      const quoteStart = i
      i++
      for (;;) {
        if (i >= n) {
          throw new ConnectionStringError(
            `unterminated quoted value for ${describeKeyword(key, keyStart + 1)} ` +
              `(the quote opens at position ${quoteStart + 1}); ` +
              "close it with ' and escape quotes and backslashes inside it as \\' and \\\\"
          )
        }
        if (text[i] === '\\') {
          i++
          if (i < n) value += text[i++]
        } else if (text[i] === "'") {
          // libpq needs no whitespace after the closing quote: "a='x'b=y" is
          // two pairs.
          i++
          break
        } else {
          value += text[i++]
        }
      }
    } else {
      while (i < n && !SPACE.includes(text[i])) {
        // A trailing lone backslash is dropped, as libpq does.
        if (text[i] === '\\') i++
        if (i < n) value += text[i++]
      }
    }
    params.set(key, value)
    i = skipSpace(text, i)
  }
  return params
}
