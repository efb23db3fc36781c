// The CLI words the core's messages with its own flags, not the action's
// input names. These refusals come before any connection, so no server runs.
import assert from 'node:assert/strict'
import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { after, before, test } from 'node:test'
import { runCli } from '../../test-support/run-action.ts'

let dir: string
let plain: string
let custom: string

before(async () => {
  dir = await mkdtemp(join(tmpdir(), 'pg-dumper-cli-wording-'))
  plain = join(dir, 'backup.sql')
  await writeFile(plain, '--\n-- PostgreSQL database dump\n--\nSELECT 1;\n')
  custom = join(dir, 'backup.dump')
  // the start of a custom archive: enough to be recognised
  await writeFile(
    custom,
    Buffer.concat([Buffer.from('PGDMP'), Buffer.alloc(64)])
  )
})

after(async () => {
  await rm(dir, { recursive: true, force: true })
})

const cases = [
  {
    name: '--clean on a plain dump',
    args: () => [
      '-s',
      'host=/nonexistent dbname=app',
      'restore',
      plain,
      '--clean'
    ],
    error:
      /^pg-dumper: PgRestoreCommandError: --clean needs an archive \(custom, directory or tar\)/m
  },
  {
    name: '--single-transaction with --ignore-errors',
    args: () => [
      '-s',
      'host=/nonexistent dbname=app',
      'restore',
      custom,
      '--single-transaction',
      '-x'
    ],
    error:
      /^pg-dumper: PgRestoreCommandError: --single-transaction makes the restore all or nothing/m
  },
  {
    name: '--create-database without a database name',
    args: () => ['-s', 'prod', 'restore', custom, '--create-database'],
    error:
      /^pg-dumper: PgRestoreCommandError: --create-database needs the database name: name it in the connection string or in --dbname\.$/m
  }
]

for (const c of cases) {
  test(`the CLI names its flags: ${c.name}`, async () => {
    const run = await runCli(c.args())
    assert.equal(run.exitCode, 1, run.stderr)
    assert.match(run.stderr, c.error)
    assert.doesNotMatch(
      run.stderr,
      /(^|[^-])\b(single-transaction|create-database|ignore-errors)\b/m
    )
  })
}
