// Whole clusters without a server: pg_dumpall's arguments, the file names
// of several databases' dumps, the 'dbname' list, the upload of several
// files, how a globals script and a dump folder are read, and which restore
// of one dump involves its globals.
import assert from 'node:assert/strict'
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { after, describe, test } from 'node:test'
import { InputError } from '../../src/action/input-parsers.ts'
import { input } from '../../src/action/read-input.ts'
import { uploadPlan } from '../../src/artifacts/upload-plan.ts'
import { dumpallGlobalsArgs } from '../../src/core/args.ts'
import {
  readGlobalsScript,
  scanGlobalsScript
} from '../../src/core/cluster/globals-script.ts'
import {
  databaseFileName,
  databaseOfFileName,
  LayoutError,
  readLayout
} from '../../src/core/cluster/layout.ts'
import { involvesGlobals } from '../../src/core/cluster/restore-cluster.ts'
import { stoppedMidway } from '../../src/core/cluster/stopped-midway.ts'

const dir = await mkdtemp(join(tmpdir(), 'pg-dumper-globals-unit-'))
after(() => rm(dir, { recursive: true, force: true }))

describe('pg_dumpall arguments', () => {
  const conninfo = 'host=db user=app dbname=shop'
  const cases: [string, Parameters<typeof dumpallGlobalsArgs>[0], string[]][] =
    [
      [
        'without passwords (the default): --no-role-passwords, from the dumped database',
        { conninfo, file: '/w/g.sql', database: 'shop', rolePasswords: false },
        [
          '--globals-only',
          '--no-role-passwords',
          '--file=/w/g.sql',
          "--database=dbname='shop'",
          `--dbname=${conninfo}`
        ]
      ],
      [
        'with passwords, and no database named: pg_dumpall picks its own',
        { conninfo: '', file: '/w/g.sql', rolePasswords: true },
        ['--globals-only', '--file=/w/g.sql']
      ],
      [
        'encrypted: into a FIFO, which cannot be fsynced, so --no-sync',
        { conninfo: '', file: '/t/f', rolePasswords: true, noSync: true },
        ['--globals-only', '--no-sync', '--file=/t/f']
      ]
    ]
  for (const [name, options, expected] of cases) {
    test(name, () => assert.deepEqual(dumpallGlobalsArgs(options), expected))
  }
})

describe("a database's dump file name", () => {
  const names: [string, string][] = [
    ['shop', 'shop.dump'],
    ['Shop Main', 'Shop Main.dump'],
    ['a/b\\c', 'a%2Fb%5Cc.dump'],
    ['what?*', 'what%3F%2A.dump'],
    ['100%', '100%25.dump'],
    ['tab\there', 'tab%09here.dump'],
    ['Ünïcode', 'Ünïcode.dump'],
    ['..', '...dump']
  ]
  for (const [database, file] of names) {
    test(`${JSON.stringify(database)} is ${file}, and back`, () => {
      assert.equal(databaseFileName(database, 'custom'), file)
      assert.equal(databaseOfFileName(file), database)
    })
  }
  test('each format has its extension; a plain dump of "globals" is not globals.sql', () => {
    assert.equal(databaseFileName('app', 'plain'), 'app.sql')
    assert.equal(databaseFileName('app', 'tar'), 'app.tar')
    assert.equal(databaseFileName('app', 'directory'), 'app.dir')
    assert.equal(databaseFileName('globals', 'plain'), '%67lobals.sql')
    assert.equal(databaseOfFileName('%67lobals.sql'), 'globals')
  })
  test('other names stand for no database', () => {
    for (const name of [
      'globals.sql',
      'globals.sql.age',
      'README.md',
      '.dump',
      '.dump.age',
      'x%zz.dump',
      'app.age'
    ])
      assert.equal(databaseOfFileName(name), undefined, name)
  })
  test('encrypted, each name ends in .age, and stands for the same database', () => {
    assert.equal(
      databaseFileName('Shop Main', 'custom', true),
      'Shop Main.dump.age'
    )
    assert.equal(databaseFileName('a/b', 'plain', true), 'a%2Fb.sql.age')
    assert.equal(
      databaseFileName('globals', 'plain', true),
      '%67lobals.sql.age'
    )
    assert.equal(databaseOfFileName('Shop Main.dump.age'), 'Shop Main')
    assert.equal(databaseOfFileName('%67lobals.sql.age'), 'globals')
  })
})

describe("the 'dbname' input", () => {
  const read = (value: string) => {
    process.env.INPUT_DBNAME = value
    try {
      return input('dbname')
    } finally {
      delete process.env.INPUT_DBNAME
    }
  }
  test('one name, or several by commas and lines, as other lists', () => {
    assert.deepEqual(read(''), [])
    assert.deepEqual(read('shop'), ['shop'])
    assert.deepEqual(read('shop, billing\n Shop Main \n'), [
      'shop',
      'billing',
      'Shop Main'
    ])
  })
  test('a name wholly in double quotes is exact, commas and all', () => {
    assert.deepEqual(read('"a,b", c'), ['a,b', 'c'])
    assert.deepEqual(read('"say ""hi"""'), ['say "hi"'])
    assert.deepEqual(read('my"db'), ['my"db'])
  })
  test('a name given twice is refused, naming it', () => {
    assert.throws(
      () => read('shop, billing, shop'),
      (error: unknown) =>
        error instanceof InputError &&
        error.message ===
          "Invalid 'dbname' input: 'shop' is named twice. Name each database once."
    )
  })
})

test('several files never go up as one raw file', () => {
  assert.deepEqual(uploadPlan('custom', 'auto', undefined, true, false, true), {
    raw: false,
    level: 0
  })
  assert.deepEqual(uploadPlan('plain', 'auto', undefined, true, false, true), {
    raw: false,
    level: 6
  })
  assert.deepEqual(
    uploadPlan('custom', 'auto', undefined, true, false, false),
    {
      raw: true
    }
  )
})

describe('a globals script as pg_dumpall writes it', () => {
  test('its roles and tablespaces, not a line inside a quoted comment, and meta-commands', async () => {
    const file = join(dir, 'globals.sql')
    await writeFile(
      file,
      [
        '--',
        '-- PostgreSQL database cluster dump',
        '--',
        '\\restrict abc',
        'CREATE ROLE "App_Owner";',
        'ALTER ROLE "App_Owner" WITH LOGIN;',
        'CREATE ROLE reader;',
        "COMMENT ON ROLE reader IS 'two",
        'CREATE ROLE fake;',
        "lines';",
        'CREATE ROLE "say ""hi""";',
        `CREATE TABLESPACE "Fast_Disk" OWNER postgres LOCATION '/ts';`,
        '\\! id',
        '\\unrestrict abc',
        '-- PostgreSQL database cluster dump complete',
        ''
      ].join('\n')
    )
    const script = await readGlobalsScript(file)
    assert.deepEqual(script.roles, ['App_Owner', 'reader', 'say "hi"'])
    assert.deepEqual(script.tablespaces, ['Fast_Disk'])
    assert.deepEqual(
      script.metaCommands.map(m => [m.line, m.command]),
      [[13, '!']]
    )
    assert.equal(script.complete, true)
    assert.deepEqual(
      script.statements.map(s => [s.line, s.kind, s.name]),
      [
        [5, 'create-role', 'App_Owner'],
        [6, 'alter-role', 'App_Owner'],
        [7, 'create-role', 'reader'],
        [8, 'comment', 'reader'],
        [11, 'create-role', 'say "hi"'],
        [12, 'create-tablespace', 'Fast_Disk']
      ]
    )
    assert.equal(
      script.statements[3].text,
      "COMMENT ON ROLE reader IS 'two\nCREATE ROLE fake;\nlines';"
    )
  })
})

describe('what a globals script may hold', () => {
  const scan = (text: string) => scanGlobalsScript(Buffer.from(text))
  const kinds = (text: string) =>
    scan(text).statements.map(s => [s.kind, s.name ?? null])
  test("every statement kind pg_dumpall --globals-only writes (15's and 16's spellings)", () => {
    const script = [
      'SET default_transaction_read_only = off;',
      "SET client_encoding = 'UTF8';",
      'SET standard_conforming_strings = on;',
      'CREATE ROLE app;',
      "ALTER ROLE app WITH NOSUPERUSER INHERIT NOCREATEROLE NOCREATEDB LOGIN NOREPLICATION NOBYPASSRLS CONNECTION LIMIT 5 PASSWORD 'SCRAM-SHA-256$4096:x' VALID UNTIL '2030-01-01 00:00:00+00';",
      "COMMENT ON ROLE app IS 'the app';",
      "SECURITY LABEL FOR dummy ON ROLE app IS 'x';",
      "ALTER ROLE app SET search_path TO 'app', 'public';",
      "ALTER ROLE app IN DATABASE shop SET work_mem TO '64MB';",
      'GRANT reader TO app GRANTED BY postgres;',
      'GRANT reader TO "App Two" WITH ADMIN OPTION GRANTED BY postgres;',
      'GRANT reader TO app WITH INHERIT TRUE, SET FALSE GRANTED BY postgres;',
      "CREATE TABLESPACE fast OWNER postgres LOCATION '/ts';",
      'ALTER TABLESPACE fast SET (random_page_cost=1.1);',
      'GRANT ALL ON TABLESPACE fast TO app;',
      'REVOKE ALL ON TABLESPACE fast FROM PUBLIC;',
      'GRANT SET ON PARAMETER work_mem TO app;',
      "COMMENT ON TABLESPACE fast IS 'ssd';",
      'SET SESSION AUTHORIZATION postgres;',
      'RESET SESSION AUTHORIZATION;'
    ].join('\n')
    const found = scan(script)
    assert.deepEqual(found.foreign, [])
    assert.equal(found.statements.length, 20)
    assert.deepEqual(kinds('ALTER ROLE "Alice" WITH LOGIN;'), [
      ['alter-role', 'Alice']
    ])
  })
  const foreign: [string, string][] = [
    ['DROP DATABASE unrelated_prod;', 'a DROP statement'],
    ["ALTER USER alice WITH PASSWORD 'x';", 'an ALTER statement'],
    ["SELECT pg_read_file('/etc/passwd');", 'a SELECT statement'],
    ['ALTER ROLE CURRENT_USER WITH SUPERUSER;', 'an ALTER statement'],
    ['ALTER ROLE alice RENAME TO bob;', 'an ALTER statement'],
    ['SET role = postgres;', 'a SET statement'],
    ['SET standard_conforming_strings = off;', 'a SET statement'],
    ['CREATE ROLE alice SUPERUSER;', 'a CREATE statement'],
    [
      'GRANT SELECT ON ALL TABLES IN SCHEMA public TO alice;',
      'a GRANT statement'
    ],
    ["COMMENT ON ROLE alice IS :'PORT';", 'a COMMENT statement'],
    ['DO $$BEGIN PERFORM 1; END$$;', 'a DO statement'],
    ['CREATE ROLE alice', 'an unfinished statement']
  ]
  for (const [statement, what] of foreign) {
    test(`refuses ${JSON.stringify(statement)}, named by its line and first word only`, () => {
      const found = scan(`CREATE ROLE ok;\n${statement}\n`)
      assert.deepEqual(found.foreign, [
        { line: 2, what: what.replace(/^an? /, m => m) }
      ])
    })
  }
  test('keywords in any case, names quoted or not, a name with a line break', () => {
    assert.deepEqual(
      kinds(
        'alter role Alice nocreaterole;\nCreate Role "a\nb";\nalter ROLE "a\nb" with login;'
      ),
      [
        ['alter-role', 'alice'],
        ['create-role', 'a\nb'],
        ['alter-role', 'a\nb']
      ]
    )
  })
  test("pg_dumpall's own restrict lines pass; any other meta-command, or one mid-statement, is found", () => {
    const found = scan(
      '\\restrict k1\nCREATE ROLE a;\nCREATE ROLE b \\g\n;\n\\unrestrict k1\nSELECT 1; \\! id\n'
    )
    assert.deepEqual(
      found.metaCommands.map(m => [m.line, m.command]),
      [
        [3, 'g'],
        [6, '!']
      ]
    )
  })
  test('CR/LF line ends change nothing', () => {
    const found = scan(
      '\\restrict k1\r\nCREATE ROLE a;\r\n\\! id\r\n\\unrestrict k1\r\n'
    )
    assert.deepEqual(
      found.metaCommands.map(m => [m.line, m.command]),
      [[3, '!']]
    )
    assert.deepEqual(found.roles, ['a'])
  })
})

describe('what a restore path holds', () => {
  test('a folder of dumps named after databases, and its globals', async () => {
    const folder = join(dir, 'several')
    await mkdir(join(folder, 'b%2Fc.dir'), { recursive: true })
    await writeFile(join(folder, 'b%2Fc.dir', 'toc.dat'), '')
    await writeFile(join(folder, 'Shop Main.dump'), '')
    await writeFile(join(folder, 'globals.sql'), '')
    assert.deepEqual(await readLayout(folder), {
      kind: 'databases',
      folder,
      dumps: [
        { database: 'Shop Main', file: join(folder, 'Shop Main.dump') },
        { database: 'b/c', file: join(folder, 'b%2Fc.dir') }
      ].sort((x, y) => (x.file < y.file ? -1 : 1)),
      globals: join(folder, 'globals.sql')
    })
    // a directory archive inside is one dump, with the folder's globals beside it
    assert.deepEqual(await readLayout(join(folder, 'b%2Fc.dir')), {
      kind: 'single',
      file: join(folder, 'b%2Fc.dir'),
      globals: join(folder, 'globals.sql')
    })
  })
  test('age files: a folder of them with globals.sql.age, and beside an age file the encrypted globals first', async () => {
    const folder = join(dir, 'sealed')
    await mkdir(folder)
    for (const name of ['app.dump.age', 'billing.sql.age', 'globals.sql.age'])
      await writeFile(join(folder, name), '')
    assert.deepEqual(await readLayout(folder), {
      kind: 'databases',
      folder,
      dumps: [
        { database: 'app', file: join(folder, 'app.dump.age') },
        { database: 'billing', file: join(folder, 'billing.sql.age') }
      ],
      globals: join(folder, 'globals.sql.age')
    })
    const beside = join(dir, 'beside')
    await mkdir(beside)
    for (const name of ['app.dump', 'app.dump.age', 'globals.sql.age'])
      await writeFile(join(beside, name), '')
    // a plaintext dump kept beside finds the encrypted globals too
    for (const file of ['app.dump.age', 'app.dump'])
      assert.deepEqual(await readLayout(join(beside, file)), {
        kind: 'single',
        file: join(beside, file),
        globals: join(beside, 'globals.sql.age')
      })
    await writeFile(join(beside, 'globals.sql'), '')
    assert.equal(
      (await readLayout(join(beside, 'app.dump.age'))).globals,
      join(beside, 'globals.sql.age')
    )
    assert.equal(
      (await readLayout(join(beside, 'app.dump'))).globals,
      join(beside, 'globals.sql')
    )
    await writeFile(join(folder, 'globals.sql'), '')
    await assert.rejects(
      readLayout(folder),
      (error: unknown) =>
        error instanceof LayoutError &&
        /holds both globals\.sql and globals\.sql\.age/.test(error.message)
    )
  })
  test('a dump without globals beside it, and a folder that is no dump', async () => {
    const alone = join(dir, 'alone')
    await mkdir(alone)
    await writeFile(join(alone, 'app.dump'), '')
    assert.deepEqual(await readLayout(join(alone, 'app.dump')), {
      kind: 'single',
      file: join(alone, 'app.dump')
    })
    await writeFile(join(alone, 'notes.txt'), '')
    await assert.rejects(
      readLayout(alone),
      (error: unknown) =>
        error instanceof LayoutError &&
        /it holds notes\.txt/.test(error.message)
    )
  })
})

describe('which restore of one dump involves its globals', () => {
  // the Dumper restores the others directly, without the cluster
  const found = {
    kind: 'single',
    file: '/d/app.dump',
    globals: '/d/globals.sql'
  } as const
  const none = { kind: 'single', file: '/d/app.dump' } as const
  const cases: [string, boolean, boolean | undefined, boolean][] = [
    ['found, the option unset: applied', true, undefined, true],
    ['found, asked for: applied', true, true, true],
    ['found, left out: not', true, false, false],
    ['none beside it, the option unset: not', false, undefined, false],
    [
      'none beside it, asked for: the cluster says it is missing',
      false,
      true,
      true
    ],
    ['none beside it, left out: not', false, false, false]
  ]
  for (const [name, beside, globals, expected] of cases) {
    test(name, () => {
      assert.equal(
        involvesGlobals(beside ? found : none, { globals }),
        expected
      )
    })
  }
})

describe('a restore of several databases that stopped midway', () => {
  const names = ['a', 'b', 'c']
  const cases: [number, string][] = [
    [
      0,
      'Restoring the 3 databases of /f stopped at a (the 1st): none was restored before it, b, c were not attempted.\ncause'
    ],
    [
      1,
      'Restoring the 3 databases of /f stopped at b (the 2nd): a was restored before it, c was not attempted.\ncause'
    ],
    [
      2,
      'Restoring the 3 databases of /f stopped at c (the 3rd): a, b were restored before it, it was the last.\ncause'
    ]
  ]
  for (const [failed, message] of cases) {
    test(`failing on database ${failed + 1} of 3 says so, keeping the error's type`, () => {
      const error = new TypeError('cause')
      assert.equal(stoppedMidway(error, '/f', names, failed), error)
      assert.equal(error.message, message)
    })
  }
  test('a restore of one database keeps its message', () => {
    const error = new Error('cause')
    assert.equal(stoppedMidway(error, '/f', ['a'], 0), error)
    assert.equal(error.message, 'cause')
  })
})
