// Argument lists as tables: typed options in, argv out.
import assert from 'node:assert/strict'
import { devNull } from 'node:os'
import { test } from 'node:test'
import {
  dumpArgs,
  pgRestoreArgs,
  psqlRestoreArgs,
  serverVersionArgs
} from '../../src/core/args.ts'

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
    name: 'restores plain SQL with psql stopping at the first error',
    actual: () =>
      psqlRestoreArgs({
        conninfo,
        file: '/w/b.sql',
        excludeSchemas: [],
        ignoreErrors: false
      }),
    expected: [
      '--no-psqlrc',
      '--quiet',
      '--set=ON_ERROR_STOP=1',
      `--output=${devNull}`,
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
        ignoreErrors: true
      }),
    expected: [
      '--no-psqlrc',
      '--quiet',
      `--output=${devNull}`,
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
      ignoreErrors: false
    }),
    serverVersionArgs('')
  ]) {
    assert.ok(!args.some(a => a.startsWith('--dbname')), args.join(' '))
  }
})
