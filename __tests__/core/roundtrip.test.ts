// Round trips of a realistic database through the Dumper core, in both
// formats, with schemas excluded at dump time and at restore time.
import assert from 'node:assert/strict'
import { createHash } from 'node:crypto'
import { mkdtemp, readFile, readdir } from 'node:fs/promises'
import { join } from 'node:path'
import { after, before, describe, test } from 'node:test'
import type { DumpFormat } from '../../src/core/args.ts'
import { Dumper } from '../../src/core/dumper.ts'
import {
  dataChecksums,
  schemaNames,
  schemaSnapshot
} from '../../test-support/compare.ts'
import {
  seededServer,
  seedRealistic,
  type SeededServer
} from '../../test-support/fixtures.ts'
import { clientBinDir, type TestServer } from '../../test-support/pg-server.ts'

let seeded: SeededServer
let server: TestServer
let source: string
let dir: string

before(async () => {
  seeded = await seededServer({
    database: 'realistic',
    seed: seedRealistic,
    tempPrefix: 'pg-dumper-rt-'
  })
  ;({ server, db: source, dir } = seeded)
})
after(() => seeded?.stop())

const dumperFor = (dbname: string) =>
  new Dumper({ connection: server.conninfo(dbname), pgBinDir: clientBinDir() })

const FORMATS: DumpFormat[] = ['custom', 'plain']

describe('round trip', () => {
  for (const format of FORMATS) {
    test(`restores a ${format} dump with the same schema and data`, async () => {
      const file = join(dir, `full.${format}`)
      const dumped = await dumperFor(source).dump({ file, format })
      const bytes = await readFile(file)
      assert.equal(dumped.file, file)
      assert.equal(dumped.size, bytes.length)
      assert.equal(
        dumped.sha256,
        createHash('sha256').update(bytes).digest('hex')
      )
      const version = await server.psql(source, 'SHOW server_version')
      assert.equal(dumped.serverVersion, version.split(' ')[0])
      assert.equal(
        bytes.subarray(0, 5).toString() === 'PGDMP',
        format === 'custom'
      )

      const copy = await server.createDatabase(`copy_${format}`)
      const restored = await dumperFor(copy).restore({ file })
      assert.equal(restored.format, format)
      assert.equal(restored.ignoredErrors, 0)
      assert.equal(
        await schemaSnapshot(server, copy),
        await schemaSnapshot(server, source)
      )
      assert.deepEqual(
        await dataChecksums(server, copy),
        await dataChecksums(server, source)
      )
    })
  }

  test('leaves no temporary file beside the dump', async () => {
    const sub = await mkdtemp(join(dir, 'clean-'))
    await dumperFor(source).dump({ file: join(sub, 'only.dump') })
    assert.deepEqual(await readdir(sub), ['only.dump'])
  })
})

describe('excluding schemas', () => {
  const excluded = ['audit', 'staging']

  async function assertWithout(db: string, gone: string[]) {
    const schemas = await schemaNames(server, db)
    for (const s of gone) assert.ok(!schemas.includes(s), `${s} should be gone`)
    assert.ok(schemas.includes('Sales'), 'the other schemas stay')
    const all = await dataChecksums(server, source)
    const kept = await dataChecksums(server, db)
    for (const [name, sum] of all) {
      const schema = name.split('.')[0].replace(/"/g, '')
      if (gone.includes(schema) || name.startsWith('large object')) continue
      if (kept.has(name)) assert.equal(kept.get(name), sum, name)
    }
    assert.ok(
      [...kept.keys()].some(k => k.includes('Sales')),
      'Sales data restored'
    )
  }

  for (const format of FORMATS) {
    test(`leaves them out at dump time (${format})`, async () => {
      const file = join(dir, `excluded.${format}`)
      await dumperFor(source).dump({ file, format, excludeSchemas: excluded })
      const copy = await server.createDatabase(`excl_${format}`)
      const restored = await dumperFor(copy).restore({ file })
      assert.equal(restored.ignoredErrors, 0)
      await assertWithout(copy, excluded)
    })
  }

  test('leaves them out at restore time (custom)', async () => {
    const file = join(dir, 'full-for-exclusion.dump')
    await dumperFor(source).dump({ file })
    const copy = await server.createDatabase('excl_restore')
    await dumperFor(copy).restore({ file, excludeSchemas: excluded })
    await assertWithout(copy, excluded)
  })

  test('matches a mixed-case schema by its quoted pattern at dump time and its exact name at restore time', async () => {
    const file = join(dir, 'sales.dump')
    await dumperFor(source).dump({ file, excludeSchemas: ['"Sales"'] })
    const a = await server.createDatabase('no_sales_dump')
    await dumperFor(a).restore({ file, ignoreErrors: true })
    assert.ok(!(await schemaNames(server, a)).includes('Sales'))

    const full = join(dir, 'full-for-sales.dump')
    await dumperFor(source).dump({ file: full })
    const b = await server.createDatabase('no_sales_restore')
    await dumperFor(b).restore({
      file: full,
      excludeSchemas: ['Sales'],
      ignoreErrors: true
    })
    assert.ok(!(await schemaNames(server, b)).includes('Sales'))
  })
})
