// A throwaway PostgreSQL server for tests: a private local cluster in a temp
// dir, or an existing server named by PG_DUMPER_TEST_URL (e.g. a CI service).
import { spawn } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import {
  accessSync,
  constants,
  existsSync,
  readdirSync,
  readFileSync,
  rmSync
} from 'node:fs'
import {
  appendFile,
  chown,
  mkdir,
  mkdtemp,
  readFile,
  rm,
  writeFile
} from 'node:fs/promises'
import { createServer } from 'node:net'
import { tmpdir } from 'node:os'
import { delimiter, join } from 'node:path'

export interface TestServer {
  readonly host: string
  readonly port: number
  /** superuser name */
  readonly user: string
  /** superuser password; host connections require it (scram-sha-256) */
  readonly password: string
  /** true when PG_DUMPER_TEST_URL was used */
  readonly external: boolean
  /** the cluster's data directory (PGDATA); undefined when external */
  readonly dataDir: string | undefined
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
  /** stops the server and removes its temp dir (external: drops created databases) */
  stop(): Promise<void>
}

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

/** PG_DUMPER_SERVER_BIN_DIR, else the highest /usr/lib/postgresql/N/bin with initdb, else PATH's. */
function serverBinDir(): string | undefined {
  const fromEnv = process.env.PG_DUMPER_SERVER_BIN_DIR
  if (fromEnv) return fromEnv
  const root = '/usr/lib/postgresql'
  if (existsSync(root)) {
    const majors = readdirSync(root)
      .filter(name => /^\d+(\.\d+)?$/.test(name))
      .sort((a, b) => Number(b) - Number(a))
    for (const major of majors) {
      const bin = join(root, major, 'bin')
      if (isExecutable(join(bin, 'initdb'))) return bin
    }
  }
  for (const dir of (process.env.PATH ?? '').split(delimiter)) {
    if (dir && isExecutable(join(dir, 'initdb'))) return dir
  }
  return undefined
}

/**
 * Directory holding pg_dump/pg_restore/psql for tests: PG_DUMPER_TEST_BIN_DIR,
 * else the local server's bin dir when it has pg_dump, else undefined (PATH).
 */
export function clientBinDir(): string | undefined {
  const fromEnv = process.env.PG_DUMPER_TEST_BIN_DIR
  if (fromEnv) return fromEnv
  // an external server's version is unknown, so the local binaries are no better than PATH
  if (process.env.PG_DUMPER_TEST_URL) return undefined
  const bin = serverBinDir()
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

class Cluster implements TestServer {
  readonly host: string
  readonly port: number
  readonly user: string
  readonly password: string
  readonly external: boolean
  readonly dataDir: string | undefined
  readonly #conn: Connection
  readonly #created = new Set<string>()
  readonly #shutdown: () => Promise<void>
  #major: number | undefined
  #stopped = false

  constructor(
    conn: Connection,
    dataDir: string | undefined,
    shutdown: () => Promise<void>
  ) {
    this.#conn = conn
    this.host = conn.host
    this.port = conn.port
    this.user = conn.user
    this.password = conn.password
    this.external = dataDir === undefined
    this.dataDir = dataDir
    this.#shutdown = shutdown
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

  async major(): Promise<number> {
    if (this.#major === undefined) {
      const num = await this.psql(
        this.#conn.maintenanceDb,
        'SHOW server_version_num'
      )
      this.#major = Math.floor(Number(num) / 10000)
    }
    return this.#major
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

  async stop(): Promise<void> {
    if (this.#stopped) return
    this.#stopped = true
    if (this.external) {
      for (const name of [...this.#created]) await this.dropDatabase(name)
    }
    await this.#shutdown()
  }
}

/** A loopback port nobody listens on right now. */
function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer()
    server.unref()
    server.on('error', reject)
    server.listen(0, '127.0.0.1', () => {
      const address = server.address()
      const port = typeof address === 'object' && address ? address.port : 0
      server.close(() => resolve(port))
    })
  })
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

async function startLocal(): Promise<TestServer> {
  const bin = serverBinDir()
  if (!bin) {
    throw new Error(
      'No PostgreSQL server binaries found: set PG_DUMPER_SERVER_BIN_DIR, ' +
        'install postgresql, or set PG_DUMPER_TEST_URL to use an existing server'
    )
  }
  const asRoot = process.getuid?.() === 0
  const owner = asRoot
    ? {
        uid: await idOf(SERVER_USER, '-u'),
        gid: await idOf(SERVER_USER, '-g')
      }
    : undefined

  const tempDir = await mkdtemp(join(tmpdir(), 'pg-dumper-test-'))
  const dataDir = join(tempDir, 'data')
  const socketDir = join(tempDir, 'socket')
  const logFile = join(tempDir, 'server.log')
  const pwFile = join(tempDir, 'pwfile')
  // random, plus the characters that break naive URI and conninfo building
  const password = `${randomBytes(12).toString('hex')}-p@ss:w/rd?#%& 'q"\\$`
  // English messages: the port-collision and locale checks below read them
  const env: NodeJS.ProcessEnv = { ...clientEnv(), LC_MESSAGES: 'C' }
  delete env.LC_ALL

  // as root, every server program runs as the postgres user (initdb refuses root)
  const server = (tool: string, args: string[]): Promise<RunResult> =>
    asRoot
      ? run('runuser', ['-u', SERVER_USER, '--', join(bin, tool), ...args], {
          env,
          cwd: tempDir
        })
      : run(join(bin, tool), args, { env, cwd: tempDir })

  let started = false
  const cleanup = async (): Promise<void> => {
    process.off('exit', onExit)
    try {
      if (started) {
        const res = await server('pg_ctl', [
          'stop',
          '-D',
          dataDir,
          '-m',
          'fast',
          '-w'
        ])
        if (res.code !== 0) process.stderr.write(`pg_ctl stop: ${res.stderr}`)
      }
    } finally {
      await rm(tempDir, { recursive: true, force: true })
    }
  }
  // a test process dying without after() must not leave a server running
  const onExit = (): void => {
    try {
      const pid = Number(
        readFileSyncSafe(join(dataDir, 'postmaster.pid')).split('\n')[0]
      )
      if (pid > 0) process.kill(pid, 'SIGQUIT')
    } catch {
      // already gone
    }
    rmSync(tempDir, { recursive: true, force: true })
  }
  process.on('exit', onExit)
  exitOnSignals()

  try {
    await writeFile(pwFile, `${password}\n`, { mode: 0o600 })
    await mkdir(socketDir, { mode: 0o700 })
    if (owner) {
      for (const path of [tempDir, socketDir, pwFile]) {
        await chown(path, owner.uid, owner.gid)
      }
    }

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
    let init = await server('initdb', [...initArgs, '--locale=C.UTF-8'])
    // not every system has a C.UTF-8 locale (macOS, minimal images)
    if (init.code !== 0 && /locale/i.test(init.stderr)) {
      await rm(dataDir, { recursive: true, force: true })
      init = await server('initdb', [...initArgs, '--no-locale'])
    }
    if (init.code !== 0) {
      throw new Error(
        `initdb failed (exit ${init.code}):\n${init.stderr}${init.stdout}`
      )
    }
    await rm(pwFile, { force: true })

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
    const conf = Object.entries(settings)
      .map(([k, v]) => `${k} = '${v.replace(/'/g, "''")}'`)
      .join('\n')
    await appendFile(join(dataDir, 'postgresql.conf'), `\n${conf}\n`)

    // the port was free when probed but another process may take it first
    let port = 0
    for (let attempt = 1; ; attempt++) {
      port = await freePort()
      await rm(logFile, { force: true })
      const res = await server('pg_ctl', [
        'start',
        '-D',
        dataDir,
        '-w',
        '-t',
        '60',
        '-l',
        logFile,
        '-o',
        `-p ${port}`
      ])
      if (res.code === 0) break
      const log = await readFile(logFile, 'utf8').catch(() => '')
      if (
        attempt < 5 &&
        /could not bind|already in use|could not create any TCP/i.test(log)
      ) {
        continue
      }
      throw new Error(
        `PostgreSQL did not start (pg_ctl exit ${res.code}):\n${res.stderr}\n--- server log ---\n${log}`
      )
    }
    started = true

    const conn: Connection = {
      host: '127.0.0.1',
      port,
      user: 'postgres',
      password,
      maintenanceDb: 'postgres',
      params: []
    }
    return new Cluster(conn, dataDir, cleanup)
  } catch (error) {
    await cleanup()
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

/** Starts a private server, or connects to PG_DUMPER_TEST_URL when that is set. */
export async function startServer(): Promise<TestServer> {
  const url = process.env.PG_DUMPER_TEST_URL
  if (!url) return startLocal()
  const server = new Cluster(parseTestUrl(url), undefined, async () => {})
  // fail early and clearly when the URL is wrong
  await server.major()
  return server
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
