// The service-file reader that finds passwords to mask, and the child
// process finder cancellation uses to stop the running tool.
import assert from 'node:assert/strict'
import { spawn } from 'node:child_process'
import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { test } from 'node:test'
import {
  Cancellation,
  childProcesses
} from '../../src/core/process/cancellation.ts'
import { OperationCancelled } from '../../src/core/errors.ts'
import {
  servicePassword,
  serviceSettings
} from '../../src/core/connection/service-file.ts'

const file = `# comment
[app]
host = db.example.com
password=s3cr=t with spaces
[other]
password=nope
`

test('reads a service section, keeping = and spaces inside values', () => {
  assert.deepEqual(Object.fromEntries(serviceSettings(file, 'app') ?? []), {
    host: 'db.example.com',
    password: 's3cr=t with spaces'
  })
  assert.equal(serviceSettings(file, 'missing'), undefined)
})

test('finds the password in the service file libpq would read first', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'pg-dumper-svc-'))
  try {
    const user = join(dir, 'user.conf')
    await writeFile(user, file)
    await writeFile(
      join(dir, 'pg_service.conf'),
      '[sys]\npassword=from-system\n'
    )
    const env = { PGSERVICEFILE: user, PGSYSCONFDIR: dir }
    assert.equal(servicePassword('app', { env }), 's3cr=t with spaces')
    assert.equal(servicePassword('sys', { env }), 'from-system')
    assert.equal(servicePassword('none', { env }), undefined)
  } finally {
    await rm(dir, { recursive: true, force: true })
  }
})

test('finds this process’s children and stops them on cancel', async () => {
  const child = spawn('sleep', ['30'], { stdio: 'ignore' })
  const exited = new Promise<NodeJS.Signals | null>(resolve =>
    child.on('exit', (_code, signal) => resolve(signal))
  )
  await new Promise(r => setTimeout(r, 100))
  assert.ok(childProcesses().includes(child.pid as number))
  const cancellation = new Cancellation()
  assert.ok(cancellation.cancel('SIGTERM') >= 1)
  assert.equal(await exited, 'SIGTERM')
  assert.throws(
    () => cancellation.throwIfCancelled(),
    (e: unknown) =>
      e instanceof OperationCancelled && /^Cancelled by SIGTERM/.test(e.message)
  )
})

test('cancel removes the temporary paths it tracks', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'pg-dumper-cancel-'))
  const cancellation = new Cancellation()
  cancellation.track(dir)
  cancellation.removeTemps()
  await assert.rejects(import('node:fs/promises').then(fs => fs.stat(dir)))
})
