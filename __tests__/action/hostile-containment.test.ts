// A hostile dump, globals script or scrub script acts on the target
// database and nothing else: psql's restricted mode, not our scan, keeps
// meta-commands off the runner. Each script below gets past the scan one
// way or another (a blanked line that opened a quote, CR/LF around `\.`,
// the rows of a COPY that failed, a COPY the scan takes for data), and
// each must leave no trace on the runner: the bundle and the CLI, run as
// the runner and a user run them, against a real server.
import assert from 'node:assert/strict'
import { existsSync } from 'node:fs'
import { chmod, mkdir, mkdtemp, readFile, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { after, before, describe, test } from 'node:test'
import { startArtifactBackend } from '../../test-support/artifact-backend.ts'
import { seededServer, type SeededServer } from '../../test-support/fixtures.ts'
import { storedZip } from '../../test-support/zip.ts'
import {
  clientBinDir,
  clientTool,
  EXTERNAL
} from '../../test-support/pg-server.ts'
import type { TestServer } from '../../test-support/pg-server.ts'
import {
  errorLine,
  pgBinDirInput,
  runAction,
  runCli,
  type StepRun
} from '../../test-support/run-action.ts'

const REPO = 'octo/contain'
const TOKEN = 'ghs_contain'

let seeded: SeededServer
let server: TestServer
let dir: string
let target: string

before(async () => {
  seeded = await seededServer({
    database: 'contain_target',
    seed: 'CREATE TABLE kept(x int); INSERT INTO kept VALUES (1)',
    tempPrefix: 'pg-dumper-contain-'
  })
  ;({ server, dir, db: target } = seeded)
})
after(() => seeded?.stop())

const canaryPath = () =>
  join(dir, `canary-${Math.random().toString(36).slice(2)}`)

/** A workspace holding the given files. */
async function workspace(files: Record<string, string>): Promise<string> {
  const cwd = await mkdtemp(join(dir, 'ws-'))
  for (const [name, text] of Object.entries(files))
    await writeFile(join(cwd, name), text)
  return cwd
}

async function restoreStep(
  files: Record<string, string>,
  inputs: Record<string, string> = {}
): Promise<StepRun> {
  return runAction(
    {
      ...pgBinDirInput(),
      mode: 'restore',
      connection: server.uri(target),
      file: 'app.dump',
      ...inputs
    },
    { cwd: await workspace(files) }
  )
}

async function restoreCli(
  files: Record<string, string>,
  flags: string[] = []
): Promise<{ exitCode: number; stdout: string; stderr: string }> {
  const bin = clientBinDir()
  return runCli(
    [
      '--pg-connection',
      server.uri(target),
      ...(bin ? ['--pg-bin-dir', bin] : []),
      'restore',
      'app.dump',
      ...flags
    ],
    { cwd: await workspace(files) }
  )
}

/** Scripts that each reach a `\!` past the scan, or past the old one. */
const hostile: [string, (canary: string) => string, string[]][] = [
  [
    'a skipped extension section whose line opened a dollar quote',
    c =>
      [
        '--',
        '-- Name: plpgsql; Type: EXTENSION; Schema: -; Owner: -',
        '--',
        '',
        'CREATE EXTENSION IF NOT EXISTS plpgsql WITH SCHEMA pg_catalog; SELECT $q$;',
        `\\! touch ${c}`,
        '$q$;',
        'CREATE TABLE after_quote(x int);',
        ''
      ].join('\n'),
    []
  ],
  [
    'CR/LF around the end of COPY data',
    c =>
      [
        'CREATE TABLE crlf(x text);',
        'COPY public.crlf (x) FROM stdin;',
        'a row',
        '\\.',
        `\\! touch ${c}`,
        ''
      ].join('\r\n'),
    []
  ],
  [
    'meta-commands among the rows of a COPY that fails outright',
    c =>
      [
        'COPY public.no_such_table (x) FROM stdin;',
        `\\! touch ${c}`,
        '\\.',
        ''
      ].join('\n'),
    ['ignore-errors']
  ],
  [
    'a COPY the scan takes for COPY data (FROM stdin in a string)',
    c =>
      [
        "COPY (SELECT 'FROM stdin') TO STDOUT;",
        `\\! touch ${c}`,
        'CREATE TABLE after_copy(x int);',
        ''
      ].join('\n'),
    []
  ]
]

const tablesNow = () =>
  server.psql(
    target,
    "SELECT string_agg(tablename, ',' ORDER BY tablename) FROM pg_tables WHERE schemaname = 'public'"
  )

describe('plain scripts', () => {
  for (const [name, script, flags] of hostile) {
    const inputs: Record<string, string> = flags.includes('ignore-errors')
      ? { 'ignore-errors': 'true' }
      : {}
    test(`the action: ${name} runs nothing on the runner`, async () => {
      const canary = canaryPath()
      const run = await restoreStep({ 'app.dump': script(canary) }, inputs)
      assert.equal(existsSync(canary), false, 'the meta-command ran')
      if (!flags.includes('ignore-errors')) {
        assert.equal(run.exitCode, 1, run.stdout)
        // refused by the scan of the text psql gets, or by psql itself
        assert.match(
          errorLine(run) + run.stdout,
          /meta-commands that reach outside|:\d+: error: backslash commands are restricted; only \\unrestrict is allowed/
        )
      }
      assert.ok(!run.stdout.includes(canary), 'the script line was echoed')
    })
    test(`the CLI: ${name} runs nothing on this machine`, async () => {
      const canary = canaryPath()
      const run = await restoreCli(
        { 'app.dump': script(canary) },
        flags.includes('ignore-errors') ? ['-x'] : []
      )
      assert.equal(existsSync(canary), false, 'the meta-command ran')
      if (!flags.includes('ignore-errors')) assert.equal(run.exitCode, 1)
    })
  }

  test('psql itself refuses what the scan let through: the error is psql’s, and statements before it ran in the target only', async () => {
    const canary = canaryPath()
    const before = await tablesNow()
    const run = await restoreStep({
      'app.dump': hostile[3][1](canary)
    })
    assert.equal(run.exitCode, 1, run.stdout)
    assert.match(
      errorLine(run),
      /^::error::PgRestoreFailed: psql reported 1 error\(s\):%0Aline 2 of the script/
    )
    assert.match(
      run.stdout,
      /^::debug::psql:\S+:2: error: backslash commands are restricted; only \\unrestrict is allowed$/m
    )
    assert.equal(existsSync(canary), false)
    assert.equal(await tablesNow(), before)
  })

  test('the restricted key is on no command line and in no log; allow-meta-commands lifts the restriction', async () => {
    const canary = canaryPath()
    const run = await restoreStep(
      { 'app.dump': `\\! touch ${canary}\n` },
      { 'allow-meta-commands': 'true' }
    )
    assert.equal(run.exitCode, 0, run.stdout)
    assert.equal(existsSync(canary), true)
    const restricted = await restoreStep({
      'app.dump': 'CREATE TABLE keyless(x int);\n'
    })
    assert.equal(restricted.exitCode, 0, restricted.stdout)
    const psqlLine = restricted.stdout
      .split('\n')
      .find(l => /^\$ \S*psql .*--file=-/.test(l))
    assert.ok(psqlLine, restricted.stdout)
    assert.doesNotMatch(
      restricted.stdout + restricted.stderr,
      /restrict [0-9a-f]{16,}/
    )
    await server.psql(target, 'DROP TABLE keyless')
  })
})

describe('a psql without restricted mode', () => {
  /** A client folder whose tools say they are `version`, and run the real ones. */
  async function clientSaying(version: string): Promise<string> {
    const bin = await mkdtemp(join(dir, `client-${version}-`))
    for (const tool of ['pg_dump', 'pg_restore', 'psql', 'pg_dumpall']) {
      const real =
        tool === 'pg_dumpall'
          ? join(clientTool('psql'), '..', tool)
          : clientTool(tool as 'psql')
      const path = join(bin, tool)
      await writeFile(
        path,
        `#!/bin/sh\nif [ "$1" = --version ]; then echo "${tool} (PostgreSQL) ${version}"; exit 0; fi\nexec ${real} "$@"\n`
      )
      await chmod(path, 0o755)
    }
    return bin
  }

  test('cannot restore a script: PgClientVersionMismatch naming the releases that can; a trusted script still runs', async () => {
    const bin = await clientSaying('15.13')
    const script = { 'app.dump': 'CREATE TABLE old_psql(x int);\n' }
    const refused = await restoreStep(script, { 'pg-bin-dir': bin })
    assert.equal(refused.exitCode, 1, refused.stdout)
    assert.match(
      errorLine(refused),
      /PgClientVersionMismatch: A SQL script runs in psql's restricted mode \(\\restrict\).*psql 15\.13 has no such mode: it needs psql 13\.22, 14\.19, 15\.14, 16\.10, 17\.6 or newer of each major, or any 18\+\. Point pg-bin-dir at such a client/
    )
    assert.doesNotMatch(await tablesNow(), /old_psql/)
    const trusted = await restoreStep(script, {
      'pg-bin-dir': bin,
      'allow-meta-commands': 'true'
    })
    assert.equal(trusted.exitCode, 0, trusted.stdout)
    await server.psql(target, 'DROP TABLE old_psql')
    const current = await restoreStep(script, {
      'pg-bin-dir': await clientSaying('15.14')
    })
    assert.equal(current.exitCode, 0, current.stdout)
    await server.psql(target, 'DROP TABLE old_psql')
  })
})

describe(
  'globals scripts',
  {
    skip: EXTERNAL ? 'PG_DUMPER_TEST_URL: roles are the whole cluster' : false
  },
  () => {
    const dumpOf = async () => {
      const out = await mkdtemp(join(dir, 'dump-'))
      const run = await runAction(
        {
          ...pgBinDirInput(),
          mode: 'dump',
          connection: server.uri(target),
          file: 'app.dump'
        },
        { cwd: out }
      )
      assert.equal(run.exitCode, 0, run.stdout)
      return join(out, 'app.dump')
    }
    let dump: string
    let restores = 0
    before(async () => {
      dump = await dumpOf()
      await server.psql(
        'postgres',
        `DROP ROLE IF EXISTS alice; CREATE ROLE alice LOGIN CREATEROLE PASSWORD 'alice-pw';
       DROP DATABASE IF EXISTS unrelated_prod; CREATE DATABASE unrelated_prod;`
      )
    })

    async function restoreWithGlobals(
      globals: string,
      inputs: Record<string, string> = {}
    ): Promise<StepRun> {
      const cwd = await mkdtemp(join(dir, 'ws-'))
      await mkdir(join(cwd, 'b'))
      const { copyFile } = await import('node:fs/promises')
      await copyFile(dump, join(cwd, 'b', 'app.dump'))
      await writeFile(join(cwd, 'b', 'globals.sql'), globals)
      return runAction(
        {
          ...pgBinDirInput(),
          mode: 'restore',
          connection: server.uri(`globals_target_${++restores}`),
          file: 'b/app.dump',
          'create-database': 'true',
          ...inputs
        },
        { cwd }
      )
    }

    const alice = () =>
      server.psql(
        'postgres',
        "SELECT rolcanlogin || ',' || rolcreaterole || ',' || (rolpassword IS NOT NULL) FROM pg_authid WHERE rolname = 'alice'"
      )

    const attacks: [string, (canary: string) => string, RegExp][] = [
      [
        'a statement left out (the connected role’s ALTER ROLE) that opened a quote',
        c =>
          `CREATE ROLE g1;\nALTER ROLE ${server.user} WITH SUPERUSER; SELECT $q$\n\\! touch ${c}\n$q$;\n`,
        /line 2: a SELECT statement/
      ],
      [
        'CR/LF around the end of COPY data',
        c =>
          `CREATE ROLE g2;\r\nCOPY pg_catalog.pg_class FROM stdin;\r\nx\r\n\\.\r\n\\! touch ${c}\r\n`,
        /psql meta-commands pg_dumpall does not write \(line 4: \\\., line 5: \\!\) and statements pg_dumpall --globals-only does not write \(line 2: a COPY statement/
      ],
      [
        'ALTER USER and a lower-case alter role on another role, and DROP DATABASE',
        () =>
          "CREATE ROLE g3;\nALTER USER alice WITH PASSWORD 'stolen';\nalter role alice nocreaterole nologin;\nDROP DATABASE unrelated_prod;\n",
        /line 2: an ALTER statement, line 4: a DROP statement/
      ]
    ]
    for (const [name, script, named] of attacks) {
      test(`${name}: the whole file is refused before anything runs`, async () => {
        const canary = canaryPath()
        const before = await alice()
        const run = await restoreWithGlobals(script(canary))
        assert.equal(run.exitCode, 1, run.stdout)
        const error = errorLine(run)
        assert.match(
          error,
          /PgRestoreCommandError: The roles and tablespaces script .*globals\.sql holds /
        )
        assert.match(error, named)
        assert.equal(existsSync(canary), false)
        assert.ok(!error.includes('stolen'))
        assert.equal(await alice(), before)
        assert.equal(
          await server.psql(
            'postgres',
            "SELECT count(*) FROM pg_roles WHERE rolname IN ('g1', 'g2', 'g3')"
          ),
          '0'
        )
        assert.equal(
          await server.psql(
            'postgres',
            "SELECT count(*) FROM pg_database WHERE datname = 'unrelated_prod'"
          ),
          '1'
        )
      })
    }

    test('run-id: latest: a hostile globals.sql in the artifact beside app.dump is refused the same way', async () => {
      const backend = await startArtifactBackend({
        tokens: { [TOKEN]: [REPO] }
      })
      try {
        const canary = canaryPath()
        await backend.seedArtifact({
          repository: REPO,
          runId: 7001,
          name: 'nightly',
          content: storedZip({
            'app.dump': await readFile(dump),
            'globals.sql': attacks[0][1](canary)
          })
        })
        const cwd = await mkdtemp(join(dir, 'ws-'))
        const run = await runAction(
          {
            ...pgBinDirInput(),
            mode: 'restore',
            connection: server.uri(`globals_target_${++restores}`),
            'create-database': 'true',
            'artifact-name': 'nightly',
            'run-id': 'latest',
            'github-token': TOKEN
          },
          {
            cwd,
            env: {
              ...backend.env({ repository: REPO, runId: 7002 }),
              RUNNER_TEMP: cwd
            }
          }
        )
        assert.equal(run.exitCode, 1, run.stdout)
        assert.match(
          errorLine(run),
          /globals\.sql holds statements pg_dumpall --globals-only does not write \(line 2: a SELECT statement\)/
        )
        assert.equal(existsSync(canary), false)
      } finally {
        await backend.stop()
      }
    })

    test('the CLI refuses a hostile globals.sql beside the dump the same way', async () => {
      const canary = canaryPath()
      const cwd = await mkdtemp(join(dir, 'ws-'))
      const { copyFile } = await import('node:fs/promises')
      await copyFile(dump, join(cwd, 'app.dump'))
      await writeFile(join(cwd, 'globals.sql'), attacks[0][1](canary))
      const bin = clientBinDir()
      const run = await runCli(
        [
          '--pg-connection',
          server.uri(`globals_target_${++restores}`),
          ...(bin ? ['--pg-bin-dir', bin] : []),
          'restore',
          'app.dump',
          '--create-database'
        ],
        { cwd }
      )
      assert.equal(run.exitCode, 1, run.stderr)
      assert.match(
        run.stderr,
        /globals\.sql holds statements pg_dumpall --globals-only does not write \(line 2: a SELECT statement\)/
      )
      assert.equal(existsSync(canary), false)
    })

    test('the connected role keeps its attributes and password whatever the spelling; a role named with a line break is found again', async () => {
      const me = server.user
      const upper = me.toUpperCase()
      const before = await server.psql(
        'postgres',
        `SELECT rolsuper || ',' || rolcanlogin || ',' || coalesce(rolpassword, '') FROM pg_authid WHERE rolname = current_user`
      )
      const globals = [
        '\\restrict k3y',
        'SET standard_conforming_strings = on;',
        `alter role ${upper} nologin;`,
        `ALTER ROLE "${me}" WITH NOSUPERUSER NOLOGIN PASSWORD 'changed';`,
        `Alter Role ${me} SET work_mem TO '1MB';`,
        'CREATE ROLE "line',
        'break";',
        'ALTER ROLE "line',
        'break" WITH NOLOGIN;',
        '\\unrestrict k3y',
        ''
      ].join('\n')
      const first = await restoreWithGlobals(globals)
      assert.equal(first.exitCode, 0, first.stdout)
      assert.equal(
        await server.psql(
          'postgres',
          `SELECT rolsuper || ',' || rolcanlogin || ',' || coalesce(rolpassword, '') FROM pg_authid WHERE rolname = current_user`
        ),
        before
      )
      assert.equal(
        await server.psql(
          'postgres',
          `SELECT count(*) FROM pg_db_role_setting s JOIN pg_roles r ON r.oid = s.setrole WHERE r.rolname = current_user`
        ),
        '0'
      )
      const second = await restoreWithGlobals(globals)
      assert.equal(second.exitCode, 0, second.stdout)
      assert.match(
        second.stdout,
        /already there: line\nbreak|already there: .*line/
      )
      await server.psql('postgres', 'DROP ROLE "line\nbreak"')
    })
  }
)

describe('scrub scripts', () => {
  const copies = () =>
    server.psql(
      'postgres',
      "SELECT count(*) FROM pg_database WHERE datname LIKE 'pg_dumper_scrub_%'"
    )
  test('a meta-command the scan takes for COPY data is refused by psql: ScrubFailed, nothing dumped, no copy left', async () => {
    const canary = canaryPath()
    const cwd = await workspace({
      'scrub.sql': `COPY (SELECT 'FROM stdin') TO STDOUT;\n\\! touch ${canary}\nUPDATE kept SET x = 2;\n`
    })
    const run = await runAction(
      {
        ...pgBinDirInput(),
        mode: 'dump',
        connection: server.uri(target),
        file: 'app.dump',
        scrub: 'scrub.sql'
      },
      { cwd }
    )
    assert.equal(run.exitCode, 1, run.stdout)
    assert.match(errorLine(run), /^::error::ScrubFailed: /)
    assert.match(errorLine(run), /line 2/)
    assert.equal(existsSync(canary), false, 'the meta-command ran')
    assert.equal(existsSync(join(cwd, 'app.dump')), false)
    assert.equal(await copies(), '0')
    assert.equal(await server.psql(target, 'SELECT x FROM kept'), '1')
  })

  test('the CLI: the same scrub script is refused by psql, nothing written, no copy left', async () => {
    const canary = canaryPath()
    const cwd = await workspace({
      'scrub.sql': `COPY (SELECT 'FROM stdin') TO STDOUT;\n\\! touch ${canary}\n`
    })
    const bin = clientBinDir()
    const run = await runCli(
      [
        '--pg-connection',
        server.uri(target),
        ...(bin ? ['--pg-bin-dir', bin] : []),
        'dump',
        'app.dump',
        '--scrub',
        'scrub.sql'
      ],
      { cwd }
    )
    assert.equal(run.exitCode, 1, run.stderr)
    assert.match(run.stderr, /ScrubFailed/)
    assert.equal(existsSync(canary), false, 'the meta-command ran')
    assert.equal(existsSync(join(cwd, 'app.dump')), false)
    assert.equal(await copies(), '0')
  })
})
