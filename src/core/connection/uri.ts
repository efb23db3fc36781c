// Parses a postgresql:// URI into libpq's keywords, as libpq does.
import { ConnectionStringError, KEYWORD, KNOWN_KEYWORDS } from './keywords.ts'

const UNENCODED =
  "the URI's authority does not parse (a port that is not a number, or an '@' after the host): " +
  "a user name or password holding '/', '@', ':', '?' or '#' must be percent-encoded in a URI " +
  "(/ as %2F, @ as %40, : as %3A, ? as %3F, # as %23), or use a key=value connection string with password='…'"

// Mirrors libpq's conninfo_uri_parse_options(); `base` is where `uri` starts
// in the user's string, so positions in messages match what they typed.
export function parseUri(
  uri: string,
  prefixLength: number,
  base: number
): Map<string, string> {
  const params = new Map<string, string>()
  const n = uri.length
  const at = (i: number): string => (i < n ? uri[i] : '')
  const position = (i: number): number => base + i + 1
  const hostsStart = parseUserInfo(uri, prefixLength, params, position)
  const authority = parseHosts(uri, hostsStart, position)
  const { hosts, ports } = authority
  let { terminator, end: i } = authority
  // Joined like libpq's buffers: a host without a port leaves an empty entry,
  // and libpq keeps even an all-empty list such as "," (which then means the
  // default port, ignoring PGPORT).
  const host = hosts.join(',')
  if (host !== '') params.set('host', host)
  // libpq ends the authority at the first '/', so a password holding a raw
  // '/' or '@' is read as host and port, and its pieces would reach argv and
  // logs: refuse, naming none of it
  if (
    ports.some(p => p !== '' && !/^\d+$/.test(p)) ||
    hosts.some(h => h.includes('@'))
  ) {
    throw new ConnectionStringError(UNENCODED)
  }
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
  if (params.get('dbname')?.includes('@')) {
    throw new ConnectionStringError(UNENCODED)
  }
  return params
}

/** The user and password before an '@', into `params`; where the hosts start. */
function parseUserInfo(
  uri: string,
  start: number,
  params: Map<string, string>,
  position: (i: number) => number
): number {
  const n = uri.length
  // libpq looks for '@' only up to the first '/', even across '?' and ':'.
  let userEnd = start
  while (userEnd < n && uri[userEnd] !== '@' && uri[userEnd] !== '/') userEnd++
  if (uri[userEnd] !== '@') return start
  let colon = start
  while (uri[colon] !== ':' && uri[colon] !== '@') colon++
  const user = uri.slice(start, colon)
  if (user !== '') {
    params.set('user', percentDecode(user, 'the user name', position(start)))
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
  return userEnd + 1
}

/** The comma-separated hosts and ports; the character that ended them, and where. */
function parseHosts(
  uri: string,
  start: number,
  position: (i: number) => number
): { hosts: string[]; ports: string[]; terminator: string; end: number } {
  const n = uri.length
  const at = (i: number): string => (i < n ? uri[i] : '')
  let i = start
  const hosts: string[] = []
  const ports: string[] = []
  let terminator: string
  for (;;) {
    const hostStart = uri[i] === '[' ? i + 1 : i
    let hostEnd: number
    if (uri[i] === '[') {
      hostEnd = ipv6End(uri, i, position)
      i = hostEnd + 1
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
    if (terminator !== ',') return { hosts, ports, terminator, end: i }
    i++
  }
}

/** Where the IPv6 address in '[…]' starting at `open` ends (its ']'), checked. */
function ipv6End(
  uri: string,
  open: number,
  position: (i: number) => number
): number {
  const hostStart = open + 1
  const hostEnd = uri.indexOf(']', hostStart)
  if (hostEnd < 0) {
    throw new ConnectionStringError(
      `unterminated IPv6 address in the URI: no ']' after the '[' at position ${position(open)}`
    )
  }
  if (hostEnd === hostStart) {
    throw new ConnectionStringError(
      `empty IPv6 address '[]' at position ${position(open)} of the URI`
    )
  }
  const next = hostEnd + 1
  if (next < uri.length && !':/?,'.includes(uri[next])) {
    throw new ConnectionStringError(
      `unexpected character at position ${position(next)} of the URI: ` +
        "an IPv6 address in [...] must be followed by ':port', ',', '/', '?' or the end"
    )
  }
  return hostEnd
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
