// Release assets end to end: the bundle run as the runner runs it, attaching
// a dump's files to a release of the loopback REST service and restoring one
// asset back, the overwrite check made before anything is dumped.
import assert from 'node:assert/strict'
import { existsSync } from 'node:fs'
import { mkdtemp, readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { after, before, describe, test } from 'node:test'
import type { ArtifactBackend } from '../../test-support/artifact-backend.ts'
import {
  seededServer,
  type SeededServerWithArtifacts
} from '../../test-support/fixtures.ts'
import type { TestServer } from '../../test-support/pg-server.ts'
import {
  errorLine,
  pgBinDirInput,
  runAction,
  type StepRun,
  visibleLog
} from '../../test-support/run-action.ts'

const REPO = 'octo/model'
const PUBLIC_REPO = 'octo/public-model'
const WRITER = 'ghs_writer_token'
const READER = 'ghs_reader_token'

let seeded: SeededServerWithArtifacts
let server: TestServer
let backend: ArtifactBackend
let source: string
let dir: string
let nextRun = 5000

before(async () => {
  seeded = await seededServer({
    database: 'release_src',
    seed: `CREATE SCHEMA tww;
    CREATE TABLE tww.pipes(id int PRIMARY KEY, label text);
    INSERT INTO tww.pipes SELECT g, 'pipe ' || g FROM generate_series(1, 120) g;`,
    tempPrefix: 'pg-dumper-releases-',
    artifacts: {
      tokens: { [WRITER]: [REPO, PUBLIC_REPO], [READER]: [REPO] },
      readOnlyTokens: [READER]
    }
  })
  ;({ server, backend, db: source, dir } = seeded)
  backend.seedRelease(REPO, 'v2026.1.0')
  backend.seedRelease(PUBLIC_REPO, 'v1.0', true)
})
after(() => seeded?.stop())

/** A step in a fresh workspace of a run of `repository`. */
async function step(
  inputs: Record<string, string>,
  repository = REPO
): Promise<StepRun & { cwd: string }> {
  const cwd = await mkdtemp(join(dir, 'ws-'))
  const env = {
    ...backend.env({ repository, runId: nextRun++ }),
    RUNNER_TEMP: cwd
  }
  const run = await runAction({ ...pgBinDirInput(), ...inputs }, { cwd, env })
  return { ...run, cwd }
}

const pipes = (db: string) => server.psql(db, 'SELECT count(*) FROM tww.pipes')

describe('release assets', () => {
  test('a dump is attached to the release, and a second one of that name fails before dumping unless overwrite', async () => {
    const dump = await step({
      mode: 'dump',
      connection: server.uri(source),
      file: 'tww-db-dump.backup',
      release: 'v2026.1.0',
      'github-token': WRITER
    })
    assert.equal(dump.exitCode, 0, dump.stdout)
    const [asset] = backend.releaseAssets(REPO, 'v2026.1.0')
    assert.equal(asset?.name, 'tww-db-dump.backup')
    const local = await readFile(join(dump.cwd, 'tww-db-dump.backup'))
    assert.ok(asset.bytes.equals(local), 'the asset is the dump file')
    assert.match(dump.stdout, /Attached 'tww-db-dump\.backup' \(id \d+/)
    assert.equal(dump.outputs['artifact-id'], undefined)
    assert.match(dump.summary, /Release/)
    assert.doesNotMatch(dump.stdout, /only apply|is used on a dump only/)

    const again = await step({
      mode: 'dump',
      connection: server.uri(source),
      file: 'tww-db-dump.backup',
      release: 'v2026.1.0',
      'github-token': WRITER
    })
    assert.notEqual(again.exitCode, 0)
    assert.match(
      errorLine(again),
      /ReleaseAssetExists: .*'tww-db-dump\.backup'.*overwrite: true/
    )
    assert.ok(
      !existsSync(join(again.cwd, 'tww-db-dump.backup')),
      'nothing was dumped'
    )
    assert.equal(backend.releaseAssets(REPO, 'v2026.1.0')[0].id, asset.id)

    await server.psql(source, 'INSERT INTO tww.pipes VALUES (121, $$new$$)')
    const replaced = await step({
      mode: 'dump',
      connection: server.uri(source),
      file: 'tww-db-dump.backup',
      release: 'v2026.1.0',
      overwrite: 'true',
      'github-token': WRITER
    })
    assert.equal(replaced.exitCode, 0, replaced.stdout)
    const now = backend.releaseAssets(REPO, 'v2026.1.0')
    assert.equal(now.length, 1)
    assert.equal(now[0].name, 'tww-db-dump.backup')
    assert.notEqual(now[0].id, asset.id)
    assert.ok(
      now[0].bytes.equals(
        await readFile(join(replaced.cwd, 'tww-db-dump.backup'))
      )
    )

    const target = await server.createDatabase('release_round_trip')
    const restore = await step({
      mode: 'restore',
      connection: server.uri(target),
      release: 'v2026.1.0',
      file: 'tww-db-dump.backup',
      'github-token': WRITER
    })
    assert.equal(restore.exitCode, 0, restore.stdout)
    assert.equal(await pipes(target), '121')
    assert.equal(restore.outputs.sha256, replaced.outputs.sha256)
    assert.match(restore.summary, /of the release/)
  })

  test('a public release is restored without a token; a missing tag or asset is named', async () => {
    const dump = await step(
      {
        mode: 'dump',
        connection: server.uri(source),
        file: 'model.sql',
        format: 'plain',
        release: 'v1.0',
        'github-token': WRITER
      },
      PUBLIC_REPO
    )
    assert.equal(dump.exitCode, 0, dump.stdout)
    const target = await server.createDatabase('release_public')
    const restore = await step(
      {
        mode: 'restore',
        connection: server.uri(target),
        release: 'v1.0',
        file: 'model.sql',
        repository: PUBLIC_REPO
      },
      REPO
    )
    assert.equal(restore.exitCode, 0, restore.stdout)
    assert.equal(await pipes(target), await pipes(source))

    const noAsset = await step({
      mode: 'restore',
      connection: server.uri(target),
      release: 'v1.0',
      file: 'other.sql',
      repository: PUBLIC_REPO
    })
    assert.match(
      errorLine(noAsset),
      /ReleaseNotFound: .*'v1\.0'.*no asset named 'other\.sql'.*'model\.sql'/
    )
    const noTag = await step({
      mode: 'dump',
      connection: server.uri(source),
      release: 'v9.9',
      'github-token': WRITER
    })
    assert.match(
      errorLine(noTag),
      /ReleaseNotFound: No release with the tag 'v9\.9'/
    )
  })

  test('a hostile asset is a hostile dump: its meta-commands are refused, nothing runs', async () => {
    const canary = join(dir, 'release-canary')
    backend.seedReleaseAsset(
      REPO,
      'v2026.1.0',
      'evil.sql',
      `CREATE TABLE tww_evil(id int);\n\\! touch ${canary}\n`
    )
    const target = await server.createDatabase('release_hostile')
    const run = await step({
      mode: 'restore',
      connection: server.uri(target),
      release: 'v2026.1.0',
      file: 'evil.sql',
      'github-token': READER
    })
    assert.notEqual(run.exitCode, 0)
    assert.match(errorLine(run), /allow-meta-commands/)
    assert.ok(!existsSync(canary), 'the meta-command did not run')
    assert.equal(
      await server.psql(target, "SELECT to_regclass('tww_evil') IS NULL"),
      't'
    )
  })

  test('a token that may only read cannot attach: ReleaseAccessDenied names contents: write', async () => {
    const run = await step({
      mode: 'dump',
      connection: server.uri(source),
      file: 'denied.backup',
      release: 'v2026.1.0',
      overwrite: 'true',
      'github-token': READER
    })
    // the asset list is readable, so the refusal comes with the upload
    assert.match(errorLine(run), /ReleaseAccessDenied: .*contents: write/)
    assert.ok(
      !backend
        .releaseAssets(REPO, 'v2026.1.0')
        .some(a => a.name === 'denied.backup')
    )
    assert.doesNotMatch(visibleLog(run), new RegExp(READER))
  })

  test('with artifact-name too, the dump is uploaded and attached', async () => {
    backend.seedRelease(REPO, 'v2026.2.0')
    const dump = await step({
      mode: 'dump',
      connection: server.uri(source),
      'artifact-name': 'both.dump',
      release: 'v2026.2.0',
      'github-token': WRITER
    })
    assert.equal(dump.exitCode, 0, dump.stdout)
    assert.match(dump.outputs['artifact-id'], /^\d+$/)
    const [asset] = backend.releaseAssets(REPO, 'v2026.2.0')
    assert.equal(asset?.name, 'both.dump')
    assert.equal(`sha256:${dump.outputs.sha256}`, asset.digest)
  })

  test('names GitHub would change, and a folder, are refused before anything runs', async () => {
    for (const [inputs, expected] of [
      [
        { file: 'my dump.backup' },
        /InputError: .*'my dump\.backup'.*GitHub would rename it/
      ],
      [
        { format: 'directory' },
        /InputError: .*directory-format dump is a folder/
      ]
    ] as const) {
      const run = await step({
        mode: 'dump',
        connection: server.uri(source),
        release: 'v2026.1.0',
        'github-token': WRITER,
        ...inputs
      })
      assert.match(errorLine(run), expected)
    }
  })
})
