// startServer(): a private local cluster configured for speed (and TLS when
// asked), or the external server PG_DUMPER_TEST_URL names.
import { randomBytes } from 'node:crypto'
import { appendFile, chown, mkdir, mkdtemp, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import {
  AVAILABLE_MAJORS,
  binaryVersion,
  majorOf,
  serverBinDir,
  SYSTEM_ROOT
} from './binaries.ts'
import { makeCertificate } from './certificate.ts'
import { Cluster } from './cluster.ts'
import { parseTestUrl, type Connection } from './connection.ts'
import { createDataDir } from './data-dir.ts'
import { freePort } from './ports.ts'
import { Postmaster } from './postmaster.ts'
import { runnableBin } from './server-copy.ts'
import { serverOwner, serverTool } from './server-tool.ts'
import { ensurePostgres } from './setup.ts'
import type { ServerOptions, TestServer } from './test-server.ts'

async function startLocal(options: ServerOptions): Promise<TestServer> {
  const found = serverBinDir(options.major)
  if (!found) {
    throw new Error(
      options.major === undefined
        ? 'No PostgreSQL server binaries found: set PG_DUMPER_SERVER_BIN_DIR, ' +
            'install postgresql, or set PG_DUMPER_TEST_URL to use an existing server'
        : `No PostgreSQL ${options.major} server binaries: neither ` +
            `${SYSTEM_ROOT}/${options.major}/bin nor an installed node_modules/pg-server-${options.major} ` +
            `(available: ${AVAILABLE_MAJORS.join(', ') || 'none'})`
    )
  }
  const version = await binaryVersion(found)
  if (options.major !== undefined && majorOf(version) !== options.major) {
    throw new Error(
      `${found} holds PostgreSQL ${version}, not ${options.major}`
    )
  }
  const owner = await serverOwner()
  const bin = await runnableBin(found, owner)

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

/**
 * Checks the set-up first (ensurePostgres(): server binaries, the client
 * tools, installed with apt when missing and possible; else it rejects with
 * the command to run). Then starts a private server, or connects to
 * PG_DUMPER_TEST_URL when that is set
 * (then major, requireTls and deferStart cannot be honoured: it throws — skip
 * such tests when EXTERNAL).
 */
export async function startServer(
  options: ServerOptions = {}
): Promise<TestServer> {
  const url = process.env.PG_DUMPER_TEST_URL
  if (!url) {
    // fails at once, naming the command to run, when this machine lacks PostgreSQL
    await ensurePostgres()
    return startLocal(options)
  }
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
  await ensurePostgres()
  return Cluster.connect(parseTestUrl(url))
}
