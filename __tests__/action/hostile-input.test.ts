// Hostile and malformed inputs through the bundle as GitHub runs it (#6): each
// is inert (no shell, no stray file, no leak), and legal or refused by name.
import assert from 'node:assert/strict'
import { spawn } from 'node:child_process'
import { existsSync } from 'node:fs'
import {
  copyFile,
  mkdir,
  mkdtemp,
  readdir,
  readFile,
  rm,
  writeFile
} from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { basename, join } from 'node:path'
import { after, before, describe, test } from 'node:test'
import { setTimeout as sleep } from 'node:timers/promises'
import {
  startArtifactBackend,
  type ArtifactBackend
} from '../../test-support/artifact-backend.ts'
import { runAction, type StepRun } from '../../test-support/run-action.ts'
import {
  clientBinDir,
  clientEnv,
  clientTool,
  quoteIdent,
  quoteLiteral,
  type TestServer
} from '../../test-support/pg-server.ts'
import {
  pgDump,
  seededServer,
  type SeededServer
} from '../../test-support/fixtures.ts'

/** Exists only if something ran one of the inputs through a shell. */
const CANARY_NAME = `pg-dumper-canary-${process.pid}`
const CANARY = `/tmp/${CANARY_NAME}`
/** Shell syntax that would create the canary, were it ever run by a shell. */
const SHELL = [
  `$(touch ${CANARY})`,
  `\`touch ${CANARY}\``,
  `; touch ${CANARY}`,
  `| touch ${CANARY}`,
  `&& touch ${CANARY}`
]
/** A workflow command smuggled in after a line break. */
const INJECTED = 'pg-dumper-injected'

/** The schemas of the source database, each holding a table t with a row. */
const SCHEMAS = [
  'keep',
  'x; DROP TABLE y',
  'MixedCase',
  'mixedcase',
  'Ünïcødé',
  '🐘',
  '--help',
  '-n',
  "it's",
  'a"b',
  'with space',
  'sales_2024',
  'sales_2025',
  'multi\nline',
  ...SHELL
]
/** The source's schemas but these, sorted. */
const allBut = (...except: string[]) =>
  SCHEMAS.filter(s => !except.includes(s)).sort()

let seeded: SeededServer
let server: TestServer
let db: string
/** a database that an SQL injection through a name would drop */
let victim: string
/** holds one folder per case: nothing else may appear in it */
let base: string
let fixtures: string
/** a custom dump of the source database */
let sourceDump: string
/** databases the cases create under hostile names, dropped at the end */
const created: string[] = []

before(async () => {
  seeded = await seededServer({
    database: 'hostile',
    seed: [
      'CREATE TABLE public.y(id int);',
      ...SCHEMAS.map(
        s =>
          `CREATE SCHEMA ${quoteIdent(s)}; CREATE TABLE ${quoteIdent(s)}.t(id int); INSERT INTO ${quoteIdent(s)}.t VALUES (1);`
      )
    ].join('\n'),
    tempPrefix: 'pg-dumper-hostile-'
  })
  ;({ server, db, dir: base } = seeded)
  victim = await server.createDatabase('victim')
  fixtures = await mkdtemp(join(tmpdir(), 'pg-dumper-hostile-fixtures-'))
  sourceDump = join(fixtures, 'source.dump')
  await pgDump(server, db, [
    '--format=custom',
    '--no-owner',
    '--no-privileges',
    `--file=${sourceDump}`
  ])
  await rm(CANARY, { force: true })
})
after(async () => {
  if (server) {
    for (const name of created) await server.dropDatabase(name)
  }
  await seeded?.stop()
  if (fixtures) await rm(fixtures, { recursive: true, force: true })
  await rm(CANARY, { force: true })
})

const bin = (): Record<string, string> => {
  const dir = clientBinDir()
  return dir ? { 'pg-bin-dir': dir } : {}
}

/** The runner's escaping of a command's data, undone. */
const unescapeData = (text: string) =>
  text.replace(/%0D/g, '\r').replace(/%0A/g, '\n').replace(/%25/g, '%')

/** The message of the step's first ::error:: line, unescaped. */
function errorMessage(step: StepRun): string | undefined {
  const line = step.stdout.split('\n').find(l => l.startsWith('::error::'))
  return line === undefined
    ? undefined
    : unescapeData(line.slice('::error::'.length))
}

/** Everything the step printed, minus the runner's own add-mask commands. */
const visibleLog = (step: StepRun) =>
  (step.stdout + step.stderr)
    .split('\n')
    .filter(l => !l.startsWith('::add-mask::'))
    .join('\n')

const htmlEscape = (text: string) =>
  text.replace(
    /[&<>"]/g,
    c => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c] ?? c
  )

/** The password, in every form it could leak in, is nowhere to be seen. */
function assertNoSecret(step: StepRun, extra: readonly string[] = []) {
  const password = server.password
  const secrets = [
    password,
    encodeURIComponent(password),
    htmlEscape(password),
    ...extra
  ]
  const log = visibleLog(step)
  const places: [string, string][] = [
    ['the log', log],
    ['the log, unescaped', unescapeData(log)],
    ['the outputs', Object.values(step.outputs).join('\n')],
    ['the summary', step.summary]
  ]
  for (const [i, secret] of secrets.entries()) {
    for (const [where, text] of places) {
      assert.ok(!text.includes(secret), `secret #${i} shows in ${where}`)
    }
  }
}

const COMMANDS = [
  'add-mask',
  'group',
  'endgroup',
  'debug',
  'notice',
  'warning',
  'error'
]

/** No input started a line of its own that the runner would obey. */
function assertNoInjectedCommand(step: StepRun) {
  const injected = new RegExp(`^::[\\w-]+(?: [^:]*)?::${INJECTED}`)
  for (const line of (step.stdout + step.stderr).split('\n')) {
    const command = /^::([^\s:]+)/.exec(line)?.[1]
    if (command !== undefined) {
      assert.ok(COMMANDS.includes(command), `workflow command: ${line}`)
    }
    assert.doesNotMatch(line, injected, 'an input injected a workflow command')
  }
}

/** Relative paths of everything under dir, sorted. */
async function tree(dir: string): Promise<string[]> {
  return (await readdir(dir, { recursive: true })).sort()
}

/** What a case's step gets: its own folder holding the workspace and TMPDIR. */
interface Workspace {
  /** the case's folder: ws, tmp and whatever a ../ path names */
  root: string
  /** the step's working directory, as the runner's workspace */
  ws: string
  /** the step's TMPDIR */
  tmp: string
}

/** The start of an error message, or a pattern it matches. */
type Expected = string | RegExp

interface Case {
  /** the behaviour, as the test's name */
  name: string
  inputs: (w: Workspace) => Record<string, string>
  /** how the ::error:: line starts (unescaped), or matches; absent: success */
  error?: Expected | (() => Expected)
  /** prepares the workspace or the server before the step */
  setup?: (w: Workspace) => Promise<void>
  /** checks what the step did */
  check?: (step: StepRun, w: Workspace) => Promise<void>
  env?: () => Record<string, string>
  /** entries beside the workspace a ../ path may write */
  outside?: RegExp
  /** more strings that must not show */
  secrets?: () => string[]
  /** a bug: the case states the behaviour it should have */
  todo?: string
}

let caseCount = 0

/** Where the tool command lines point: inside the workspace or TMPDIR. */
function assertCommandPaths(step: StepRun, w: Workspace, c: Case) {
  const caseDir = basename(w.root)
  const commands = step.stdout
    .split('\n')
    .filter(l => /^(::debug::)?\$ /.test(l))
  for (const line of commands) {
    for (let at = line.indexOf(`${base}/`); at >= 0;) {
      const [dir = '', entry = ''] = line
        .slice(at + base.length + 1)
        .split(/['\s]/)[0]
        .split('/')
      assert.equal(dir, caseDir, `a tool was pointed outside its case: ${line}`)
      assert.ok(
        entry === 'ws' || entry === 'tmp' || c.outside?.test(entry) === true,
        `a tool was pointed outside the workspace: ${entry}`
      )
      at = line.indexOf(`${base}/`, at + 1)
    }
  }
}

/** No shell ran, nothing strayed, nothing half-written, no secret shown. */
async function assertInert(step: StepRun, w: Workspace, c: Case) {
  assert.ok(!existsSync(CANARY), `a shell ran: ${CANARY} exists`)
  assert.ok(
    !existsSync(join(w.ws, CANARY_NAME)),
    'a shell ran in the workspace'
  )
  for (const entry of await readdir(w.root)) {
    if (entry === 'ws' || entry === 'tmp') continue
    assert.ok(c.outside?.test(entry), `written outside the workspace: ${entry}`)
  }
  for (const entry of await readdir(base)) {
    assert.match(entry, /^case-\d+$/, 'written outside the workspace')
  }
  assert.deepEqual(await readdir(w.tmp), [], 'temporary files left behind')
  const partial = (await tree(w.root)).filter(p => /\.partial$|\.old$/.test(p))
  assert.deepEqual(partial, [], 'half-written files left behind')
  assertCommandPaths(step, w, c)
  assertNoSecret(step, c.secrets?.() ?? [])
  assertNoInjectedCommand(step)
}

async function runCase(c: Case): Promise<void> {
  const root = join(base, `case-${String(++caseCount).padStart(3, '0')}`)
  const w: Workspace = { root, ws: join(root, 'ws'), tmp: join(root, 'tmp') }
  await mkdir(w.ws, { recursive: true })
  await mkdir(w.tmp)
  await c.setup?.(w)
  const initial = await tree(w.ws)
  const step = await runAction(
    { ...bin(), ...c.inputs(w) },
    { cwd: w.ws, env: { TMPDIR: w.tmp, ...c.env?.() } }
  )
  const message = errorMessage(step)
  const expected = typeof c.error === 'function' ? c.error() : c.error
  if (expected === undefined) {
    assert.equal(step.exitCode, 0, message ?? visibleLog(step))
    assert.equal(message, undefined)
  } else {
    assert.equal(step.exitCode, 1, visibleLog(step))
    assert.ok(message !== undefined, 'the step failed without ::error::')
    if (typeof expected === 'string') {
      assert.ok(
        message.startsWith(expected),
        `${message}\n  does not start with\n${expected}`
      )
    } else {
      assert.match(message, expected)
    }
    assert.equal(step.outputs.file, undefined, 'a failed step sets no file')
    assert.deepEqual(await tree(w.ws), initial, 'the workspace was changed')
    if (message.startsWith('InputError: ')) {
      assert.doesNotMatch(step.stdout, /^(::debug::)?\$ /m, 'a command ran')
    }
  }
  await assertInert(step, w, c)
  await c.check?.(step, w)
}

function table(cases: Case[]) {
  for (const c of cases) {
    test(c.name, c.todo ? { todo: c.todo } : {}, () => runCase(c))
  }
}

/** Unquotes an identifier as pg_dump writes it. */
const unquote = (ident: string) =>
  ident.startsWith('"') ? ident.slice(1, -1).replace(/""/g, '"') : ident

/** The schemas a plain SQL dump creates. */
async function schemasInSql(file: string): Promise<string[]> {
  const sql = await readFile(file, 'utf8')
  return [...sql.matchAll(/^CREATE SCHEMA ("(?:[^"]|"")*"|[^\s;"]+);$/gm)]
    .map(m => unquote(m[1]))
    .sort()
}

/** The schemas of a database, but public and the system's. */
async function schemasIn(database: string): Promise<string[]> {
  const json = await server.psql(
    database,
    `SELECT coalesce(json_agg(nspname), '[]') FROM pg_namespace
     WHERE nspname !~ '^pg_' AND nspname NOT IN ('public', 'information_schema')`
  )
  return (JSON.parse(json) as string[]).sort()
}

async function databaseExists(name: string): Promise<boolean> {
  const count = await server.psql(
    db,
    `SELECT count(*) FROM pg_database WHERE datname = ${quoteLiteral(name)}`
  )
  return count === '1'
}

async function assertArchive(file: string) {
  const head = (await readFile(file)).subarray(0, 5).toString('latin1')
  assert.equal(head, 'PGDMP', `${file} is not a custom archive`)
}

/** A plain dump with schema filters: exactly `expected` is dumped, nothing ran. */
function dumpSchemas(
  name: string,
  filters: Record<string, string>,
  expected: string[],
  todo?: string
): Case {
  return {
    name,
    todo,
    inputs: () => ({
      mode: 'dump',
      connection: server.uri(db),
      format: 'plain',
      file: 'schemas.sql',
      ...filters
    }),
    check: async (step, w) => {
      assert.equal(step.outputs.file, join(w.ws, 'schemas.sql'))
      assert.deepEqual(
        await schemasInSql(step.outputs.file),
        [...expected].sort()
      )
      assert.equal(
        await server.psql(db, "SELECT to_regclass('public.y') IS NOT NULL"),
        't',
        'table y was dropped'
      )
    }
  }
}

describe('schema names and patterns at dump time (one grammar: names as spelled, * and ? wildcards, quoted = exact)', () => {
  table([
    dumpSchemas(
      'exclude-schemas: quoted names are matched exactly and literally — x; DROP TABLE y, "it\'s", a"b, with space are left out and table y survives',
      {
        'exclude-schemas': '"x; DROP TABLE y"\n"it\'s"\n"a""b"\n"with space"'
      },
      allBut('x; DROP TABLE y', "it's", 'a"b', 'with space')
    ),
    dumpSchemas(
      'exclude-schemas: --help and -n are patterns, not pg_dump options: those two schemas are left out',
      { 'exclude-schemas': '--help\n-n' },
      allBut('--help', '-n')
    ),
    dumpSchemas(
      'exclude-schemas: "MixedCase" quoted leaves out MixedCase only, mixedcase is dumped',
      { 'exclude-schemas': '"MixedCase"' },
      allBut('MixedCase')
    ),
    dumpSchemas(
      'exclude-schemas: MixedCase unquoted is the name as spelled: MixedCase is left out, mixedcase is dumped',
      { 'exclude-schemas': 'MixedCase' },
      allBut('MixedCase')
    ),
    dumpSchemas(
      'exclude-schemas: sales_* is a wildcard leaving out sales_2024 and sales_2025',
      { 'exclude-schemas': 'sales_*' },
      allBut('sales_2024', 'sales_2025')
    ),
    dumpSchemas(
      'exclude-schemas: * leaves out every schema',
      { 'exclude-schemas': '*' },
      []
    ),
    dumpSchemas(
      'exclude-schemas: unicode — "🐘" quoted and Ünïcødé unquoted are left out',
      { 'exclude-schemas': '"🐘", Ünïcødé' },
      allBut('🐘', 'Ünïcødé')
    ),
    dumpSchemas(
      'exclude-schemas: quoted names holding $( ), backticks, ;, | and && are left out exactly and never reach a shell',
      { 'exclude-schemas': SHELL.map(s => `"${s}"`).join('\n') },
      allBut(...SHELL)
    ),
    dumpSchemas(
      'exclude-schemas: unquoted, ( ) and | are plain characters of a name: $(touch …) and | touch … leave out exactly those schemas, keep|sales_2024 matches none',
      { 'exclude-schemas': `${SHELL[0]}\n${SHELL[3]}\nkeep|sales_2024` },
      allBut(SHELL[0], SHELL[3])
    ),
    dumpSchemas(
      'exclude-schemas: leading and trailing blanks around items and blank lines are dropped',
      { 'exclude-schemas': '  keep  ,\n\n   "with space"   \n , ' },
      allBut('keep', 'with space')
    ),
    dumpSchemas(
      'exclude-schemas: a schema whose quoted name holds a newline is not dumped silently',
      { 'exclude-schemas': '"multi\nline"' },
      allBut('multi\nline')
    ),
    dumpSchemas(
      'schemas: "x; DROP TABLE y" quoted dumps exactly that schema, literally',
      { schemas: '"x; DROP TABLE y"' },
      ['x; DROP TABLE y']
    ),
    dumpSchemas(
      'schemas: x; DROP TABLE y unquoted is the name as spelled: it dumps exactly that schema, literally',
      { schemas: 'x; DROP TABLE y' },
      ['x; DROP TABLE y']
    ),
    dumpSchemas(
      'schemas: --help and -n dump exactly those schemas',
      { schemas: '--help, -n' },
      ['--help', '-n']
    ),
    dumpSchemas(
      'schemas: Ünïcødé unquoted and "🐘" quoted dump exactly those schemas',
      { schemas: 'Ünïcødé\n"🐘"' },
      ['Ünïcødé', '🐘']
    ),
    dumpSchemas(
      'schemas: it\'s, a"b and with space, quoted, dump exactly those',
      { schemas: '"it\'s"\n"a""b"\n"with space"' },
      ["it's", 'a"b', 'with space']
    )
  ])
})

describe('names at restore time (exact) and hostile target databases', () => {
  const restoreExcluded = [
    'x; DROP TABLE y',
    'MixedCase',
    'Ünïcødé',
    '🐘',
    '--help',
    '-n',
    "it's",
    'a"b',
    'with space',
    ...SHELL
  ]
  let target = ''
  const hostileTarget = () => `q"; DROP DATABASE ${victim}; --`
  const fanOut = () => [`f"1; DROP DATABASE ${victim}; --`, `f'2 ${SHELL[0]}`]
  const withSource = async (w: Workspace, name = 'source.dump') => {
    await copyFile(sourceDump, join(w.ws, name))
  }
  table([
    {
      name: 'exclude-schemas are exact names: x; DROP TABLE y, MixedCase (mixedcase stays), Ünïcødé, 🐘, --help, -n, quotes, spaces and shell syntax are not restored',
      setup: async w => {
        target = await server.createDatabase('restore_exact')
        await withSource(w)
      },
      inputs: () => ({
        mode: 'restore',
        connection: server.uri(target),
        file: 'source.dump',
        'exclude-schemas': restoreExcluded.join('\n')
      }),
      check: async () => {
        assert.deepEqual(await schemasIn(target), allBut(...restoreExcluded))
      }
    },
    {
      name: 'a dump file named -rf.dump is restored as a file, not read as options',
      setup: async w => {
        target = await server.createDatabase('restore_dash')
        await withSource(w, '-rf.dump')
      },
      inputs: () => ({
        mode: 'restore',
        connection: server.uri(target),
        file: '-rf.dump'
      }),
      check: async (step, w) => {
        assert.equal(step.outputs.file, join(w.ws, '-rf.dump'))
        assert.deepEqual(await schemasIn(target), allBut())
      }
    },
    {
      name: 'create-database with dbname q"; DROP DATABASE <victim>; -- creates and fills a database of exactly that name; the victim survives',
      setup: async w => {
        created.push(hostileTarget())
        await withSource(w)
      },
      inputs: () => ({
        mode: 'restore',
        connection: server.uri(db),
        dbname: hostileTarget(),
        'create-database': 'true',
        file: 'source.dump'
      }),
      check: async step => {
        assert.equal(step.outputs.databases, hostileTarget())
        assert.deepEqual(await schemasIn(hostileTarget()), allBut())
        assert.ok(await databaseExists(victim), 'the victim was dropped')
      }
    },
    {
      name: 'databases with quotes, semicolons and shell syntax are (re)created under exactly those names; the victim survives',
      setup: async w => {
        created.push(...fanOut())
        await withSource(w)
      },
      inputs: () => ({
        mode: 'restore',
        connection: server.uri(db),
        databases: fanOut().join('\n'),
        file: 'source.dump'
      }),
      check: async step => {
        assert.equal(step.outputs.databases, fanOut().join(','))
        for (const name of fanOut()) {
          assert.deepEqual(await schemasIn(name), allBut(), name)
        }
        assert.ok(await databaseExists(victim), 'the victim was dropped')
      }
    },
    {
      name: 'create-database with a dbname holding a line break restores into it without injecting a workflow command',
      setup: async w => {
        created.push(`nl\n::error::${INJECTED}`)
        await withSource(w)
      },
      inputs: () => ({
        mode: 'restore',
        connection: server.uri(db),
        // 'dbname' is a list: a name with a line break is quoted
        dbname: `"nl\n::error::${INJECTED}"`,
        'create-database': 'true',
        file: 'source.dump'
      }),
      check: async () => {
        assert.deepEqual(await schemasIn(`nl\n::error::${INJECTED}`), allBut())
      }
    }
  ])
})

describe('file names', () => {
  const nasty = `pg-dumper "dump" it's Ünïcødé 🐘 ${SHELL.join(' ')}.dump`
  const dumpTo =
    (file: string, extra: Record<string, string> = {}) =>
    () => ({
      mode: 'dump',
      connection: server.uri(db),
      file,
      ...extra
    })
  const workspaceFiles = async (w: Workspace) => {
    await mkdir(join(w.ws, 'src'))
    await writeFile(join(w.ws, 'README.md'), 'the checked-out repository\n')
    await writeFile(join(w.ws, 'src', 'app.ts'), 'export {}\n')
  }
  table([
    {
      name: 'a name with spaces, quotes, unicode and shell syntax is written literally (the canary path’s slashes make folders in the workspace)',
      inputs: dumpTo(nasty),
      check: async (step, w) => {
        assert.equal(step.outputs.file, join(w.ws, nasty))
        await assertArchive(join(w.ws, nasty))
      }
    },
    {
      name: '-rf.dump is written as the file -rf.dump, not read as an option',
      inputs: dumpTo('-rf.dump'),
      check: async (step, w) => {
        assert.deepEqual(await tree(w.ws), ['-rf.dump'])
        await assertArchive(step.outputs.file)
      }
    },
    {
      name: '--file=x is written as a file literally named --file=x',
      inputs: dumpTo('--file=x'),
      check: async (step, w) => {
        assert.equal(step.outputs.file, join(w.ws, '--file=x'))
        assert.deepEqual(await tree(w.ws), ['--file=x'])
        await assertArchive(step.outputs.file)
      }
    },
    {
      name: '../up.dump is resolved against the workspace: the dump is written to the workspace’s parent, as the path says',
      inputs: dumpTo('../up.dump'),
      outside: /^\.?up\.dump/,
      check: async (step, w) => {
        assert.equal(step.outputs.file, join(w.root, 'up.dump'))
        assert.deepEqual(await tree(w.ws), [])
        await assertArchive(step.outputs.file)
      }
    },
    {
      name: 'a name with a line break is written literally without injecting a workflow command',
      inputs: dumpTo(`nl\n::error::${INJECTED}.dump`),
      check: async (step, w) => {
        await assertArchive(step.outputs.file)
        assert.equal(
          step.outputs.file,
          join(w.ws, `nl\n::error::${INJECTED}.dump`)
        )
      }
    },
    {
      name: "format directory with file '.' (the workspace) is refused and leaves the workspace's files alone",
      setup: workspaceFiles,
      inputs: dumpTo('.', { format: 'directory' }),
      error:
        /^InputError: Invalid 'file' input '\.': it is the working directory or one of its parents\./
    },
    {
      name: "format custom with file '.' (a folder) is refused as a typed error, without writing beside the workspace",
      setup: workspaceFiles,
      inputs: dumpTo('.'),
      error: /^(InputError|PgDumpCommandError): .*'file'/
    },
    {
      name: 'inputs with leading and trailing whitespace are trimmed: mode, connection, format, jobs, file and list items',
      inputs: () => ({
        mode: '  dump \n',
        connection: `  ${server.uri(db)}\n`,
        format: ' plain ',
        jobs: ' 1 ',
        file: '  spaced.sql  ',
        'exclude-schemas': '  keep  ,\n\n  "with space"  \n'
      }),
      check: async (step, w) => {
        assert.deepEqual(await tree(w.ws), ['spaced.sql'])
        assert.deepEqual(
          await schemasInSql(step.outputs.file),
          allBut('keep', 'with space')
        )
      }
    }
  ])
})

describe('dbname is a literal database name: never a connection string, never SQL', () => {
  const literal = `db "q" 'Ü'; ${SHELL[0]}`
  /** A dbname that names no database: the error says so, naming it, at the real server. */
  const missing = (name: string, dbname: () => string): Case => ({
    name,
    inputs: () => ({
      mode: 'dump',
      connection: server.uri(db),
      dbname: dbname()
    }),
    error: () =>
      `PgDumpFailed: Could not connect to ${dbname()}: the database does not exist on the server at ` +
      `${server.host}:${server.port}. Create it first, or check the database name.\n`,
    check: async step => {
      assert.ok(
        errorMessage(step)?.includes(`database "${dbname()}" does not exist`),
        errorMessage(step)
      )
      assert.ok(await databaseExists(victim), 'the victim was dropped')
    }
  })
  table([
    missing(
      "x'; DROP DATABASE <victim>; -- is a database that does not exist; the victim survives",
      () => `x'; DROP DATABASE ${victim}; --`
    ),
    missing(
      'dbname=postgres host=evil.invalid port=1 does not redirect the connection: no such database on the real server',
      () => 'dbname=postgres host=evil.invalid port=1'
    ),
    missing(
      'postgresql://evil.invalid:1/postgres does not redirect the connection: no such database on the real server',
      () => 'postgresql://evil.invalid:1/postgres'
    ),
    missing('--help is a database name, not an option', () => '--help'),
    missing(
      'shell syntax is a database name that does not exist, and no shell runs it',
      () => SHELL[1]
    ),
    {
      name: `an existing database named ${JSON.stringify(literal)} is dumped`,
      setup: async () => {
        created.push(literal)
        await server.psql(db, `CREATE DATABASE ${quoteIdent(literal)}`)
        await server.psql(literal, 'CREATE TABLE kept(id int)')
      },
      inputs: () => ({
        mode: 'dump',
        connection: server.uri(db),
        dbname: literal
      }),
      check: async step => {
        await assertArchive(step.outputs.file)
        assert.match(
          step.summary,
          /<td>Database<\/td><td><code>db &quot;q&quot;/
        )
      }
    }
  ])
})

describe('connection strings and service names', () => {
  const uriWith = (scheme: string) =>
    server.uri(db).replace(/^postgresql:\/\//, scheme)
  const nul = () => server.uri(db).replace(`/${db}`, `/${db}%00evil`)
  const nastyService = `pg dumper Ünïcødé 🐘 ${SHELL.join(' ')}`
  const serviceFile = async (w: Workspace) => {
    await writeFile(
      join(w.ws, 'pg_service.conf'),
      `[ci]\nhost=${server.host}\nport=${server.port}\nuser=${server.user}\npassword=${server.password}\n`
    )
  }
  const undefinedService = (name: string) =>
    `PgDumpFailed: Could not connect to service ${name}: the service is not defined in the service file. ` +
    'Check the service name and the service file (PGSERVICEFILE, or ~/.pg_service.conf).\n' +
    `psql: error: definition of service "${name}" not found`
  table([
    {
      name: 'an unterminated quote is refused, naming the keyword and position but not the value',
      inputs: () => ({
        mode: 'dump',
        connection: "host=127.0.0.1 password='s3cret-never-shown"
      }),
      error:
        "InputError: Invalid 'connection' input: unterminated quoted value for 'password' (the quote opens at position 25); " +
        "close it with ' and escape quotes and backslashes inside it as \\' and \\\\.",
      secrets: () => ['s3cret-never-shown']
    },
    {
      name: '--help is a service name, not an option: the service is not defined',
      inputs: () => ({
        mode: 'dump',
        connection: '--help',
        'wait-timeout': '0'
      }),
      error: undefinedService('--help')
    },
    {
      name: 'a newline-separated host/port is one libpq string where the later port=1 wins: it fails naming 127.0.0.1:1',
      inputs: () => ({
        mode: 'dump',
        connection: `${server.conninfo(db)}\nport=1`,
        'wait-timeout': '0'
      }),
      error: () =>
        `PgDumpFailed: Could not connect to ${db}: the server at ${server.host}:1 is not accepting connections`
    },
    {
      name: 'a URI with %00 in the database name is refused, naming the position',
      inputs: () => ({ mode: 'dump', connection: nul() }),
      error: () =>
        `InputError: Invalid 'connection' input: %00 at position ${nul().indexOf('%00') + 1} of the URI is not allowed in the database name.`
    },
    {
      name: 'a 100 KB connection string is passed as one argument; the server closes the connection and the step fails saying so',
      inputs: () => ({
        mode: 'dump',
        connection: `${server.conninfo(db)} application_name=${'A'.repeat(100 * 1024)}`,
        'wait-timeout': '0'
      }),
      error: () =>
        new RegExp(
          `^PgDumpFailed: Could not connect to ${db}: [^]*server closed the connection unexpectedly`
        )
    },
    {
      name: 'a URI with an unknown scheme (mysql://) is refused without echoing it',
      inputs: () => ({ mode: 'dump', connection: uriWith('mysql://') }),
      error:
        "InputError: Invalid 'connection' input: unsupported URI scheme 'mysql://'; expected a service name, " +
        "a key=value connection string (e.g. host=db.example.com dbname=app) or a URI starting with 'postgresql://' or 'postgres://'."
    },
    {
      name: 'a jdbc:postgresql:// URI is refused with the hint to drop jdbc:',
      inputs: () => ({
        mode: 'dump',
        connection: uriWith('jdbc:postgresql://')
      }),
      error:
        "InputError: Invalid 'connection' input: unsupported URI scheme 'jdbc:postgresql://' (drop the 'jdbc:' prefix);"
    },
    {
      name: 'a service name with spaces, unicode and shell syntax is looked up literally: not defined',
      setup: serviceFile,
      inputs: () => ({
        mode: 'dump',
        service: nastyService,
        'service-file': 'pg_service.conf',
        'wait-timeout': '0'
      }),
      error: undefinedService(nastyService)
    },
    {
      name: 'shell syntax in connection is a service name, looked up literally: not defined',
      setup: serviceFile,
      inputs: () => ({
        mode: 'dump',
        connection: SHELL.join(' '),
        'service-file': 'pg_service.conf',
        'wait-timeout': '0'
      }),
      error: undefinedService(SHELL.join(' '))
    },
    {
      name: 'shell syntax inside a quoted connection value (application_name) is legal and dumps',
      inputs: () => ({
        mode: 'dump',
        connection: `${server.conninfo(db)} application_name='pg-dumper ${SHELL.join(' ')}'`
      }),
      check: async step => assertArchive(step.outputs.file)
    },
    {
      name: 'the password of a URI mistyped with one slash (postgresql:/…) is kept out of the error and the job summary',
      inputs: () => ({
        mode: 'dump',
        connection: server.uri(db).replace('postgresql://', 'postgresql:/'),
        'wait-timeout': '0'
      }),
      error:
        /^InputError: Invalid 'connection' input: it starts like a URI but lacks the '\/\/' after the scheme/
    }
  ])
})

describe('numbers, booleans, enums and artifact names are refused by name before anything runs', () => {
  const refused = (
    name: string,
    inputs: Record<string, string>,
    error: string
  ): Case => ({
    name,
    inputs: () => ({ mode: 'dump', connection: server.uri(db), ...inputs }),
    error: `InputError: ${error}`
  })
  const badName = (name: string) =>
    `Invalid 'artifact-name' input '${name}'. An artifact name cannot be '.' or '..' nor contain any of: " : < > | * ? \\ / or a line break.`
  table([
    refused(
      'jobs: 0',
      { jobs: '0' },
      "Invalid 'jobs' input '0'. Expected a whole number from 1 to 64."
    ),
    refused(
      'jobs: 1e3',
      { jobs: '1e3' },
      "Invalid 'jobs' input '1e3'. Expected a whole number from 1 to 64."
    ),
    refused(
      'jobs: ٣ (an Arabic-Indic digit)',
      { jobs: '٣' },
      "Invalid 'jobs' input '٣'. Expected a whole number from 1 to 64."
    ),
    refused(
      'wait-timeout: -1',
      { 'wait-timeout': '-1' },
      "Invalid 'wait-timeout' input '-1'. Expected a whole number from 0 to 3600."
    ),
    refused(
      'retention-days: 9999 with an artifact',
      { 'retention-days': '9999', 'artifact-name': 'app.dump' },
      "Invalid 'retention-days' input '9999'. Expected a whole number from 1 to 400."
    ),
    refused(
      'compression-level: 10 with an artifact',
      { 'compression-level': '10', 'artifact-name': 'app.dump' },
      "Invalid 'compression-level' input '10'. Expected auto or a whole number from 0 to 9."
    ),
    refused(
      'pg-version: abc',
      { 'pg-version': 'abc' },
      "Invalid 'pg-version' input 'abc'. Expected a whole number from 9 to 99."
    ),
    refused(
      'ignore-errors: yes',
      { 'ignore-errors': 'yes' },
      "Invalid 'ignore-errors' input 'yes'. Expected one of: true, false."
    ),
    refused(
      'single-transaction: 1',
      { 'single-transaction': '1' },
      "Invalid 'single-transaction' input '1'. Expected one of: true, false."
    ),
    refused(
      'overwrite: on with an artifact',
      { overwrite: 'on', 'artifact-name': 'app.dump' },
      "Invalid 'overwrite' input 'on'. Expected one of: true, false."
    ),
    refused(
      'install-client: NEVER (enums are case-sensitive)',
      { 'install-client': 'NEVER' },
      "Invalid 'install-client' input 'NEVER'. Expected one of: auto, never."
    ),
    refused(
      'format: CUSTOM (case-sensitive)',
      { format: 'CUSTOM' },
      "Invalid 'format' input 'CUSTOM'. Expected one of: custom, plain, directory, tar."
    ),
    refused(
      'format: custom; touch … (no shell runs it)',
      { format: `custom${SHELL[2]}` },
      `Invalid 'format' input 'custom${SHELL[2]}'. Expected one of: custom, plain, directory, tar.`
    ),
    refused(
      'mode: dump\\nrestore',
      { mode: 'dump\nrestore' },
      "Invalid 'mode' input 'dump\nrestore'. Expected one of: dump, restore."
    ),
    refused(
      'artifact-name with a slash',
      { 'artifact-name': 'backups/app.dump' },
      badName('backups/app.dump')
    ),
    refused(
      'artifact-name with a colon',
      { 'artifact-name': 'db:prod.dump' },
      badName('db:prod.dump')
    ),
    refused(
      'artifact-name with a line break',
      { 'artifact-name': 'app\n.dump' },
      badName('app\n.dump')
    ),
    refused(
      'artifact-name with $(touch /tmp/…) (its slashes)',
      { 'artifact-name': SHELL[0] },
      badName(SHELL[0])
    ),
    {
      name: 'retention-days: 9999 without an artifact is not read: the dump succeeds with a warning that it only applies with artifact-name',
      inputs: () => ({
        mode: 'dump',
        connection: server.uri(db),
        'retention-days': '9999'
      }),
      check: async step => {
        assert.match(
          step.stdout,
          /^::warning::'retention-days' only apply together with 'artifact-name'\.$/m
        )
        await assertArchive(step.outputs.file)
      }
    }
  ])
})

describe('artifact names, against local stand-ins for the artifact services', () => {
  let backend: ArtifactBackend
  let runId = 5000
  const REPO = 'octo/hostile'
  const env = () => backend.env({ repository: REPO, runId: ++runId })
  // slashes and | are refused in artifact names: the canary is then relative
  const shellName = `pg-dumper ${SHELL.filter(s => !s.startsWith('|'))
    .map(s => s.replace(CANARY, CANARY_NAME))
    .join(' ')} Ünï🐘.dump`
  before(async () => {
    backend = await startArtifactBackend({})
  })
  after(async () => {
    await backend?.stop()
  })
  table([
    {
      name: 'an artifact name with spaces, unicode and shell syntax names the dump file and the artifact literally',
      env,
      inputs: () => ({
        mode: 'dump',
        connection: server.uri(db),
        'artifact-name': shellName
      }),
      check: async (step, w) => {
        assert.deepEqual(await tree(w.ws), [shellName])
        const stored = backend.get({ name: shellName, runId })
        assert.ok(stored, 'no artifact of that name')
        assert.equal(step.outputs['artifact-id'], String(stored.id))
      }
    },
    {
      name: "artifact-name '..' is refused before anything runs (the dump file would be named after it)",
      env,
      inputs: () => ({
        mode: 'dump',
        connection: server.uri(db),
        'artifact-name': '..'
      }),
      error:
        "InputError: Invalid 'artifact-name' input '..'. An artifact name cannot be '.' or '..'"
    }
  ])
})

/** Running processes named `name` whose command line mentions `marker`. */
async function processes(
  name: string,
  marker: string
): Promise<{ argv: string[]; environ: string[] }[]> {
  const found: { argv: string[]; environ: string[] }[] = []
  for (const pid of await readdir('/proc')) {
    if (!/^\d+$/.test(pid)) continue
    try {
      const argv = (await readFile(`/proc/${pid}/cmdline`, 'utf8'))
        .split('\0')
        .slice(0, -1)
      if (basename(argv[0] ?? '') !== name) continue
      if (!argv.some(a => a.includes(marker))) continue
      const environ = await readFile(`/proc/${pid}/environ`, 'utf8').then(
        text => text.split('\0'),
        () => []
      )
      found.push({ argv, environ })
    } catch {
      // the process ended while we looked
    }
  }
  return found
}

test(
  'the running pg_dump’s arguments hold neither the password nor the password-bearing URI the bundle was given',
  { skip: process.platform !== 'linux' },
  async () => {
    const watched = await server.createDatabase('cmdline')
    await server.psql(watched, 'CREATE TABLE locked(id int)')
    // a lock held by another session keeps pg_dump waiting, in sight
    const holder = spawn(
      clientTool('psql'),
      [
        '-X',
        '-q',
        '-d',
        server.conninfoNoPassword(watched),
        '-c',
        'BEGIN; LOCK TABLE locked IN ACCESS EXCLUSIVE MODE; SELECT pg_sleep(3); COMMIT;'
      ],
      { env: clientEnv(server.password), stdio: 'ignore' }
    )
    try {
      for (let i = 0; ; i++) {
        const held = await server.psql(
          watched,
          "SELECT count(*) FROM pg_locks WHERE relation = 'locked'::regclass AND mode = 'AccessExclusiveLock' AND granted"
        )
        if (held === '1') break
        assert.ok(i < 200, 'the lock was never taken')
        await sleep(25)
      }
      const cwd = await mkdtemp(join(fixtures, 'cmdline-'))
      const uri = server.uri(watched)
      const dumping = runAction(
        { ...bin(), mode: 'dump', connection: uri },
        { cwd }
      )
      const seen: { argv: string[]; environ: string[] }[] = []
      for (let i = 0; i < 400 && seen.length === 0; i++) {
        await sleep(10)
        seen.push(...(await processes('pg_dump', watched)))
      }
      const step = await dumping
      assert.equal(step.exitCode, 0, visibleLog(step))
      assert.ok(seen.length > 0, 'pg_dump was never seen running')
      const secrets = [
        server.password,
        encodeURIComponent(server.password),
        uri
      ]
      for (const { argv, environ } of seen) {
        assert.ok(
          argv.some(a => a.startsWith('--dbname=') && a.includes(watched)),
          'pg_dump got its connection as --dbname'
        )
        for (const [i, arg] of argv.entries()) {
          for (const [j, secret] of secrets.entries()) {
            assert.ok(!arg.includes(secret), `secret #${j} in argument ${i}`)
          }
          assert.doesNotMatch(arg, /password=/, `argument ${i}`)
        }
        assert.ok(
          !environ.some(e => e.startsWith('INPUT_')),
          "the runner's INPUT_* variables reached pg_dump"
        )
      }
      assertNoSecret(step)
    } finally {
      holder.kill()
    }
  }
)
