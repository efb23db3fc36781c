// A client with a known hole (CVE-2026-6477: pg_dump's large-object reads
// before the May 2026 releases) gets one warning per run, naming the CVE
// and the release to use; a fixed one gets none. The old client is the
// real one in a folder whose pg_dump says it is the release before the fix.
import assert from 'node:assert/strict'
import { chmod, mkdir, symlink, writeFile } from 'node:fs/promises'
import { dirname, join } from 'node:path'
import { after, before, describe, test } from 'node:test'
import { CLIENT_HOLES, holeStatus } from '../../src/core/client/holes.ts'
import { parseVersion, type PgVersion } from '../../src/core/versions.ts'
import { seededServer, type SeededServer } from '../../test-support/fixtures.ts'
import { clientTool, run } from '../../test-support/pg-server.ts'
import {
  pgBinDirInput,
  runAction,
  runCli,
  type StepRun
} from '../../test-support/run-action.ts'

const CVE = 'CVE-2026-6477'
const hole = CLIENT_HOLES.find(h => h.cve === CVE)

let seeded: SeededServer
let real: PgVersion
/** the release before the fix of the real client's major */
let older: string
let fixed: string
/** a folder of the real tools whose pg_dump --version says `older` */
let oldBin: string

before(async () => {
  seeded = await seededServer({
    database: 'holes',
    seed: `CREATE TABLE t(id int PRIMARY KEY);
      INSERT INTO t SELECT generate_series(1, 10);
      SELECT lo_from_bytea(0, 'a large object');`,
    tempPrefix: 'pg-dumper-holes-'
  })
  const printed = await run(clientTool('pg_dump'), ['--version'])
  real = parseVersion(printed.stdout.trim()) as PgVersion
  const fix = hole?.fixedIn
    .map(f => parseVersion(f) as PgVersion)
    .find(f => f.major === real.major)
  assert.ok(fix, `no fixed release of ${real.text}'s major in the table`)
  fixed = fix.text
  older = `${fix.major}.${fix.minor - 1}`
  const realBin = dirname(clientTool('pg_dump'))
  oldBin = join(seeded.dir, 'old-client')
  await mkdir(oldBin)
  const pgDump = join(oldBin, 'pg_dump')
  await writeFile(
    pgDump,
    `#!/bin/sh
if [ "$1" = "--version" ]; then echo "pg_dump (PostgreSQL) ${older}"; exit 0; fi
exec "${join(realBin, 'pg_dump')}" "$@"
`
  )
  await chmod(pgDump, 0o755)
  for (const tool of ['pg_restore', 'psql'])
    await symlink(join(realBin, tool), join(oldBin, tool))
})
after(() => seeded?.stop())

/** The step's warnings that name the CVE. */
const cveWarnings = (ran: StepRun) =>
  ran.stdout
    .split('\n')
    .filter(l => l.startsWith('::warning') && l.includes(CVE))

const step = (inputs: Record<string, string>) =>
  runAction(
    {
      mode: 'dump',
      connection: seeded.server.uri(seeded.db),
      ...inputs
    },
    { cwd: seeded.dir, env: { RUNNER_TEMP: seeded.dir } }
  )

describe(`a pg_dump older than the release that fixes ${CVE}`, () => {
  test('warns once, naming the CVE, the release to use and the inputs', async () => {
    const dump = await step({ 'pg-bin-dir': oldBin, file: 'old.dump' })
    assert.equal(dump.exitCode, 0, dump.stdout)
    const warnings = cveWarnings(dump)
    assert.equal(warnings.length, 1, dump.stdout)
    const [warning] = warnings
    assert.ok(
      warning.includes(
        `pg_dump ${older} is older than ${fixed}, the release that fixes ${CVE}`
      ),
      warning
    )
    assert.match(warning, new RegExp(`Use pg_dump ${fixed} or newer`))
    assert.match(warning, /set pg-bin-dir to a current client/)
    assert.match(warning, /install-client: auto/)
  })

  test('warns once in a run that dumps several databases', async () => {
    const other = await seeded.server.createDatabase('holes_other')
    const dump = await step({
      'pg-bin-dir': oldBin,
      connection: seeded.server.uri('postgres'),
      dbname: `${seeded.db}, ${other}`,
      file: 'several'
    })
    assert.equal(dump.exitCode, 0, dump.stdout)
    assert.equal(cveWarnings(dump).length, 1, dump.stdout)
  })

  test('the CLI warns once too, naming its own flags', async () => {
    const ran = await runCli(
      [
        '-s',
        seeded.server.uri(seeded.db),
        '--pg-bin-dir',
        oldBin,
        'dump',
        join(seeded.dir, 'cli.dump')
      ],
      { cwd: seeded.dir }
    )
    assert.equal(ran.exitCode, 0, ran.stderr)
    const warnings = ran.stderr
      .split('\n')
      .filter(l => l.startsWith('warning: ') && l.includes(CVE))
    assert.equal(warnings.length, 1, ran.stderr)
    assert.match(warnings[0], new RegExp(`Use pg_dump ${fixed} or newer`))
    assert.match(warnings[0], /set --pg-bin-dir to a current client/)
    assert.match(warnings[0], /--install-client auto/)
  })

  test('a restore, which runs no pg_dump, is not warned', async () => {
    const target = await seeded.server.createDatabase('holes_target')
    const restore = await runAction(
      {
        mode: 'restore',
        connection: seeded.server.uri(target),
        file: join(seeded.dir, 'old.dump'),
        'pg-bin-dir': oldBin
      },
      { cwd: seeded.dir, env: { RUNNER_TEMP: seeded.dir } }
    )
    assert.equal(restore.exitCode, 0, restore.stdout)
    assert.deepEqual(cveWarnings(restore), [])
  })

  test('the real client gets the warning only if it is older than the fix', async () => {
    const dump = await step({ ...pgBinDirInput(), file: 'real.dump' })
    assert.equal(dump.exitCode, 0, dump.stdout)
    assert.ok(hole)
    const expected = holeStatus(hole, real).kind === 'fixed' ? 0 : 1
    assert.equal(cveWarnings(dump).length, expected, dump.stdout)
  })
})
