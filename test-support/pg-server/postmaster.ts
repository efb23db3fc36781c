// One local cluster's postmaster, started and stopped with pg_ctl; stopped
// and removed when the test process exits without after().
import { existsSync, rmSync } from 'node:fs'
import { readFile, rm } from 'node:fs/promises'
import { join } from 'node:path'
import type { Lifecycle } from './cluster.ts'
import type { Connection } from './connection.ts'
import {
  exitOnSignals,
  processRunning,
  readFileSyncSafe
} from './os-helpers.ts'
import { freePort } from './ports.ts'
import type { ServerTool } from './server-tool.ts'
import type { StopMode } from './test-server.ts'

/** Starts and stops one local cluster's postmaster; serializes the two. */
export class Postmaster implements Lifecycle {
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
    const pid = Number(
      readFileSyncSafe(join(this.#dataDir, 'postmaster.pid')).split('\n')[0]
    )
    try {
      if (pid > 0) process.kill(pid, 'SIGQUIT')
    } catch {
      // already gone
    }
    // 'exit' cannot await: wait here, or the postmaster, still writing in
    // its data dir as it goes, leaves behind what rmSync just removed
    const until = Date.now() + 10_000
    while (pid > 0 && processRunning(pid) && Date.now() < until) {
      Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 20)
    }
    rmSync(this.#tempDir, {
      recursive: true,
      force: true,
      maxRetries: 5,
      retryDelay: 50
    })
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
