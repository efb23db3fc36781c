// A throwaway PostgreSQL server for tests: a private local cluster in a temp
// dir, or an existing server named by PG_DUMPER_TEST_URL (e.g. a CI service).
// Local clusters can be of any major whose server binaries are on the machine
// (AVAILABLE_MAJORS), can require TLS, and can be started, stopped and
// started again on the same port.
import { spawn } from 'node:child_process'
import { randomBytes, randomInt } from 'node:crypto'
import {
  accessSync,
  constants,
  existsSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync
} from 'node:fs'
import {
  appendFile,
  chmod,
  chown,
  mkdir,
  mkdtemp,
  readFile,
  rm,
  writeFile
} from 'node:fs/promises'
import { createServer } from 'node:net'
import { tmpdir } from 'node:os'
import { delimiter, dirname, join } from 'node:path'

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
  stopServer(options?: { mode?: 'smart' | 'fast' | 'immediate' }): Promise<void>
  /** stops the server and removes its temp dir (external: drops created databases) */
  stop(): Promise<void>
}

export interface ServerOptions {
  /**
   * PostgreSQL major to run: the server binaries of serverBinDir(major)
   * (/usr/lib/postgresql/<N>/bin, e.g. the system's 15, else
   * node_modules/pg-server-<N>, e.g. 14, 16, 17, 18). Default: those of
   * PG_DUMPER_SERVER_BIN_DIR, else the newest system one.
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

export interface RunResult {
  code: number
  stdout: string
  stderr: string
}

interface RunOptions {
  env?: NodeJS.ProcessEnv
  input?: string
  cwd?: string
  timeoutMs?: number
}

/** Runs a program without a shell and collects its output; never rejects on exit code. */
export function run(
  command: string,
  args: readonly string[],
  options: RunOptions = {}
): Promise<RunResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, {
      env: options.env ?? process.env,
      cwd: options.cwd,
      timeout: options.timeoutMs ?? 120_000,
      stdio: ['pipe', 'pipe', 'pipe']
    })
    let stdout = ''
    let stderr = ''
    child.stdout.setEncoding('utf8').on('data', (s: string) => (stdout += s))
    child.stderr.setEncoding('utf8').on('data', (s: string) => (stderr += s))
    child.on('error', reject)
    child.on('close', (code, signal) =>
      resolve({ code: code ?? (signal ? -1 : 0), stdout, stderr })
    )
    // a child that exits before reading stdin must not crash us with EPIPE
    child.stdin.on('error', () => {})
    child.stdin.end(options.input ?? '')
  })
}

/** The environment for libpq clients: no inherited PG* settings, UTF-8, given password. */
export function clientEnv(password?: string): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {}
  for (const [key, value] of Object.entries(process.env)) {
    if (!key.startsWith('PG')) env[key] = value
  }
  env.PGCLIENTENCODING = 'UTF8'
  env.PGCONNECT_TIMEOUT = '10'
  if (password !== undefined) env.PGPASSWORD = password
  return env
}

/** Quotes one conninfo value the way libpq parses it. */
export function conninfoValue(value: string): string {
  if (value !== '' && !/[\s'\\]/.test(value)) return value
  return `'${value.replace(/[\\']/g, c => `\\${c}`)}'`
}

/** Quotes an SQL identifier. */
export function quoteIdent(name: string): string {
  return `"${name.replace(/"/g, '""')}"`
}

/** Quotes an SQL string literal (standard_conforming_strings on). */
export function quoteLiteral(value: string): string {
  return `'${value.replace(/'/g, "''")}'`
}

function isExecutable(path: string): boolean {
  try {
    accessSync(path, constants.X_OK)
    return true
  } catch {
    return false
  }
}

const SYSTEM_ROOT = '/usr/lib/postgresql'

/** /usr/lib/postgresql/<major>/bin when it holds initdb (Debian/Ubuntu layout). */
function systemBinDir(major: number): string | undefined {
  const bin = join(SYSTEM_ROOT, String(major), 'bin')
  return isExecutable(join(bin, 'initdb')) ? bin : undefined
}

/** node_modules/pg-server-<major>/native/bin, looked up like Node looks up packages. */
function packageBinDir(major: number): string | undefined {
  for (let dir = import.meta.dirname; ; dir = dirname(dir)) {
    const bin = join(dir, 'node_modules', `pg-server-${major}`, 'native', 'bin')
    if (isExecutable(join(bin, 'initdb'))) return bin
    if (dirname(dir) === dir) return undefined
  }
}

/** PG_DUMPER_SERVER_BIN_DIR, else the highest /usr/lib/postgresql/N/bin with initdb, else PATH's. */
function defaultServerBinDir(): string | undefined {
  const fromEnv = process.env.PG_DUMPER_SERVER_BIN_DIR
  if (fromEnv) return fromEnv
  if (existsSync(SYSTEM_ROOT)) {
    const majors = readdirSync(SYSTEM_ROOT)
      .filter(name => /^\d+(\.\d+)?$/.test(name))
      .sort((a, b) => Number(b) - Number(a))
    for (const major of majors) {
      const bin = join(SYSTEM_ROOT, major, 'bin')
      if (isExecutable(join(bin, 'initdb'))) return bin
    }
  }
  for (const dir of (process.env.PATH ?? '').split(delimiter)) {
    if (dir && isExecutable(join(dir, 'initdb'))) return dir
  }
  return undefined
}

/**
 * Directory of the server binaries (initdb, pg_ctl, postgres) of a major:
 * /usr/lib/postgresql/<major>/bin, else node_modules/pg-server-<major>/native/bin;
 * undefined when neither exists. Without a major: the default server's
 * (PG_DUMPER_SERVER_BIN_DIR, else the newest system one, else PATH's).
 */
export function serverBinDir(major?: number): string | undefined {
  if (major === undefined) return defaultServerBinDir()
  return systemBinDir(major) ?? packageBinDir(major)
}

function findMajors(): number[] {
  const majors = new Set<number>()
  if (existsSync(SYSTEM_ROOT)) {
    for (const name of readdirSync(SYSTEM_ROOT)) {
      if (/^\d+$/.test(name) && systemBinDir(Number(name))) {
        majors.add(Number(name))
      }
    }
  }
  for (let major = 10; major <= 40; major++) {
    if (packageBinDir(major)) majors.add(major)
  }
  return [...majors].sort((a, b) => a - b)
}

/**
 * The majors whose server binaries are on this machine, ascending: those of
 * /usr/lib/postgresql/<N>/bin and node_modules/pg-server-<N>. Each works as
 * startServer({ major }) (unless EXTERNAL).
 */
export const AVAILABLE_MAJORS: number[] = findMajors()

/**
 * Directory holding pg_dump/pg_restore/psql for tests: PG_DUMPER_TEST_BIN_DIR,
 * else the local server's bin dir when it has pg_dump, else undefined (PATH).
 */
export function clientBinDir(): string | undefined {
  const fromEnv = process.env.PG_DUMPER_TEST_BIN_DIR
  if (fromEnv) return fromEnv
  // an external server's version is unknown, so the local binaries are no better than PATH
  if (process.env.PG_DUMPER_TEST_URL) return undefined
  const bin = defaultServerBinDir()
  return bin && isExecutable(join(bin, 'pg_dump')) ? bin : undefined
}

/** Path of a client program: from clientBinDir(), or the bare name for PATH lookup. */
export function clientTool(name: 'pg_dump' | 'pg_restore' | 'psql'): string {
  const bin = clientBinDir()
  return bin ? join(bin, name) : name
}

interface Connection {
  host: string
  port: number
  user: string
  password: string
  maintenanceDb: string
  /** extra conninfo keywords from the URL's query string (sslmode, …) */
  params: [string, string][]
}

const URI_KEYS = new Set(['host', 'port', 'user', 'password', 'dbname'])

function parseTestUrl(text: string): Connection {
  let url: URL
  try {
    url = new URL(text)
  } catch {
    throw new Error('PG_DUMPER_TEST_URL is not a valid postgresql:// URI')
  }
  if (url.protocol !== 'postgresql:' && url.protocol !== 'postgres:') {
    throw new Error('PG_DUMPER_TEST_URL must start with postgresql://')
  }
  const params = [...url.searchParams.entries()].filter(
    ([key]) => !URI_KEYS.has(key)
  )
  const host = url.hostname.replace(/^\[(.*)\]$/, '$1')
  const dbname = decodeURIComponent(url.pathname.replace(/^\//, ''))
  return {
    host:
      decodeURIComponent(host) || url.searchParams.get('host') || 'localhost',
    port: Number(url.port || url.searchParams.get('port') || 5432),
    user: decodeURIComponent(url.username) || 'postgres',
    password: decodeURIComponent(url.password),
    maintenanceDb: dbname || 'postgres',
    params
  }
}

type StopMode = 'smart' | 'fast' | 'immediate'

/** What a Cluster needs from whatever runs the postmaster. */
interface Lifecycle {
  start(): Promise<void>
  stopServer(mode: StopMode): Promise<void>
  /** final: stop the postmaster if running and remove every file */
  remove(): Promise<void>
}

interface ClusterInfo {
  /** undefined when external */
  dataDir?: string
  logFile?: string
  tlsCertificate?: string
  /** unknown (empty) for an external server until probed */
  version: string
  tls: boolean
}

/** Major of a server_version string: '15.18 (Debian …)' → 15, '9.6.24' → 9. */
function majorOf(version: string): number {
  const match = /^(\d+)(?:\.(\d+))?/.exec(version)
  if (!match) throw new Error(`unrecognised PostgreSQL version "${version}"`)
  const first = Number(match[1])
  return first >= 10 ? first : Number(`${first}.${match[2] ?? 0}`)
}

class Cluster implements TestServer {
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

/** The low end of the kernel's ephemeral port range, when known. */
function ephemeralLow(): number | undefined {
  const text = readFileSyncSafe('/proc/sys/net/ipv4/ip_local_port_range')
  const low = Number(text.trim().split(/\s+/)[0])
  return Number.isInteger(low) && low > 0 ? low : undefined
}

/** Listens on 127.0.0.1:port (0: any) and closes again; resolves to the port, or 0 when taken. */
function probePort(port: number): Promise<number> {
  return new Promise(resolve => {
    const server = createServer()
    server.unref()
    server.on('error', () => resolve(0))
    server.listen(port, '127.0.0.1', () => {
      const address = server.address()
      const bound = typeof address === 'object' && address ? address.port : 0
      server.close(() => resolve(bound))
    })
  })
}

/**
 * A loopback port nobody listens on right now. Taken from below the
 * ephemeral range when possible: the kernel hands ephemeral ports to every
 * outgoing connection (each psql run), which could take a port that a
 * deferStart or stopped server holds on to.
 */
async function freePort(): Promise<number> {
  const low = ephemeralLow()
  if (low !== undefined && low > 12_000) {
    for (let attempt = 0; attempt < 50; attempt++) {
      const candidate = randomInt(10_000, low)
      if (!reservePort(candidate)) continue
      if (await probePort(candidate)) return candidate
    }
  }
  for (let attempt = 0; attempt < 20; attempt++) {
    const port = await probePort(0)
    if (port && reservePort(port)) return port
  }
  throw new Error('no free loopback port')
}

const reservedPorts = new Set<number>()
const portLock = (port: number) => join(tmpdir(), `pg-dumper-port-${port}.lock`)

/**
 * Claims a port for this process across every test process: a deferred or
 * stopped server does not listen, so probing alone would let another
 * process's server take its port. The claim is a lock file holding our pid;
 * a dead owner's claim is taken over. Released when this process exits.
 */
function reservePort(port: number): boolean {
  if (reservedPorts.has(port)) return false
  const lock = portLock(port)
  try {
    writeFileSync(lock, String(process.pid), { flag: 'wx' })
  } catch {
    const owner = Number(readFileSyncSafe(lock).trim())
    if (owner > 0 && owner !== process.pid && processAlive(owner)) return false
    writeFileSync(lock, String(process.pid))
  }
  if (reservedPorts.size === 0) {
    process.on('exit', () => {
      for (const p of reservedPorts) rmSync(portLock(p), { force: true })
    })
  }
  reservedPorts.add(port)
  return true
}

function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0)
    return true
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM'
  }
}

async function idOf(user: string, flag: '-u' | '-g'): Promise<number> {
  const result = await run('id', [flag, user])
  if (result.code !== 0) {
    throw new Error(
      `initdb refuses to run as root and there is no OS user "${user}" to run ` +
        `it as. Create one with: useradd --system ${user}`
    )
  }
  return Number(result.stdout.trim())
}

const SERVER_USER = 'postgres'

interface Owner {
  uid: number
  gid: number
}

/** As root: the postgres user, who runs every server program (initdb refuses root). */
async function serverOwner(): Promise<Owner | undefined> {
  if (process.getuid?.() !== 0) return undefined
  return {
    uid: await idOf(SERVER_USER, '-u'),
    gid: await idOf(SERVER_USER, '-g')
  }
}

type ServerTool = (
  tool: string,
  args: string[],
  input?: string
) => Promise<RunResult>

/** Runs bin's programs in cwd, as the postgres user when we are root. */
function serverTool(bin: string, cwd: string, asRoot: boolean): ServerTool {
  // English messages: the port-collision and locale checks read them
  const env: NodeJS.ProcessEnv = { ...clientEnv(), LC_MESSAGES: 'C' }
  delete env.LC_ALL
  return (tool, args, input) =>
    asRoot
      ? run('runuser', ['-u', SERVER_USER, '--', join(bin, tool), ...args], {
          env,
          cwd,
          input
        })
      : run(join(bin, tool), args, { env, cwd, input })
}

const versions = new Map<string, Promise<string>>()

/** server_version of bin's postgres, e.g. '15.18 (Debian 15.18-0+deb12u1)'. */
function binaryVersion(bin: string): Promise<string> {
  let version = versions.get(bin)
  if (!version) {
    version = run(join(bin, 'postgres'), ['--version']).then(result => {
      const match = /^postgres \(PostgreSQL\) (.+)$/m.exec(result.stdout)
      if (result.code !== 0 || !match) {
        throw new Error(
          `${join(bin, 'postgres')} --version failed (exit ${result.code}): ${result.stderr}${result.stdout}`
        )
      }
      return match[1].trim()
    })
    versions.set(bin, version)
    version.catch(() => versions.delete(bin))
  }
  return version
}

/** initdb into dataDir (which must not exist) with password for the superuser. */
async function initdb(
  tool: ServerTool,
  dataDir: string,
  password: string,
  pwFile: string,
  owner: Owner | undefined
): Promise<void> {
  await writeFile(pwFile, `${password}\n`, { mode: 0o600 })
  if (owner) await chown(pwFile, owner.uid, owner.gid)
  try {
    const initArgs = [
      '-D',
      dataDir,
      '-U',
      'postgres',
      '--auth-local=scram-sha-256',
      '--auth-host=scram-sha-256',
      `--pwfile=${pwFile}`,
      '-E',
      'UTF8',
      '--no-sync'
    ]
    let init = await tool('initdb', [...initArgs, '--locale=C.UTF-8'])
    // not every system has a C.UTF-8 locale (macOS, minimal images)
    if (init.code !== 0 && /locale/i.test(init.stderr)) {
      await rm(dataDir, { recursive: true, force: true })
      init = await tool('initdb', [...initArgs, '--no-locale'])
    }
    if (init.code !== 0) {
      throw new Error(
        `initdb failed (exit ${init.code}):\n${init.stderr}${init.stdout}`
      )
    }
  } finally {
    await rm(pwFile, { force: true })
  }
}

// initdb costs ~1 s; copying an initdb'ed data dir (cp -a) a third of that.
// The first server of a bin dir in a test process runs initdb itself; from
// the second on, servers copy a pristine template made once per bin dir and
// process, then set their own password in single-user mode.
const initdbCounts = new Map<string, number>()
const templates = new Map<string, Promise<string>>()
let templateRoot: Promise<string> | undefined

function templateRootDir(owner: Owner | undefined): Promise<string> {
  templateRoot ??= (async () => {
    const dir = await mkdtemp(join(tmpdir(), 'pg-dumper-templates-'))
    process.on('exit', () => rmSync(dir, { recursive: true, force: true }))
    exitOnSignals()
    if (owner) await chown(dir, owner.uid, owner.gid)
    return dir
  })()
  return templateRoot
}

function template(bin: string, owner: Owner | undefined): Promise<string> {
  let made = templates.get(bin)
  if (!made) {
    made = (async () => {
      const root = await templateRootDir(owner)
      const dir = join(root, `data-${templates.size}-${randomInt(1e9)}`)
      const tool = serverTool(bin, root, owner !== undefined)
      const password = randomBytes(16).toString('hex')
      await initdb(tool, dir, password, `${dir}.pw`, owner)
      return dir
    })()
    templates.set(bin, made)
    made.catch(() => templates.delete(bin))
  }
  return made
}

/** A fresh cluster in dataDir whose superuser "postgres" has password. */
async function createDataDir(
  bin: string,
  tool: ServerTool,
  dataDir: string,
  password: string,
  pwFile: string,
  owner: Owner | undefined
): Promise<void> {
  const count = (initdbCounts.get(bin) ?? 0) + 1
  initdbCounts.set(bin, count)
  if (count === 1) {
    await initdb(tool, dataDir, password, pwFile, owner)
    return
  }
  const source = await template(bin, owner)
  // as root, -a keeps the postgres user as owner
  const copy = await run('cp', ['-a', source, dataDir])
  if (copy.code !== 0) {
    throw new Error(`cp -a ${source} ${dataDir} failed: ${copy.stderr}`)
  }
  const single = await tool(
    'postgres',
    [
      '--single',
      '-D',
      dataDir,
      '-c',
      'exit_on_error=on',
      '-c',
      'fsync=off',
      '-c',
      'password_encryption=scram-sha-256',
      '-c',
      'log_checkpoints=off',
      'postgres'
    ],
    `ALTER ROLE postgres PASSWORD ${quoteLiteral(password)};\n`
  )
  if (single.code !== 0) {
    throw new Error(
      `setting the password in single-user mode failed (exit ${single.code}):\n${single.stderr}${single.stdout}`
    )
  }
}

/** A self-signed certificate and its key in dataDir (server.crt, server.key). */
async function makeCertificate(
  dataDir: string,
  owner: Owner | undefined
): Promise<string> {
  const crt = join(dataDir, 'server.crt')
  const key = join(dataDir, 'server.key')
  const args = [
    'req',
    '-x509',
    '-newkey',
    'ec',
    '-pkeyopt',
    'ec_paramgen_curve:prime256v1',
    '-nodes',
    '-keyout',
    key,
    '-out',
    crt,
    '-days',
    '30',
    '-subj',
    '/CN=localhost',
    '-addext',
    'subjectAltName=DNS:localhost,IP:127.0.0.1,IP:::1'
  ]
  let result: RunResult
  try {
    result = await run('openssl', args)
  } catch (error) {
    throw new Error(
      `requireTls needs the openssl command to make a certificate: ${String(error)}`,
      { cause: error }
    )
  }
  if (result.code !== 0) {
    throw new Error(
      `openssl req failed (exit ${result.code}): ${result.stderr}`
    )
  }
  // the server refuses a key that others can read
  await chmod(key, 0o600)
  if (owner) {
    for (const path of [crt, key]) await chown(path, owner.uid, owner.gid)
  }
  return crt
}

/** Starts and stops one local cluster's postmaster; serializes the two. */
class Postmaster implements Lifecycle {
  readonly #tool: ServerTool
  readonly #dataDir: string
  readonly #tempDir: string
  readonly #logFile: string
  readonly #conn: Connection
  #portFixed: boolean
  #queue: Promise<unknown> = Promise.resolve()
  #removed = false
  readonly #onExit = (): void => {
    // a test process dying without after() must not leave a server running
    try {
      const pid = Number(
        readFileSyncSafe(join(this.#dataDir, 'postmaster.pid')).split('\n')[0]
      )
      if (pid > 0) process.kill(pid, 'SIGQUIT')
    } catch {
      // already gone
    }
    rmSync(this.#tempDir, { recursive: true, force: true })
  }

  constructor(
    tool: ServerTool,
    tempDir: string,
    dataDir: string,
    logFile: string,
    conn: Connection,
    portFixed: boolean
  ) {
    this.#tool = tool
    this.#tempDir = tempDir
    this.#dataDir = dataDir
    this.#logFile = logFile
    this.#conn = conn
    this.#portFixed = portFixed
    process.on('exit', this.#onExit)
    exitOnSignals()
  }

  #serial<T>(operation: () => Promise<T>): Promise<T> {
    const result = this.#queue.then(operation)
    this.#queue = result.catch(() => {})
    return result
  }

  async #running(): Promise<boolean> {
    if (!existsSync(join(this.#dataDir, 'postmaster.pid'))) return false
    const status = await this.#tool('pg_ctl', ['status', '-D', this.#dataDir])
    return status.code === 0
  }

  start(): Promise<void> {
    return this.#serial(async () => {
      if (this.#removed) throw new Error('this server was removed by stop()')
      if (await this.#running()) return
      for (let attempt = 1; ; attempt++) {
        const logBefore = await readFile(this.#logFile, 'utf8').catch(() => '')
        const res = await this.#tool('pg_ctl', [
          'start',
          '-D',
          this.#dataDir,
          '-w',
          '-t',
          '60',
          '-l',
          this.#logFile,
          '-o',
          `-p ${this.#conn.port}`
        ])
        if (res.code === 0) {
          this.#portFixed = true
          return
        }
        const log = (await readFile(this.#logFile, 'utf8').catch(() => ''))
          .slice(logBefore.length)
          .trim()
        // the port was free when probed but another process may take it
        // first; once anyone may have seen the port it has to stay
        if (
          !this.#portFixed &&
          attempt < 5 &&
          /could not bind|already in use|could not create any TCP/i.test(log)
        ) {
          this.#conn.port = await freePort()
          continue
        }
        throw new Error(
          `PostgreSQL did not start on port ${this.#conn.port} (pg_ctl exit ${res.code}):\n${res.stderr}\n--- server log ---\n${log}`
        )
      }
    })
  }

  stopServer(mode: StopMode): Promise<void> {
    return this.#serial(async () => {
      if (this.#removed || !(await this.#running())) return
      const res = await this.#tool('pg_ctl', [
        'stop',
        '-D',
        this.#dataDir,
        '-m',
        mode,
        '-w',
        '-t',
        '60'
      ])
      if (res.code !== 0) {
        throw new Error(`pg_ctl stop exited ${res.code}: ${res.stderr}`)
      }
    })
  }

  remove(): Promise<void> {
    return this.#serial(async () => {
      if (this.#removed) return
      this.#removed = true
      process.off('exit', this.#onExit)
      try {
        if (existsSync(join(this.#dataDir, 'postmaster.pid'))) {
          const res = await this.#tool('pg_ctl', [
            'stop',
            '-D',
            this.#dataDir,
            '-m',
            'fast',
            '-w'
          ])
          if (res.code !== 0) {
            process.stderr.write(`pg_ctl stop: ${res.stderr}`)
          }
        }
      } finally {
        await rm(this.#tempDir, { recursive: true, force: true })
      }
    })
  }
}

async function startLocal(options: ServerOptions): Promise<TestServer> {
  const bin = serverBinDir(options.major)
  if (!bin) {
    throw new Error(
      options.major === undefined
        ? 'No PostgreSQL server binaries found: set PG_DUMPER_SERVER_BIN_DIR, ' +
            'install postgresql, or set PG_DUMPER_TEST_URL to use an existing server'
        : `No PostgreSQL ${options.major} server binaries: neither ` +
            `${SYSTEM_ROOT}/${options.major}/bin nor node_modules/pg-server-${options.major} ` +
            `(available: ${AVAILABLE_MAJORS.join(', ') || 'none'})`
    )
  }
  const version = await binaryVersion(bin)
  if (options.major !== undefined && majorOf(version) !== options.major) {
    throw new Error(`${bin} holds PostgreSQL ${version}, not ${options.major}`)
  }
  const owner = await serverOwner()

  const tempDir = await mkdtemp(join(tmpdir(), 'pg-dumper-test-'))
  const dataDir = join(tempDir, 'data')
  const socketDir = join(tempDir, 'socket')
  const logFile = join(tempDir, 'server.log')
  // random, plus the characters that break naive URI and conninfo building
  const password = `${randomBytes(12).toString('hex')}-p@ss:w/rd?#%& 'q"\\$`
  const tool = serverTool(bin, tempDir, owner !== undefined)
  const tls = options.requireTls === true

  const conn: Connection = {
    host: '127.0.0.1',
    port: 0,
    user: 'postgres',
    password,
    maintenanceDb: 'postgres',
    params: tls ? [['sslmode', 'require']] : []
  }
  const postmaster = new Postmaster(
    tool,
    tempDir,
    dataDir,
    logFile,
    conn,
    options.deferStart === true
  )

  try {
    await mkdir(socketDir, { mode: 0o700 })
    if (owner) {
      for (const path of [tempDir, socketDir]) {
        await chown(path, owner.uid, owner.gid)
      }
    }
    await createDataDir(
      bin,
      tool,
      dataDir,
      password,
      join(tempDir, 'pwfile'),
      owner
    )

    const settings: Record<string, string> = {
      listen_addresses: '127.0.0.1',
      unix_socket_directories: socketDir,
      max_connections: '50',
      shared_buffers: '32MB',
      // durability is worthless for a throwaway cluster; speed is not
      fsync: 'off',
      synchronous_commit: 'off',
      full_page_writes: 'off',
      wal_level: 'minimal',
      max_wal_senders: '0',
      log_min_messages: 'warning'
    }
    let tlsCertificate: string | undefined
    if (tls) {
      tlsCertificate = await makeCertificate(dataDir, owner)
      settings.ssl = 'on'
      settings.ssl_cert_file = 'server.crt'
      settings.ssl_key_file = 'server.key'
      // TCP with TLS only: no local (socket) lines, no plain host lines
      await writeFile(
        join(dataDir, 'pg_hba.conf'),
        '# requireTls: TLS connections only\n' +
          'hostssl all all 127.0.0.1/32 scram-sha-256\n' +
          'hostssl all all ::1/128 scram-sha-256\n'
      )
    }
    const conf = Object.entries(settings)
      .map(([k, v]) => `${k} = '${v.replace(/'/g, "''")}'`)
      .join('\n')
    await appendFile(join(dataDir, 'postgresql.conf'), `\n${conf}\n`)

    conn.port = await freePort()
    const cluster = new Cluster(
      conn,
      { dataDir, logFile, tlsCertificate, version, tls },
      postmaster
    )
    if (!options.deferStart) await postmaster.start()
    return cluster
  } catch (error) {
    await postmaster.remove()
    throw error
  }
}

function readFileSyncSafe(path: string): string {
  try {
    return readFileSync(path, 'utf8')
  } catch {
    return ''
  }
}

/**
 * Starts a private server, or connects to PG_DUMPER_TEST_URL when that is set
 * (then major, requireTls and deferStart cannot be honoured: it throws — skip
 * such tests when EXTERNAL).
 */
export async function startServer(
  options: ServerOptions = {}
): Promise<TestServer> {
  const url = process.env.PG_DUMPER_TEST_URL
  if (!url) return startLocal(options)
  const unsupported = [
    options.major !== undefined && `major: ${options.major}`,
    options.requireTls && 'requireTls',
    options.deferStart && 'deferStart'
  ].filter(Boolean)
  if (unsupported.length > 0) {
    throw new Error(
      `startServer({ ${unsupported.join(', ')} }) needs a local server, but ` +
        'PG_DUMPER_TEST_URL names an external one: skip this test when EXTERNAL'
    )
  }
  return Cluster.connect(parseTestUrl(url))
}

let signalsHandled = false
/**
 * Ctrl-C or a runner's SIGTERM does not fire 'exit' by itself: turn them into
 * an exit so every server's exit hook stops it and removes its data dir.
 */
function exitOnSignals(): void {
  if (signalsHandled) return
  signalsHandled = true
  process.once('SIGINT', () => process.exit(130))
  process.once('SIGTERM', () => process.exit(143))
}
