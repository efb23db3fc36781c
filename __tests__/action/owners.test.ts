// Owners and privileges kept through the bundle, as the runner runs it: a
// PostGIS model owned by a non-superuser role and granted to reader roles,
// dumped with owner, privileges and globals, restored with owner into a
// fresh cluster that has none of the roles: the globals bring them, and the
// owners and ACLs are the source's.
import assert from 'node:assert/strict'
import { mkdtemp } from 'node:fs/promises'
import { join } from 'node:path'
import { after, before, describe, test } from 'node:test'
import {
  roles,
  twoClusters,
  type TwoClusters
} from '../../test-support/cluster.ts'
import {
  MODEL_OWNER,
  permissions,
  seedOwnedModel
} from '../../test-support/owned-model.ts'
import {
  EXTERNAL,
  postgisMissing,
  type TestServer
} from '../../test-support/pg-server.ts'
import {
  pgBinDirInput,
  runAction,
  type StepRun
} from '../../test-support/run-action.ts'

let source: TestServer
let target: TestServer
let dir: string
let clusters: TwoClusters | undefined
let model: string

const skip = EXTERNAL
  ? 'PG_DUMPER_TEST_URL gives one server only'
  : await postgisMissing()

before(async () => {
  if (skip) return
  clusters = await twoClusters('pg-dumper-owners-')
  ;({ source, target, dir } = clusters)
  model = await source.createDatabase('tww')
  await seedOwnedModel(source, model)
})
after(() => clusters?.stop())

async function step(
  inputs: Record<string, string>
): Promise<StepRun & { cwd: string }> {
  const cwd = await mkdtemp(join(dir, 'ws-'))
  return {
    ...(await runAction({ ...pgBinDirInput(), ...inputs }, { cwd })),
    cwd
  }
}

describe('owner and privileges', { skip }, () => {
  test('with globals, into a fresh cluster: the roles come first, then the owners and GRANTs as the source has them', async () => {
    const dump = await step({
      mode: 'dump',
      connection: source.uri(model),
      globals: 'true',
      owner: 'true',
      privileges: 'true',
      file: 'out/tww.dump'
    })
    assert.equal(dump.exitCode, 0, dump.stdout)
    assert.doesNotMatch(dump.stdout, /::warning::/)

    const restore = await step({
      mode: 'restore',
      connection: target.uri('tww'),
      file: join(dump.cwd, 'out', 'tww.dump'),
      'create-database': 'true',
      owner: 'true',
      // a restore applies the GRANTs a dump holds: nothing to choose there
      privileges: 'true'
    })
    assert.equal(restore.exitCode, 0, restore.stdout)
    assert.match(
      restore.stdout,
      /Roles created: tww_sysadmin, tww_user, tww_viewer/
    )
    assert.match(restore.stdout, /::warning::'privileges' only apply to dump\./)
    assert.match(await roles(target), /tww_sysadmin,tww_user,tww_viewer/)
    const kept = await permissions(target, 'tww')
    assert.deepEqual(kept, await permissions(source, model))
    assert.ok(kept.every(p => p.owner === MODEL_OWNER))
    assert.ok(kept.some(p => p.acl.includes('tww_viewer=r/')))
  })
})
