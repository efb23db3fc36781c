// The advice when a dump or restore leaves out a schema that kept objects
// use, on a model shaped like TEKSI's: PostGIS and hstore in public (their
// members are no concern: the dump creates the extensions), the model's
// tables, GiST indexes and views using their types, triggers calling the
// app schema's functions. The bundle is run as the runner runs it.
import assert from 'node:assert/strict'
import { mkdtemp } from 'node:fs/promises'
import { join } from 'node:path'
import { after, before, describe, test } from 'node:test'
import { seededServer, type SeededServer } from '../../test-support/fixtures.ts'
import {
  postgisMissing,
  type TestServer
} from '../../test-support/pg-server.ts'
import {
  pgBinDirInput,
  runAction,
  type StepRun
} from '../../test-support/run-action.ts'

const MODEL = `
CREATE EXTENSION postgis;
CREATE EXTENSION hstore;
CREATE SCHEMA "TWW_od";
CREATE SCHEMA tww_vl;
CREATE SCHEMA tww_app;
CREATE FUNCTION public.label(code int) RETURNS text LANGUAGE sql IMMUTABLE AS $$SELECT 'status ' || code$$;
CREATE TABLE tww_vl.status(code int PRIMARY KEY, label text NOT NULL);
INSERT INTO tww_vl.status VALUES (1, 'planned'), (2, 'built');
CREATE TABLE "TWW_od"."Wastewater_Node"(
  obj_id text PRIMARY KEY,
  status int REFERENCES tww_vl.status(code),
  situation_geometry geometry(PointZ, 2056),
  detail geometry(Polygon, 2056),
  attrs hstore,
  last_modification timestamptz
);
CREATE TABLE "TWW_od".reach(
  obj_id text PRIMARY KEY,
  from_node text REFERENCES "TWW_od"."Wastewater_Node"(obj_id),
  progression_geometry geometry(LineString, 2056)
);
CREATE TABLE "TWW_od".cover(obj_id text PRIMARY KEY, situation_geometry geometry(Point, 2056));
CREATE INDEX ON "TWW_od"."Wastewater_Node" USING gist (situation_geometry);
CREATE INDEX ON "TWW_od".reach USING gist (progression_geometry);
INSERT INTO "TWW_od"."Wastewater_Node"
  SELECT 'n' || g, 1 + g % 2, ST_SetSRID(ST_MakePoint(2600000 + g, 1200000 + g, 400), 2056), NULL, 'a=>1', now()
  FROM generate_series(1, 20) g;
CREATE FUNCTION tww_app.touch() RETURNS trigger LANGUAGE plpgsql AS
  $$BEGIN NEW.last_modification := now(); RETURN NEW; END$$;
CREATE TRIGGER touch BEFORE UPDATE ON "TWW_od"."Wastewater_Node"
  FOR EACH ROW EXECUTE FUNCTION tww_app.touch();
CREATE VIEW tww_app.vw_reach AS
  SELECT r.obj_id, ST_Length(r.progression_geometry) AS length FROM "TWW_od".reach r;
CREATE VIEW tww_app.vw_node AS
  SELECT obj_id, public.label(status) AS status FROM "TWW_od"."Wastewater_Node";
`

let seeded: SeededServer
let server: TestServer
let source: string
let dir: string

// as in postgis.test.ts: the npm-packaged servers ship no PostGIS
const noPostgis = await postgisMissing()

before(async () => {
  if (noPostgis) return
  seeded = await seededServer({
    database: 'gis_advice',
    seed: MODEL,
    tempPrefix: 'pg-dumper-advice-'
  })
  ;({ server, db: source, dir } = seeded)
})
after(() => seeded?.stop())

async function step(inputs: Record<string, string>): Promise<StepRun> {
  const cwd = await mkdtemp(join(dir, 'ws-'))
  return runAction({ ...pgBinDirInput(), ...inputs }, { cwd })
}

const warnings = (run: StepRun) =>
  run.stdout.split('\n').filter(l => l.startsWith('::warning::'))

describe(
  'advice on excluded schemas, on a PostGIS model',
  { skip: noPostgis },
  () => {
    test('excluding public warns about no extension member: one line per extension, and the kept objects to act on', async () => {
      const run = await step({
        mode: 'dump',
        connection: server.uri(source),
        'exclude-schemas': 'public'
      })
      assert.equal(run.exitCode, 0, run.stdout)
      const kept = warnings(run).filter(w => w.includes('Kept objects'))
      assert.deepEqual(kept, [
        '::warning::Kept objects (1 table) use types of extension hstore: the target needs it (the dump still creates it).',
        '::warning::Kept objects (3 tables, 2 indexes and 1 view) use functions, operator classes and types of extension postgis: the target needs it (the dump still creates it).',
        '::warning::Kept objects use the excluded schema public: view tww_app.vw_node (uses function public.label(integer)). Restoring this dump fails on them unless the target holds those objects already.'
      ])
      // none of the extensions' casts, operators or functions is named
      assert.doesNotMatch(
        run.stdout,
        /\bcast from|operator family|st_\w+\(.*\(uses/
      )
    })

    test('a schemas dump that leaves public out says the dump does not create the extensions, and its summary names the schemas', async () => {
      const run = await step({
        mode: 'dump',
        connection: server.uri(source),
        schemas: 'TWW_od, tww_vl, tww_app',
        'exclude-schemas': 'public'
      })
      assert.equal(run.exitCode, 0, run.stdout)
      assert.ok(
        warnings(run).some(w =>
          w.endsWith(
            'of extension postgis: the target needs it (the dump does not create it: create it in the target first).'
          )
        ),
        run.stdout
      )
      assert.match(
        run.summary,
        /<td>Schemas<\/td><td><code>TWW_od<\/code>, <code>tww_vl<\/code>, <code>tww_app<\/code><\/td>/
      )
      assert.match(
        run.summary,
        /<td>Excluded schemas<\/td><td><code>public<\/code><\/td>/
      )
      const plain = await step({ mode: 'dump', connection: server.uri(source) })
      assert.doesNotMatch(plain.summary, /<td>Schemas<\/td>/)
    })

    test('excluding at restore a schema whose functions kept triggers call warns as at dump, naming them', async () => {
      const dump = await step({ mode: 'dump', connection: server.uri(source) })
      assert.equal(dump.exitCode, 0, dump.stdout)
      const target = await server.createDatabase('gis_advice_restore')
      const run = await step({
        mode: 'restore',
        connection: server.uri(target),
        file: dump.outputs.file,
        'exclude-schemas': 'tww_app',
        'ignore-errors': 'true'
      })
      assert.equal(run.exitCode, 0, run.stdout)
      assert.deepEqual(
        warnings(run).filter(w => w.includes('Kept objects')),
        [
          '::warning::Kept objects use the excluded schema tww_app: trigger touch on "TWW_od"."Wastewater_Node" (uses function tww_app.touch()). This restore fails on them unless the target holds those objects already.'
        ]
      )
      // a foreign key into an excluded schema
      const fk = await step({
        mode: 'restore',
        connection: server.uri(await server.createDatabase('gis_advice_fk')),
        file: dump.outputs.file,
        'exclude-schemas': 'tww_vl',
        'ignore-errors': 'true'
      })
      assert.ok(
        warnings(fk).some(w =>
          /Kept objects use the excluded schema tww_vl: .*table constraint "Wastewater_Node_status_fkey" on "TWW_od"\."Wastewater_Node" \(uses table tww_vl\.status\)/.test(
            w
          )
        ),
        fk.stdout
      )
    })
  }
)
