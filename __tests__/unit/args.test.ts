// Argument lists as tables: typed options in, argv out.
import assert from 'node:assert/strict'
import { devNull } from 'node:os'
import { describe, test } from 'node:test'
import {
  dbnameConninfo,
  dumpallGlobalsArgs,
  dumpArgs,
  pgRestoreArgs,
  psqlCommandArgs,
  psqlQueryArgs,
  psqlRestoreArgs,
  psqlScrubArgs,
  readBackArgs,
  serverVersionArgs,
  tocListArgs
} from '../../src/core/args.ts'
import { Connection } from '../../src/core/connection/connection.ts'
import { parseParams } from '../../src/core/connection/parse.ts'
import { quoteLiteral } from '../../src/core/sql.ts'

const conninfo = 'host=db port=5432 user=app dbname=shop'

const cases: { name: string; actual: () => string[]; expected: string[] }[] = [
  {
    name: 'dumps custom format with --no-owner --no-privileges and --file',
    actual: () =>
      dumpArgs({
        conninfo,
        file: '/w/backup.dump',
        format: 'custom',
        excludeSchemas: []
      }),
    expected: [
      '--no-owner',
      '--no-privileges',
      '--format=custom',
      '--file=/w/backup.dump',
      `--dbname=${conninfo}`
    ]
  },
  {
    name: 'dumps plain SQL with -Fp and one --exclude-schema per schema',
    actual: () =>
      dumpArgs({
        conninfo,
        file: '/w/b.sql',
        format: 'plain',
        excludeSchemas: ['audit', 'Staging Area', '-x;drop']
      }),
    expected: [
      '--no-owner',
      '--no-privileges',
      '--format=plain',
      '--file=/w/b.sql',
      '--exclude-schema=audit',
      '--exclude-schema=Staging Area',
      '--exclude-schema=-x;drop',
      `--dbname=${conninfo}`
    ]
  },
  {
    name: "dumps in another session's exported snapshot for a restore drill",
    actual: () =>
      dumpArgs({
        conninfo,
        file: '/w/backup.dump',
        format: 'custom',
        excludeSchemas: [],
        snapshot: '00000003-0000001B-1'
      }),
    expected: [
      '--no-owner',
      '--no-privileges',
      '--format=custom',
      '--file=/w/backup.dump',
      '--snapshot=00000003-0000001B-1',
      `--dbname=${conninfo}`
    ]
  },
  {
    name: 'takes a file name with a leading dash literally',
    actual: () =>
      dumpArgs({ conninfo, file: '-rf', format: 'custom', excludeSchemas: [] }),
    expected: [
      '--no-owner',
      '--no-privileges',
      '--format=custom',
      '--file=-rf',
      `--dbname=${conninfo}`
    ]
  },
  {
    name: 'restores an archive with pg_restore --no-owner and exact schema exclusions',
    actual: () =>
      pgRestoreArgs({
        conninfo,
        file: '/w/backup.dump',
        excludeSchemas: ['audit'],
        ignoreErrors: false
      }),
    expected: [
      '--no-owner',
      '--exclude-schema=audit',
      `--dbname=${conninfo}`,
      '/w/backup.dump'
    ]
  },
  {
    name: 'keeps the owners with owner, the GRANTs with privileges (PUM leaves both out)',
    actual: () =>
      dumpArgs({
        conninfo,
        file: '/w/b.dump',
        format: 'custom',
        excludeSchemas: [],
        owner: true,
        privileges: true
      }),
    expected: ['--format=custom', '--file=/w/b.dump', `--dbname=${conninfo}`]
  },
  {
    name: 'keeps the owners alone: --no-privileges stays',
    actual: () =>
      dumpArgs({
        conninfo,
        file: '/w/b.sql',
        format: 'plain',
        excludeSchemas: [],
        owner: true,
        privileges: false
      }),
    expected: [
      '--no-privileges',
      '--format=plain',
      '--file=/w/b.sql',
      `--dbname=${conninfo}`
    ]
  },
  {
    name: 'keeps the GRANTs alone: --no-owner stays',
    actual: () =>
      dumpArgs({
        conninfo,
        file: '/w/b.dump',
        format: 'custom',
        excludeSchemas: [],
        privileges: true
      }),
    expected: [
      '--no-owner',
      '--format=custom',
      '--file=/w/b.dump',
      `--dbname=${conninfo}`
    ]
  },
  {
    name: 'restores the owners an archive records with owner: no --no-owner',
    actual: () =>
      pgRestoreArgs({
        conninfo,
        file: '/w/b.dump',
        excludeSchemas: [],
        ignoreErrors: false,
        owner: true
      }),
    expected: [`--dbname=${conninfo}`, '/w/b.dump']
  },
  {
    name: 'never lets pg_restore read a relative file operand as an option',
    actual: () =>
      pgRestoreArgs({
        conninfo,
        file: '--help',
        excludeSchemas: [],
        ignoreErrors: true
      }),
    expected: ['--no-owner', `--dbname=${conninfo}`, './--help']
  },
  {
    name: 'runs a scrub script with psql in one transaction, stopping at the first error, between the statements that prove it committed, its text left out of messages, restricted by a key read from stdin',
    actual: () =>
      psqlScrubArgs(
        conninfo,
        '/w/scrub.sql',
        { before: 'SELECT 1', after: 'SELECT 2' },
        true
      ),
    expected: [
      '--no-psqlrc',
      '--quiet',
      '--set=ON_ERROR_STOP=1',
      '--set=VERBOSITY=terse',
      '--single-transaction',
      `--output=${devNull}`,
      '-w',
      '--file=-',
      '--command=SET standard_conforming_strings = on',
      '--command=SELECT 1',
      '--file=/w/scrub.sql',
      '--command=SELECT 2',
      `--dbname=${conninfo}`
    ]
  },
  {
    name: 'a trusted scrub script (allow-meta-commands) reads no key',
    actual: () =>
      psqlScrubArgs(
        conninfo,
        '/w/scrub.sql',
        { before: 'SELECT 1', after: 'SELECT 2' },
        false
      ),
    expected: [
      '--no-psqlrc',
      '--quiet',
      '--set=ON_ERROR_STOP=1',
      '--set=VERBOSITY=terse',
      '--single-transaction',
      `--output=${devNull}`,
      '--command=SET standard_conforming_strings = on',
      '--command=SELECT 1',
      '--file=/w/scrub.sql',
      '--command=SELECT 2',
      `--dbname=${conninfo}`
    ]
  },
  {
    name: 'restores plain SQL with psql stopping at the first error, restricted by a key read from stdin first',
    actual: () =>
      psqlRestoreArgs({
        conninfo,
        file: '/w/b.sql',
        excludeSchemas: [],
        ignoreErrors: false,
        restricted: true
      }),
    expected: [
      '--no-psqlrc',
      '--quiet',
      '--set=ON_ERROR_STOP=1',
      `--output=${devNull}`,
      '-w',
      '--file=-',
      '--command=SET standard_conforming_strings = on',
      '--file=/w/b.sql',
      `--dbname=${conninfo}`
    ]
  },
  {
    name: 'restores plain SQL with psql carrying on when errors are ignored',
    actual: () =>
      psqlRestoreArgs({
        conninfo,
        file: '/w/b.sql',
        excludeSchemas: [],
        ignoreErrors: true,
        restricted: false
      }),
    expected: [
      '--no-psqlrc',
      '--quiet',
      `--output=${devNull}`,
      '--command=SET standard_conforming_strings = on',
      '--file=/w/b.sql',
      `--dbname=${conninfo}`
    ]
  },
  {
    name: 'asks the server its version without reading ~/.psqlrc',
    actual: () => serverVersionArgs(conninfo),
    expected: [
      '--no-psqlrc',
      '--tuples-only',
      '--no-align',
      '--set=ON_ERROR_STOP=1',
      '--command=SHOW server_version',
      `--dbname=${conninfo}`
    ]
  },
  {
    name: 'dumps a directory archive with parallel jobs',
    actual: () =>
      dumpArgs({
        conninfo,
        file: '/w/backup.dir',
        format: 'directory',
        excludeSchemas: [],
        jobs: 4
      }),
    expected: [
      '--no-owner',
      '--no-privileges',
      '--format=directory',
      '--file=/w/backup.dir',
      '--jobs=4',
      `--dbname=${conninfo}`
    ]
  },
  {
    name: 'leaves --jobs out of a custom dump, which pg_dump writes with one job only',
    actual: () =>
      dumpArgs({
        conninfo,
        file: '/w/backup.dump',
        format: 'custom',
        excludeSchemas: [],
        jobs: 4
      }),
    expected: [
      '--no-owner',
      '--no-privileges',
      '--format=custom',
      '--file=/w/backup.dump',
      `--dbname=${conninfo}`
    ]
  },
  {
    name: 'leaves --jobs out of a directory dump with one job',
    actual: () =>
      dumpArgs({
        conninfo,
        file: '/w/backup.dir',
        format: 'directory',
        excludeSchemas: [],
        jobs: 1
      }),
    expected: [
      '--no-owner',
      '--no-privileges',
      '--format=directory',
      '--file=/w/backup.dir',
      `--dbname=${conninfo}`
    ]
  },
  {
    name: "passes the client's --compress argument on as given",
    actual: () =>
      dumpArgs({
        conninfo,
        file: '/w/backup.dump',
        format: 'custom',
        excludeSchemas: [],
        compress: '--compress=6'
      }),
    expected: [
      '--no-owner',
      '--no-privileges',
      '--format=custom',
      '--file=/w/backup.dump',
      '--compress=6',
      `--dbname=${conninfo}`
    ]
  },
  {
    name: 'dumps only the named schemas, one --schema per pattern',
    actual: () =>
      dumpArgs({
        conninfo,
        file: '/w/backup.dump',
        format: 'custom',
        excludeSchemas: [],
        schemas: ['app', '"Sales"', 'tenant_*']
      }),
    expected: [
      '--no-owner',
      '--no-privileges',
      '--format=custom',
      '--file=/w/backup.dump',
      '--schema=app',
      '--schema="Sales"',
      '--schema=tenant_*',
      `--dbname=${conninfo}`
    ]
  },
  {
    name: 'keeps the tables but leaves out their rows with one --exclude-table-data per pattern',
    actual: () =>
      dumpArgs({
        conninfo,
        file: '/w/backup.dump',
        format: 'custom',
        excludeSchemas: [],
        excludeTableData: ['audit.events', 'logs.*']
      }),
    expected: [
      '--no-owner',
      '--no-privileges',
      '--format=custom',
      '--file=/w/backup.dump',
      '--exclude-table-data=audit.events',
      '--exclude-table-data=logs.*',
      `--dbname=${conninfo}`
    ]
  },
  {
    name: 'dumps with jobs, compression, schemas and both exclusions in a fixed order',
    actual: () =>
      dumpArgs({
        conninfo,
        file: '/w/backup.dir',
        format: 'directory',
        excludeSchemas: ['app_audit'],
        schemas: ['app', 'app_audit'],
        excludeTableData: ['app.sessions'],
        jobs: 2,
        compress: '--compress=zstd:3'
      }),
    expected: [
      '--no-owner',
      '--no-privileges',
      '--format=directory',
      '--file=/w/backup.dir',
      '--jobs=2',
      '--compress=zstd:3',
      '--schema=app',
      '--schema=app_audit',
      '--exclude-schema=app_audit',
      '--exclude-table-data=app.sessions',
      `--dbname=${conninfo}`
    ]
  },
  {
    name: 'restores with clean as --clean --if-exists, so missing objects are no error',
    actual: () =>
      pgRestoreArgs({
        conninfo,
        file: '/w/backup.dump',
        excludeSchemas: [],
        ignoreErrors: false,
        clean: true
      }),
    expected: [
      '--no-owner',
      '--clean',
      '--if-exists',
      `--dbname=${conninfo}`,
      '/w/backup.dump'
    ]
  },
  {
    name: 'restores all or nothing with --single-transaction --exit-on-error',
    actual: () =>
      pgRestoreArgs({
        conninfo,
        file: '/w/backup.dump',
        excludeSchemas: [],
        ignoreErrors: false,
        singleTransaction: true
      }),
    expected: [
      '--no-owner',
      '--single-transaction',
      '--exit-on-error',
      `--dbname=${conninfo}`,
      '/w/backup.dump'
    ]
  },
  {
    name: 'cleans and restores in one transaction',
    actual: () =>
      pgRestoreArgs({
        conninfo,
        file: '/w/backup.dump',
        excludeSchemas: [],
        ignoreErrors: false,
        clean: true,
        singleTransaction: true
      }),
    expected: [
      '--no-owner',
      '--clean',
      '--if-exists',
      '--single-transaction',
      '--exit-on-error',
      `--dbname=${conninfo}`,
      '/w/backup.dump'
    ]
  },
  {
    name: 'restores an archive with parallel jobs',
    actual: () =>
      pgRestoreArgs({
        conninfo,
        file: '/w/backup.dir',
        excludeSchemas: [],
        ignoreErrors: false,
        jobs: 4
      }),
    expected: [
      '--no-owner',
      '--jobs=4',
      `--dbname=${conninfo}`,
      '/w/backup.dir'
    ]
  },
  {
    name: 'leaves --jobs out of a restore with one job',
    actual: () =>
      pgRestoreArgs({
        conninfo,
        file: '/w/backup.dump',
        excludeSchemas: [],
        ignoreErrors: false,
        jobs: 1
      }),
    expected: ['--no-owner', `--dbname=${conninfo}`, '/w/backup.dump']
  },
  {
    name: 'restores only the entries of a table-of-contents list with --use-list',
    actual: () =>
      pgRestoreArgs({
        conninfo,
        file: '/w/backup.dump',
        excludeSchemas: ['audit'],
        ignoreErrors: false,
        useList: '/w/part-1.list',
        jobs: 2,
        clean: true
      }),
    expected: [
      '--no-owner',
      '--clean',
      '--if-exists',
      '--jobs=2',
      '--exclude-schema=audit',
      '--use-list=/w/part-1.list',
      `--dbname=${conninfo}`,
      '/w/backup.dump'
    ]
  },
  {
    name: 'restores plain SQL with psql in one transaction, stopping at the first error',
    actual: () =>
      psqlRestoreArgs({
        conninfo,
        file: '/w/b.sql',
        excludeSchemas: [],
        ignoreErrors: false,
        singleTransaction: true,
        restricted: false
      }),
    expected: [
      '--no-psqlrc',
      '--quiet',
      '--set=ON_ERROR_STOP=1',
      '--single-transaction',
      `--output=${devNull}`,
      '--command=SET standard_conforming_strings = on',
      '--file=/w/b.sql',
      `--dbname=${conninfo}`
    ]
  },
  {
    name: 'reads a whole archive back with pg_restore, the SQL thrown away',
    actual: () => readBackArgs('/w/backup.dump'),
    expected: [`--file=${devNull}`, '/w/backup.dump']
  },
  {
    name: 'reads back only the entries of a table-of-contents list',
    actual: () => readBackArgs('/w/backup.dir', '/w/part-2.list'),
    expected: [
      `--file=${devNull}`,
      '--use-list=/w/part-2.list',
      '/w/backup.dir'
    ]
  },
  {
    name: 'never lets a read-back take a file operand for an option',
    actual: () => readBackArgs('-j8.dump'),
    expected: [`--file=${devNull}`, './-j8.dump']
  },
  {
    name: "lists an archive's table of contents with pg_restore --list",
    actual: () => tocListArgs('/w/backup.dump'),
    expected: ['--list', '/w/backup.dump']
  },
  {
    name: 'never lets a table-of-contents listing take a file operand for an option',
    actual: () => tocListArgs('--clean'),
    expected: ['--list', './--clean']
  },
  {
    name: 'runs each database command as its own --command, stopping at the first error',
    actual: () =>
      psqlCommandArgs(conninfo, [
        'DROP DATABASE IF EXISTS "shop"',
        'CREATE DATABASE "shop"'
      ]),
    expected: [
      '--no-psqlrc',
      '--quiet',
      '--set=ON_ERROR_STOP=1',
      '--command=DROP DATABASE IF EXISTS "shop"',
      '--command=CREATE DATABASE "shop"',
      `--dbname=${conninfo}`
    ]
  },
  {
    name: "prints one query's result unaligned, without headers or ~/.psqlrc",
    actual: () =>
      psqlQueryArgs(
        conninfo,
        "SELECT count(*) FROM pg_namespace WHERE nspname = 'audit'"
      ),
    expected: [
      '--no-psqlrc',
      '--tuples-only',
      '--no-align',
      '--set=ON_ERROR_STOP=1',
      "--command=SELECT count(*) FROM pg_namespace WHERE nspname = 'audit'",
      `--dbname=${conninfo}`
    ]
  }
]

for (const c of cases) {
  test(c.name, () => assert.deepEqual(c.actual(), c.expected))
}

test('no argument list ever carries a password', () => {
  for (const c of cases) {
    assert.ok(!c.actual().some(a => /password/i.test(a)), c.name)
  }
})

test('leaves --dbname out when the connection names nothing (libpq defaults)', () => {
  for (const args of [
    dumpArgs({
      conninfo: '',
      file: '/f',
      format: 'custom',
      excludeSchemas: []
    }),
    pgRestoreArgs({
      conninfo: '',
      file: '/f',
      excludeSchemas: [],
      ignoreErrors: false
    }),
    psqlRestoreArgs({
      conninfo: '',
      file: '/f',
      excludeSchemas: [],
      ignoreErrors: false,
      restricted: true
    }),
    serverVersionArgs('')
  ]) {
    assert.ok(!args.some(a => a.startsWith('--dbname')), args.join(' '))
  }
})

describe('a name is data, never a connection string (#19)', () => {
  // libpq expands a --dbname or --database value holding '=' or starting
  // postgresql:// as a connection string, once: what it then names must be
  // the name as given, on the server the user's connection names
  const names = [
    'host=evil.example port=6543 dbname=postgres',
    'postgresql://evil.example:6543/postgres',
    "it's a \\ name",
    "dbname='x' host=evil.example",
    '-x --help',
    'plain'
  ]
  const user = Connection.parse('host=db port=5432 user=app dbname=shop')

  for (const name of names) {
    test(`${JSON.stringify(name)}: pg_dump, pg_restore and psql reach the database of that name on db`, () => {
      const { conninfo } = user.withDbname(name)
      for (const args of [
        dumpArgs({
          conninfo,
          file: '/f',
          format: 'custom',
          excludeSchemas: []
        }),
        pgRestoreArgs({
          conninfo,
          file: '/f',
          excludeSchemas: [],
          ignoreErrors: false
        }),
        psqlCommandArgs(conninfo, ['SELECT 1']),
        psqlQueryArgs(conninfo, 'SELECT 1'),
        serverVersionArgs(conninfo)
      ]) {
        const value = args
          .find(a => a.startsWith('--dbname='))
          ?.slice('--dbname='.length)
        const params = parseParams(value ?? '')
        assert.equal(params.get('dbname'), name)
        assert.equal(params.get('host'), 'db')
        assert.equal(params.get('port'), '5432')
      }
    })

    test(`${JSON.stringify(name)}: pg_dumpall's --database is a conninfo naming only that database`, () => {
      const args = dumpallGlobalsArgs({
        conninfo: user.withDbname(name).conninfo,
        file: '/g.sql',
        database: name,
        rolePasswords: false
      })
      const database = args
        .find(a => a.startsWith('--database='))
        ?.slice('--database='.length)
      assert.ok(database?.startsWith("dbname='"), database)
      assert.deepEqual([...parseParams(database ?? '')], [['dbname', name]])
    })
  }

  test('dbnameConninfo quotes always, escaping backslash and quote', () => {
    assert.equal(dbnameConninfo('shop'), "dbname='shop'")
    assert.equal(dbnameConninfo("a'b\\c"), "dbname='a\\'b\\\\c'")
    assert.equal(dbnameConninfo(''), "dbname=''")
  })

  test('an SQL literal with a backslash is an E string, so it ends where it should whatever standard_conforming_strings says', () => {
    assert.equal(quoteLiteral("it's"), "'it''s'")
    assert.equal(quoteLiteral('x\\'), "E'x\\\\'")
    assert.equal(quoteLiteral("a\\' OR true --"), "E'a\\\\'' OR true --'")
  })
})
