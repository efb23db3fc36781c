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

describe('PUM’s command line as its users type it today', () => {
  test('pg-dumper -p my_database dump pum.dump', async () => {
    const run = await cli('-p my_database dump pum.dump')
    assert.equal(run.exitCode, 0, run.stderr)
    assert.equal(
      (await readFile(join(cwd, 'pum.dump'))).subarray(0, 5).toString(),
      'PGDMP'
    )
  })

  test('pg-dumper --pg-connection target_database restore pum.dump', async () => {
    const fresh = await server.createDatabase('cli_pum_target')
    await writeFile(
      join(cwd, 'pum_service.conf'),
      `[pum_target]\nhost=${server.host}\nport=${server.port}\nuser=${server.user}\npassword=${server.password}\ndbname=${fresh}\n`
    )
    const run = await runCli(
      ['--pg-connection', 'pum_target', 'restore', 'pum.dump'],
      { cwd, env: { ...env, PGSERVICEFILE: join(cwd, 'pum_service.conf') } }
    )
    assert.equal(run.exitCode, 0, run.stderr)
    assert.equal(await server.psql(fresh, 'SELECT count(*) FROM keep.t'), '10')
    // the databases line names the database, not the service
    assert.match(run.stdout, new RegExp(`^databases: ${fresh}$`, 'm'))
  })

  test('format values in any case: -f CUSTOM, -f Plain', async () => {
    const custom = await cli('-p my_database dump upper.out -f CUSTOM')
    assert.equal(custom.exitCode, 0, custom.stderr)
    assert.equal(
      (await readFile(join(cwd, 'upper.out'))).subarray(0, 5).toString(),
      'PGDMP'
    )
    const plain = await cli('-p my_database dump mixed.out -f Plain')
    assert.equal(plain.exitCode, 0, plain.stderr)
    assert.match(
      await readFile(join(cwd, 'mixed.out'), 'utf8'),
      /PostgreSQL database dump/
    )
  })

  const byName: [string, RegExp, string][] = [
    ['named.sql', /PostgreSQL database dump/, 'plain'],
    ['named.tar', /ustar/, 'tar'],
    ['named.backup', /^PGDMP/, 'custom']
  ]
  for (const [file, content, format] of byName) {
    test(`without -f the format follows the file name: ${file} is ${format}`, async () => {
      const run = await cli(`-p my_database dump ${file}`)
      assert.equal(run.exitCode, 0, run.stderr)
      assert.match(
        run.stderr,
        new RegExp(
          `Format ${format}, from the file name ${file.replace('.', '\\.')}`
        )
      )
      assert.match(await readFile(join(cwd, file), 'latin1'), content)
    })
  }

  test('without -f a name ending in / is a directory dump', async () => {
    const run = await cli('-p my_database dump named.dir/')
    assert.equal(run.exitCode, 0, run.stderr)
    assert.match(run.stderr, /Format directory, from the file name/)
    assert.ok((await readFile(join(cwd, 'named.dir', 'toc.dat'))).length > 0)
  })

  test('messages name CLI flags, not action inputs', async () => {
    const run = await cli('-p my_database restore named.sql --clean')
    assert.equal(run.exitCode, 1)
    assert.match(
      run.stderr,
      /^pg-dumper: PgRestoreCommandError: --clean needs an archive/m
    )
  })
})

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
      /^pg-dumper: PgRestoreFailed: pg_restore reported \d+ error\(s\):/m
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

  test('--owner and --privileges keep the owners and the GRANTs; restore --owner sets them', async () => {
    const owned = await server.createDatabase('cli_owned')
    await server.psql(
      owned,
      `DO $$BEGIN
         IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'cli_app') THEN CREATE ROLE cli_app NOLOGIN; END IF;
         IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'cli_reader') THEN CREATE ROLE cli_reader NOLOGIN; END IF;
       END$$;
       CREATE TABLE owned_t(id int); ALTER TABLE owned_t OWNER TO cli_app;
       GRANT SELECT ON owned_t TO cli_reader;`
    )
    const kept = (db: string) =>
      server.psql(
        db,
        "SELECT pg_get_userbyid(relowner) || ' ' || relacl::text FROM pg_class WHERE relname = 'owned_t'"
      )
    const dump = await runCli(
      [
        '-s',
        server.conninfo(owned),
        'dump',
        'owned.dump',
        '--owner',
        '--privileges'
      ],
      { cwd, env }
    )
    assert.equal(dump.exitCode, 0, dump.stderr)
    const fresh = await server.createDatabase('cli_owned_copy')
    const restore = await runCli(
      ['-s', server.conninfo(fresh), 'restore', 'owned.dump', '--owner'],
      { cwd, env }
    )
    assert.equal(restore.exitCode, 0, restore.stderr)
    assert.match(await kept(fresh), /^cli_app \{.*cli_reader=r\/cli_app.*\}$/)
    assert.equal(await kept(fresh), await kept(owned))
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

describe('restore drills', () => {
  test('pg-dumper -p my_database dump --verify restore drilled.dump: the rows compared, no scratch database left', async () => {
    const run = await cli('-p my_database dump --verify restore drilled.dump')
    assert.equal(run.exitCode, 0, run.stderr)
    // keep.t's 10 rows and skip.t's none
    assert.match(run.stdout, /^verified-tables: 2$/m)
    assert.match(run.stdout, /^verified-rows: 10$/m)
    assert.match(run.stderr, /--snapshot=/)
    assert.equal(
      await server.psql(
        'postgres',
        `SELECT count(*) FROM pg_database WHERE datname LIKE 'pg\\_dumper\\_drill\\_%'`
      ),
      '0'
    )
  })

  test('--verify takes archive or restore only', async () => {
    const run = await cli('-p my_database dump --verify yes x.dump')
    assert.equal(run.exitCode, 2)
    assert.match(run.stderr, /--verify.*archive, restore/)
  })
})

describe('exit codes', () => {
  const usage: { name: string; args: string[]; message: RegExp }[] = [
    {
      name: 'no arguments',
      args: [],
      message:
        /^pg-dumper: error: a command is needed: dump FILE or restore FILE\./
    },
    {
      name: 'no command',
      args: ['-s', 'x'],
      message:
        /^pg-dumper: error: the connection is missing|^pg-dumper: error: .*command/
    },
    {
      name: 'an unknown command',
      args: ['-s', 'x', 'backup', 'f'],
      message: /^pg-dumper: error: unknown command 'backup'/
    },
    {
      name: 'an unknown format',
      args: ['-s', 'x', 'dump', 'f', '-f', 'zip'],
      message:
        /^pg-dumper: error: option '-f, --format <format>' argument 'zip' is invalid\. Expected one of: custom, plain, directory, tar\./
    },
    {
      name: 'a missing file',
      args: ['-s', 'x', 'restore'],
      message: /^pg-dumper: error: missing required argument 'file'/
    },
    {
      name: 'a missing -p/-s',
      args: ['dump', 'f'],
      message:
        /^pg-dumper: error: the connection is missing: give -p\/--pg-connection \(or -s\/--service\)/
    },
    {
      name: 'both -p and -s',
      args: ['-p', 'a', '-s', 'b', 'dump', 'f'],
      message:
        /^pg-dumper: error: -p\/--pg-connection and -s\/--service name the same thing: give one\./
    },
    {
      name: 'more jobs than the action allows',
      args: ['-p', 'x', 'dump', 'f', '-j', '65'],
      message: /-j\/--jobs takes a whole number from 1 to 64\./
    },
    {
      name: 'no jobs',
      args: ['-p', 'x', 'restore', 'f', '-j', '0'],
      message: /-j\/--jobs takes a whole number from 1 to 64\./
    }
  ]
  for (const c of usage) {
    test(`exits 2 with one line and a hint to --help on ${c.name}`, async () => {
      const run = await runCli(c.args, { cwd, env })
      assert.equal(run.exitCode, 2, run.stderr)
      assert.match(run.stderr, c.message)
      assert.doesNotMatch(run.stderr, /Usage: pg-dumper/)
      const lines = run.stderr.trimEnd().split('\n')
      assert.equal(lines.length, 2, run.stderr)
      assert.match(
        lines[1],
        /^Try "pg-dumper( dump| restore)? --help" for more information\.$/
      )
    })
  }

  test('exits 1 with the typed error on stderr when the tool fails', async () => {
    const run = await cli('-s no_such_service dump never.dump')
    assert.equal(run.exitCode, 1)
    assert.match(
      run.stderr,
      /^pg-dumper: PgDumpFailed: Could not connect to service no_such_service: the service is not defined in the service file\.[^\n]*\npsql: error: definition of service "no_such_service" not found$/m
    )
  })

  test('--version prints the version of package.json and exits 0', async () => {
    const run = await runCli(['--version'], { cwd, env })
    assert.equal(run.exitCode, 0, run.stderr)
    const pkg = JSON.parse(
      await readFile(join(import.meta.dirname, '../../package.json'), 'utf8')
    ) as { version: string }
    assert.equal(run.stdout.trim(), pkg.version)
  })

  test('--help lists every format -f takes, and -p with -s', async () => {
    const dump = await runCli(['dump', '--help'], { cwd, env })
    assert.equal(dump.exitCode, 0)
    assert.match(dump.stdout, /custom .*plain .*directory .*tar/s)
    const main = await runCli(['--help'], { cwd, env })
    assert.match(main.stdout, /-p, --pg-connection <connection>/)
    assert.match(main.stdout, /-s, --service <connection>/)
  })

  test('--help exits 0', async () => {
    const run = await runCli(['--help'], { cwd, env })
    assert.equal(run.exitCode, 0)
    assert.match(run.stdout, /dump \[options\] <file>/)
  })
})
