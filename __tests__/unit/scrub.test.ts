// The scrub's pure parts: the 'scrub' input (inline SQL or a file checked
// like restore's), psql's failure turned into the script's line, the
// notices, and the clean-up a signal runs when no tool is running.
import assert from 'node:assert/strict'
import { execFileSync } from 'node:child_process'
import { mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { after, before, test } from 'node:test'
import { inputNotices } from '../../src/action/input-notices.ts'
import type { InputName } from '../../src/action/input-names.ts'
import { InputError } from '../../src/action/input-parsers.ts'
import { input } from '../../src/action/read-input.ts'
import {
  commitProof,
  reportedTransactions
} from '../../src/core/dump/scrub-commit.ts'
import { scrubFailure } from '../../src/core/dump/scrub-errors.ts'
import { Cancellation } from '../../src/core/process/cancellation.ts'

let dir: string
let workspace: string

before(async () => {
  dir = await mkdtemp(join(tmpdir(), 'pg-dumper-scrub-unit-'))
  workspace = join(dir, 'ws')
  await mkdir(workspace)
  await writeFile(join(workspace, 'scrub.sql'), 'UPDATE t SET x = 1;\n')
  await writeFile(join(dir, 'outside.sql'), 'UPDATE t SET x = 1;\n')
  await symlink(join(workspace, 'scrub.sql'), join(workspace, 'inside.sql'))
  await symlink(join(dir, 'outside.sql'), join(workspace, 'outside.sql'))
  execFileSync('mkfifo', [join(workspace, 'fifo.sql')])
})
after(async () => {
  await rm(dir, { recursive: true, force: true })
})

/**
 * The 'scrub' input as the runner would pass `value` in this workspace; the
 * variables are set for the call only (the unit files share one process).
 */
function scrub(value: string) {
  const saved = {
    GITHUB_WORKSPACE: process.env.GITHUB_WORKSPACE,
    INPUT_SCRUB: process.env.INPUT_SCRUB
  }
  process.env.GITHUB_WORKSPACE = workspace
  process.env.INPUT_SCRUB = value
  try {
    return input('scrub')
  } finally {
    for (const [name, was] of Object.entries(saved)) {
      if (was === undefined) delete process.env[name]
      else process.env[name] = was
    }
  }
}

test('empty: no scrub', () => {
  assert.equal(scrub(''), undefined)
})

test('a line break or a ; makes the value SQL', () => {
  assert.deepEqual(scrub('UPDATE t SET x = 1;'), {
    sql: 'UPDATE t SET x = 1;\n'
  })
  assert.deepEqual(scrub('UPDATE a SET x = 1\nUPDATE b SET y = 2'), {
    sql: 'UPDATE a SET x = 1\nUPDATE b SET y = 2\n'
  })
})

test('any other value is a file: it must exist and be a regular file', () => {
  const file = join(workspace, 'scrub.sql')
  assert.deepEqual(scrub(file), { file })
  assert.deepEqual(scrub(join(workspace, 'inside.sql')), {
    file: join(workspace, 'inside.sql')
  })
  const cases: [string, RegExp][] = [
    [join(workspace, 'nope.sql'), /: no such file\. /],
    ['UPDATE t SET x = 1', /: no such file\. /],
    [workspace, /: it is a folder\. /],
    [join(workspace, 'fifo.sql'), /: it is a FIFO/],
    [
      join(workspace, 'outside.sql'),
      /: it leads through a symlink to .*outside\.sql, outside the workspace/
    ]
  ]
  for (const [value, why] of cases) {
    assert.throws(
      () => scrub(value),
      (error: unknown) => {
        assert.ok(error instanceof InputError)
        assert.ok(error.message.startsWith(`Invalid 'scrub' input '${value}'`))
        assert.match(error.message, why)
        assert.match(
          error.message,
          /Expected the path of an SQL file, or SQL statements \(several lines, or holding a ;\)\.$/
        )
        return true
      },
      value
    )
  }
})

test("psql's message loses its file prefix, gives the line and quotes nothing of the script", () => {
  const file = '/tmp/x/scrub.sql'
  const stderr = [
    `psql:${file}:2: NOTICE:  masking`,
    `psql:${file}:7: ERROR:  column "emial" does not exist`,
    "LINE 2:    SET emial = 'sk_live_Zq81' WHERE x;",
    '               ^',
    'DETAIL:  Key (token)=(sk_live_Zq81) already exists.',
    'CONTEXT:  SQL statement "UPDATE t SET token = \'sk_live_Zq81\'"',
    "QUERY:  UPDATE t SET token = 'sk_live_Zq81'"
  ].join('\n')
  const { message, line } = scrubFailure(
    { exitCode: 3, stdout: '', stderr },
    file,
    'scrub.sql'
  )
  assert.equal(line, 7)
  assert.equal(
    message,
    'The scrub script scrub.sql failed at line 7, so nothing was dumped and the throwaway copy was dropped: ' +
      'ERROR:  column "…" does not exist (names and values are left out: the script may hold secrets)'
  )
  for (const said of [
    'ERROR:  syntax error at or near "\'sk_live_Zq81\'" at character 30',
    'ERROR:  invalid input syntax for type integer: "sk_live_Zq81"',
    'FEHLER:  Spalte »sk_live_Zq81« existiert nicht',
    "ERREUR:  la colonne « sk_live_Zq81 » n'existe pas"
  ]) {
    const { message } = scrubFailure(
      { exitCode: 3, stdout: '', stderr: `psql:${file}:3: ${said}` },
      file,
      'scrub.sql'
    )
    assert.doesNotMatch(message, /sk_live/, message)
    assert.match(message, /failed at line 3, .*"…"/, message)
  }
  const lost = scrubFailure(
    { exitCode: 2, stdout: '', stderr: 'FATAL:  terminating connection' },
    file,
    'scrub.sql'
  )
  assert.equal(lost.line, undefined)
  assert.match(lost.message, /failed, so nothing .*: FATAL: {2}terminating/)
  const refused = scrubFailure(
    {
      exitCode: 2,
      stdout: '',
      stderr:
        'psql: error: connection to server at "db" failed: FATAL:  no pg_hba.conf entry for database "pg_dumper_scrub_1"'
    },
    file,
    'scrub.sql'
  )
  assert.match(
    refused.message,
    /^The scrub script scrub\.sql could not run in the throwaway copy, .*no pg_hba\.conf entry.*\nThe role must be able to connect to the copy/s
  )
})

test('the commit proof is read from the first and last notice of its own token', () => {
  const a = commitProof()
  const b = commitProof()
  assert.notEqual(a.token, b.token, 'a token per run')
  assert.match(a.token, /^[0-9a-f]{32}$/)
  assert.ok(a.before.includes(a.token) && a.after.includes(a.token))
  assert.match(a.before, /pg_catalog\.txid_current\(\)/)
  const says = (token: string, id: number) =>
    `NOTICE:  pg_dumper scrub ${token} transaction ${id}`
  const stderr = [
    says(a.token, 726),
    says(b.token, 726),
    'psql:/w/s.sql:3: NOTICE:  pg_dumper scrub forged transaction 727',
    'WARNING:  there is no transaction in progress',
    says(a.token, 728)
  ].join('\n')
  assert.deepEqual(reportedTransactions(stderr, a.token), {
    before: '726',
    after: '728'
  })
  assert.deepEqual(reportedTransactions(says(a.token, 1), a.token), {
    before: '1'
  })
  assert.deepEqual(reportedTransactions('', a.token), { before: undefined })
})

test('scrub applies to dump; allow-meta-commands to a dump only with scrub', () => {
  const given =
    (...names: InputName[]) =>
    (name: InputName) =>
      names.includes(name)
  assert.deepEqual(inputNotices('restore', false, given('scrub')), [
    "'scrub' only apply to dump."
  ])
  assert.deepEqual(inputNotices('dump', false, given('allow-meta-commands')), [
    "'allow-meta-commands' applies to a dump only together with 'scrub'."
  ])
  assert.deepEqual(
    inputNotices('dump', false, given('allow-meta-commands', 'scrub')),
    []
  )
  assert.deepEqual(
    inputNotices('restore', false, given('allow-meta-commands')),
    []
  )
})

test('a signal between tools runs the deferred clean-ups once each, then they can be forgotten', async () => {
  const cancellation = new Cancellation()
  let dropped = 0
  const forget = cancellation.defer(() => {
    dropped++
    return Promise.resolve()
  })
  const temp = join(dir, 'partial')
  await writeFile(temp, 'x')
  cancellation.track(temp)
  assert.equal(cancellation.cancel('SIGTERM'), 0, 'no tool was running')
  await cancellation.cleanUp()
  assert.equal(dropped, 1)
  assert.throws(() => execFileSync('test', ['-e', temp]))
  forget()
  await cancellation.cleanUp()
  assert.equal(dropped, 1, 'a forgotten clean-up does not run again')
})
