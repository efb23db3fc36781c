// A dump whose client is given (pg-bin-dir) starts pg_dump while the
// connection check's psql still runs, as the runner runs the bundle: the
// check's verdict still comes first (a refused connection is named as
// such, and leaves nothing), and a server that accepts connections only
// later is dumped once it does.
import assert from 'node:assert/strict'
import { chmod, mkdir, mkdtemp, readdir, readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { after, before, describe, test } from 'node:test'
import { seededServer, type SeededServer } from '../../test-support/fixtures.ts'
import { clientTool, type TestServer } from '../../test-support/pg-server.ts'
import {
  errorLine,
  runAction,
  type StepRun
} from '../../test-support/run-action.ts'
import { writeFile } from 'node:fs/promises'

let seeded: SeededServer
let server: TestServer
let source: string
let dir: string
/** a client folder whose tools note when they start and end; psql first sleeps */
let slowCheck: string
let times: string

before(async () => {
  seeded = await seededServer({
    database: 'ahead_src',
    seed: `CREATE TABLE item(id int PRIMARY KEY, label text);
    INSERT INTO item SELECT g, 'row ' || g FROM generate_series(1, 50) g;`,
    tempPrefix: 'pg-dumper-ahead-'
  })
  ;({ server, db: source, dir } = seeded)
  slowCheck = join(dir, 'slow-check-bin')
  times = join(dir, 'times.log')
  await mkdir(slowCheck)
  for (const tool of ['pg_dump', 'pg_restore', 'psql'] as const) {
    const wrapper = join(slowCheck, tool)
    await writeFile(
      wrapper,
      `#!/bin/sh
echo "${tool} start $(date +%s%N) $1" >> '${times}'
${tool === 'psql' ? 'sleep 1' : ''}
'${clientTool(tool)}' "$@"
rc=$?
echo "${tool} end $(date +%s%N) $1" >> '${times}'
exit $rc
`
    )
    await chmod(wrapper, 0o755)
  }
})
after(() => seeded?.stop())

async function dumpStep(
  connection: string
): Promise<{ run: StepRun; cwd: string; noted: string[][] }> {
  await writeFile(times, '')
  const cwd = await mkdtemp(join(dir, 'ws-'))
  const run = await runAction(
    {
      mode: 'dump',
      connection,
      file: 'fixture.dump',
      'pg-bin-dir': slowCheck
    },
    { cwd }
  )
  const noted = (await readFile(times, 'utf8'))
    .trim()
    .split('\n')
    .map(line => line.split(' '))
  return { run, cwd, noted }
}

/** When a tool's run (not its --version) started or ended, in ns. */
const at = (noted: string[][], tool: string, what: 'start' | 'end') =>
  Number(
    noted.find(
      ([t, w, , arg]) => t === tool && w === what && arg !== '--version'
    )?.[2]
  )

describe('pg_dump started beside the connection check', () => {
  test('pg_dump starts before the check ends, and the dump is whole', async () => {
    const { run, noted } = await dumpStep(server.uri(source))
    assert.equal(run.exitCode, 0, run.stdout)
    assert.ok(
      at(noted, 'pg_dump', 'start') < at(noted, 'psql', 'end'),
      `pg_dump started after the check ended: ${JSON.stringify(noted)}`
    )
    assert.match(run.stdout, /Server version 1\d\.\d+/)
    assert.equal(
      (run.stdout.match(/Using pg_dump .* given as pg-bin-dir/g) ?? []).length,
      1
    )
    const target = await server.createDatabase('ahead_copy')
    const restore = await runAction(
      {
        mode: 'restore',
        connection: server.uri(target),
        file: run.outputs.file
      },
      { cwd: dir }
    )
    assert.equal(restore.exitCode, 0, restore.stdout)
    assert.equal(await server.psql(target, 'SELECT count(*) FROM item'), '50')
  })

  test("a refused connection is the check's error, not pg_dump's, and leaves nothing", async () => {
    const wrong = server.uri(source).replace(/:[^:@/]*@/, ':not-the-password@')
    const { run, cwd, noted } = await dumpStep(wrong)
    assert.equal(run.exitCode, 1)
    assert.ok(at(noted, 'pg_dump', 'start') > 0, 'pg_dump ran beside the check')
    // the check's words (psql's, explained), as when pg_dump waits for it
    assert.match(
      errorLine(run),
      /::error::PgDumpFailed: Could not connect to .*refused the credentials.*psql: error: /
    )
    assert.doesNotMatch(errorLine(run), /pg_dump: error/)
    assert.deepEqual(await readdir(cwd), [])
  })
})
