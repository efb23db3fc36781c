// The capabilities of issue 14 in one nightly and one test job, as the
// README's examples put them together: a scrubbed copy of the database,
// encrypted to an age key, uploaded, older nightlies pruned (keep); then a
// test job restores the newest of main (run-id latest, branch, max-age) with
// the secret key. The bundle runs as the runner runs it, against a real
// server with the realistic fixture, the local artifact services and the
// real `age` binary.
import assert from 'node:assert/strict'
import { mkdtemp, readFile, readdir, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { after, before, test } from 'node:test'
import { ageDecrypt, ageKeygen, ensureAge } from '../../test-support/age.ts'
import type { StepEnvOptions } from '../../test-support/artifact-backend.ts'
import { dataChecksums } from '../../test-support/compare.ts'
import {
  seededServer,
  seedRealistic,
  type SeededServerWithArtifacts
} from '../../test-support/fixtures.ts'
import { clientTool, run } from '../../test-support/pg-server.ts'
import {
  pgBinDirInput,
  runAction,
  visibleLog,
  type StepRun
} from '../../test-support/run-action.ts'

const REPO = 'octo/nightly-fixture'
const TOKEN = 'ghs_together_writer'
const NAME = 'fixture.dump.age'
const H = 3_600_000
const MASK = `UPDATE public.customers
   SET email = 'customer-' || id || '@example.invalid', phone = NULL;`
const UNMASKED = `SELECT count(*) FROM public.customers WHERE email NOT LIKE '%@example.invalid'`

let seeded: SeededServerWithArtifacts
let nextRun = 9100

before(async () => {
  await ensureAge()
  seeded = await seededServer({
    database: 'together_src',
    seed: seedRealistic,
    tempPrefix: 'pg-dumper-together-',
    artifacts: { tokens: { [TOKEN]: [REPO] } }
  })
})
after(() => seeded?.stop())

async function step(
  inputs: Record<string, string>,
  job: Partial<StepEnvOptions>
): Promise<StepRun & { cwd: string }> {
  const cwd = await mkdtemp(join(seeded.dir, 'ws-'))
  const env = {
    ...seeded.backend.env({ repository: REPO, runId: nextRun++, ...job }),
    RUNNER_TEMP: cwd
  }
  const ran = await runAction({ ...pgBinDirInput(), ...inputs }, { cwd, env })
  return { ...ran, cwd }
}

test('a scrubbed, encrypted nightly prunes the older ones, and the test job restores the newest of main with the key', async () => {
  const { server, db, backend, dir } = seeded
  const key = await ageKeygen(dir, 'team')
  const unmaskedBefore = await server.psql(db, UNMASKED)
  assert.notEqual(unmaskedBefore.trim(), '0', 'the fixture has real addresses')
  // two older nightlies of main, and a newer one of another branch
  const older = []
  for (const hours of [26, 50]) {
    older.push(
      await backend.seedArtifact({
        repository: REPO,
        runId: nextRun++,
        name: NAME,
        content: `an older nightly, ${hours}h old`,
        mimeType: 'application/octet-stream',
        createdAt: new Date(Date.now() - hours * H),
        headBranch: 'main'
      })
    )
  }

  const nightly = await step(
    {
      mode: 'dump',
      connection: server.uri(db),
      scrub: MASK,
      'encrypt-to': key.recipient,
      'artifact-name': NAME,
      keep: '2',
      'github-token': TOKEN
    },
    { headBranch: 'main' }
  )
  assert.equal(nightly.exitCode, 0, nightly.stdout)
  // pruned: the 50-hour-old one; the 26-hour-old one and the new one stay
  assert.equal(nightly.outputs.pruned, String(older[1].id))
  const kept = backend
    .artifacts()
    .filter(a => a.name === NAME && a.repository === REPO)
    .map(a => a.id)
    .sort((x, y) => x - y)
  assert.deepEqual(kept, [older[0].id, Number(nightly.outputs['artifact-id'])])
  assert.match(nightly.summary, /Scrubbed/)
  assert.match(nightly.summary, /age, to 1 recipient/)
  assert.match(nightly.summary, /Pruned/)
  // the artifact is the age file; the age binary opens it into a dump
  // whose addresses are masked
  const blob = await backend.readBlob(Number(nightly.outputs['artifact-id']))
  const uploaded = join(dir, 'uploaded.age')
  await writeFile(uploaded, blob.bytes)
  const opened = join(dir, 'opened.dump')
  const decrypted = await ageDecrypt(key.keyFile, uploaded, opened)
  assert.equal(decrypted.code, 0, decrypted.stderr)
  const sql = await run(clientTool('pg_restore'), [
    '--data-only',
    '-f',
    '-',
    opened
  ])
  assert.equal(sql.code, 0, sql.stderr)
  assert.match(sql.stdout, /@example\.invalid/)
  // nothing of the plaintext dump anywhere the step wrote
  for (const name of await readdir(nightly.cwd, { recursive: true })) {
    const path = join(nightly.cwd, name)
    const bytes = await readFile(path).catch(() => undefined)
    assert.ok(!bytes?.includes('PGDMP'), `plaintext dump left at ${path}`)
  }
  // production untouched, and no copy left
  assert.equal(await server.psql(db, UNMASKED), unmaskedBefore)
  const copies = await server.psql(
    'postgres',
    `SELECT count(*) FROM pg_database WHERE datname LIKE 'pg_dumper_scrub_%'`
  )
  assert.equal(copies.trim(), '0')

  // the test job: the newest of main, at most 26 hours old, decrypted
  const target = await server.createDatabase('together_target')
  const tests = await step(
    {
      mode: 'restore',
      connection: server.uri(target),
      'artifact-name': NAME,
      'run-id': 'latest',
      branch: 'main',
      'max-age': '26h',
      'github-token': TOKEN,
      'decrypt-key': key.keyText
    },
    { headBranch: 'feature' }
  )
  assert.equal(tests.exitCode, 0, tests.stdout)
  assert.equal(tests.outputs.sha256, nightly.outputs.sha256)
  assert.match(tests.summary, /age, decrypted as it was read/)
  assert.equal((await server.psql(target, UNMASKED)).trim(), '0')
  const masked = await dataChecksums(server, target)
  assert.ok(masked.size > 0)
  const secret = key.identity.slice('AGE-SECRET-KEY-1'.length, -4)
  for (const text of [
    visibleLog(tests),
    tests.summary,
    JSON.stringify(tests.outputs)
  ])
    assert.ok(!text.includes(secret), 'the secret key was shown')
})
