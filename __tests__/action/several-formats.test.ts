// A data-model project's dump job in one step (issue 21): two databases of a
// GIS model (the model, and the model with demo data), each in custom and
// plain, named by a pattern, uploaded as one artifact; one file of it
// restored back by another job. The bundle is run as the runner runs it,
// against the loopback artifact services; then one file by placeholders, and
// two formats encrypted.
import assert from 'node:assert/strict'
import { mkdtemp, readdir, readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { after, before, describe, test } from 'node:test'
import { generateX25519Identity, identityToRecipient } from 'age-encryption'
import type { ArtifactBackend } from '../../test-support/artifact-backend.ts'
import { unzipList } from '../../test-support/cluster.ts'
import {
  seededServer,
  type SeededServerWithArtifacts
} from '../../test-support/fixtures.ts'
import { FINGERPRINT, MODEL } from '../../test-support/gis-model.ts'
import {
  postgisMissing,
  type TestServer
} from '../../test-support/pg-server.ts'
import {
  pgBinDirInput,
  runAction,
  type StepRun
} from '../../test-support/run-action.ts'

const REPO = 'teksi/wastewater'
const RUN = 2026

// the npm-packaged servers ship no PostGIS: skip there, as postgis.test.ts does
const noPostgis = await postgisMissing()

let seeded: SeededServerWithArtifacts
let server: TestServer
let backend: ArtifactBackend
let model: string
let demo: string

before(async () => {
  if (noPostgis) return
  seeded = await seededServer({
    database: 'tww',
    seed: MODEL,
    tempPrefix: 'pg-dumper-formats-',
    artifacts: {}
  })
  ;({ server, backend, db: model } = seeded)
  demo = await server.createDatabase('tww_demo')
  await server.psql(
    demo,
    `${MODEL}
    INSERT INTO "TWW_od"."Wastewater_Node"
      SELECT 'demo' || g, 2, ST_SetSRID(ST_MakePoint(2700000 + g, 1250000 + g, 500), 2056), now()
      FROM generate_series(1, 50) g;`
  )
})
after(() => seeded?.stop())

/** A step of a job of the run: its own workspace, the run's environment. */
async function step(
  inputs: Record<string, string>,
  jobId: string
): Promise<StepRun & { cwd: string }> {
  const cwd = await mkdtemp(join(seeded.dir, 'ws-'))
  const env = {
    ...backend.env({ repository: REPO, jobId, runId: RUN }),
    RUNNER_TEMP: cwd
  }
  const run = await runAction({ ...pgBinDirInput(), ...inputs }, { cwd, env })
  return { ...run, cwd }
}

describe(
  'several formats, and the placeholders of file, in one dump step',
  { skip: noPostgis },
  () => {
    test('each database in custom and plain by the file pattern, uploaded as one zip, one file restored back', async () => {
      const dump = await step(
        {
          mode: 'dump',
          connection: server.uri(model),
          dbname: `${model}, ${demo}`,
          format: 'custom, plain',
          file: 'out/{dbname}-2026.1-db-dump.{ext}',
          'artifact-name': 'datamodel'
        },
        'dump'
      )
      assert.equal(dump.exitCode, 0, dump.stdout)
      const folder = join(dump.cwd, 'out')
      const names = [model, demo].flatMap(db =>
        ['dump', 'sql'].map(ext => `${db}-2026.1-db-dump.${ext}`)
      )
      assert.deepEqual((await readdir(folder)).sort(), [...names].sort())
      assert.equal(dump.outputs.file, folder)
      assert.equal(dump.outputs.sha256, '')
      const dumps = JSON.parse(dump.outputs.dumps) as {
        database: string
        format: string
        file: string
        sha256: string
      }[]
      assert.deepEqual(
        dumps.map(d => [d.database, d.format, d.file]),
        [
          [model, 'custom', join(folder, names[0])],
          [model, 'plain', join(folder, names[1])],
          [demo, 'custom', join(folder, names[2])],
          [demo, 'plain', join(folder, names[3])]
        ]
      )
      for (const d of dumps) assert.match(d.sha256, /^[0-9a-f]{64}$/)
      assert.equal(dump.outputs['artifact-format'], 'zip')
      assert.match(dump.summary, /custom, plain/)
      const blob = await backend.readBlob(Number(dump.outputs['artifact-id']))
      assert.deepEqual(await unzipList(blob.bytes), [...names].sort())

      // another job takes the demo database's custom dump out of the artifact
      const target = await server.createDatabase('tww_restored')
      const restore = await step(
        {
          mode: 'restore',
          connection: server.uri(target),
          'artifact-name': 'datamodel',
          file: `${demo}-2026.1-db-dump.dump`
        },
        'restore'
      )
      assert.equal(restore.exitCode, 0, restore.stdout)
      const demoPrint = await server.psql(demo, FINGERPRINT)
      assert.equal(await server.psql(target, FINGERPRINT), demoPrint)

      // the whole artifact: of each file name's database (its name without
      // the extension) the custom dump is restored, into its namesake
      const stem = `${demo}-2026.1-db-dump`
      const again = await step(
        {
          mode: 'restore',
          connection: server.uri('postgres'),
          'artifact-name': 'datamodel',
          dbname: stem,
          'create-database': 'true'
        },
        'restore-all'
      )
      assert.equal(again.exitCode, 0, again.stdout)
      const left = `${stem}.sql hold the same database in another format and are left alone`
      assert.ok(
        again.stdout.includes(`${stem}.dump: `) && again.stdout.includes(left),
        again.stdout
      )
      assert.equal(await server.psql(stem, FINGERPRINT), demoPrint)
    })

    test('one database, one format: the placeholders fill in one file, whose outputs are its own', async () => {
      const run = await step(
        {
          mode: 'dump',
          connection: server.uri(model),
          format: 'plain',
          file: 'out/{dbname}.{ext}'
        },
        'one'
      )
      assert.equal(run.exitCode, 0, run.stdout)
      assert.equal(run.outputs.file, join(run.cwd, 'out', `${model}.sql`))
      assert.match(run.outputs.sha256, /^[0-9a-f]{64}$/)
    })

    test('encrypted, two formats into the folder backup: each an age file, no plaintext', async () => {
      const recipient = await identityToRecipient(
        await generateX25519Identity()
      )
      const run = await step(
        {
          mode: 'dump',
          connection: server.uri(model),
          format: 'custom, plain',
          'encrypt-to': recipient
        },
        'encrypted'
      )
      assert.equal(run.exitCode, 0, run.stdout)
      const folder = join(run.cwd, 'backup')
      assert.equal(run.outputs.file, folder)
      const names = [`${model}.dump.age`, `${model}.sql.age`]
      assert.deepEqual((await readdir(folder)).sort(), names)
      for (const name of names) {
        const head = await readFile(join(folder, name))
        assert.equal(
          head.subarray(0, 22).toString(),
          'age-encryption.org/v1\n',
          name
        )
      }
    })
  }
)
