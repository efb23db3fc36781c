// Two dumps to one target at once (#19, point 11): the second fails at once,
// naming the file, and leaves nothing; the first finishes and its outputs
// describe the file on disk. A lock a killed run left is taken over. The
// bundle and the CLI run as users run them, on a real server; the first dump
// is held in pg_dump by a session that locks the table.
import assert from 'node:assert/strict'
import { spawn } from 'node:child_process'
import { once } from 'node:events'
import {
  mkdtemp,
  readdir,
  readFile,
  rm,
  utimes,
  writeFile
} from 'node:fs/promises'
import { hostname, tmpdir } from 'node:os'
import { join } from 'node:path'
import { after, before, describe, test } from 'node:test'
import { fileDigest } from '../../src/core/archive/digest.ts'
import {
  blockedBackend,
  HoldingSession,
  startAction,
  waitFor
} from '../../test-support/faults.ts'
import {
  clientBinDir,
  startServer,
  type TestServer
} from '../../test-support/pg-server.ts'
import {
  errorLine,
  pgBinDirInput,
  runAction,
  runCli
} from '../../test-support/run-action.ts'

const DB = 'shop'

let server: TestServer
let dir: string

before(async () => {
  server = await startServer()
  dir = await mkdtemp(join(tmpdir(), 'pg-dumper-concurrent-'))
  await server.psql('postgres', `CREATE DATABASE ${DB}`)
  await server.psql(
    DB,
    'CREATE TABLE t(id int PRIMARY KEY, note text); INSERT INTO t SELECT g, md5(g::text) FROM generate_series(1, 2000) g'
  )
})
after(async () => {
  await server?.stop()
  await rm(dir, { recursive: true, force: true })
})

const inputs = (file: string, format: string) => ({
  ...pgBinDirInput(),
  mode: 'dump',
  connection: server.uri(DB),
  file,
  format
})

/** The lock beside `file` in `cwd`, as JSON. */
const lockOf = async (cwd: string, file: string) =>
  JSON.parse(await readFile(join(cwd, `.${file}.lock`), 'utf8')) as {
    pid: number
    host: string
  }

describe('two dumps to one target at once', () => {
  for (const [format, file] of [
    ['custom', 'app.dump'],
    ['directory', 'app.dir']
  ]) {
    test(`${format}: the second fails naming the file and leaves nothing; the first's outputs describe what is on disk`, async () => {
      const cwd = await mkdtemp(join(dir, `${format}-`))
      const target = join(cwd, file)
      const holding = await HoldingSession.hold(
        server,
        DB,
        'BEGIN; LOCK TABLE t IN ACCESS EXCLUSIVE MODE;'
      )
      let first: Awaited<ReturnType<typeof startAction>> | undefined
      try {
        first = await startAction(inputs(file, format), { cwd })
        await waitFor('the first pg_dump to wait for the table', () =>
          blockedBackend(server, 'pg_dump', DB)
        )
        const before = (await readdir(cwd)).sort()
        assert.equal((await lockOf(cwd, file)).pid, first.pid)

        const second = await runAction(inputs(file, format), { cwd })
        assert.equal(second.exitCode, 1, second.stdout)
        assert.match(
          errorLine(second),
          new RegExp(
            `^::error::PgDumpCommandError: Cannot dump to ${target}: another dump is writing it \\(process ${first.pid} on `
          )
        )
        assert.equal(second.outputs.sha256 ?? '', '')
        const bin = clientBinDir()
        const cli = await runCli(
          [
            '-p',
            server.uri(DB),
            ...(bin ? ['--pg-bin-dir', bin] : []),
            'dump',
            file,
            '--format',
            format
          ],
          { cwd }
        )
        assert.notEqual(cli.exitCode, 0, cli.stdout)
        assert.match(
          cli.stderr,
          new RegExp(`Cannot dump to ${target}: another dump is writing it`)
        )
        // nothing of theirs: the first's lock and partial, as they were
        assert.deepEqual((await readdir(cwd)).sort(), before)
        assert.equal((await lockOf(cwd, file)).pid, first.pid)
      } finally {
        await holding.close()
      }
      const done = await first.finished
      assert.equal(done.exitCode, 0, done.stdout)
      assert.deepEqual(await readdir(cwd), [file])
      const onDisk = await fileDigest(target)
      assert.equal(done.outputs.sha256, onDisk.sha256)
      assert.equal(Number(done.outputs.size), onDisk.size)
    })
  }
})

test('a cancelled dump removes its lock with its partial file: the next dump to the target runs', async () => {
  const cwd = await mkdtemp(join(dir, 'cancelled-'))
  const holding = await HoldingSession.hold(
    server,
    DB,
    'BEGIN; LOCK TABLE t IN ACCESS EXCLUSIVE MODE;'
  )
  try {
    const first = await startAction(inputs('app.dump', 'custom'), { cwd })
    await waitFor('the first pg_dump to wait for the table', () =>
      blockedBackend(server, 'pg_dump', DB)
    )
    assert.equal((await lockOf(cwd, 'app.dump')).pid, first.pid)
    first.child.kill('SIGTERM')
    const cancelled = await first.finished
    assert.notEqual(cancelled.exitCode, 0)
    assert.match(errorLine(cancelled), /OperationCancelled/)
    assert.deepEqual(await readdir(cwd), [])
  } finally {
    await holding.close()
  }
  const next = await runAction(inputs('app.dump', 'custom'), { cwd })
  assert.equal(next.exitCode, 0, next.stdout)
  assert.doesNotMatch(next.stdout, /Removed the lock/)
  assert.deepEqual(await readdir(cwd), ['app.dump'])
})

test('a dump that fails leaves neither its lock nor the folders it made for the target', async () => {
  const cwd = await mkdtemp(join(dir, 'failed-'))
  const run = await runAction(
    { ...inputs('new/deeper/app.dump', 'custom'), schemas: 'no_such_schema' },
    { cwd }
  )
  assert.equal(run.exitCode, 1, run.stdout)
  assert.deepEqual(await readdir(cwd), [])
})

describe('a lock left by a run that was killed', () => {
  /** A process id that no longer runs. */
  async function deadPid(): Promise<number> {
    const child = spawn('true')
    await once(child, 'exit')
    return child.pid as number
  }

  const cases: {
    name: string
    holder: () => Promise<{ pid: number; host: string }>
    ageMs: number
    taken: boolean
  }[] = [
    {
      name: 'its process gone: taken over, with a warning',
      holder: async () => ({ pid: await deadPid(), host: hostname() }),
      ageMs: 0,
      taken: true
    },
    {
      name: 'of another machine, not refreshed for two minutes: taken over',
      holder: () => Promise.resolve({ pid: process.pid, host: 'elsewhere' }),
      ageMs: 120_000,
      taken: true
    },
    {
      name: 'of another machine, refreshed just now: the dump fails, naming the lock',
      holder: () => Promise.resolve({ pid: process.pid, host: 'elsewhere' }),
      ageMs: 0,
      taken: false
    },
    {
      name: 'of a process that runs here, refreshed just now: the dump fails',
      holder: () => Promise.resolve({ pid: process.pid, host: hostname() }),
      ageMs: 0,
      taken: false
    }
  ]
  for (const c of cases) {
    test(c.name, async () => {
      const cwd = await mkdtemp(join(dir, 'stale-'))
      const lock = join(cwd, '.app.dump.lock')
      const content = JSON.stringify({
        ...(await c.holder()),
        since: new Date().toISOString(),
        token: 'earlier'
      })
      await writeFile(lock, content)
      const then = new Date(Date.now() - c.ageMs)
      await utimes(lock, then, then)
      const run = await runAction(inputs('app.dump', 'custom'), { cwd })
      if (c.taken) {
        assert.equal(run.exitCode, 0, run.stdout)
        assert.match(
          run.stdout,
          new RegExp(`::warning::Removed the lock ${lock} of an earlier dump`)
        )
        assert.deepEqual(await readdir(cwd), ['app.dump'])
        const onDisk = await fileDigest(join(cwd, 'app.dump'))
        assert.equal(run.outputs.sha256, onDisk.sha256)
      } else {
        assert.equal(run.exitCode, 1, run.stdout)
        assert.match(
          errorLine(run),
          new RegExp(`another dump is writing it .*remove its lock ${lock}`)
        )
        assert.deepEqual(await readdir(cwd), ['.app.dump.lock'])
        assert.equal(await readFile(lock, 'utf8'), content)
      }
    })
  }
})
