// Formats, parallel jobs, compression, fan-out restore and dump filters,
// each through the bundle against a real server (and the local artifact
// backend for a directory dump travelling as one artifact).
import assert from 'node:assert/strict'
import { readdir, stat } from 'node:fs/promises'
import { availableParallelism } from 'node:os'
import { join } from 'node:path'
import { after, before, describe, test } from 'node:test'
import type { ArtifactBackend } from '../../test-support/artifact-backend.ts'
import { dataChecksums } from '../../test-support/compare.ts'
import { clientVersion } from '../../src/core/client/search.ts'
import { errorLine, runStepIn } from '../../test-support/run-action.ts'
import {
  seededServer,
  type SeededServerWithArtifacts
} from '../../test-support/fixtures.ts'
import { clientBinDir, type TestServer } from '../../test-support/pg-server.ts'

let seeded: SeededServerWithArtifacts
let server: TestServer
let backend: ArtifactBackend
let source: string
let dir: string
let clientMajor: number

before(async () => {
  seeded = await seededServer({
    database: 'scale',
    seed: `
    CREATE SCHEMA app; CREATE SCHEMA audit; CREATE SCHEMA scratch;
    CREATE TABLE app.customers(id int PRIMARY KEY, name text, meta jsonb);
    CREATE TABLE app.orders(id int PRIMARY KEY, customer int REFERENCES app.customers, total numeric, note text);
    CREATE TABLE app.blobs(id int PRIMARY KEY, data bytea);
    CREATE TABLE audit.events(id bigint GENERATED ALWAYS AS IDENTITY, at timestamptz DEFAULT now(), what text);
    CREATE TABLE scratch.tmp(x int);
    INSERT INTO app.customers SELECT g, 'customer ' || g, jsonb_build_object('n', g) FROM generate_series(1, 2000) g;
    INSERT INTO app.orders SELECT g, 1 + g % 2000, g * 1.25, repeat('x', g % 50) FROM generate_series(1, 5000) g;
    INSERT INTO app.blobs SELECT g, decode(md5(g::text), 'hex') FROM generate_series(1, 500) g;
    INSERT INTO audit.events(what) SELECT 'event ' || g FROM generate_series(1, 300) g;
    INSERT INTO scratch.tmp SELECT generate_series(1, 10);`,
    tempPrefix: 'pg-dumper-scale-',
    artifacts: {}
  })
  ;({ server, backend, db: source, dir } = seeded)
  clientMajor = (
    await clientVersion(clientBinDir() ?? '/usr/lib/postgresql/15/bin')
  ).major
})
after(() => seeded?.stop())

const step = (inputs: Record<string, string>, env?: Record<string, string>) =>
  runStepIn(dir, inputs, env)
const same = async (a: string, b: string) =>
  assert.deepEqual(
    await dataChecksums(server, b),
    await dataChecksums(server, a)
  )

describe('formats and parallel jobs', () => {
  test('a directory dump with jobs 2 runs pg_dump in parallel and restores in parallel', async () => {
    const dump = await step({
      mode: 'dump',
      connection: server.uri(source),
      format: 'directory',
      jobs: '2'
    })
    assert.equal(dump.exitCode, 0, dump.stdout)
    const folder = join(dump.cwd, 'backup.dir')
    assert.equal(dump.outputs.file, folder)
    assert.ok((await stat(folder)).isDirectory())
    assert.ok((await readdir(folder)).includes('toc.dat'))
    assert.match(
      dump.stdout,
      /\$ \S*pg_dump --no-owner --no-privileges --format=directory --file=\S+ --jobs=2 /
    )
    // each table's gzip data file is inflated by the action as pg_dump's
    // workers write it, and read to its end when pg_dump reports it
    // finished (--verbose; no pg_restore for them); the rest once it exits
    assert.match(dump.stdout, /\$ \S*pg_dump .*--jobs=2 --verbose /)
    assert.doesNotMatch(dump.stdout, /--use-list=\S+finished-\d+\.list /)
    assert.match(
      dump.stdout,
      /Verified: the whole archive was read back \(\d+ entries; [1-9]\d* read as pg_dump wrote them\)/
    )
    assert.doesNotMatch(dump.stdout, /^pg_dump: (?!error|warning)/m)
    assert.match(dump.outputs.sha256, /^[0-9a-f]{64}$/)
    assert.ok(Number(dump.outputs.size) > 0)
    assert.deepEqual(
      (await readdir(dump.cwd)).sort(),
      ['backup.dir'],
      'no partial folder left'
    )

    const copy = await server.createDatabase('scale_dir')
    const restore = await step({
      mode: 'restore',
      connection: server.uri(copy),
      file: folder,
      jobs: '2'
    })
    assert.equal(restore.exitCode, 0, restore.stdout)
    assert.match(restore.stdout, /\$ \S*pg_restore --no-owner --jobs=2 /)
    await same(source, copy)
  })

  test('a tar dump round-trips, and jobs falls back to one with a warning', async () => {
    const dump = await step({
      mode: 'dump',
      connection: server.uri(source),
      format: 'tar',
      jobs: '2'
    })
    assert.equal(dump.exitCode, 0, dump.stdout)
    assert.match(
      dump.stdout,
      /::warning::jobs 2: pg_dump runs in parallel only for the directory format/
    )
    const copy = await server.createDatabase('scale_tar')
    const restore = await step({
      mode: 'restore',
      connection: server.uri(copy),
      file: join(dump.cwd, 'backup.tar'),
      jobs: '2'
    })
    assert.equal(restore.exitCode, 0, restore.stdout)
    assert.match(
      restore.stdout,
      /::warning::jobs 2: pg_restore runs in parallel only for custom and directory archives/
    )
    await same(source, copy)
  })

  test('a directory dump travels as one artifact, stored without a second compression, and restores', async () => {
    const runId = 9001
    const env = backend.env({ repository: 'octo/scale', runId, jobId: 'dump' })
    const dump = await step(
      {
        mode: 'dump',
        connection: server.uri(source),
        format: 'directory',
        jobs: '2',
        'artifact-name': 'nightly-dir'
      },
      env
    )
    assert.equal(dump.exitCode, 0, dump.stdout)
    assert.match(
      dump.stdout,
      /Uploading backup\.dir zipped at level 0 \(stored: pg_dump already compressed its files\)/
    )
    assert.equal(
      backend.artifacts().filter(a => a.name === 'nightly-dir').length,
      1,
      'one artifact'
    )
    const copy = await server.createDatabase('scale_dir_artifact')
    const restore = await step(
      {
        mode: 'restore',
        connection: server.uri(copy),
        'artifact-name': 'nightly-dir',
        jobs: '2'
      },
      backend.env({ repository: 'octo/scale', runId, jobId: 'restore' })
    )
    assert.equal(restore.exitCode, 0, restore.stdout)
    assert.match(restore.outputs.file, /backup\.dir$/)
    await same(source, copy)
  })
})

describe('compression', () => {
  test('gzip:9 is passed in the form the chosen client understands', async () => {
    const run = await step({
      mode: 'dump',
      connection: server.uri(source),
      compress: 'gzip:9'
    })
    assert.equal(run.exitCode, 0, run.stdout)
    const expected = clientMajor >= 16 ? '--compress=gzip:9' : '--compress=9'
    assert.ok(run.stdout.includes(` ${expected} `), run.stdout)
  })

  test('none gives a larger, uncompressed archive', async () => {
    const none = await step({
      mode: 'dump',
      connection: server.uri(source),
      compress: 'none'
    })
    const gzip = await step({ mode: 'dump', connection: server.uri(source) })
    assert.equal(none.exitCode, 0, none.stdout)
    assert.ok(
      Number(none.outputs.size) > Number(gzip.outputs.size),
      'uncompressed is larger'
    )
  })

  test('a method the client does not know is refused with the versions', async t => {
    if (clientMajor >= 16) {
      t.skip('the client knows zstd')
      return
    }
    const run = await step({
      mode: 'dump',
      connection: server.uri(source),
      compress: 'zstd:3'
    })
    assert.equal(run.exitCode, 1)
    assert.match(
      errorLine(run),
      new RegExp(
        `PgDumpCommandError: compress 'zstd:3' needs pg_dump 16 or newer, but the client that runs is PostgreSQL ${clientMajor}`
      )
    )
    assert.deepEqual(await readdir(run.cwd), [])
  })

  const refused: {
    name: string
    inputs: Record<string, string>
    error: RegExp
  }[] = [
    {
      name: 'compression with tar',
      inputs: { format: 'tar', compress: 'gzip' },
      error:
        /PgDumpCommandError: compress 'gzip' applies to the custom and directory formats, not tar/
    },
    {
      name: 'an unknown method',
      inputs: { compress: 'brotli' },
      error:
        /InputError: Invalid 'compress' input 'brotli'\. Expected none, gzip\[:1-9\], lz4\[:1-12\], zstd\[:1-22\], or a gzip level 0-9\./
    },
    {
      name: 'a level out of range',
      inputs: { compress: 'gzip:12' },
      error: /InputError: Invalid 'compress' input 'gzip:12'/
    }
  ]
  for (const c of refused) {
    test(`refuses ${c.name}`, async () => {
      const run = await step({
        mode: 'dump',
        connection: server.uri(source),
        ...c.inputs
      })
      assert.equal(run.exitCode, 1)
      assert.match(errorLine(run), c.error)
    })
  }
})

describe('one restore for many test databases', () => {
  test('restores once into the first and creates the others from it, replacing existing ones', async () => {
    const dump = await step({ mode: 'dump', connection: server.uri(source) })
    const names = ['fan_1', 'fan_2', 'fan_3', 'fan_4'].map(
      n => `${n}_${process.pid}`
    )
    // an existing database with other content is replaced
    await server.psql('postgres', `CREATE DATABASE ${names[2]}`)
    await server.psql(names[2], 'CREATE TABLE stale(x int)')
    const run = await step({
      mode: 'restore',
      connection: server.uri('postgres'),
      file: join(dump.cwd, 'backup.dump'),
      databases: names.join(', ')
    })
    assert.equal(run.exitCode, 0, run.stdout)
    assert.equal(run.outputs.databases, names.join(','))
    assert.equal(
      (run.stdout.match(/\$ \S*pg_restore (?!--list)/g) ?? []).length,
      1,
      'one restore'
    )
    // the copies are made in lanes, a psql session each (one on 2 cores)
    const made = [
      ...run.stdout.matchAll(
        new RegExp(
          `^Created (.+) as (?:a copy|copies) of ${names[0]} in `,
          'gm'
        )
      )
    ].flatMap(m => m[1].split(', '))
    assert.deepEqual(made.sort(), names.slice(1).sort())
    // a psql session per lane, not per copy: each starts a process and connects
    const lanes = Math.max(
      1,
      Math.min(3, Math.floor(availableParallelism() / 2))
    )
    const sessions = run.stdout
      .split('\n')
      .filter(
        l => /^\$ \S*psql /.test(l) && l.includes(`TEMPLATE "${names[0]}"`)
      )
    assert.equal(sessions.length, lanes, sessions.join('\n'))
    for (const name of names) await same(source, name)
    assert.equal(
      await server.psql(
        names[2],
        "SELECT count(*) FROM pg_tables WHERE tablename = 'stale'"
      ),
      '0'
    )
    for (const name of names) await server.dropDatabase(name)
  })
})

describe('fixture filters', () => {
  test('schemas dumps only those; exclude-table-data keeps the table without its rows', async () => {
    const dump = await step({
      mode: 'dump',
      connection: server.uri(source),
      schemas: 'app, audit',
      'exclude-table-data': 'audit.*'
    })
    assert.equal(dump.exitCode, 0, dump.stdout)
    assert.match(
      dump.stdout,
      /'--schema="app"' '--schema="audit"' '--exclude-table-data=audit\.\*'/
    )
    const copy = await server.createDatabase('scale_filtered')
    const restore = await step({
      mode: 'restore',
      connection: server.uri(copy),
      file: join(dump.cwd, 'backup.dump')
    })
    assert.equal(restore.exitCode, 0, restore.stdout)
    assert.equal(
      await server.psql(
        copy,
        "SELECT string_agg(nspname, ',' ORDER BY nspname) FROM pg_namespace WHERE nspname IN ('app','audit','scratch')"
      ),
      'app,audit'
    )
    assert.equal(
      await server.psql(copy, 'SELECT count(*) FROM audit.events'),
      '0'
    )
    assert.equal(
      await server.psql(copy, 'SELECT count(*) FROM app.orders'),
      '5000'
    )
  })
})
