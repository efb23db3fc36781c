// Parses the user's PostgreSQL service name, key=value conninfo or URI into a
// password-free conninfo for argv, plus the password to hand over via PGPASSWORD.

/** What a parsed connection string gives the tools that run pg_dump & co. */
export interface Connection {
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
}

/**
 * A connection string libpq would not accept. The message says what is wrong
 * and where, but never repeats the input or any password from it.
 */
export class ConnectionStringError extends Error {
  constructor(message: string) {
    super(message)
    this.name = 'ConnectionStringError'
  }
}

const ACCEPTED =
  'expected a service name, a key=value connection string ' +
  "(e.g. host=db.example.com dbname=app) or a URI starting with 'postgresql://' or 'postgres://'"

// libpq uses C isspace() in the C locale, not Unicode whitespace.
const SPACE = ' \t\n\v\f\r'
const SPACE_OR_SPECIAL = /[ \t\n\v\f\r'\\]/
const KEYWORD = /^[a-z_]+$/
const URI_PREFIXES = ['postgresql://', 'postgres://']

// libpq's keywords (PostgreSQL 9.x–18); only used to decide whether a keyword
// may be named in an error, since an unknown "keyword" could be a stray
// fragment of an unquoted password.
const KNOWN_KEYWORDS = new Set([
  'application_name',
  'channel_binding',
  'client_encoding',
  'connect_timeout',
  'dbname',
  'fallback_application_name',
  'gssdelegation',
  'gssencmode',
  'gsslib',
  'host',
  'hostaddr',
  'keepalives',
  'keepalives_count',
  'keepalives_idle',
  'keepalives_interval',
  'krbsrvname',
  'load_balance_hosts',
  'max_protocol_version',
  'min_protocol_version',
  'oauth_client_id',
  'oauth_client_secret',
  'oauth_issuer',
  'oauth_scope',
  'options',
  'passfile',
  'password',
  'port',
  'replication',
  'require_auth',
  'requirepeer',
  'requiressl',
  'service',
  'ssl',
  'ssl_max_protocol_version',
  'ssl_min_protocol_version',
  'sslcert',
  'sslcertmode',
  'sslcompression',
  'sslcrl',
  'sslcrldir',
  'sslkey',
  'sslmode',
  'sslnegotiation',
  'sslpassword',
  'sslrootcert',
  'sslsni',
  'target_session_attrs',
  'tcp_user_timeout',
  'user'
])

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
): Connection {
  if (value.includes('\0') || dbnameOverride?.includes('\0')) {
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

  let params: Map<string, string>
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
    params = parseUri(trimmed, prefix.length, start)
  } else if (trimmed.includes('=')) {
    // Untrimmed: surrounding whitespace is insignificant here, except that a
    // trailing backslash-escaped space belongs to the last value.
    params = parseKeywordValue(value)
  } else {
    checkServiceName(trimmed)
    params = new Map([['service', trimmed]])
  }

  if (dbnameOverride !== undefined && dbnameOverride !== '') {
    params.set('dbname', dbnameOverride)
  }

  const conninfo = [...params]
    .filter(([key]) => key !== 'password')
    .map(([key, v]) => `${key}=${quoteConninfoValue(v)}`)
    .join(' ')
  const connection: { -readonly [K in keyof Connection]: Connection[K] } = {
    conninfo
  }
  for (const key of [
    'password',
    'service',
    'dbname',
    'host',
    'port'
  ] as const) {
    const v = params.get(key)
    if (v !== undefined) connection[key] = v
  }
  return connection
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

// Mirrors libpq's conninfo_uri_parse_options(); `base` is where `uri` starts
// in the user's string, so positions in messages match what they typed.
function parseUri(
  uri: string,
  prefixLength: number,
  base: number
): Map<string, string> {
  const params = new Map<string, string>()
  const n = uri.length
  const at = (i: number): string => (i < n ? uri[i] : '')
  const position = (i: number): number => base + i + 1
  let i = prefixLength

  // libpq looks for '@' only up to the first '/', even across '?' and ':'.
  let userEnd = i
  while (userEnd < n && uri[userEnd] !== '@' && uri[userEnd] !== '/') userEnd++
  if (at(userEnd) === '@') {
    let colon = i
    while (uri[colon] !== ':' && uri[colon] !== '@') colon++
    const user = uri.slice(i, colon)
    if (user !== '') {
      params.set('user', percentDecode(user, 'the user name', position(i)))
    }
    // An empty password in the userinfo is not stored by libpq, unlike an
    // empty ?password=.
    const password = uri.slice(colon + 1, userEnd)
    if (uri[colon] === ':' && password !== '') {
      params.set(
        'password',
        percentDecode(password, 'the password', position(colon + 1))
      )
    }
    i = userEnd + 1
  }

  const hosts: string[] = []
  const ports: string[] = []
  let terminator: string
  for (;;) {
    const hostStart = uri[i] === '[' ? i + 1 : i
    let hostEnd: number
    if (uri[i] === '[') {
      hostEnd = uri.indexOf(']', hostStart)
      if (hostEnd < 0) {
        throw new ConnectionStringError(
          `unterminated IPv6 address in the URI: no ']' after the '[' at position ${position(i)}`
        )
      }
      if (hostEnd === hostStart) {
        throw new ConnectionStringError(
          `empty IPv6 address '[]' at position ${position(i)} of the URI`
        )
      }
      i = hostEnd + 1
      if (i < n && !':/?,'.includes(uri[i])) {
        throw new ConnectionStringError(
          `unexpected character at position ${position(i)} of the URI: ` +
            "an IPv6 address in [...] must be followed by ':port', ',', '/', '?' or the end"
        )
      }
    } else {
      while (i < n && !':/?,'.includes(uri[i])) i++
      hostEnd = i
    }
    hosts.push(
      percentDecode(
        uri.slice(hostStart, hostEnd),
        'a host',
        position(hostStart)
      )
    )
    terminator = at(i)
    let port = ''
    if (terminator === ':') {
      const portStart = ++i
      while (i < n && !'/?,'.includes(uri[i])) i++
      port = percentDecode(
        uri.slice(portStart, i),
        'a port',
        position(portStart)
      )
      terminator = at(i)
    }
    ports.push(port)
    if (terminator !== ',') break
    i++
  }
  // Joined like libpq's buffers: a host without a port leaves an empty entry,
  // and libpq keeps even an all-empty list such as "," (which then means the
  // default port, ignoring PGPORT).
  const host = hosts.join(',')
  if (host !== '') params.set('host', host)
  const port = ports.join(',')
  if (port !== '') params.set('port', port)

  if (terminator === '/') {
    const dbStart = ++i
    while (i < n && uri[i] !== '?') i++
    // libpq leaves an empty path unset so that PGDATABASE still applies.
    if (i > dbStart) {
      params.set(
        'dbname',
        percentDecode(
          uri.slice(dbStart, i),
          'the database name',
          position(dbStart)
        )
      )
    }
    terminator = at(i)
  }
  if (terminator === '?') parseQuery(uri, i + 1, params, position)
  return params
}

// Mirrors libpq's conninfo_uri_parse_params(): '+' is not a space, a raw '='
// in a value is an error, and ssl=true means sslmode=require (for JDBC URIs).
function parseQuery(
  uri: string,
  start: number,
  params: Map<string, string>,
  position: (i: number) => number
): void {
  const n = uri.length
  let i = start
  for (let index = 1; i < n; index++) {
    const paramStart = i
    let equals = -1
    while (i < n && uri[i] !== '&') {
      if (uri[i] === '=') {
        if (equals >= 0) {
          throw new ConnectionStringError(
            `query parameter ${index} of the URI (at position ${position(paramStart)}) ` +
              "has a second '='; percent-encode it as %3D"
          )
        }
        equals = i
      }
      i++
    }
    if (equals < 0) {
      throw new ConnectionStringError(
        `query parameter ${index} of the URI (at position ${position(paramStart)}) ` +
          "is not key=value; separate parameters with '&'"
      )
    }
    const key = percentDecode(
      uri.slice(paramStart, equals),
      `the name of query parameter ${index}`,
      position(paramStart)
    )
    if (!KEYWORD.test(key)) {
      throw new ConnectionStringError(
        `query parameter ${index} of the URI (at position ${position(paramStart)}) ` +
          'has an invalid name: names are lowercase letters and underscores, like sslmode'
      )
    }
    const value = percentDecode(
      uri.slice(equals + 1, i),
      KNOWN_KEYWORDS.has(key)
        ? `the value of '${key}'`
        : `the value of query parameter ${index}`,
      position(equals + 1)
    )
    if (key === 'ssl' && value === 'true') params.set('sslmode', 'require')
    else params.set(key, value)
    i++
  }
}

const utf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true })

// libpq decodes bytes; JS strings (and the environment we pass the password
// through) need them to be UTF-8, so anything else is rejected, not mangled.
function percentDecode(raw: string, what: string, offset: number): string {
  if (!raw.includes('%')) return raw
  const chunks: Buffer[] = []
  let literalStart = 0
  for (let i = raw.indexOf('%'); i >= 0; i = raw.indexOf('%', literalStart)) {
    chunks.push(Buffer.from(raw.slice(literalStart, i), 'utf8'))
    const hex = raw.slice(i + 1, i + 3)
    if (!/^[0-9A-Fa-f]{2}$/.test(hex)) {
      throw new ConnectionStringError(
        `invalid percent-encoding in ${what} at position ${offset + i} of the URI: ` +
          "'%' must be followed by two hex digits (write a literal % as %25)"
      )
    }
    const byte = Number.parseInt(hex, 16)
    if (byte === 0) {
      throw new ConnectionStringError(
        `%00 at position ${offset + i} of the URI is not allowed in ${what}`
      )
    }
    chunks.push(Buffer.of(byte))
    literalStart = i + 3
  }
  chunks.push(Buffer.from(raw.slice(literalStart), 'utf8'))
  try {
    return utf8.decode(Buffer.concat(chunks))
  } catch {
    throw new ConnectionStringError(
      `the percent-encoded bytes in ${what} (at position ${offset} of the URI) are not valid UTF-8`
    )
  }
}
