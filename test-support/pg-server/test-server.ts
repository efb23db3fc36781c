// What a test gets from startServer(): the TestServer interface and the
// options that shape a server.

/** pg_ctl's shutdown modes, for stopServer(). */
export type StopMode = 'smart' | 'fast' | 'immediate'

export interface TestServer {
  readonly host: string
  /** fixed from startServer() on, also for a deferStart server and across stopServer()/start() */
  readonly port: number
  /** superuser name */
  readonly user: string
  /** superuser password; host connections require it (scram-sha-256) */
  readonly password: string
  /** true when PG_DUMPER_TEST_URL was used */
  readonly external: boolean
  /** the cluster's data directory (PGDATA); undefined when external */
  readonly dataDir: string | undefined
  /** the server's log (pg_ctl -l), appended to by every start; undefined when external */
  readonly logFile: string | undefined
  /** server_version as SHOW reports it, e.g. '17.10' or '15.18 (Debian 15.18-0+deb12u1)'; known before start */
  readonly serverVersion: string
  /** the major of serverVersion, e.g. 17; known before start (same as major()) */
  readonly serverMajor: number
  /** true for a requireTls server: conninfo(), uri() and psql() carry sslmode=require */
  readonly tls: boolean
  /** requireTls: the server's self-signed PEM certificate (for localhost, 127.0.0.1, ::1), usable as sslrootcert with sslmode=verify-full */
  readonly tlsCertificate: string | undefined
  /** key=value conninfo with the password */
  conninfo(dbname?: string): string
  /** key=value conninfo without the password */
  conninfoNoPassword(dbname?: string): string
  /** postgresql:// URI with the password, percent-encoded */
  uri(dbname?: string): string
  /** creates a database named prefix + a unique suffix; dropped at stop() */
  createDatabase(prefix: string): Promise<string>
  dropDatabase(name: string): Promise<void>
  /** runs SQL with psql -X -q -v ON_ERROR_STOP=1 -At; resolves to trimmed stdout */
  psql(dbname: string, sql: string): Promise<string>
  /** the server's major version, e.g. 15 */
  major(): Promise<number>
  /**
   * Starts the postmaster (pg_ctl start -w: resolves once it accepts
   * connections): for a deferStart server, or after stopServer(). A no-op
   * when it is running, and for an external server; rejects after stop().
   */
  start(): Promise<void>
  /**
   * Stops the postmaster but keeps the data dir, so start() brings the same
   * cluster back on the same port. mode is pg_ctl's: 'fast' (default) ends
   * sessions cleanly, 'immediate' is a crash (recovery at the next start).
   * A no-op when not running; rejects for an external server.
   */
  stopServer(options?: { mode?: StopMode }): Promise<void>
  /** stops the server and removes its temp dir (external: drops created databases) */
  stop(): Promise<void>
}

export interface ServerOptions {
  /**
   * PostgreSQL major to run: the server binaries of serverBinDir(major)
   * (/usr/lib/postgresql/<N>/bin, e.g. the system's 15, else
   * node_modules/pg-server-<N>, e.g. 14, 16, 17, 18). Default: those of
   * PG_DUMPER_SERVER_BIN_DIR, else the newest system one, else the newest
   * pg-server-<N> package the installed client can dump (defaultServer()).
   */
  major?: number
  /**
   * Require TLS: ssl=on with a self-signed certificate made for this server,
   * and pg_hba.conf holding only hostssl lines, so sslmode=disable is refused
   * ("… no encryption"). conninfo(), uri() and psql() add sslmode=require.
   */
  requireTls?: boolean
  /**
   * initdb and configure, but do not start: port is already fixed (a client
   * pointed at it gets "Connection refused") until start() is called.
   */
  deferStart?: boolean
}

/** True when PG_DUMPER_TEST_URL names an external server: ServerOptions cannot be honoured. */
export const EXTERNAL = Boolean(process.env.PG_DUMPER_TEST_URL)
