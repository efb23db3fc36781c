// What libpq's connection strings are made of, shared by the key=value and
// URI parsers: keywords, blanks, and the error both throw.

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

/** What the connection inputs accept, for messages. */
export const ACCEPTED =
  'expected a service name, a key=value connection string ' +
  "(e.g. host=db.example.com dbname=app) or a URI starting with 'postgresql://' or 'postgres://'"

// libpq uses C isspace() in the C locale, not Unicode whitespace.
export const SPACE = ' \t\n\v\f\r'
export const KEYWORD = /^[a-z_]+$/

// libpq's keywords (PostgreSQL 9.x–18); only used to decide whether a keyword
// may be named in an error, since an unknown "keyword" could be a stray
// fragment of an unquoted password.
export const KNOWN_KEYWORDS = new Set([
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
 * The keywords whose values are secrets: never on a command line or in a
 * log. libpq reads the password from PGPASSWORD; the others have no
 * variable, so they reach the tools through a private service file.
 */
export const SECRET_KEYWORDS: ReadonlySet<string> = new Set([
  'password',
  'sslpassword',
  'oauth_client_secret',
  'scram_client_key',
  'scram_server_key'
])

/** The service the private service file defines for the other secrets. */
export const SECRETS_SERVICE = 'pg_dumper_secrets'
