// Hostile plain scripts: psql meta-commands that reach outside the target
// database are refused before any statement runs; a trusted script runs
// them only with allow-meta-commands. The bundle is run as the runner runs it.
import assert from 'node:assert/strict'
import { existsSync } from 'node:fs'
import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { after, before, test } from 'node:test'
import { seededServer, type SeededServer } from '../../test-support/fixtures.ts'
import type { TestServer } from '../../test-support/pg-server.ts'
import {
  errorLine,
  pgBinDirInput,
  runAction,
  type StepRun
} from '../../test-support/run-action.ts'

let seeded: SeededServer
let server: TestServer
let dir: string
let target: string

before(async () => {
  seeded = await seededServer({
    database: 'meta_target',
    seed: 'SELECT 1',
    tempPrefix: 'pg-dumper-meta-'
  })
  ;({ server, dir, db: target } = seeded)
})
after(() => seeded?.stop())

async function restore(
  script: string,
  inputs: Record<string, string> = {}
): Promise<StepRun & { cwd: string }> {
  const cwd = await mkdtemp(join(dir, 'ws-'))
  await writeFile(join(cwd, 'app.dump'), script)
  const run = await runAction(
    {
      ...pgBinDirInput(),
      mode: 'restore',
      connection: server.uri(target),
      file: 'app.dump',
      ...inputs
    },
    { cwd }
  )
  return { ...run, cwd }
}

const tables = () =>
  server.psql(
    target,
    "SELECT count(*) FROM pg_tables WHERE schemaname = 'public'"
  )

const SECRET_LINE = 'ghp_token_in_a_wrong_file_0123456789'

const hostile: [string, (canary: string) => string, string][] = [
  [
    'a shell, after harmless statements',
    c => `CREATE TABLE before_it(x int);\n-- ${SECRET_LINE}\n\\! touch ${c}\n`,
    '\\!'
  ],
  [
    '\\g to a pipe in the middle of a line',
    c => `CREATE TABLE t1(x int);\nSELECT 1 \\g |touch ${c}\n`,
    '\\g'
  ],
  ['\\o into a file', c => `\\o ${c}\nSELECT 1;\n`, '\\o'],
  [
    '\\copy from a program',
    c => `CREATE TABLE t2(x text);\n\\copy t2 from program 'touch ${c}'\n`,
    '\\copy'
  ],
  [
    '\\setenv and \\i of another file',
    c => `\\setenv X ${c}\n\\i /etc/hostname\n`,
    '\\setenv'
  ],
  [
    'a meta-command hidden by turning standard_conforming_strings off',
    c =>
      `SET standard_conforming_strings = off;\nSELECT 'a\\' ' \\! touch ${c}';\n`,
    'standard_conforming_strings set other than on'
  ]
]

for (const [name, script, named] of hostile) {
  test(`a plain script with ${name} is refused before anything runs`, async () => {
    const canary = join(dir, `canary-${Math.random().toString(36).slice(2)}`)
    const before = await tables()
    const run = await restore(script(canary))
    assert.equal(run.exitCode, 1, run.stdout)
    const error = errorLine(run)
    assert.match(
      error,
      /^::error::PgRestoreCommandError: The SQL script holds psql meta-commands that reach outside the target database \(line \d+: /
    )
    assert.ok(error.includes(named), error)
    assert.match(error, /set allow-meta-commands\.$/)
    // nothing of the script is quoted, and nothing of it ran
    assert.ok(!error.includes(SECRET_LINE))
    assert.ok(!run.summary.includes(SECRET_LINE))
    assert.ok(!run.stdout.includes(canary), 'the script line was echoed')
    assert.doesNotMatch(run.stdout, /\$ \S*psql .*--file=/)
    assert.equal(existsSync(canary), false, 'the meta-command ran')
    assert.equal(await tables(), before, 'a statement ran')
  })
}

test('a dump’s own \\restrict and \\unrestrict, COPY data and function bodies with backslashes pass', async () => {
  const run = await restore(
    [
      '\\restrict k3y',
      'SET standard_conforming_strings = on;',
      "CREATE FUNCTION f() RETURNS text LANGUAGE sql AS $$SELECT '\\! not run'$$;",
      'CREATE TABLE data_ok(x text);',
      'COPY public.data_ok (x) FROM stdin;',
      '\\\\! a row',
      '\\.',
      '\\unrestrict k3y',
      ''
    ].join('\n')
  )
  assert.equal(run.exitCode, 0, run.stdout)
  assert.equal(await server.psql(target, 'SELECT x FROM data_ok'), '\\! a row')
  await server.psql(target, 'DROP TABLE data_ok; DROP FUNCTION f()')
})

test('with allow-meta-commands a trusted script runs them', async () => {
  const canary = join(dir, 'trusted-canary')
  await rm(canary, { force: true })
  const run = await restore(`\\! touch ${canary}\n`, {
    'allow-meta-commands': 'true'
  })
  assert.equal(run.exitCode, 0, run.stdout)
  assert.equal(existsSync(canary), true)
})
