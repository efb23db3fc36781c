// Secrets never reach a command line, a log line, an output or the summary:
// URIs with unencoded passwords, secret keywords beyond password, weak
// passwords, and files that are not dumps but hold secrets.
import assert from 'node:assert/strict'
import { mkdtemp, readdir, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { after, before, test } from 'node:test'
import { seededServer, type SeededServer } from '../../test-support/fixtures.ts'
import type { TestServer } from '../../test-support/pg-server.ts'
import {
  errorLine,
  pgBinDirInput,
  runAction,
  type StepRun
} from '../../test-support/run-action.ts'

let seeded: SeededServer
let server: TestServer
let db: string
let dir: string

before(async () => {
  seeded = await seededServer({
    database: 'secrets_src',
    seed: 'CREATE TABLE t AS SELECT generate_series(1, 10) AS x',
    tempPrefix: 'pg-dumper-secrets-test-'
  })
  ;({ server, db, dir } = seeded)
})
after(() => seeded?.stop())

async function step(
  inputs: Record<string, string>
): Promise<StepRun & { cwd: string }> {
  const cwd = await mkdtemp(join(dir, 'ws-'))
  const run = await runAction({ ...pgBinDirInput(), ...inputs }, { cwd })
  return { ...run, cwd }
}

const everything = (run: StepRun) =>
  run.stdout + run.stderr + run.summary + JSON.stringify(run.outputs)

const host = () =>
  server.host.includes(':') ? `[${server.host}]` : server.host

for (const password of ['Ab3/Xy9+Qz==', 'p@ss@word9']) {
  test(`a URI password with an unencoded ${password.includes('/') ? '/' : '@'} is an InputError that repeats none of it`, async () => {
    const uri = `postgresql://u:${password}@${host()}:${server.port}/${db}`
    const run = await step({ mode: 'dump', connection: uri })
    assert.equal(run.exitCode, 1)
    assert.match(
      errorLine(run),
      /^::error::InputError: Invalid 'connection' input: the URI's authority does not parse .* must be percent-encoded in a URI/
    )
    const visible = everything(run).replace(/::add-mask::.*\n/g, '')
    for (const piece of password.split(/[/@]/).filter(p => p.length >= 4))
      assert.ok(!visible.includes(piece), `${piece} reached the log`)
    // no piece of it registered as a secret of its own
    const masks = [...run.stdout.matchAll(/^::add-mask::(.*)$/gm)].map(
      m => m[1]
    )
    assert.ok(
      masks.every(m => m.length > password.length),
      masks.join(' | ')
    )
    assert.deepEqual(await readdir(run.cwd), [])
  })
}

test('sslpassword never reaches a command line or the log, and leaves no file behind', async () => {
  const before = (await readdir(tmpdir())).filter(f =>
    f.startsWith('pg-dumper-secrets-')
  )
  const ssl = 'ssl-Secret-9f8e7d6c'
  const run = await step({
    mode: 'dump',
    connection: `${server.conninfo(db)} sslpassword=${ssl}`
  })
  assert.equal(run.exitCode, 0, run.stdout)
  const visible = everything(run).replace(/::add-mask::.*\n/g, '')
  assert.ok(!visible.includes(ssl), 'the sslpassword reached the log')
  assert.ok(run.stdout.includes(`::add-mask::${ssl}`), 'not masked')
  assert.match(run.stdout, /\$ \S*pg_dump .*service=pg_dumper_secrets/)
  const after = (await readdir(tmpdir())).filter(f =>
    f.startsWith('pg-dumper-secrets-')
  )
  assert.deepEqual(after, before, 'the private service file was left behind')
})

test('oauth_client_secret is masked and kept off the command line, even when the client does not know it', async () => {
  const oauth = 'oauth-Secret-1a2b3c4d'
  const run = await step({
    mode: 'dump',
    connection: `${server.conninfo(db)} oauth_client_secret=${oauth}`
  })
  const visible = everything(run).replace(/::add-mask::.*\n/g, '')
  assert.ok(!visible.includes(oauth), 'the secret reached the log')
  assert.ok(run.stdout.includes(`::add-mask::${oauth}`), 'not masked')
  assert.doesNotMatch(run.stdout, /\$ .*oauth_client_secret/)
})

test('an sslpassword with a service keeps the service’s settings', async () => {
  const serviceFile = join(dir, 'svc.conf')
  await writeFile(
    serviceFile,
    `[secrets_svc]\nhost=${server.host}\nport=${server.port}\nuser=${server.user}\npassword=${server.password}\ndbname=${db}\n`
  )
  const run = await step({
    mode: 'dump',
    connection: 'service=secrets_svc sslpassword=ssl-Secret-55aa66bb',
    'service-file': serviceFile
  })
  assert.equal(run.exitCode, 0, run.stdout)
  assert.ok(
    !everything(run)
      .replace(/::add-mask::.*\n/g, '')
      .includes('ssl-Secret-55aa66bb')
  )
})

test('a short or common password is warned about once, without repeating it', async () => {
  const weakDb = await server.createDatabase('secrets_weak')
  await server.psql(
    'postgres',
    `DO $$BEGIN IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'weak_owner') THEN CREATE ROLE weak_owner LOGIN PASSWORD 'dump'; END IF; END$$`
  )
  await server.psql(
    'postgres',
    `ALTER DATABASE "${weakDb}" OWNER TO weak_owner`
  )
  const run = await step({
    mode: 'dump',
    connection: `postgresql://weak_owner:dump@${host()}:${server.port}/${weakDb}`
  })
  assert.equal(run.exitCode, 0, run.stdout)
  const warnings = run.stdout
    .split('\n')
    .filter(l => l.startsWith('::warning::A secret of the connection is short'))
  assert.equal(warnings.length, 1, run.stdout)
  assert.doesNotMatch(warnings[0], /\bdump\b/)
})

test('a file that is not a dump but holds a secret: psql’s errors are not quoted in the annotation or the summary', async () => {
  const cwd = await mkdtemp(join(dir, 'ws-'))
  const token = 'ghp_notADumpSecret0123456789abcdef'
  await writeFile(join(cwd, 'config.env'), `GITHUB_TOKEN=${token}\nOTHER=1\n`)
  const run = await runAction(
    {
      ...pgBinDirInput(),
      mode: 'restore',
      connection: server.uri(db),
      file: 'config.env',
      'ignore-errors': 'false'
    },
    { cwd }
  )
  assert.equal(run.exitCode, 1)
  assert.match(
    errorLine(run),
    /PgRestoreFailed: psql reported 1 error\(s\):%0Aline \d+ of the script \(the message is not shown: the file is not a pg_dump dump/
  )
  assert.ok(!errorLine(run).includes(token))
  assert.ok(!run.summary.includes(token))
})
