// Artifacts end to end: each step is the bundle run as the runner runs it,
// the real @actions/artifact talking to Azurite and a loopback results/REST
// service. Dump jobs upload; restore jobs in other processes, jobs and runs
// download, verify and restore.
import assert from 'node:assert/strict'
import { mkdtemp, readdir, readFile } from 'node:fs/promises'
import { basename, join } from 'node:path'
import { after, before, describe, test } from 'node:test'
import type {
  ArtifactBackend,
  StepEnvOptions
} from '../../test-support/artifact-backend.ts'
import {
  type StepRun,
  errorLine,
  pgBinDirInput,
  runAction
} from '../../test-support/run-action.ts'
import {
  seededServer,
  type SeededServerWithArtifacts
} from '../../test-support/fixtures.ts'
import type { TestServer } from '../../test-support/pg-server.ts'

const REPO = 'octo/shop'
const READER = 'ghs_reader_token'
const OUTSIDER = 'ghs_outsider_token'

let seeded: SeededServerWithArtifacts
let server: TestServer
let backend: ArtifactBackend
let source: string
let dir: string
let nextRun = 1000

before(async () => {
  seeded = await seededServer({
    database: 'artifact_src',
    seed: `CREATE SCHEMA shop;
    CREATE TABLE shop.items(id int PRIMARY KEY, name text, price numeric);
    INSERT INTO shop.items SELECT g, 'item ' || g, g * 1.5 FROM generate_series(1, 200) g;`,
    tempPrefix: 'pg-dumper-artifacts-',
    artifacts: { tokens: { [READER]: [REPO], [OUTSIDER]: ['octo/elsewhere'] } }
  })
  ;({ server, backend, db: source, dir } = seeded)
})
after(() => seeded?.stop())

/** A step of a job: its own workspace, the run's environment. */
async function step(
  inputs: Record<string, string>,
  job: Partial<StepEnvOptions> & { runId: number },
  extraEnv: Record<string, string> = {}
): Promise<StepRun & { cwd: string }> {
  const cwd = await mkdtemp(join(dir, 'ws-'))
  const env = {
    ...backend.env({ repository: REPO, jobId: 'job', ...job }),
    RUNNER_TEMP: cwd,
    ...extraEnv
  }
  const run = await runAction({ ...pgBinDirInput(), ...inputs }, { cwd, env })
  return { ...run, cwd }
}

const itemCount = (db: string) =>
  server.psql(db, 'SELECT count(*) FROM shop.items')

describe('dump to an artifact, restore from it', () => {
  test('a custom dump is uploaded as the file itself and restored by another job', async () => {
    const runId = nextRun++
    const dump = await step(
      {
        mode: 'dump',
        connection: server.uri(source),
        'artifact-name': 'shop.dump'
      },
      { runId, jobId: 'backup' }
    )
    assert.equal(dump.exitCode, 0, dump.stdout)
    const local = await readFile(join(dump.cwd, 'shop.dump'))
    assert.equal(dump.outputs.file, join(dump.cwd, 'shop.dump'))
    assert.match(dump.outputs['artifact-id'], /^\d+$/)
    assert.equal(
      dump.outputs['artifact-url'],
      backend.artifactUrl(Number(dump.outputs['artifact-id']))
    )
    // raw upload: the artifact's digest is the file's own
    assert.equal(dump.outputs['artifact-digest'], dump.outputs.sha256)
    assert.match(
      dump.stdout,
      /Uploading shop\.dump as it is: pg_dump already compressed it/
    )

    // what a person downloading it from the run's page gets: the dump itself
    const blob = await backend.readBlob(Number(dump.outputs['artifact-id']))
    assert.equal(blob.fileName, 'shop.dump')
    assert.doesNotMatch(blob.contentType, /zip/)
    assert.ok(blob.bytes.equals(local), 'stored bytes are the dump file')
    assert.equal(blob.bytes.subarray(0, 5).toString(), 'PGDMP')

    const target = await server.createDatabase('artifact_same_run')
    const restore = await step(
      {
        mode: 'restore',
        connection: server.uri(target),
        'artifact-name': 'shop.dump'
      },
      { runId, jobId: 'integration' }
    )
    assert.equal(restore.exitCode, 0, restore.stdout)
    assert.equal(restore.outputs['artifact-id'], dump.outputs['artifact-id'])
    assert.equal(basename(restore.outputs.file), 'shop.dump')
    assert.equal(restore.outputs.sha256, dump.outputs.sha256)
    assert.equal(await itemCount(target), '200')
    assert.equal(
      await server.psql(target, 'SELECT sum(price) FROM shop.items'),
      await server.psql(source, 'SELECT sum(price) FROM shop.items')
    )
  })

  test('a plain SQL dump is zipped under the artifact name and restored', async () => {
    const runId = nextRun++
    const dump = await step(
      {
        mode: 'dump',
        connection: server.uri(source),
        format: 'plain',
        'artifact-name': 'shop-sql'
      },
      { runId }
    )
    assert.equal(dump.exitCode, 0, dump.stdout)
    assert.match(dump.stdout, /Uploading backup\.sql zipped at level 6/)
    const blob = await backend.readBlob(Number(dump.outputs['artifact-id']))
    assert.equal(blob.bytes.subarray(0, 2).toString(), 'PK', 'a zip')
    assert.ok(
      blob.bytes.includes(Buffer.from('backup.sql')),
      'holding backup.sql'
    )
    assert.ok(blob.bytes.length < Number(dump.outputs.size), 'SQL compresses')

    const target = await server.createDatabase('artifact_plain')
    const restore = await step(
      {
        mode: 'restore',
        connection: server.uri(target),
        'artifact-name': 'shop-sql'
      },
      { runId, jobId: 'restore' }
    )
    assert.equal(restore.exitCode, 0, restore.stdout)
    assert.equal(basename(restore.outputs.file), 'backup.sql')
    assert.equal(await itemCount(target), '200')
  })

  // unzip-stream (@actions/artifact's unzip) calls the deprecated Buffer()
  test('a restore from a zipped artifact prints no DeprecationWarning', async () => {
    const runId = nextRun++
    const dump = await step(
      {
        mode: 'dump',
        connection: server.uri(source),
        format: 'plain',
        'artifact-name': 'shop-quiet'
      },
      { runId }
    )
    assert.equal(dump.exitCode, 0, dump.stdout)
    const target = await server.createDatabase('artifact_quiet')
    const restore = await step(
      {
        mode: 'restore',
        connection: server.uri(target),
        'artifact-name': 'shop-quiet'
      },
      { runId, jobId: 'restore' }
    )
    assert.equal(restore.exitCode, 0, restore.stdout)
    assert.match(restore.stdout, /shop-quiet/)
    assert.doesNotMatch(restore.stdout + restore.stderr, /DeprecationWarning/)
    assert.equal(await itemCount(target), '200')
  })

  test('compression-level 0–9 zips even a custom dump, under the artifact name', async () => {
    const run = await step(
      {
        mode: 'dump',
        connection: server.uri(source),
        'artifact-name': 'zipped',
        'compression-level': '9',
        'retention-days': '3'
      },
      { runId: nextRun++ }
    )
    assert.equal(run.exitCode, 0, run.stdout)
    const record = backend.get(Number(run.outputs['artifact-id']))
    assert.equal(record?.name, 'zipped')
    assert.match(record?.mimeType ?? '', /zip/)
    const days = ((record?.expiresAt.getTime() ?? 0) - Date.now()) / 86_400_000
    assert.ok(days > 2.9 && days <= 3, `retention ${days} days`)
  })

  test('a clash is an error before dumping; overwrite replaces the artifact', async () => {
    const runId = nextRun++
    const inputs = {
      mode: 'dump',
      connection: server.uri(source),
      'artifact-name': 'nightly.dump'
    }
    const first = await step(inputs, { runId })
    assert.equal(first.exitCode, 0, first.stdout)

    backend.resetCalls()
    const clash = await step(inputs, { runId, jobId: 'again' })
    assert.equal(clash.exitCode, 1)
    assert.match(
      errorLine(clash),
      /::error::ArtifactAlreadyExists: An artifact named 'nightly\.dump' \(id \d+\) already exists in this run\. Set 'overwrite: true'/
    )
    assert.deepEqual(await readdir(clash.cwd), [], 'nothing dumped')
    assert.ok(
      !backend.calls.some(c => c.method === 'CreateArtifact'),
      'nothing uploaded'
    )

    const replaced = await step(
      { ...inputs, overwrite: 'true' },
      { runId, jobId: 'again' }
    )
    assert.equal(replaced.exitCode, 0, replaced.stdout)
    assert.notEqual(
      replaced.outputs['artifact-id'],
      first.outputs['artifact-id']
    )
    assert.equal(
      backend.get(Number(first.outputs['artifact-id']))?.finalized ?? false,
      false
    )
  })
})

describe('restore from another run', () => {
  test('run-id with a token restores that run’s artifact', async () => {
    const other = nextRun++
    const dump = await step(
      {
        mode: 'dump',
        connection: server.uri(source),
        'artifact-name': 'fixture.dump'
      },
      { runId: other, headBranch: 'release' }
    )
    assert.equal(dump.exitCode, 0, dump.stdout)
    const target = await server.createDatabase('artifact_other_run')
    const restore = await step(
      {
        mode: 'restore',
        connection: server.uri(target),
        'artifact-name': 'fixture.dump',
        'run-id': String(other),
        'github-token': READER
      },
      { runId: nextRun++ }
    )
    assert.equal(restore.exitCode, 0, restore.stdout)
    assert.match(
      restore.stdout,
      new RegExp(
        `Using artifact 'fixture\\.dump' \\(id \\d+\\) from run ${other} on branch release`
      )
    )
    assert.equal(await itemCount(target), '200')
    const visible = restore.stdout
      .split('\n')
      .filter(l => !l.startsWith('::add-mask::'))
      .join('\n')
    assert.ok(!visible.includes(READER), 'the token is never logged')
    assert.ok(restore.stdout.includes(`::add-mask::${READER}`), 'it is masked')
  })

  test('latest picks the newest unexpired artifact of several runs', async () => {
    const name = 'nightly-latest.dump'
    const counts = [10, 20, 30]
    const runs: number[] = []
    for (const [i, n] of counts.entries()) {
      const db = await server.createDatabase(`latest_${n}`)
      await server.psql(
        db,
        `CREATE SCHEMA shop; CREATE TABLE shop.items(id int); INSERT INTO shop.items SELECT generate_series(1, ${n});`
      )
      const runId = nextRun++
      runs.push(runId)
      const dump = await step(
        { mode: 'dump', connection: server.uri(db), 'artifact-name': name },
        { runId, headBranch: `nightly-${i}` }
      )
      assert.equal(dump.exitCode, 0, dump.stdout)
    }
    backend.expire({ name, runId: runs[2], repository: REPO })

    const target = await server.createDatabase('artifact_latest')
    const restore = await step(
      {
        mode: 'restore',
        connection: server.uri(target),
        'artifact-name': name,
        'run-id': 'latest',
        'github-token': READER
      },
      { runId: nextRun++ }
    )
    assert.equal(restore.exitCode, 0, restore.stdout)
    assert.equal(
      await itemCount(target),
      '20',
      'the newest unexpired: the second run'
    )
    assert.match(
      restore.stdout,
      new RegExp(
        `from run ${runs[1]} on branch nightly-1, made \\d{4}-\\d\\d-\\d\\dT`
      )
    )
  })
})

describe('errors people meet', () => {
  const restoreInto = async (
    inputs: Record<string, string>,
    env: Record<string, string> = {}
  ) => {
    const target = await server.createDatabase('artifact_err')
    const run = await step(
      { mode: 'restore', connection: server.uri(target), ...inputs },
      { runId: nextRun++ },
      env
    )
    return { run, target }
  }

  const cases: {
    name: string
    inputs: () => Record<string, string>
    env?: Record<string, string>
    error: RegExp
  }[] = [
    {
      name: 'an artifact missing from this run names the name, run and repository',
      inputs: () => ({ 'artifact-name': 'nope.dump' }),
      error:
        /ArtifactNotFound: No artifact named 'nope\.dump' in this run \(run \d+ of octo\/shop\)\. .*set 'run-id'/
    },
    {
      name: 'an artifact missing from another run names the run and repository',
      inputs: () => ({
        'artifact-name': 'nope.dump',
        'run-id': '424242',
        'github-token': READER
      }),
      error: /ArtifactNotFound: .*run 424242.*octo\/shop/
    },
    {
      name: 'another run without a token says which input to add',
      inputs: () => ({ 'artifact-name': 'x.dump', 'run-id': 'latest' }),
      error:
        /InputError: The 'run-id' input 'latest' needs the 'github-token' input: .*actions: read/
    },
    {
      name: 'a token without permission says which permission is missing',
      inputs: () => ({
        'artifact-name': 'x.dump',
        'run-id': 'latest',
        'github-token': OUTSIDER
      }),
      error:
        /ArtifactAccessDenied: The github-token cannot list the artifacts of octo\/shop \(HTTP 403.*\)\. Give the job 'permissions: actions: read'/
    },
    {
      name: 'an artifact asked for outside GitHub Actions',
      inputs: () => ({ 'artifact-name': 'x.dump' }),
      env: { ACTIONS_RUNTIME_TOKEN: '', ACTIONS_RESULTS_URL: '' },
      error:
        /ArtifactRuntimeMissing: .*ACTIONS_RUNTIME_TOKEN.*not running in a GitHub Actions job/
    }
  ]
  for (const c of cases) {
    test(c.name, async () => {
      const { run, target } = await restoreInto(c.inputs(), c.env)
      assert.equal(run.exitCode, 1, run.stdout)
      assert.match(errorLine(run), c.error)
      assert.equal(
        await server.psql(
          target,
          "SELECT count(*) FROM pg_tables WHERE schemaname = 'shop'"
        ),
        '0'
      )
    })
  }

  test('an expired artifact of a given run says so and what to do', async () => {
    const runId = nextRun++
    const dump = await step(
      {
        mode: 'dump',
        connection: server.uri(source),
        'artifact-name': 'old.dump'
      },
      { runId }
    )
    assert.equal(dump.exitCode, 0, dump.stdout)
    backend.expire(Number(dump.outputs['artifact-id']))
    const { run } = await restoreInto({
      'artifact-name': 'old.dump',
      'run-id': String(runId),
      'github-token': READER
    })
    assert.equal(run.exitCode, 1)
    assert.match(
      errorLine(run),
      /ArtifactExpired: The artifact 'old\.dump' \(id \d+\) of run \d+ in octo\/shop has expired.*'run-id: latest'/
    )
  })

  test('a tampered blob fails the digest check and nothing is restored', async () => {
    const runId = nextRun++
    const dump = await step(
      {
        mode: 'dump',
        connection: server.uri(source),
        'artifact-name': 'tampered.dump'
      },
      { runId }
    )
    assert.equal(dump.exitCode, 0, dump.stdout)
    await backend.tamper(Number(dump.outputs['artifact-id']))
    const target = await server.createDatabase('artifact_tampered')
    const run = await step(
      {
        mode: 'restore',
        connection: server.uri(target),
        'artifact-name': 'tampered.dump'
      },
      { runId, jobId: 'restore' }
    )
    assert.equal(run.exitCode, 1)
    assert.match(
      errorLine(run),
      /ArtifactDigestMismatch: The downloaded artifact 'tampered\.dump' .* does not match the digest recorded when it was uploaded .*Nothing was restored\./
    )
    assert.doesNotMatch(run.stdout, /\$ \S*pg_restore/, 'pg_restore never ran')
    assert.equal(
      await server.psql(
        target,
        "SELECT count(*) FROM pg_namespace WHERE nspname = 'shop'"
      ),
      '0'
    )
    assert.deepEqual(
      (await readdir(run.cwd)).filter(f => f.startsWith('pg-dumper-artifact-')),
      [],
      'download removed'
    )
  })

  test('dumping to an artifact outside GitHub Actions fails before dumping', async () => {
    const run = await step(
      {
        mode: 'dump',
        connection: server.uri(source),
        'artifact-name': 'x.dump'
      },
      { runId: nextRun++ },
      { ACTIONS_RUNTIME_TOKEN: '' }
    )
    assert.equal(run.exitCode, 1)
    assert.match(errorLine(run), /ArtifactRuntimeMissing/)
    assert.deepEqual(await readdir(run.cwd), [])
  })

  test('a custom dump whose file and artifact names differ goes up in a zip of that name, stored, and restores', async () => {
    const runId = nextRun++
    const run = await step(
      {
        mode: 'dump',
        connection: server.uri(source),
        'artifact-name': 'nightly-db',
        file: 'nightly.dump'
      },
      { runId, jobId: 'backup' }
    )
    assert.equal(run.exitCode, 0, run.stdout)
    assert.equal(run.outputs.file, join(run.cwd, 'nightly.dump'))
    assert.equal(run.outputs['artifact-format'], 'zip')
    assert.match(
      run.stdout,
      /Uploading nightly\.dump zipped at level 0 \(stored: pg_dump already compressed it\)/
    )
    // a zip named after the artifact, holding the dump under its own name
    const blob = await backend.readBlob(Number(run.outputs['artifact-id']))
    assert.match(blob.contentType, /zip/)
    assert.match(run.summary, /a zip holding the dump/)

    const target = await server.createDatabase('artifact_zip_named')
    const restore = await step(
      {
        mode: 'restore',
        connection: server.uri(target),
        'artifact-name': 'nightly-db'
      },
      { runId, jobId: 'integration' }
    )
    assert.equal(restore.exitCode, 0, restore.stdout)
    assert.equal(await itemCount(target), '200')
    assert.equal(basename(restore.outputs.file), 'nightly.dump')
    assert.equal(restore.outputs.sha256, run.outputs.sha256)
  })

  test('a custom dump named like its artifact says it went up as the file itself', async () => {
    const run = await step(
      {
        mode: 'dump',
        connection: server.uri(source),
        'artifact-name': 'same.dump',
        file: 'same.dump'
      },
      { runId: nextRun++ }
    )
    assert.equal(run.exitCode, 0, run.stdout)
    assert.equal(run.outputs['artifact-format'], 'file')
    assert.match(run.summary, /the dump itself/)
  })
})

describe('job summary', () => {
  test('a dump’s summary has the database, version, format, size, sha256, duration, schemas and artifact link', async () => {
    const run = await step(
      {
        mode: 'dump',
        connection: server.uri(source),
        'artifact-name': 'summary.dump',
        'exclude-schemas': 'audit, logs'
      },
      { runId: nextRun++ }
    )
    assert.equal(run.exitCode, 0, run.stdout)
    const s = run.summary
    assert.match(s, /<h3>pg-dumper: Dump succeeded<\/h3>/)
    for (const label of [
      'Database',
      'Server version',
      'Format',
      'Size',
      'SHA-256',
      'Duration',
      'Excluded schemas',
      'Artifact'
    ]) {
      assert.match(s, new RegExp(`<td>${label}</td>`), label)
    }
    assert.ok(
      s.includes(source) &&
        s.includes(run.outputs.sha256) &&
        s.includes(run.outputs['server-version'])
    )
    assert.ok(
      s.includes(`<a href="${run.outputs['artifact-url']}">summary.dump</a>`)
    )
    assert.ok(s.includes('<code>audit</code>, <code>logs</code>'))
    assert.ok(!s.includes(server.password))
  })

  test('a restore’s summary names the source artifact and run, the target and ignored errors', async () => {
    const runId = nextRun++
    await step(
      {
        mode: 'dump',
        connection: server.uri(source),
        'artifact-name': 'sum-src.dump'
      },
      { runId }
    )
    const target = await server.createDatabase('summary_target')
    const run = await step(
      {
        mode: 'restore',
        connection: server.uri(target),
        'artifact-name': 'sum-src.dump',
        'run-id': String(runId),
        'github-token': READER
      },
      { runId: nextRun++ }
    )
    assert.equal(run.exitCode, 0, run.stdout)
    assert.match(run.summary, /<h3>pg-dumper: Restore succeeded<\/h3>/)
    assert.match(
      run.summary,
      new RegExp(
        `artifact <code>sum-src\\.dump</code> \\(id \\d+\\) from run ${runId}`
      )
    )
    assert.match(
      run.summary,
      new RegExp(`<td>Target database</td><td><code>${target}</code></td>`)
    )
    assert.match(run.summary, /<td>Ignored errors<\/td><td>0<\/td>/)
  })

  test('a failed run’s summary says it failed and why', async () => {
    const run = await step(
      {
        mode: 'restore',
        connection: server.uri(source),
        'artifact-name': 'never.dump'
      },
      { runId: nextRun++ }
    )
    assert.equal(run.exitCode, 1)
    assert.match(run.summary, /<h3>pg-dumper: Restore failed<\/h3>/)
    assert.match(
      run.summary,
      /ArtifactNotFound: No artifact named 'never\.dump'/
    )
  })

  test('a summary that cannot be written is a warning, not a failure', async () => {
    const run = await step(
      { mode: 'dump', connection: server.uri(source) },
      { runId: nextRun++ },
      { GITHUB_STEP_SUMMARY: join(dir, 'no-such-dir', 'summary.md') }
    )
    assert.equal(run.exitCode, 0, run.stdout)
    assert.match(run.stdout, /::warning::Could not write the job summary: /)
  })
})
