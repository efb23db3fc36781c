// Faults of the file system around a run, through the bundle as GitHub runs
// it (issue 11, point 8): an unwritable TMPDIR, and a pg_dump that fails
// under a long target name. Every failure is the operation's typed error
// and carries its first cause; nothing is left behind.
import assert from 'node:assert/strict'
import { execFileSync } from 'node:child_process'
import { mkdirSync, writeFileSync } from 'node:fs'
import { mkdir, readdir } from 'node:fs/promises'
import { join } from 'node:path'
import { after, before, describe, test } from 'node:test'
import {
  pgDump,
  seededServer,
  type SeededServer
} from '../../test-support/fixtures.ts'
import { type TestServer } from '../../test-support/pg-server.ts'
import {
  errorLine,
  pgBinDirInput,
  runAction,
  visibleLog,
  type StepRun
} from '../../test-support/run-action.ts'

const linuxOnly =
  process.platform === 'linux' ? false : 'mounts a read-only tmpfs: Linux only'

let seeded: SeededServer
let server: TestServer
let db: string
let root: string
let sourceDump: string
/** a TMPDIR nothing can be created in, and how that was arranged */
let unwritable: { dir: string; how: string }
let caseCount = 0
const LIMITED = 'files_limited'
const LIMITED_PASSWORD = 'limited-pw-7c1e'

before(async () => {
  if (linuxOnly) return
  seeded = await seededServer({
    database: 'faults_files',
    seed: `CREATE SCHEMA app;
    CREATE TABLE app.items(id int PRIMARY KEY, name text);
    INSERT INTO app.items SELECT g, 'item ' || g FROM generate_series(1, 25) g;
    CREATE TABLE public.secret(id int);`,
    tempPrefix: 'pg-dumper-faults-files-'
  })
  ;({ server, db, dir: root } = seeded)
  sourceDump = join(root, 'source.dump')
  await pgDump(server, db, ['--format=custom', `--file=${sourceDump}`])
  unwritable = readOnlyDir(join(root, 'read-only-tmp'))
  // a role that may connect but not read public.secret: its pg_dump fails
  await server.psql(
    db,
    `DROP ROLE IF EXISTS ${LIMITED};
     CREATE ROLE ${LIMITED} LOGIN PASSWORD '${LIMITED_PASSWORD}';
     GRANT USAGE ON SCHEMA app TO ${LIMITED};
     GRANT SELECT ON app.items TO ${LIMITED};
     REVOKE ALL ON public.secret FROM PUBLIC;`
  )
})
after(async () => {
  if (unwritable?.how === 'tmpfs') unmount(unwritable.dir)
  await seeded?.stop()
  // a role outlives its database on a server the tests did not start
  if (server?.external) {
    await server.psql('postgres', `DROP ROLE IF EXISTS ${LIMITED}`)
  }
})

/**
 * A folder nothing can be created in: a read-only tmpfs where mounting is
 * allowed (root, who passes every permission check); else a regular file,
 * which mkdtemp cannot create a folder in either.
 */
function readOnlyDir(dir: string): typeof unwritable {
  mkdirSync(dir)
  try {
    execFileSync('mount', ['-t', 'tmpfs', '-o', 'ro,size=64k', 'tmpfs', dir], {
      stdio: 'pipe'
    })
    process.once('exit', () => unmount(dir))
    return { dir, how: 'tmpfs' }
  } catch {
    const file = `${dir}.file`
    writeFileSync(file, 'not a folder\n')
    return { dir: file, how: 'file' }
  }
}

function unmount(dir: string): void {
  try {
    execFileSync('umount', [dir], { stdio: 'pipe' })
  } catch {
    // not mounted (any more)
  }
}

async function workspace(): Promise<string> {
  const ws = join(root, `case-${String(++caseCount).padStart(2, '0')}`)
  await mkdir(ws)
  return ws
}

const errorMessage = (run: StepRun) =>
  errorLine(run)
    .slice('::error::'.length)
    .replace(/%0A/g, '\n')
    .replace(/%25/g, '%')

/** The step failed with a message matching `expected` and left the workspace empty. */
async function assertFailed(run: StepRun, ws: string, expected: RegExp) {
  assert.equal(run.exitCode, 1, visibleLog(run))
  assert.match(errorMessage(run), expected)
  assert.equal(run.outputs.file, undefined, 'a failed step sets no file')
  assert.deepEqual(await readdir(ws), [], 'something was left behind')
  assert.ok(!visibleLog(run).includes(server.password), 'the password shows')
}

const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')

/** The message of a temporary folder that cannot be made in TMPDIR. */
const noTemp = (type: string, prefix: string) =>
  new RegExp(
    `^${type}: Cannot create a temporary folder in TMPDIR \\(${escape(unwritable.dir)}\\): ` +
      `E[A-Z]+: [^,]+, mkdtemp '${escape(join(unwritable.dir, `pg-dumper-${prefix}-`))}\\w{6}'\\. ` +
      'Point TMPDIR to a writable folder\\.$'
  )

describe(
  'an unwritable TMPDIR is a command error naming TMPDIR and the system’s reason',
  { skip: linuxOnly },
  () => {
    test('a parallel directory dump (its read-back needs TMPDIR): PgDumpCommandError, no partial dump left', async t => {
      t.diagnostic(`TMPDIR: ${unwritable.how}`)
      const ws = await workspace()
      const run = await runAction(
        {
          ...pgBinDirInput(),
          mode: 'dump',
          connection: server.uri(db),
          format: 'directory',
          jobs: '2'
        },
        { cwd: ws, env: { TMPDIR: unwritable.dir } }
      )
      await assertFailed(run, ws, noTemp('PgDumpCommandError', 'verify'))
    })

    test('a restore that edits the table of contents (exclude-schemas): PgRestoreCommandError, nothing restored', async () => {
      const ws = await workspace()
      const target = await server.createDatabase('faults_files_tmp')
      const run = await runAction(
        {
          ...pgBinDirInput(),
          mode: 'restore',
          connection: server.uri(target),
          file: sourceDump,
          'exclude-schemas': 'app'
        },
        { cwd: ws, env: { TMPDIR: unwritable.dir } }
      )
      await assertFailed(run, ws, noTemp('PgRestoreCommandError', 'toc'))
      assert.equal(
        await server.psql(
          target,
          "SELECT to_regclass('public.secret') IS NULL"
        ),
        't'
      )
    })
  }
)

describe(
  'a failing pg_dump under a long target name keeps its own error',
  { skip: linuxOnly },
  () => {
    const limitedUri = () =>
      server
        .uri(db)
        .replace(
          /^postgresql:\/\/[^@]*@/,
          `postgresql://${LIMITED}:${LIMITED_PASSWORD}@`
        )

    for (const bytes of [240, 255]) {
      test(`a ${bytes}-byte name: PgDumpFailed with pg_dump’s permission error, not a clean-up error`, async () => {
        const ws = await workspace()
        const file = 'n'.repeat(bytes - 5) + '.dump'
        const run = await runAction(
          {
            ...pgBinDirInput(),
            mode: 'dump',
            connection: limitedUri(),
            file
          },
          { cwd: ws, env: { TMPDIR: ws } }
        )
        await assertFailed(
          run,
          ws,
          /^PgDumpFailed: [^]*permission denied for table secret/
        )
        assert.doesNotMatch(errorMessage(run), /ENAMETOOLONG|too long/i)
      })
    }
  }
)
