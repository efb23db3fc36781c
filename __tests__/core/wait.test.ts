// Waiting for the server before anything else, and telling apart why a
// connection fails: refused or unknown host (waited for), authentication,
// a missing database and TLS (reported at once).
import assert from 'node:assert/strict'
import { mkdtemp, readdir, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { after, before, describe, test } from 'node:test'
import { setTimeout as sleep } from 'node:timers/promises'
import { Dumper } from '../../src/core/dumper.ts'
import { PgDumpFailed } from '../../src/core/errors.ts'
import { captureLogger } from '../../test-support/capture-logger.ts'
import { runAction } from '../../test-support/run-action.ts'
import {
  clientBinDir,
  EXTERNAL,
  startServer,
  type TestServer
} from '../../test-support/pg-server.ts'

const skip = EXTERNAL
  ? 'needs servers started, stopped and configured here'
  : false
let dir: string
let plain: TestServer
let tls: TestServer
let db: string

before(async () => {
  if (skip) return
  dir = await mkdtemp(join(tmpdir(), 'pg-dumper-wait-'))
  ;[plain, tls] = await Promise.all([
    startServer(),
    startServer({ requireTls: true })
  ])
  db = await plain.createDatabase('wait')
})
after(async () => {
  await Promise.all([plain?.stop(), tls?.stop()])
  if (dir) await rm(dir, { recursive: true, force: true })
})

const dumpWith = (connection: string, waitTimeoutMs: number) => {
  const logger = captureLogger()
  const dumper = new Dumper({
    connection,
    pgBinDir: clientBinDir(),
    waitTimeoutMs,
    logger
  })
  return {
    logger,
    dumping: dumper.dump({ file: join(dir, `d-${Math.random()}.dump`) })
  }
}

async function failure(connection: string, waitTimeoutMs: number) {
  const started = performance.now()
  const { dumping } = dumpWith(connection, waitTimeoutMs)
  const error = await dumping.then(
    () => assert.fail('the dump should fail'),
    (e: unknown) => e
  )
  assert.ok(error instanceof PgDumpFailed, String(error))
  return { message: error.message, ms: performance.now() - started }
}

describe('waiting for the server', { skip }, () => {
  test('a server started a few seconds after the action begins is waited for', async () => {
    const late = await startServer({ deferStart: true })
    try {
      const cwd = await mkdtemp(join(dir, 'ws-'))
      const stepping = runAction(
        { mode: 'dump', connection: late.uri(), 'wait-timeout': '30' },
        { cwd }
      )
      await sleep(3000)
      await late.start()
      const run = await stepping
      assert.equal(run.exitCode, 0, run.stdout)
      assert.match(
        run.stdout,
        new RegExp(
          `Waiting up to 30 s for 127\\.0\\.0\\.1:${late.port} to accept connections \\(not reachable yet\\)`
        )
      )
      assert.match(run.stdout, /accepts connections after \d+\.\d s/)
      assert.ok(Number(run.outputs.size) > 0)
    } finally {
      await late.stop()
    }
  })

  test('with pg-bin-dir, pg_dump started beside the check is run again once the server accepts', async t => {
    const binDir = clientBinDir()
    if (!binDir) return t.skip('no PostgreSQL client found')
    const late = await startServer({ deferStart: true })
    try {
      const cwd = await mkdtemp(join(dir, 'ws-'))
      const stepping = runAction(
        {
          mode: 'dump',
          connection: late.uri(),
          'wait-timeout': '30',
          'pg-bin-dir': binDir
        },
        { cwd }
      )
      await sleep(2000)
      await late.start()
      const run = await stepping
      assert.equal(run.exitCode, 0, run.stdout)
      assert.match(
        run.stdout,
        /pg_dump started before the server accepted connections: dumping again/
      )
      assert.ok(Number(run.outputs.size) > 0)
    } finally {
      await late.stop()
    }
  })

  test('a server never started fails after the timeout, naming host and port', async () => {
    const never = await startServer({ deferStart: true })
    try {
      const { message, ms } = await failure(never.conninfo(), 2000)
      assert.ok(ms >= 1500 && ms < 8000, `took ${ms} ms`)
      assert.match(
        message,
        new RegExp(
          `\\(waited [12]\\.\\d s\\): the server at 127\\.0\\.0\\.1:${never.port} is not accepting connections \\(connection refused, or the host is unknown\\)`
        )
      )
      assert.match(message, /Connection refused/)
      assert.deepEqual(
        (await readdir(dir)).filter(f => f.endsWith('.partial')),
        []
      )
    } finally {
      await never.stop()
    }
  })
})

describe('connection failures told apart', { skip }, () => {
  // generous timeouts: only the transient cases may use them
  const cases: {
    name: string
    connection: () => string
    timeoutMs: number
    message: RegExp
    quick: boolean
  }[] = [
    {
      name: 'connection refused',
      connection: () => `host=127.0.0.1 port=1 user=x dbname=y`,
      timeoutMs: 0,
      message:
        /the server at 127\.0\.0\.1:1 is not accepting connections \(connection refused, or the host is unknown\)/,
      quick: true
    },
    {
      name: 'an unknown host, waited for and then named',
      connection: () => `host=no-such-host.invalid user=x dbname=y`,
      timeoutMs: 1500,
      message:
        /the server at no-such-host\.invalid is not accepting connections[\s\S]*could not translate host name "no-such-host\.invalid"/,
      quick: false
    },
    {
      name: 'authentication failed, at once',
      connection: () => `${plain.conninfoNoPassword(db)} password=wrong`,
      timeoutMs: 20_000,
      message:
        /the server at 127\.0\.0\.1:\d+ refused the credentials\. Check the user and password[\s\S]*password authentication failed for user/,
      quick: true
    },
    {
      name: 'a database that does not exist, at once',
      connection: () => plain.conninfo('no_such_db'),
      timeoutMs: 20_000,
      message:
        /the database does not exist on the server at 127\.0\.0\.1:\d+\. Create it first[\s\S]*database "no_such_db" does not exist/,
      quick: true
    },
    {
      name: 'a server that requires TLS, at once',
      connection: () =>
        `${tls.conninfoNoPassword('postgres').replace(/ ?sslmode=\S+/, '')} sslmode=disable password='${tls.password.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`,
      timeoutMs: 20_000,
      message:
        /disagree about TLS: if the server requires it, add sslmode=require[\s\S]*no encryption/,
      quick: true
    },
    {
      name: 'a connection that requires TLS from a server without it, at once',
      connection: () => `${plain.conninfo(db)} sslmode=require`,
      timeoutMs: 20_000,
      message:
        /disagree about TLS[\s\S]*server does not support SSL, but SSL was required/,
      quick: true
    }
  ]
  for (const c of cases) {
    test(c.name, async () => {
      const { message, ms } = await failure(c.connection(), c.timeoutMs)
      assert.match(message, c.message)
      if (c.quick) assert.ok(ms < 5000, `gave up after ${ms} ms, not at once`)
      assert.ok(
        !message.includes(plain.password) && !message.includes(tls.password)
      )
    })
  }

  test('TLS works when asked for', async () => {
    const { dumping } = dumpWith(tls.conninfo('postgres'), 0)
    const result = await dumping
    assert.ok(result.size > 0)
  })
})
