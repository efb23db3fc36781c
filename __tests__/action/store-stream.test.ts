// Streaming into a Store (issue 24): the real dump step, in process, against
// a real server, with a folder Store that takes a stream (putStream: commit
// renames into place, abort removes). A custom or plain dump, encrypted or
// not, goes to the store as pg_dump writes it, read back as it passes, with
// no dump file anywhere; a failure or a cancellation midway aborts it and
// nothing is kept. Restores take the stored dump back and compare.
import assert from 'node:assert/strict'
import {
  access,
  mkdir,
  mkdtemp,
  readdir,
  readFile,
  rm,
  writeFile
} from 'node:fs/promises'
import { createHash } from 'node:crypto'
import { basename, dirname, join } from 'node:path'
import { Writable } from 'node:stream'
import { after, before, describe, test } from 'node:test'
import { dumpStep } from '../../src/action/dump-step.ts'
import type { DumpInputs, RestoreInputs } from '../../src/action/inputs.ts'
import type { RunReport } from '../../src/action/report.ts'
import { restoreStep } from '../../src/action/restore-step.ts'
import { Cancellation, Dumper } from '../../src/core/index.ts'
import { ageKeygen, ensureAge, type AgeKey } from '../../test-support/age.ts'
import { dataChecksums } from '../../test-support/compare.ts'
import {
  pgDump,
  seededServer,
  seedRealistic,
  type SeededServer
} from '../../test-support/fixtures.ts'
import { FolderStore } from '../../test-support/folder-store.ts'
import { clientBinDir, clientTool, run } from '../../test-support/pg-server.ts'

let seeded: SeededServer
let big: string
let key: AgeKey
/** the step's temporary folder (TMPDIR and RUNNER_TEMP), checked empty after each run */
let temp: string
const savedTmp = process.env.TMPDIR
const savedRunnerTemp = process.env.RUNNER_TEMP

before(async () => {
  await ensureAge()
  seeded = await seededServer({
    database: 'stream',
    seed: seedRealistic,
    tempPrefix: 'pg-dumper-stream-'
  })
  // enough rows that pg_dump is still writing when the first bytes arrive
  big = await seeded.server.createDatabase('stream_big')
  await seeded.server.psql(
    big,
    `CREATE TABLE t AS SELECT g AS id, md5(g::text) || md5((g * 7)::text) AS v FROM generate_series(1, 400000) g`
  )
  key = await ageKeygen(seeded.dir, 'stream')
  temp = join(seeded.dir, 'tmp')
  await mkdir(temp)
  process.env.TMPDIR = temp
  process.env.RUNNER_TEMP = temp
})
after(async () => {
  if (savedTmp === undefined) delete process.env.TMPDIR
  else process.env.TMPDIR = savedTmp
  if (savedRunnerTemp === undefined) delete process.env.RUNNER_TEMP
  else process.env.RUNNER_TEMP = savedRunnerTemp
  await seeded?.stop()
})

const connectionOf = (db: string) => ({
  connection: seeded.server.conninfo(db),
  pgBinDir: clientBinDir()
})

/** Runs the dump step as main.ts does, into `store`. */
async function dump(
  store: FolderStore,
  file: string,
  extra: Partial<DumpInputs['dump']> = {},
  { db = seeded.db, cancellation = new Cancellation() } = {}
): Promise<{ report: RunReport; error?: unknown }> {
  const connection = connectionOf(db)
  const inputs: DumpInputs = {
    mode: 'dump',
    connection,
    dump: { file, format: 'custom', ...extra },
    notices: []
  }
  const report: RunReport = { mode: 'dump', database: db, excludeSchemas: [] }
  const dumper = new Dumper({ ...connection, cancellation })
  try {
    await dumpStep(inputs, dumper, report, cancellation, store)
    return { report }
  } catch (error) {
    return { report, error }
  }
}

/**
 * Restores the store's newest dump into a new database; its name, and what
 * the store was asked. A fetched copy is removed.
 */
async function restoreNewest(
  store: FolderStore,
  name: string,
  extra: Partial<RestoreInputs['restore']> = {}
): Promise<{ copy: string; calls: string[]; error?: unknown }> {
  const copy = await seeded.server.createDatabase(name)
  const cancellation = new Cancellation()
  const inputs: RestoreInputs = {
    mode: 'restore',
    connection: connectionOf(copy),
    source: {
      kind: 'artifact',
      artifact: { name: 'x', repository: { owner: 'o', repo: 'r' } }
    },
    restore: extra,
    notices: []
  }
  const report: RunReport = {
    mode: 'restore',
    database: copy,
    excludeSchemas: []
  }
  const before = store.calls.length
  let error: unknown
  try {
    await restoreStep(
      inputs,
      new Dumper({ ...connectionOf(copy), cancellation }),
      report,
      cancellation,
      store
    )
  } catch (e) {
    error = e
  }
  const fetched = report.source?.file ?? ''
  if (/pg-dumper-folder-store-[^/]+\//.test(fetched))
    await rm(dirname(fetched), { recursive: true })
  return { copy, calls: store.calls.slice(before), error }
}

const exists = (path: string) =>
  access(path).then(
    () => true,
    () => false
  )

/** A fresh workspace folder the dump is named in. */
async function workspace(name: string): Promise<string> {
  return mkdtemp(join(seeded.dir, `${name}-`))
}

/** What the series' folder holds: the committed puts, and any partial stream. */
const series = (store: string) => readdir(store).catch(() => [] as string[])

/**
 * A store whose stream calls `first` at the first bytes and waits for it
 * before they go on: the dump is then midway.
 */
class MidwayStore extends FolderStore {
  constructor(root: string, first: () => Promise<void>) {
    super(root, 'midway', { streams: true })
    const open = this.putStream as NonNullable<FolderStore['putStream']>
    this.putStream = async (name, kind) => {
      const sink = await open(name, kind)
      let fired = false
      const stream = new Writable({
        write(chunk: Buffer, _encoding, done) {
          const go = () => sink.stream.write(chunk, done)
          if (fired) return go()
          fired = true
          first().then(go, done)
        },
        final(done) {
          sink.stream.end(done)
        }
      })
      return { ...sink, stream }
    }
  }
}

describe('a dump streams into a store that takes a stream', () => {
  for (const format of ['custom', 'plain'] as const) {
    test(`a ${format} dump streams into the store, read back as it passes, with no file written`, async () => {
      const root = join(seeded.dir, `streamed-${format}`)
      const store = new FolderStore(root, 'nightly', { streams: true })
      const ws = await workspace(format)
      const name = format === 'custom' ? 'app.dump' : 'app.sql'
      const { report, error } = await dump(store, join(ws, name), { format })
      assert.equal(error, undefined)
      assert.deepEqual(store.calls, [
        'prepare',
        `putStream ${name} ${format}`,
        `commit ${format}`
      ])
      assert.deepEqual(await readdir(ws), [])
      assert.deepEqual(await readdir(temp), [])
      assert.deepEqual(
        (await readdir(join(root, 'nightly', '1'))).sort(),
        [name, 'meta.json'].sort()
      )
      assert.equal(report.artifact?.id, 1)
      const result = report.result as { sha256: string; streamed?: boolean }
      assert.equal(result.streamed, true)

      const {
        copy,
        calls,
        error: failed
      } = await restoreNewest(store, `stream_${format}_copy`)
      assert.equal(failed, undefined)
      assert.deepEqual(calls, ['find', 'fetchStream 1'])
      assert.deepEqual(await readdir(temp), [])
      assert.deepEqual(
        await dataChecksums(seeded.server, copy),
        await dataChecksums(seeded.server, seeded.db)
      )
    })
  }

  test('a custom archive streamed has every entry pg_restore lists, and its data blocks in order', async () => {
    const root = join(seeded.dir, 'listed')
    const store = new FolderStore(root, 'l', { streams: true })
    const { error } = await dump(store, join(await workspace('l'), 'l.dump'))
    assert.equal(error, undefined)
    const streamed = join(root, 'l', '1', 'l.dump')
    const direct = join(seeded.dir, 'direct.dump')
    await pgDump(seeded.server, seeded.db, [
      '--format=custom',
      `--file=${direct}`
    ])
    const list = async (file: string) => {
      const listed = await run(clientTool('pg_restore'), ['--list', file])
      assert.equal(listed.code, 0, listed.stderr)
      return listed.stdout.split('\n').filter(l => /^\d+;/.test(l)).length
    }
    assert.equal(await list(streamed), await list(direct))
  })

  test('an encrypted dump streams as its age file, which decrypts and restores', async () => {
    const root = join(seeded.dir, 'encrypted')
    const store = new FolderStore(root, 'sealed', { streams: true })
    const ws = await workspace('enc')
    const { error } = await dump(store, join(ws, 'app.dump.age'), {
      encryptTo: [key.recipient]
    })
    assert.equal(error, undefined)
    assert.deepEqual(store.calls.slice(1), [
      'putStream app.dump.age custom encrypted',
      'commit custom encrypted'
    ])
    assert.deepEqual(await readdir(ws), [])
    assert.deepEqual(await readdir(temp), [])
    const { copy, calls } = await restoreNewest(store, 'stream_enc_copy', {
      decryptKey: key.identity
    })
    // an age file is authenticated whole before it is restored: fetched
    assert.deepEqual(calls, ['find', 'fetchStream 1', 'fetch 1'])
    assert.deepEqual(
      await dataChecksums(seeded.server, copy),
      await dataChecksums(seeded.server, seeded.db)
    )
  })

  test('a pg_dump that fails midway aborts the stream: nothing is committed', async () => {
    const root = join(seeded.dir, 'failed')
    const store = new MidwayStore(root, async () => {
      await seeded.server.psql(
        'postgres',
        `SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '${big}' AND application_name = 'pg_dump'`
      )
    })
    const { report, error } = await dump(
      store,
      join(await workspace('f'), 'f.sql'),
      { format: 'plain' },
      { db: big }
    )
    assert.equal((error as Error)?.name, 'PgDumpFailed')
    assert.match((error as Error).message, /terminat/)
    assert.deepEqual(store.calls, ['prepare', 'putStream f.sql plain', 'abort'])
    assert.equal(report.artifact, undefined)
    assert.deepEqual(await series(join(root, 'midway')), [])
    assert.deepEqual(await readdir(temp), [])
  })

  test('a cancellation midway (SIGTERM) aborts the stream: nothing is committed', async () => {
    const root = join(seeded.dir, 'cancelled')
    const cancellation = new Cancellation()
    const store = new MidwayStore(root, () => {
      cancellation.cancel('SIGTERM')
      return Promise.resolve()
    })
    const { error } = await dump(
      store,
      join(await workspace('c'), 'c.dump'),
      {},
      { db: big, cancellation }
    )
    assert.equal((error as Error)?.name, 'OperationCancelled')
    assert.deepEqual(store.calls, [
      'prepare',
      'putStream c.dump custom',
      'abort'
    ])
    assert.deepEqual(await series(join(root, 'midway')), [])
    assert.deepEqual(await readdir(temp), [])
  })

  test('a store that fails to take the bytes aborts the dump', async () => {
    const root = join(seeded.dir, 'refusing')
    const store = new MidwayStore(root, () =>
      Promise.reject(new Error('the bucket is gone'))
    )
    const { error } = await dump(store, join(await workspace('r'), 'r.dump'))
    assert.equal((error as Error)?.name, 'PgDumpCommandError')
    assert.match((error as Error).message, /the bucket is gone/)
    assert.deepEqual(store.calls, [
      'prepare',
      'putStream r.dump custom',
      'abort'
    ])
    assert.deepEqual(await series(join(root, 'midway')), [])
  })

  for (const format of ['custom', 'plain'] as const) {
    test(`a ${format} dump of tens of MB streams through, with backpressure, and restores as it streams`, async () => {
      const root = join(seeded.dir, `big-${format}`)
      const store = new FolderStore(root, 'big', { streams: true })
      const { error } = await dump(
        store,
        join(await workspace(`big-${format}`), 'big.dump'),
        {
          format,
          ...(format === 'custom' && { compression: { method: 'none' } })
        },
        { db: big }
      )
      assert.equal(error, undefined)
      const {
        copy,
        calls,
        error: failed
      } = await restoreNewest(store, `stream_big_${format}`)
      assert.equal(failed, undefined)
      assert.deepEqual(calls, ['find', 'fetchStream 1'])
      const sum = "SELECT count(*) || md5(string_agg(v, '' ORDER BY id)) FROM t"
      assert.equal(
        await seeded.server.psql(copy, sum),
        await seeded.server.psql(big, sum)
      )
      assert.deepEqual(await readdir(temp), [])
    })
  }

  test('a scrubbed dump streams too: the throwaway copy is dumped into the store', async () => {
    const root = join(seeded.dir, 'scrubbed')
    const store = new FolderStore(root, 's', { streams: true })
    const { error } = await dump(store, join(await workspace('s'), 's.dump'), {
      scrub: { sql: 'DELETE FROM audit.change_log;' }
    })
    assert.equal(error, undefined)
    assert.deepEqual(store.calls, [
      'prepare',
      'putStream s.dump custom',
      'commit custom'
    ])
    const { copy } = await restoreNewest(store, 'stream_scrubbed')
    assert.equal(
      await seeded.server.psql(copy, 'SELECT count(*) FROM audit.change_log'),
      '0'
    )
    assert.notEqual(
      await seeded.server.psql(
        seeded.db,
        'SELECT count(*) FROM audit.change_log'
      ),
      '0'
    )
  })

  test('where the dump is not one stream, it is written to a file and put', async () => {
    const root = join(seeded.dir, 'directory')
    const store = new FolderStore(root, 'dir', { streams: true })
    const ws = await workspace('d')
    const { error } = await dump(store, join(ws, 'app'), {
      format: 'directory'
    })
    assert.equal(error, undefined)
    assert.deepEqual(store.calls, ['prepare', 'put plain'])
  })
})

describe('a restore streams from a store that feeds a stream', () => {
  let store: FolderStore
  let stored: string
  before(async () => {
    store = new FolderStore(join(seeded.dir, 'restores'), 'r', {
      streams: true
    })
    const { error } = await dump(store, join(await workspace('rs'), 'r.dump'))
    assert.equal(error, undefined)
    stored = join(seeded.dir, 'restores', 'r', '1', 'r.dump')
  })

  test("excluded schemas are left out of a streamed archive: pg_restore lists its head, then restores it in the archive's order", async () => {
    const { copy, calls, error } = await restoreNewest(store, 'stream_ex', {
      excludeSchemas: ['audit', 'staging']
    })
    assert.equal(error, undefined)
    assert.deepEqual(calls, ['find', 'fetchStream 1'])
    const kept = [...(await dataChecksums(seeded.server, seeded.db))].filter(
      ([name]) => !/^(audit|staging)\./.test(name)
    )
    assert.deepEqual([...(await dataChecksums(seeded.server, copy))], kept)
    assert.deepEqual(await readdir(temp), [])
  })

  test('a stream that does not match its digest fails the restore', async () => {
    const meta = join(dirname(stored), 'meta.json')
    const saved = await readFile(meta, 'utf8')
    const wrong = {
      ...(JSON.parse(saved) as object),
      digest: '0'.repeat(64)
    }
    await writeFile(meta, JSON.stringify(wrong))
    try {
      const { error } = await restoreNewest(store, 'stream_digest')
      assert.match((error as Error)?.message, /does not match its digest/)
    } finally {
      await writeFile(meta, saved)
    }
  })

  test("a damaged archive the store vouches for fails the restore with pg_restore's error", async () => {
    const saved = await readFile(stored)
    const meta = join(dirname(stored), 'meta.json')
    const savedMeta = await readFile(meta, 'utf8')
    const damaged = Buffer.from(saved)
    // inside the data blocks, past the table of contents
    for (let i = damaged.length - 400; i < damaged.length - 200; i++)
      damaged[i] ^= 0x5a
    await writeFile(stored, damaged)
    // recorded as it is now: only pg_restore can tell
    const digest = createHash('sha256')
      .update(basename(stored))
      .update('\0')
      .update(damaged)
      .digest('hex')
    await writeFile(
      meta,
      JSON.stringify({ ...(JSON.parse(savedMeta) as object), digest })
    )
    try {
      const { calls, error } = await restoreNewest(store, 'stream_damaged')
      assert.deepEqual(calls, ['find', 'fetchStream 1'])
      assert.equal((error as Error)?.name, 'PgRestoreFailed')
    } finally {
      await writeFile(stored, saved)
      await writeFile(meta, savedMeta)
    }
  })

  test('a hostile plain script from a streaming store never runs its meta-commands', async () => {
    const hostile = new FolderStore(join(seeded.dir, 'hostile'), 'h', {
      streams: true
    })
    const marker = join(seeded.dir, 'hostile-marker')
    const script = join(await workspace('h'), 'h.sql')
    await writeFile(
      script,
      `CREATE TABLE evil(id int);\n\\! touch ${marker}\nINSERT INTO evil VALUES (1);\n`
    )
    await hostile.prepare()
    await hostile.put({ file: script, encrypted: false })
    const { calls, error } = await restoreNewest(hostile, 'stream_hostile')
    assert.deepEqual(calls, ['find', 'fetchStream 1'])
    assert.equal((error as Error)?.name, 'PgRestoreCommandError')
    assert.match((error as Error).message, /line 2: \\!/)
    // found by the scan as the script passed, psql ended before that line
    assert.match((error as Error).message, /psql was stopped before it read/)
    assert.equal(await exists(marker), false)
  })

  test('a plain script whose stream fails at its end commits nothing in one transaction: psql is ended before it sees the end', async () => {
    const plain = new FolderStore(join(seeded.dir, 'cut'), 'p', {
      streams: true
    })
    // no large objects: pg_dump's plain script wraps those in a BEGIN and
    // COMMIT of its own, which end psql's single transaction early
    const small = await seeded.server.createDatabase('stream_small')
    await seeded.server.psql(
      small,
      'CREATE TABLE s AS SELECT g AS id FROM generate_series(1, 1000) g'
    )
    const { error: dumped } = await dump(
      plain,
      join(await workspace('p'), 'p.sql'),
      { format: 'plain' },
      { db: small }
    )
    assert.equal(dumped, undefined)
    const meta = join(seeded.dir, 'cut', 'p', '1', 'meta.json')
    const saved = await readFile(meta, 'utf8')
    await writeFile(
      meta,
      JSON.stringify({
        ...(JSON.parse(saved) as object),
        digest: '0'.repeat(64)
      })
    )
    const { copy, calls, error } = await restoreNewest(plain, 'stream_cut', {
      singleTransaction: true
    })
    assert.deepEqual(calls, ['find', 'fetchStream 1'])
    assert.match((error as Error)?.message, /does not match its digest/)
    assert.equal(
      await seeded.server.psql(
        copy,
        `SELECT count(*) FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname NOT IN ('pg_catalog', 'information_schema', 'pg_toast')`
      ),
      '0'
    )
  })
})
