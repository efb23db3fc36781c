// The Store seam: the real dump and restore steps, in process, against a
// real server, keeping and taking dumps through a second Store (a local
// folder, test-support/folder-store.ts) — no artifact code involved. If a
// step reached past the Store, or the Store's order (prepare before the
// dump, put after a good one, prune after a good put) broke, these fail.
import assert from 'node:assert/strict'
import { access, readdir, rm } from 'node:fs/promises'
import { dirname, join } from 'node:path'
import { after, before, describe, test } from 'node:test'
import { dumpStep } from '../../src/action/dump-step.ts'
import type { DumpInputs, RestoreInputs } from '../../src/action/inputs.ts'
import type { RunReport } from '../../src/action/report.ts'
import { restoreStep } from '../../src/action/restore-step.ts'
import { Cancellation, Dumper } from '../../src/core/index.ts'
import { dataChecksums } from '../../test-support/compare.ts'
import {
  seededServer,
  seedRealistic,
  type SeededServer
} from '../../test-support/fixtures.ts'
import { FolderStore } from '../../test-support/folder-store.ts'
import { clientBinDir } from '../../test-support/pg-server.ts'

let seeded: SeededServer

before(async () => {
  seeded = await seededServer({
    database: 'seam',
    seed: seedRealistic,
    tempPrefix: 'pg-dumper-seam-'
  })
})
after(() => seeded?.stop())

const connectionOf = (db: string) => ({
  connection: seeded.server.conninfo(db),
  pgBinDir: clientBinDir()
})

/** Runs the dump step as main.ts does, with `store` in place of the inputs' choice. */
async function dump(
  store: FolderStore,
  file: string,
  extra: Partial<DumpInputs['dump']> = {}
): Promise<{ report: RunReport; error?: unknown }> {
  const cancellation = new Cancellation()
  const connection = connectionOf(seeded.db)
  const inputs: DumpInputs = {
    mode: 'dump',
    connection,
    dump: { file, format: 'custom', ...extra },
    notices: []
  }
  const report: RunReport = {
    mode: 'dump',
    database: seeded.db,
    excludeSchemas: []
  }
  const dumper = new Dumper({ ...connection, cancellation })
  try {
    await dumpStep(inputs, dumper, report, cancellation, store)
    return { report }
  } catch (error) {
    return { report, error }
  }
}

const exists = (path: string) =>
  access(path).then(
    () => true,
    () => false
  )

describe('the steps keep and take dumps only through the Store', () => {
  test('a dump goes to the store after a good dump, and a restore takes it back from there', async () => {
    const root = join(seeded.dir, 'round-trip')
    const store = new FolderStore(root, 'nightly')
    const file = join(seeded.dir, 'round-trip.dump')
    const { report, error } = await dump(store, file)
    assert.equal(error, undefined)
    assert.deepEqual(store.calls, ['prepare', 'put plain'])
    assert.equal(report.artifact?.id, 1)
    assert.equal(report.artifact?.name, 'nightly')
    assert.deepEqual(await readdir(join(root, 'nightly', '1')), [
      'meta.json',
      'round-trip.dump'
    ])

    const copy = await seeded.server.createDatabase('seam_copy')
    const cancellation = new Cancellation()
    const inputs: RestoreInputs = {
      mode: 'restore',
      connection: connectionOf(copy),
      // the shape the choice reads; the given store answers instead
      source: {
        kind: 'artifact',
        artifact: { name: 'nightly', repository: { owner: 'o', repo: 'r' } }
      },
      restore: {},
      notices: []
    }
    const restored: RunReport = {
      mode: 'restore',
      database: copy,
      excludeSchemas: []
    }
    await restoreStep(
      inputs,
      new Dumper({ ...connectionOf(copy), cancellation }),
      restored,
      cancellation,
      store
    )
    assert.deepEqual(store.calls.slice(2), ['find', 'fetch 1'])
    assert.equal(restored.source?.artifact, 'nightly')
    assert.equal(restored.source?.artifactId, 1)
    assert.match(restored.source?.file ?? '', /round-trip\.dump$/)
    assert.notEqual(restored.source?.file, file)
    assert.deepEqual(
      await dataChecksums(seeded.server, copy),
      await dataChecksums(seeded.server, seeded.db)
    )
    // fetched into a folder of its own, outside the store
    const fetched = restored.source?.file ?? ''
    assert.match(fetched, /pg-dumper-folder-store-[^/]+\/round-trip\.dump$/)
    await rm(dirname(fetched), { recursive: true })
  })

  test("with 'keep', the store prunes the series after each good put", async () => {
    const root = join(seeded.dir, 'keep')
    const store = new FolderStore(root, 'kept', { keep: 2 })
    let last: RunReport | undefined
    for (const n of [1, 2, 3]) {
      const { report, error } = await dump(
        store,
        join(seeded.dir, `keep-${n}.dump`)
      )
      assert.equal(error, undefined)
      last = report
    }
    assert.deepEqual(
      (await store.list()).map(d => d.id),
      [3, 2]
    )
    assert.deepEqual(
      last?.prune?.deleted.map(d => d.id),
      [1]
    )
    assert.deepEqual(store.calls.slice(-3), [
      'prepare',
      'put plain',
      'prune keeping 3'
    ])
  })

  test('a store that cannot take the dump fails the step before anything is dumped', async () => {
    const refused = new Error('the store is full')
    const store = new FolderStore(join(seeded.dir, 'refused'), 'x', {
      fail: { prepare: refused }
    })
    const file = join(seeded.dir, 'never.dump')
    const { report, error } = await dump(store, file)
    assert.equal(error, refused)
    assert.deepEqual(store.calls, ['prepare'])
    assert.equal(report.result, undefined)
    assert.equal(await exists(file), false)
  })

  test('a failure pruning fails the step once the put and the pruning are reported', async () => {
    const denied = new Error('may not delete')
    const store = new FolderStore(join(seeded.dir, 'denied'), 'd', {
      keep: 1,
      fail: { prune: denied }
    })
    const { report, error } = await dump(store, join(seeded.dir, 'd.dump'))
    assert.equal(error, denied)
    assert.equal(report.artifact?.id, 1)
    assert.deepEqual(report.prune?.deleted, [])
    assert.ok(report.result)
  })

  test('a dump with its globals is kept as both files, named under its folder', async () => {
    const root = join(seeded.dir, 'globals')
    const store = new FolderStore(root, 'cluster')
    const { error } = await dump(store, join(seeded.dir, 'g', 'app.dump'), {
      globals: true
    })
    assert.equal(error, undefined)
    assert.deepEqual((await readdir(join(root, 'cluster', '1'))).sort(), [
      'app.dump',
      'globals.sql',
      'meta.json'
    ])
  })
})
