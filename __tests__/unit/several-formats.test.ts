// Several formats in one dump step: the 'format' list and the placeholders
// of 'file' as readInputs() takes them (or refuses them, naming the input),
// the names the core gives each database in each format, and which dump a
// restore takes of a folder holding one database in two formats.
import assert from 'node:assert/strict'
import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, test } from 'node:test'
import { generateX25519Identity, identityToRecipient } from 'age-encryption'
import { readLayout } from '../../src/core/cluster/layout.ts'
import { expandName, severalOutputs } from '../../src/core/cluster/outputs.ts'
import { plain, read } from '../../test-support/read-inputs.ts'

const url = 'postgresql://u:long-enough-password@db.example:5433/app'
const recipient = await identityToRecipient(await generateX25519Identity())

describe('readInputs: format lists and file placeholders', () => {
  test('two databases in two formats by a pattern, one artifact zipped at 6', async () => {
    const { result, error } = await read({
      mode: 'dump',
      connection: url,
      dbname: 'tww, tww_demo',
      format: 'custom, plain',
      file: 'out/{dbname}-2026.1-db-dump.{ext}',
      'artifact-name': 'datamodel'
    })
    assert.equal(error, undefined)
    assert.equal(result?.mode, 'dump')
    const { dump, upload } = plain(result) as typeof result
    assert.equal(dump.file, 'out/{dbname}-2026.1-db-dump.{ext}')
    assert.equal(dump.format, 'custom')
    assert.deepEqual(dump.formats, ['custom', 'plain'])
    assert.deepEqual(dump.databases, ['tww', 'tww_demo'])
    assert.deepEqual(upload?.plan, { raw: false, level: 6 })
  })
  test('one database in two formats without a file: the folder backup', async () => {
    const { result } = await read({
      mode: 'dump',
      connection: url,
      format: 'custom\nplain'
    })
    assert.equal(result?.mode, 'dump')
    assert.equal(result.dump.file, 'backup')
    assert.deepEqual(result.dump.formats, ['custom', 'plain'])
    assert.equal(result.dump.databases, undefined)
  })
  test('one format: as before, no formats list; a pattern of one file is kept for the core', async () => {
    const { result } = await read({
      mode: 'dump',
      connection: url,
      format: 'plain',
      file: '{dbname}.{ext}'
    })
    assert.equal(result?.mode, 'dump')
    assert.equal(result.dump.file, '{dbname}.{ext}')
    assert.equal(result.dump.format, 'plain')
    assert.equal(result.dump.formats, undefined)
  })
  test('encrypted, two formats: no plaintext kept, each file an age file', async () => {
    const { result, error } = await read({
      mode: 'dump',
      connection: url,
      format: 'custom,plain',
      'encrypt-to': recipient
    })
    assert.equal(error, undefined)
    assert.equal(result?.mode, 'dump')
    assert.equal(result.dump.file, 'backup')
    assert.equal(result.dump.plainFile, undefined)
  })

  const dump = { mode: 'dump', connection: url }
  const refused: [Record<string, string>, string, RegExp][] = [
    [{ format: 'custom,custom' }, 'format', /custom is listed twice/],
    [{ format: 'custom,zip' }, 'format', /Expected one of: custom, plain/],
    [
      { format: 'custom,directory', 'artifact-name': 'n' },
      'format',
      /lists directory with other formats/
    ],
    [
      { format: 'custom,tar', 'encrypt-to': recipient },
      'encrypt-to',
      /set 'format' to custom or plain/
    ],
    [{ file: 'out/{db}.dump' }, 'file', /\{db\} is no placeholder/],
    [{ file: '{dbname}/x.{ext}' }, 'file', /not in its folder/],
    [
      { format: 'custom,plain', file: 'out/{dbname}.dump' },
      'file',
      /lists custom, plain, so \{ext\} must be in the name/
    ],
    [
      { dbname: 'a,b', file: 'out/backup.{ext}' },
      'file',
      /names 2 databases, so \{dbname\} must be in the name/
    ],
    [
      { format: 'custom,plain', file: 'backup.dump' },
      'file',
      /Give a folder .* or a name with \{ext\}, such as 'backup\.\{ext\}'/
    ]
  ]
  test('refuses what cannot all be written, naming the input', async () => {
    for (const [inputs, input, accepts] of refused) {
      const what = JSON.stringify(inputs)
      const { result, error } = await read({ ...dump, ...inputs })
      assert.equal(result, undefined, what)
      assert.equal(error?.name, 'InputError', `${what}: ${error?.stack}`)
      assert.match(error.message, new RegExp(`'${input}'`), what)
      assert.match(error.message, accepts, what)
    }
  })
})

describe('the files of a dump of several', () => {
  test('placeholders: the name encoded as in a folder of several, the extension', () => {
    assert.equal(expandName('{dbname}-1.{ext}', 'a/b', 'plain'), 'a%2Fb-1.sql')
    assert.equal(expandName('x.{ext}', 'a', 'directory'), 'x.dir')
    assert.equal(expandName('{dbname}.{ext}', 'a', 'tar'), 'a.tar')
  })
  test('each database in each format, into the folder of the pattern', () => {
    const outputs = severalOutputs(
      '/w/out/{dbname}-db.{ext}',
      ['tww', 'demo'],
      ['custom', 'plain'],
      true
    )
    assert.equal(outputs.folder, '/w/out')
    assert.equal(outputs.named, true)
    assert.deepEqual(
      outputs.files.map(f => f.name),
      [
        'tww-db.dump.age',
        'tww-db.sql.age',
        'demo-db.dump.age',
        'demo-db.sql.age'
      ]
    )
  })
  test('without placeholders: the folder file, <dbname>.<ext>', () => {
    const outputs = severalOutputs(
      '/w/backup',
      ['app'],
      ['custom', 'plain'],
      false
    )
    assert.equal(outputs.folder, '/w/backup')
    assert.equal(outputs.named, false)
    assert.deepEqual(
      outputs.files.map(f => f.name),
      ['app.dump', 'app.sql']
    )
  })
  test('two dumps to one name, or one to the globals, are refused', () => {
    assert.throws(
      () =>
        severalOutputs('/w/{dbname}.dump', ['a'], ['custom', 'plain'], false),
      /the custom dump of a and the plain dump of a would both be a\.dump/
    )
    assert.throws(
      () => severalOutputs('/w/globals.{ext}', ['a'], ['plain'], false),
      /would be globals\.sql, the roles and tablespaces script's name/
    )
  })
})

test('a folder with one database in two formats restores the custom archive, the others named', async () => {
  const folder = await mkdtemp(join(tmpdir(), 'pg-dumper-formats-'))
  try {
    for (const name of ['app.sql', 'app.dump', 'demo.sql', 'demo.tar'])
      await writeFile(join(folder, name), 'x')
    const layout = await readLayout(folder)
    assert.equal(layout.kind, 'databases')
    assert.deepEqual(
      layout.dumps.map(d => [d.database, d.file, d.others]),
      [
        ['app', join(folder, 'app.dump'), [join(folder, 'app.sql')]],
        ['demo', join(folder, 'demo.tar'), [join(folder, 'demo.sql')]]
      ]
    )
  } finally {
    await rm(folder, { recursive: true, force: true })
  }
})
