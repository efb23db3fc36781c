// Owners and privileges on request (owner, privileges), through the Dumper
// on a real PostGIS model owned by a non-superuser role and granted to
// reader roles: kept, they come back as they were; by default (PUM's
// --no-owner --no-privileges) the restoring user owns everything and
// nothing is granted. One cluster: the roles are there for every target.
import assert from 'node:assert/strict'
import { join } from 'node:path'
import { after, before, describe, test } from 'node:test'
import type { DumpFormat } from '../../src/core/args.ts'
import { Dumper } from '../../src/core/dumper.ts'
import { seededServer, type SeededServer } from '../../test-support/fixtures.ts'
import {
  asModelOwner,
  MODEL_OWNER,
  permissions,
  preparedFor,
  seedOwnedModel,
  type Permission
} from '../../test-support/owned-model.ts'
import {
  clientBinDir,
  postgisMissing,
  type TestServer
} from '../../test-support/pg-server.ts'

let seeded: SeededServer
let server: TestServer
let source: string
let dir: string
let sourcePermissions: Permission[]

const skip = await postgisMissing()

before(async () => {
  if (skip) return
  seeded = await seededServer({
    database: 'tww_model',
    seed: seedOwnedModel,
    tempPrefix: 'pg-dumper-owners-'
  })
  ;({ server, db: source, dir } = seeded)
  sourcePermissions = await permissions(server, source)
})
after(() => seeded?.stop())

const dumper = (connection: string) =>
  new Dumper({ connection, pgBinDir: clientBinDir() })

const FORMATS: DumpFormat[] = ['custom', 'plain']

describe('owners and privileges', { skip }, () => {
  test('the model is owned by its role and granted to the readers', () => {
    const owners = new Set(sourcePermissions.map(p => p.owner))
    assert.deepEqual([...owners], [MODEL_OWNER])
    const granted = sourcePermissions.filter(p => p.acl !== '-')
    assert.ok(
      granted.some(p => p.acl.includes('tww_viewer=r/')),
      JSON.stringify(granted)
    )
    assert.ok(granted.some(p => p.acl.includes('tww_user=arwd/')))
  })

  for (const format of FORMATS) {
    // a plain script runs as written: its ALTER … OWNER lines need no owner at restore
    test(`owner and privileges: a ${format} dump restored${format === 'plain' ? '' : ' with owner'} brings the owners and the GRANTs back`, async () => {
      const file = join(dir, `kept.${format}`)
      await dumper(server.conninfo(source)).dump({
        file,
        format,
        owner: true,
        privileges: true
      })
      const target = await server.createDatabase(`kept_${format}`)
      const restored = await dumper(server.conninfo(target)).restore({
        file,
        ...(format === 'custom' && { owner: true })
      })
      assert.equal(restored.ignoredErrors, 0)
      assert.deepEqual(await permissions(server, target), sourcePermissions)
    })

    test(`by default a ${format} dump holds no owner and no GRANT: the restoring user owns everything`, async () => {
      const file = join(dir, `default.${format}`)
      await dumper(server.conninfo(source)).dump({ file, format })
      const target = await server.createDatabase(`default_${format}`)
      await dumper(server.conninfo(target)).restore({ file })
      const restored = await permissions(server, target)
      assert.deepEqual(
        restored.map(p => p.object),
        sourcePermissions.map(p => p.object)
      )
      for (const p of restored) {
        assert.equal(p.owner, server.user, p.object)
        // a function's ACL: PUBLIC's EXECUTE is the default, no REVOKE came
        assert.equal(p.acl, '-', p.object)
      }
    })
  }

  test('a custom dump made by default keeps its owners in the archive: a restore with owner sets them, without GRANTs', async () => {
    const file = join(dir, 'owners-only.dump')
    await dumper(server.conninfo(source)).dump({ file })
    const target = await server.createDatabase('owners_only')
    await dumper(server.conninfo(target)).restore({ file, owner: true })
    const restored = await permissions(server, target)
    for (const p of restored) {
      assert.equal(p.owner, MODEL_OWNER, p.object)
      assert.equal(p.acl, '-', p.object)
    }
  })

  test("the model's owner restores into a database a DBA prepared (PostGIS there): owners and GRANTs as the source's", async () => {
    const file = join(dir, 'by-owner.dump')
    await dumper(server.conninfo(source)).dump({
      file,
      owner: true,
      privileges: true
    })
    const target = await server.createDatabase('prepared')
    await preparedFor(server, target)
    const restored = await dumper(asModelOwner(server, target)).restore({
      file,
      owner: true
    })
    assert.equal(restored.ignoredErrors, 0)
    assert.deepEqual(await permissions(server, target), sourcePermissions)
    // the reader may read, and only read
    assert.equal(
      await server.psql(
        target,
        `SET ROLE tww_viewer; SELECT count(*) FROM tww_app.vw_node;
         SELECT has_table_privilege('tww_od.wastewater_node', 'INSERT')`
      ),
      '50\nf'
    )
  })
})
