// A client given as a folder (pg-bin-dir, --pg-bin-dir) is asked its
// version once a run, starting when the probe is handed out (beside the
// connection check); a client that reports none fails where it is chosen.
import assert from 'node:assert/strict'
import { execFileSync } from 'node:child_process'
import {
  chmod,
  copyFile,
  mkdir,
  mkdtemp,
  readFile,
  rm,
  writeFile
} from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { after, before, test } from 'node:test'
import { versionInBinary } from '../../src/core/client/binary-version.ts'
import { ClientResolver } from '../../src/core/client/resolver.ts'
import { ToolNotRunnable } from '../../src/core/process/runner.ts'
import { coreWording } from '../../src/core/wording.ts'
import { parseVersion } from '../../src/core/versions.ts'
import { captureLogger } from '../../test-support/capture-logger.ts'
import { installedClients } from '../../test-support/pg-server/clients.ts'

let root: string
before(async () => {
  root = await mkdtemp(join(tmpdir(), 'pg-dumper-given-client-'))
})
after(() => rm(root, { recursive: true, force: true }))

/** A folder of the three tools; pg_dump notes each run in `calls`. */
async function fakeClient(name: string, version: string): Promise<string> {
  const bin = join(root, name)
  await mkdir(bin)
  for (const tool of ['pg_dump', 'pg_restore', 'psql']) {
    const say = version ? `echo '${tool} (PostgreSQL) ${version}'` : 'exit 1'
    const note = tool === 'pg_dump' ? `echo x >> '${join(bin, 'calls')}'\n` : ''
    await writeFile(join(bin, tool), `#!/bin/sh\n${note}${say}\n`)
    await chmod(join(bin, tool), 0o755)
  }
  return bin
}

const resolver = (binDir: string) =>
  new ClientResolver({ binDir, install: 'never' }, captureLogger(), coreWording)
const need = { major: 15, why: 'the server (15.4)', tool: 'pg_dump' as const }

test('a given client is asked its version once, however many jobs choose it', async () => {
  const bin = await fakeClient('current', '16.10')
  const clients = resolver(bin)
  assert.equal(await clients.probeClient(), bin)
  assert.equal((await clients.resolve(need)).version?.text, '16.10')
  const restore = { ...need, tool: 'pg_restore' as const }
  assert.equal((await clients.resolve(restore)).version?.text, '16.10')
  const calls = await readFile(join(bin, 'calls'), 'utf8')
  assert.equal(calls.trim().split('\n').length, 1)
})

test('a given client that reports no version fails where it is chosen, not at the probe', async () => {
  const bin = await fakeClient('broken', '')
  const clients = resolver(bin)
  assert.equal(await clients.probeClient(), bin)
  await assert.rejects(
    clients.resolve(need),
    (error: unknown) =>
      error instanceof ToolNotRunnable &&
      /pg_dump --version exited 1/.test(error.message)
  )
})

/** A file that starts as an ELF executable does, holding `text`. */
async function fakeBinary(name: string, text: string): Promise<string> {
  const file = join(root, name)
  const body = Buffer.concat([
    Buffer.from([0x7f, 0x45, 0x4c, 0x46, 2, 1, 1, 0]),
    Buffer.alloc(4096),
    Buffer.from(text, 'latin1')
  ])
  await writeFile(file, body)
  return file
}

test("a native pg_dump's version is read from its file, as --version prints it", async t => {
  const real = installedClients()[0]
  if (!real) return t.skip('no PostgreSQL client installed')
  const pgDump = join(real.bin, 'pg_dump')
  const printed = execFileSync(pgDump, ['--version'], { encoding: 'utf8' })
  assert.deepEqual(await versionInBinary(pgDump), parseVersion(printed.trim()))
  assert.ok(await versionInBinary(pgDump))
})

test('what is not a native pg_dump holding its line once is asked instead', async () => {
  const script = join(await fakeClient('script', '16.10'), 'pg_dump')
  assert.equal(await versionInBinary(script), undefined, 'a script')
  assert.equal(await versionInBinary(process.execPath), undefined, 'no line')
  const line = 'pg_dump (PostgreSQL) 17.2 (Debian 17.2-1)\0'
  assert.deepEqual(await versionInBinary(await fakeBinary('one', line)), {
    major: 17,
    minor: 2,
    text: '17.2'
  })
  const twice = await fakeBinary('twice', line + line.replace('17', '18'))
  assert.equal(await versionInBinary(twice), undefined, 'two lines')
  const open = await fakeBinary('open', 'pg_dump (PostgreSQL) 17.2')
  assert.equal(await versionInBinary(open), undefined, 'no end')
  assert.equal(await versionInBinary(join(root, 'absent')), undefined)
})

test('a given native client is not run to learn its version', async t => {
  const real = installedClients()[0]
  if (!real) return t.skip('no PostgreSQL client installed')
  const bin = join(root, 'native')
  await mkdir(bin)
  for (const tool of ['pg_restore', 'psql'])
    await copyFile(join(real.bin, tool), join(bin, tool))
  // pg_dump's bytes for a machine no kernel runs: asked, it would fail
  const bytes = await readFile(join(real.bin, 'pg_dump'))
  bytes.writeUInt16LE(0xfffe, 18) // e_machine: none this kernel runs
  await writeFile(join(bin, 'pg_dump'), bytes, { mode: 0o755 })
  assert.throws(() =>
    execFileSync(join(bin, 'pg_dump'), ['--version'], { stdio: 'ignore' })
  )
  const given = await resolver(bin).given()
  assert.equal(given?.binDir, bin)
  assert.equal(given?.version?.major, real.major)
})
