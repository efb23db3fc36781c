// The tool runner on the real PostgreSQL binaries: arguments as an array,
// usage errors recognised, secrets redacted, INPUT_* kept from children.
import assert from 'node:assert/strict'
import { mkdir, mkdtemp, rm, symlink } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { test } from 'node:test'
import {
  childEnv,
  displayArg,
  isUsageError,
  redact,
  ToolNotRunnable,
  ToolRunner
} from '../../src/core/process/runner.ts'
import { captureLogger } from '../../test-support/capture-logger.ts'
import { clientBinDir } from '../../test-support/pg-server.ts'

const runner = (secrets: string[] = []) => {
  const logger = captureLogger()
  return {
    logger,
    runner: new ToolRunner({ binDir: clientBinDir(), logger, secrets })
  }
}

for (const tool of ['pg_dump', 'pg_restore', 'psql'] as const) {
  test(`recognises ${tool}'s own invalid-arguments message`, async () => {
    const { runner: r } = runner()
    const result = await r.run(tool, ['--no-such-option'])
    assert.notEqual(result.exitCode, 0)
    assert.ok(isUsageError(result.stderr), result.stderr)
  })
}

test('does not take a failed connection for a usage error', () => {
  assert.ok(
    !isUsageError(
      'pg_dump: error: connection to server at "127.0.0.1", port 1 failed: Connection refused'
    )
  )
})

test('a missing executable cannot run', async () => {
  const logger = captureLogger()
  const r = new ToolRunner({ binDir: '/no/such/bin', logger })
  await assert.rejects(r.run('pg_dump', ['--version']), ToolNotRunnable)
})

test('passes hostile arguments as single arguments, never through a shell', async () => {
  const { runner: r } = runner()
  const hostile = `x'; echo pwned; "$(id)" \`id\` -- --help`
  const result = await r.run('psql', ['--no-psqlrc', '--version', hostile])
  // psql treats the extra operand as a database name and ignores it with --version
  assert.equal(result.exitCode, 0)
  assert.match(result.stdout, /^psql \(PostgreSQL\) \d+/)
  assert.doesNotMatch(result.stdout + result.stderr, /pwned|uid=/)
})

test('logs the command with every secret redacted', async () => {
  const { runner: r, logger } = runner(['hunter2'])
  await r.run('psql', ['--no-psqlrc', '--version', '--set=x=hunter2'])
  const logged = logger.lines.find(l => l.message.startsWith('$ '))
  assert.ok(logged)
  assert.match(logged.message, /psql --no-psqlrc --version --set=x=\*\*\*$/)
})

const displayCases: [string, string][] = [
  ['--no-owner', '--no-owner'],
  ['--file=/tmp/a b.dump', `'--file=/tmp/a b.dump'`],
  [`it's`, `'it'\\''s'`],
  ['host=db dbname=app', `'host=db dbname=app'`]
]
for (const [arg, shown] of displayCases) {
  test(`shows ${JSON.stringify(arg)} as ${shown}`, () => {
    assert.equal(displayArg(arg), shown)
  })
}

test('redacts every occurrence and ignores empty secrets', () => {
  assert.equal(redact('a pw b pw', ['pw', '']), 'a *** b ***')
})

test('keeps the runner’s INPUT_* variables (the connection secret) from children', () => {
  process.env.INPUT_CONNECTION = 'postgresql://u:secret@h/db'
  try {
    const env = childEnv({ PGPASSWORD: 'p' })
    assert.equal(env.INPUT_CONNECTION, undefined)
    assert.equal(env.PGPASSWORD, 'p')
    assert.equal(env.PATH, process.env.PATH)
  } finally {
    delete process.env.INPUT_CONNECTION
  }
})

test('runs a client installed under a folder with spaces (C:\\Program Files)', async () => {
  const real = clientBinDir() ?? '/usr/lib/postgresql/15/bin'
  const root = await mkdtemp(join(tmpdir(), 'pg dumper spaces '))
  try {
    const bin = join(root, 'Program Files', 'PostgreSQL', '15', 'bin')
    await mkdir(bin, { recursive: true })
    await symlink(join(real, 'psql'), join(bin, 'psql'))
    const logger = captureLogger()
    const result = await new ToolRunner({ binDir: bin, logger }).run('psql', [
      '--version'
    ])
    assert.equal(result.exitCode, 0)
    assert.match(result.stdout, /^psql \(PostgreSQL\)/)
  } finally {
    await rm(root, { recursive: true, force: true })
  }
})
