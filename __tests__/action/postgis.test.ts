// PUM's users keep GIS models. The common case: a DBA created the target
// database for the app's owner (no superuser) and ran CREATE EXTENSION
// postgis in it; the owner restores the model. The bundle is run as the
// runner runs it, on a real PostGIS database.
import assert from 'node:assert/strict'
import { mkdtemp } from 'node:fs/promises'
import { join } from 'node:path'
import { after, before, describe, test } from 'node:test'
import { seededServer, type SeededServer } from '../../test-support/fixtures.ts'
import { FINGERPRINT, MODEL } from '../../test-support/gis-model.ts'
import {
  postgisMissing,
  type TestServer
} from '../../test-support/pg-server.ts'
import {
  errorLine,
  pgBinDirInput,
  runAction,
  type StepRun
} from '../../test-support/run-action.ts'

const OWNER = 'gis_owner'
const OWNER_PASSWORD = 'owner-pw-7Q'

let seeded: SeededServer
let server: TestServer
let source: string
let dir: string
const dumps: Record<'custom' | 'plain', string> = { custom: '', plain: '' }

// the npm-packaged servers (pg-server-*, used where no PostgreSQL is
// installed) ship no PostGIS: skip there, fail on a system install without it
const noPostgis = await postgisMissing()

before(async () => {
  if (noPostgis) return
  seeded = await seededServer({
    database: 'gis_model',
    seed: MODEL,
    tempPrefix: 'pg-dumper-postgis-'
  }).catch((error: unknown) => {
    const message = error instanceof Error ? error.message : String(error)
    const major = /postgresql\/(\d+)\/extension\/postgis\.control/.exec(message)
    if (major)
      throw new Error(
        `PostGIS is not installed for PostgreSQL ${major[1]}: apt-get install postgresql-${major[1]}-postgis-3 (bash .ci/run does this)`
      )
    throw error
  })
  ;({ server, db: source, dir } = seeded)
  await server.psql(
    'postgres',
    `DO $$BEGIN IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '${OWNER}') THEN
       CREATE ROLE ${OWNER} LOGIN PASSWORD '${OWNER_PASSWORD}';
     END IF; END$$`
  )
  for (const format of ['custom', 'plain'] as const) {
    const run = await step({
      mode: 'dump',
      connection: server.uri(source),
      format,
      file: join(dir, `model.${format}`)
    })
    assert.equal(run.exitCode, 0, run.stdout)
    dumps[format] = run.outputs.file
  }
})
after(() => seeded?.stop())

async function step(inputs: Record<string, string>): Promise<StepRun> {
  const cwd = await mkdtemp(join(dir, 'ws-'))
  return runAction({ ...pgBinDirInput(), ...inputs }, { cwd })
}

/** A target the DBA prepared: owned by the app's role, PostGIS created by a superuser. */
async function preparedTarget(prefix: string): Promise<string> {
  const db = await server.createDatabase(prefix)
  await server.psql('postgres', `ALTER DATABASE "${db}" OWNER TO ${OWNER}`)
  await server.psql(db, 'CREATE EXTENSION postgis')
  return db
}

/** The connection as the app's owner, not a superuser. */
function asOwner(db: string): string {
  const host = server.host.includes(':') ? `[${server.host}]` : server.host
  return `postgresql://${OWNER}:${OWNER_PASSWORD}@${host}:${server.port}/${db}`
}

describe(
  'restore as the owner into a target with PostGIS created by the DBA',
  { skip: noPostgis },
  () => {
    for (const format of ['custom', 'plain'] as const) {
      for (const singleTransaction of ['false', 'true']) {
        test(`${format}, single-transaction ${singleTransaction}: every row and geometry, the DBA's extension kept`, async () => {
          const target = await preparedTarget(`gis_${format}`)
          const run = await step({
            mode: 'restore',
            connection: asOwner(target),
            file: dumps[format],
            'single-transaction': singleTransaction
          })
          assert.equal(run.exitCode, 0, run.stdout)
          assert.equal(run.outputs['ignored-errors'], '0')
          assert.match(
            run.stdout,
            /Skipped, as the target already has them: extension postgis: already in the target \(owned by \w+\), not created again; comment on extension postgis: the target's extension keeps its own; data of public\.spatial_ref_sys: a configuration table of the extension postgis that gis_owner may not write, and the dump holds no rows for it/
          )
          assert.doesNotMatch(run.stdout, /::warning::/)
          assert.equal(
            await server.psql(target, FINGERPRINT),
            await server.psql(source, FINGERPRINT)
          )
          // the model belongs to the app's owner, the extension still to the DBA
          assert.equal(
            await server.psql(
              target,
              `SELECT pg_get_userbyid(relowner) FROM pg_class WHERE relname = 'Wastewater_Node'`
            ),
            OWNER
          )
          assert.notEqual(
            await server.psql(
              target,
              `SELECT pg_get_userbyid(extowner) FROM pg_extension WHERE extname = 'postgis'`
            ),
            OWNER
          )
        })
      }
    }

    test('rows of a custom SRID in spatial_ref_sys that the owner may not write: a clear error, nothing restored', async () => {
      const custom = await server.createDatabase('gis_custom_srid')
      await server.psql(
        custom,
        `${MODEL}
      INSERT INTO spatial_ref_sys (srid, auth_name, auth_srid, srtext, proj4text)
        VALUES (990001, 'LOCAL', 990001, 'LOCAL_CS["local"]', '+proj=longlat +datum=WGS84')`
      )
      for (const format of ['custom', 'plain'] as const) {
        const dump = await step({
          mode: 'dump',
          connection: server.uri(custom),
          format,
          file: join(dir, `srid.${format}`)
        })
        assert.equal(dump.exitCode, 0, dump.stdout)
        const target = await preparedTarget(`gis_srid_${format}`)
        const run = await step({
          mode: 'restore',
          connection: asOwner(target),
          file: dump.outputs.file
        })
        assert.equal(run.exitCode, 1, run.stdout)
        assert.match(
          errorLine(run),
          /PgRestoreFailed: The dump holds 1 row\(s\) for public\.spatial_ref_sys, a configuration table of the extension postgis \(owned by \w+\), and gis_owner may not insert into it.*GRANT INSERT ON public\.spatial_ref_sys TO gis_owner/
        )
        assert.equal(
          await server.psql(
            target,
            `SELECT count(*) FROM pg_namespace WHERE nspname = 'TWW_od'`
          ),
          '0'
        )
      }
    })

    test('spatial_ref_sys rows are restored where the owner may write them', async () => {
      const custom = await server.createDatabase('gis_granted_srid')
      await server.psql(
        custom,
        `${MODEL}
      INSERT INTO spatial_ref_sys (srid, auth_name, auth_srid, srtext, proj4text)
        VALUES (990002, 'LOCAL', 990002, 'LOCAL_CS["local"]', '+proj=longlat +datum=WGS84')`
      )
      const dump = await step({
        mode: 'dump',
        connection: server.uri(custom),
        file: join(dir, 'granted.dump')
      })
      assert.equal(dump.exitCode, 0, dump.stdout)
      const target = await preparedTarget('gis_granted')
      await server.psql(target, `GRANT INSERT ON spatial_ref_sys TO ${OWNER}`)
      const run = await step({
        mode: 'restore',
        connection: asOwner(target),
        file: dump.outputs.file,
        'single-transaction': 'true'
      })
      assert.equal(run.exitCode, 0, run.stdout)
      assert.equal(
        await server.psql(
          target,
          'SELECT auth_name FROM spatial_ref_sys WHERE srid = 990002'
        ),
        'LOCAL'
      )
    })

    test('an empty target without PostGIS still fails, naming what the owner may not do', async () => {
      const empty = await server.createDatabase('gis_empty')
      await server.psql(
        'postgres',
        `ALTER DATABASE "${empty}" OWNER TO ${OWNER}`
      )
      const run = await step({
        mode: 'restore',
        connection: asOwner(empty),
        file: dumps.custom,
        'single-transaction': 'true'
      })
      assert.equal(run.exitCode, 1, run.stdout)
      assert.match(
        errorLine(run),
        /permission denied to create extension "postgis"/
      )
    })
  }
)
