// A client given as a folder (pg-bin-dir, --pg-bin-dir) is asked its
// version once a run, starting when the probe is handed out (beside the
// connection check); a client that reports none fails where it is chosen.
import assert from 'node:assert/strict'
import {
  chmod,
  mkdir,
  mkdtemp,
  readFile,
  rm,
  writeFile
} from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { after, before, test } from 'node:test'
import { ClientResolver } from '../../src/core/client/resolver.ts'
import { ToolNotRunnable } from '../../src/core/process/runner.ts'
import { coreWording } from '../../src/core/wording.ts'
import { captureLogger } from '../../test-support/capture-logger.ts'

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
