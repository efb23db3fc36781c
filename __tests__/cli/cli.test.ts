// The bundled pg-dumper CLI, run with the reference CLI's examples as written.
import assert from 'node:assert/strict'
import { readFile, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { after, before, describe, test } from 'node:test'
import { runCli } from '../../test-support/run-action.ts'
import { seededServer, type SeededServer } from '../../test-support/fixtures.ts'
import { clientBinDir, type TestServer } from '../../test-support/pg-server.ts'

let seeded: SeededServer
let server: TestServer
let source: string
let target: string
let cwd: string
let env: Record<string, string>

before(async () => {
  seeded = await seededServer({
    database: 'cli_source',
    seed: `CREATE SCHEMA keep; CREATE SCHEMA skip;
    CREATE TABLE keep.t(id int PRIMARY KEY); INSERT INTO keep.t SELECT generate_series(1, 10);
    CREATE TABLE skip.t(id int);`,
    tempPrefix: 'pg-dumper-cli-'
  })
  ;({ server, db: source, dir: cwd } = seeded)
  target = await server.createDatabase('cli_target')
  const service = (name: string, db: string) =>
    `[${name}]\nhost=${server.host}\nport=${server.port}\nuser=${server.user}\npassword=${server.password}\ndbname=${db}\n`
  await writeFile(
    join(cwd, 'pg_service.conf'),
    service('my_database', source) + service('target_database', target)
  )
  env = { PGSERVICEFILE: join(cwd, 'pg_service.conf') }
  // the examples name no bin folder: put the chosen client first on PATH
  if (clientBinDir()) env.PATH = `${clientBinDir()}:${process.env.PATH}`
})
after(() => seeded?.stop())

const cli = (line: string) => runCli(line.split(' '), { cwd, env })

describe('the reference CLI examples, as written', () => {
  test('pg-dumper -s my_database dump backup.dump', async () => {
    const run = await cli('-s my_database dump backup.dump')
    assert.equal(run.exitCode, 0, run.stderr)
    assert.equal(
      (await readFile(join(cwd, 'backup.dump'))).subarray(0, 5).toString(),
      'PGDMP'
    )
    assert.match(run.stdout, /^file: .*backup\.dump$/m)
    assert.match(run.stdout, /^sha256: [0-9a-f]{64}$/m)
  })

  test('pg-dumper -s my_database dump backup.sql -f plain', async () => {
    const run = await cli('-s my_database dump backup.sql -f plain')
    assert.equal(run.exitCode, 0, run.stderr)
    assert.match(
      await readFile(join(cwd, 'backup.sql'), 'utf8'),
      /PostgreSQL database dump/
    )
  })

  test('pg-dumper -s target_database restore backup.dump', async () => {
    const run = await cli('-s target_database restore backup.dump')
    assert.equal(run.exitCode, 0, run.stderr)
    assert.equal(await server.psql(target, 'SELECT count(*) FROM keep.t'), '10')
    assert.match(run.stdout, /^ignored-errors: 0$/m)
  })

  test('pg-dumper -s target_database restore backup.dump -x', async () => {
    // the same dump again: every object now conflicts
    const strict = await cli('-s target_database restore backup.dump')
    assert.equal(strict.exitCode, 1)
    assert.match(
      strict.stderr,
      /^PgRestoreFailed: pg_restore reported \d+ error\(s\):/m
    )
    const run = await cli('-s target_database restore backup.dump -x')
    assert.equal(run.exitCode, 0, run.stderr)
    assert.match(run.stdout, /^ignored-errors: [1-9]\d*$/m)
  })

  test('-N is repeatable on dump and on restore', async () => {
    const dump = await cli(
      '-s my_database dump excl.sql -f plain -N skip -N nothing_like_it'
    )
    assert.equal(dump.exitCode, 0, dump.stderr)
    assert.doesNotMatch(
      await readFile(join(cwd, 'excl.sql'), 'utf8'),
      /CREATE SCHEMA skip/
    )

    const fresh = await server.createDatabase('cli_fresh')
    const restore = await runCli(
      [
        '-s',
        server.conninfo(fresh),
        'restore',
        'backup.dump',
        '-N',
        'skip',
        '-N',
        'keep'
      ],
      { cwd, env }
    )
    assert.equal(restore.exitCode, 0, restore.stderr)
    assert.equal(
      await server.psql(
        fresh,
        "SELECT count(*) FROM pg_namespace WHERE nspname IN ('skip','keep')"
      ),
      '0'
    )
  })

  test('-s takes a connection string too, and never prints its password', async () => {
    const run = await runCli(['-s', server.uri(source), 'dump', 'uri.dump'], {
      cwd,
      env
    })
    assert.equal(run.exitCode, 0, run.stderr)
    assert.ok(!(run.stdout + run.stderr).includes(server.password))
  })
})

describe('exit codes', () => {
  const usage: { name: string; args: string[]; message: RegExp }[] = [
    {
      name: 'no arguments',
      args: [],
      message: /required option '-s, --service <connection>'|Usage: pg-dumper/
    },
    { name: 'no command', args: ['-s', 'x'], message: /Usage: pg-dumper/ },
    {
      name: 'an unknown command',
      args: ['-s', 'x', 'backup', 'f'],
      message: /unknown command 'backup'/
    },
    {
      name: 'an unknown format',
      args: ['-s', 'x', 'dump', 'f', '-f', 'zip'],
      message:
        /argument 'zip' is invalid\. Allowed choices are custom, plain, directory, tar/
    },
    {
      name: 'a missing file',
      args: ['-s', 'x', 'restore'],
      message: /missing required argument 'file'/
    },
    {
      name: 'a missing -s',
      args: ['dump', 'f'],
      message: /required option '-s, --service <connection>' not specified/
    }
  ]
  for (const c of usage) {
    test(`exits 2 with the usage text on ${c.name}`, async () => {
      const run = await runCli(c.args, { cwd, env })
      assert.equal(run.exitCode, 2, run.stderr)
      assert.match(run.stderr, c.message)
      assert.match(run.stderr, /Usage: pg-dumper/)
    })
  }

  test('exits 1 with the typed error on stderr when the tool fails', async () => {
    const run = await cli('-s no_such_service dump never.dump')
    assert.equal(run.exitCode, 1)
    assert.match(
      run.stderr,
      /^PgDumpFailed: Could not connect to service no_such_service: the service is not defined in the service file\.[^\n]*\npsql: error: definition of service "no_such_service" not found$/m
    )
  })

  test('--help exits 0', async () => {
    const run = await runCli(['--help'], { cwd, env })
    assert.equal(run.exitCode, 0)
    assert.match(run.stdout, /dump \[options\] <file>/)
  })
})
