// The bundled action (dist/index.js) run as the GitHub runner runs it:
// INPUT_* variables in, GITHUB_OUTPUT read back, real dumps and restores.
import assert from 'node:assert/strict'
import { createHash } from 'node:crypto'
import { mkdtemp, readdir, readFile, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { pathToFileURL } from 'node:url'
import { after, before, describe, test } from 'node:test'
import {
  type StepRun,
  pgBinDirInput,
  repoRoot,
  runAction,
  visibleLog
} from '../../test-support/run-action.ts'
import { seededServer, type SeededServer } from '../../test-support/fixtures.ts'
import type { TestServer } from '../../test-support/pg-server.ts'

let seeded: SeededServer
let server: TestServer
let db: string
let dir: string

before(async () => {
  seeded = await seededServer({
    database: 'action',
    seed: `CREATE SCHEMA app; CREATE SCHEMA audit; CREATE SCHEMA logs;
    CREATE TABLE app.users(id int GENERATED ALWAYS AS IDENTITY PRIMARY KEY, email text);
    INSERT INTO app.users(email) SELECT 'user' || g || '@example.com' FROM generate_series(1, 40) g;
    CREATE TABLE audit.events(id int, at timestamptz DEFAULT now());
    CREATE TABLE logs.lines(id int);`,
    tempPrefix: 'pg-dumper-action-'
  })
  ;({ server, db, dir } = seeded)
})
after(() => seeded?.stop())

function assertNoPassword(run: StepRun) {
  assert.ok(!visibleLog(run).includes(server.password), 'password in the log')
  assert.ok(
    !JSON.stringify(run.outputs).includes(server.password),
    'password in outputs'
  )
  assert.ok(!run.summary.includes(server.password), 'password in the summary')
}

async function workdir(): Promise<string> {
  return mkdtemp(join(dir, 'ws-'))
}

describe('the bundle as GitHub runs it', () => {
  test('dumps to the default file and sets file, size, sha256 and server-version', async () => {
    const cwd = await workdir()
    const run = await runAction(
      { mode: 'dump', connection: server.uri(db), ...pgBinDirInput() },
      { cwd }
    )
    assert.equal(run.exitCode, 0, run.stdout)
    const file = join(cwd, 'backup.dump')
    const bytes = await readFile(file)
    assert.equal(run.outputs.file, file)
    assert.equal(run.outputs.size, String(bytes.length))
    assert.equal(
      run.outputs.sha256,
      createHash('sha256').update(bytes).digest('hex')
    )
    assert.equal(
      run.outputs['server-version'],
      (await server.psql(db, 'SHOW server_version')).split(' ')[0]
    )
    assert.match(run.stdout, /::group::Dumping .* to .*backup\.dump/)
    assert.match(
      run.stdout,
      /\$ \S*pg_dump --no-owner --no-privileges --format=custom/
    )
    assert.match(run.stdout, /Wrote [\d.]+ (B|KiB|MiB) \(custom\) in /)
    assertNoPassword(run)
  })

  test('a dump needing no key and no install loads neither the age library nor an HTTP client', async () => {
    const cwd = await workdir()
    const list = join(cwd, 'loaded.txt')
    const preload = pathToFileURL(
      join(repoRoot, 'test-support/loaded-modules.js')
    ).href
    const env = {
      NODE_OPTIONS: `--import=${preload}`,
      PG_DUMPER_LOADED_FILE: list
    }
    const run = await runAction(
      { mode: 'dump', connection: server.uri(db), ...pgBinDirInput() },
      { cwd, env }
    )
    assert.equal(run.exitCode, 0, run.stdout)
    const chunks = (await readFile(list, 'utf8'))
      .split('\n')
      .filter(url => url.startsWith('file:') && url.includes('/dist/'))
    // the entry and the chunk that dumps
    assert.ok(chunks.length >= 2, chunks.join(', '))
    const heavy =
      /node_modules\/(?:age-encryption|@noble|undici|@actions\/http-client)\//
    for (const url of chunks) {
      assert.doesNotMatch(await readFile(new URL(url), 'utf8'), heavy, url)
    }
  })

  test('dumps plain SQL to backup.sql, leaving out the listed schemas', async () => {
    const cwd = await workdir()
    const run = await runAction(
      {
        mode: 'dump',
        connection: server.conninfo(db),
        format: 'plain',
        'exclude-schemas': 'audit,\n logs \n',
        ...pgBinDirInput()
      },
      { cwd }
    )
    assert.equal(run.exitCode, 0, run.stdout)
    const sql = await readFile(join(cwd, 'backup.sql'), 'utf8')
    assert.match(sql, /CREATE TABLE app\.users/)
    assert.doesNotMatch(sql, /audit\.events|logs\.lines/)
    assertNoPassword(run)
  })

  test('restores a dump into another database through a service file', async () => {
    const cwd = await workdir()
    await runAction(
      {
        mode: 'dump',
        connection: server.uri(db),
        file: 'db.dump',
        ...pgBinDirInput()
      },
      { cwd }
    )
    const target = await server.createDatabase('action_target')
    const serviceFile = join(cwd, 'pg_service.conf')
    await writeFile(
      serviceFile,
      `[ci]\nhost=${server.host}\nport=${server.port}\nuser=${server.user}\npassword=${server.password}\n`
    )
    const run = await runAction(
      {
        mode: 'restore',
        service: 'ci',
        'service-file': serviceFile,
        dbname: target,
        file: 'db.dump',
        'exclude-schemas': 'logs',
        ...pgBinDirInput()
      },
      { cwd }
    )
    assert.equal(run.exitCode, 0, run.stdout)
    assert.equal(run.outputs['ignored-errors'], '0')
    assert.equal(run.outputs.file, join(cwd, 'db.dump'))
    assert.equal(
      await server.psql(target, 'SELECT count(*) FROM app.users'),
      '40'
    )
    assert.equal(
      await server.psql(
        target,
        "SELECT count(*) FROM pg_namespace WHERE nspname = 'logs'"
      ),
      '0'
    )
    assertNoPassword(run)
  })

  test('ignore-errors turns conflicts into a warning and a count', async () => {
    const cwd = await workdir()
    await runAction(
      { mode: 'dump', connection: server.uri(db), ...pgBinDirInput() },
      { cwd }
    )
    const strict = await runAction(
      {
        mode: 'restore',
        connection: server.uri(db),
        file: 'backup.dump',
        ...pgBinDirInput()
      },
      { cwd }
    )
    assert.equal(strict.exitCode, 1)
    assert.match(
      strict.stdout,
      /::error::PgRestoreFailed: pg_restore reported \d+ error\(s\):/
    )
    const lenient = await runAction(
      {
        mode: 'restore',
        connection: server.uri(db),
        file: 'backup.dump',
        'ignore-errors': 'true',
        ...pgBinDirInput()
      },
      { cwd }
    )
    assert.equal(lenient.exitCode, 0, lenient.stdout)
    assert.ok(Number(lenient.outputs['ignored-errors']) > 0)
    assert.match(
      lenient.stdout,
      /::warning::Ignored \d+ error\(s\) pg_restore reported/
    )
  })

  test('a failed dump fails the step with the typed error and leaves no file', async () => {
    const cwd = await workdir()
    const run = await runAction(
      {
        mode: 'dump',
        connection: `${server.conninfoNoPassword(db)} password=not-the-password`,
        ...pgBinDirInput()
      },
      { cwd }
    )
    assert.equal(run.exitCode, 1)
    assert.match(
      run.stdout,
      /::error::PgDumpFailed: Could not connect to .*password authentication failed/
    )
    assert.deepEqual(await readdir(cwd), [])
    assert.ok(!visibleLog(run).includes('not-the-password'))
    assert.deepEqual(run.outputs, {})
  })
})

describe('invalid inputs fail before any command runs', () => {
  const cases: {
    name: string
    inputs: () => Record<string, string>
    message: string
  }[] = [
    {
      name: 'no mode',
      inputs: () => ({ connection: server.uri(db) }),
      message: "Invalid 'mode' input ''. Expected one of: dump, restore."
    },
    {
      name: 'an unknown mode',
      inputs: () => ({ mode: 'backup', connection: server.uri(db) }),
      message: "Invalid 'mode' input 'backup'. Expected one of: dump, restore."
    },
    {
      name: 'an unknown format',
      inputs: () => ({
        mode: 'dump',
        connection: server.uri(db),
        format: 'zip'
      }),
      message:
        "Invalid 'format' input 'zip'. Expected one of: custom, plain, directory, tar."
    },
    {
      name: 'both connection and service',
      inputs: () => ({
        mode: 'dump',
        connection: server.uri(db),
        service: 'x'
      }),
      message:
        "Exactly one of the 'connection' and 'service' inputs is required, not both."
    },
    {
      name: 'neither connection nor service',
      inputs: () => ({ mode: 'dump' }),
      message:
        "Exactly one of the 'connection' and 'service' inputs is required, and neither was given."
    },
    {
      name: 'a connection string in service',
      inputs: () => ({ mode: 'dump', service: 'host=x dbname=y' }),
      message:
        "Invalid 'service' input: it takes a service name from pg_service.conf."
    },
    {
      name: 'a malformed connection string',
      inputs: () => ({
        mode: 'dump',
        connection: "host=x password='s3cret-never-shown"
      }),
      message:
        "Invalid 'connection' input: unterminated quoted value for 'password'"
    },
    {
      name: 'a non-boolean ignore-errors',
      inputs: () => ({
        mode: 'restore',
        connection: server.uri(db),
        file: 'x',
        'ignore-errors': 'yes'
      }),
      message:
        "Invalid 'ignore-errors' input 'yes'. Expected one of: true, false."
    },
    {
      name: 'a restore without file',
      inputs: () => ({ mode: 'restore', connection: server.uri(db) }),
      message: "The 'file' input is required to restore"
    },
    {
      name: 'a restore file that does not exist',
      inputs: () => ({
        mode: 'restore',
        connection: server.uri(db),
        file: 'missing.dump'
      }),
      message: "Invalid 'file' input: file 'missing.dump' does not exist."
    },
    {
      name: 'a service file that does not exist',
      inputs: () => ({
        mode: 'dump',
        service: 'ci',
        'service-file': 'nope.conf'
      }),
      message: "Invalid 'service-file' input: file 'nope.conf' does not exist."
    },
    {
      name: 'a pg-bin-dir that does not exist',
      inputs: () => ({
        mode: 'dump',
        connection: server.uri(db),
        'pg-bin-dir': '/no/such/dir'
      }),
      message:
        "Invalid 'pg-bin-dir' input: directory '/no/such/dir' does not exist."
    }
  ]
  for (const c of cases) {
    test(`rejects ${c.name}`, async () => {
      const cwd = await workdir()
      const run = await runAction(c.inputs(), { cwd })
      assert.equal(run.exitCode, 1)
      const error = run.stdout.split('\n').find(l => l.startsWith('::error::'))
      assert.ok(error?.startsWith(`::error::InputError: ${c.message}`), error)
      assert.doesNotMatch(run.stdout, /^\$ /m, 'no command ran')
      assert.deepEqual(await readdir(cwd), [], 'nothing written')
      assertNoPassword(run)
    })
  }
})
