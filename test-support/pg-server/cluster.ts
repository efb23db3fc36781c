// The TestServer every test talks to: connection strings, psql, databases it
// made, and start/stop delegated to whatever runs the postmaster (a local
// Postmaster, or nothing for an external server).
import { randomBytes } from 'node:crypto'
import { majorOf } from './binaries.ts'
import { clientEnv, clientTool } from './client.ts'
import type { Connection } from './connection.ts'
import { conninfoValue, quoteIdent } from './quoting.ts'
import { run } from './run.ts'
import type { StopMode, TestServer } from './test-server.ts'

/** What a Cluster needs from whatever runs the postmaster. */
export interface Lifecycle {
  start(): Promise<void>
  stopServer(mode: StopMode): Promise<void>
  /** final: stop the postmaster if running and remove every file */
  remove(): Promise<void>
}

export interface ClusterInfo {
  /** undefined when external */
  dataDir?: string
  logFile?: string
  tlsCertificate?: string
  /** unknown (empty) for an external server until probed */
  version: string
  tls: boolean
}

export class Cluster implements TestServer {
  readonly host: string
  readonly user: string
  readonly password: string
  readonly external: boolean
  readonly dataDir: string | undefined
  readonly logFile: string | undefined
  readonly tls: boolean
  readonly tlsCertificate: string | undefined
  readonly #conn: Connection
  readonly #created = new Set<string>()
  readonly #lifecycle: Lifecycle
  #version: string
  #stopped = false

  constructor(conn: Connection, info: ClusterInfo, lifecycle: Lifecycle) {
    this.#conn = conn
    this.host = conn.host
    this.user = conn.user
    this.password = conn.password
    this.external = info.dataDir === undefined
    this.dataDir = info.dataDir
    this.logFile = info.logFile
    this.tls = info.tls
    this.tlsCertificate = info.tlsCertificate
    this.#version = info.version
    this.#lifecycle = lifecycle
  }

  /** A Cluster for PG_DUMPER_TEST_URL; fails early and clearly when the URL is wrong. */
  static async connect(conn: Connection): Promise<Cluster> {
    const cluster = new Cluster(
      conn,
      { version: '', tls: false },
      {
        start: async () => {},
        stopServer: () =>
          Promise.reject(
            new Error(
              'stopServer() cannot stop an external server (PG_DUMPER_TEST_URL); skip such tests when EXTERNAL'
            )
          ),
        remove: async () => {}
      }
    )
    cluster.#version = await cluster.psql(
      conn.maintenanceDb,
      'SHOW server_version'
    )
    return cluster
  }

  // the port may still move while the first start looks for a free one;
  // callers only ever see the final one
  get port(): number {
    return this.#conn.port
  }

  get serverVersion(): string {
    return this.#version
  }

  get serverMajor(): number {
    return majorOf(this.#version)
  }

  conninfoNoPassword(dbname?: string): string {
    const pairs: [string, string][] = [
      ['host', this.host],
      ['port', String(this.port)],
      ['user', this.user],
      ['dbname', dbname ?? this.#conn.maintenanceDb],
      ...this.#conn.params
    ]
    return pairs.map(([k, v]) => `${k}=${conninfoValue(v)}`).join(' ')
  }

  conninfo(dbname?: string): string {
    const base = this.conninfoNoPassword(dbname)
    return `${base} password=${conninfoValue(this.password)}`
  }

  uri(dbname?: string): string {
    const host = this.host.includes(':') ? `[${this.host}]` : this.host
    const auth = `${encodeURIComponent(this.user)}:${encodeURIComponent(this.password)}`
    const db = encodeURIComponent(dbname ?? this.#conn.maintenanceDb)
    const query = new URLSearchParams(this.#conn.params).toString()
    return `postgresql://${auth}@${host}:${this.port}/${db}${query ? `?${query}` : ''}`
  }

  async psql(dbname: string, sql: string): Promise<string> {
    const args = ['-X', '-q', '-v', 'ON_ERROR_STOP=1', '-At', '-f', '-']
    const result = await run(
      clientTool('psql'),
      [...args, '-d', this.conninfoNoPassword(dbname)],
      { env: clientEnv(this.password), input: sql }
    )
    if (result.code !== 0) {
      throw new Error(
        `psql on ${dbname} exited ${result.code}: ${result.stderr.trim()}`
      )
    }
    return result.stdout.trim()
  }

  major(): Promise<number> {
    return Promise.resolve(this.serverMajor)
  }

  async createDatabase(prefix: string): Promise<string> {
    const suffix = `_${process.pid}_${randomBytes(4).toString('hex')}`
    // identifiers are cut at 63 bytes; keep the unique suffix intact
    let head = prefix
    while (Buffer.byteLength(head + suffix) > 63) head = head.slice(0, -1)
    const name = head + suffix
    // template0 + C collation: empty, and the same on every server, so checksums
    // and ORDER BY results do not depend on the host's locale
    await this.psql(
      this.#conn.maintenanceDb,
      `CREATE DATABASE ${quoteIdent(name)} TEMPLATE template0 ENCODING 'UTF8' LC_COLLATE 'C' LC_CTYPE 'C'`
    )
    this.#created.add(name)
    return name
  }

  async dropDatabase(name: string): Promise<void> {
    const force = (await this.major()) >= 13 ? ' WITH (FORCE)' : ''
    await this.psql(
      this.#conn.maintenanceDb,
      `DROP DATABASE IF EXISTS ${quoteIdent(name)}${force}`
    )
    this.#created.delete(name)
  }

  start(): Promise<void> {
    if (this.#stopped) {
      return Promise.reject(
        new Error('start() after stop(): this server is gone; start a new one')
      )
    }
    return this.#lifecycle.start()
  }

  stopServer(options: { mode?: StopMode } = {}): Promise<void> {
    if (this.#stopped) return Promise.resolve()
    return this.#lifecycle.stopServer(options.mode ?? 'fast')
  }

  async stop(): Promise<void> {
    if (this.#stopped) return
    this.#stopped = true
    if (this.external) {
      for (const name of [...this.#created]) await this.dropDatabase(name)
    }
    await this.#lifecycle.remove()
  }
}
