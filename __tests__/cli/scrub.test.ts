// The CLI's --scrub: the same throwaway copy as the action's scrub, reached
// through a service name (the copy replaces the service's dbname).
import assert from 'node:assert/strict'
import { existsSync } from 'node:fs'
import { mkdtemp, readdir, readFile, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { after, before, test } from 'node:test'
import {
  childNamed,
  signalTwice,
  startCli,
  waitFor
} from '../../test-support/faults.ts'
import { runCli } from '../../test-support/run-action.ts'
import { seededServer, type SeededServer } from '../../test-support/fixtures.ts'
import { clientBinDir, type TestServer } from '../../test-support/pg-server.ts'

let seeded: SeededServer
let server: TestServer
let cwd: string
let env: Record<string, string>

/** a secret in a failing line: psql would quote it (LINE 1: …) */
const SALT = 'salt-sk_live_3Vb9'

const copies = () =>
  server.psql(
    'postgres',
    `SELECT count(*) FROM pg_database WHERE datname LIKE 'pg\\_dumper\\_scrub\\_%'`
  )

before(async () => {
  seeded = await seededServer({
    database: 'cli_scrub',
    seed: `CREATE TABLE people(id int PRIMARY KEY, email text);
    INSERT INTO people SELECT g, 'person' || g || '@real.example' FROM generate_series(1, 20) g;`,
    tempPrefix: 'pg-dumper-cli-scrub-'
  })
  ;({ server, dir: cwd } = seeded)
  await writeFile(
    join(cwd, 'pg_service.conf'),
    `[app]\nhost=${server.host}\nport=${server.port}\nuser=${server.user}\npassword=${server.password}\ndbname=${seeded.db}\n`
  )
  await writeFile(
    join(cwd, 'mask.sql'),
    `UPDATE people SET email = 'p' || id || '@example.invalid';\n`
  )
  await writeFile(
    join(cwd, 'bad.sql'),
    `UPDATE people SET emial = md5(email || '${SALT}');\n`
  )
  await writeFile(
    join(cwd, 'rollback.sql'),
    `UPDATE people SET email = 'p' || id || '@example.invalid';\nROLLBACK;\n`
  )
  env = { PGSERVICEFILE: join(cwd, 'pg_service.conf') }
  if (clientBinDir()) env.PATH = `${clientBinDir()}:${process.env.PATH}`
})
after(() => seeded?.stop())

const cli = (line: string) => runCli(line.split(' '), { cwd, env })

test('pg-dumper -s app dump masked.sql --scrub mask.sql: the dump is masked, the source not', async () => {
  const dump = await cli('-s app dump masked.sql --scrub mask.sql')
  assert.equal(dump.exitCode, 0, dump.stderr)
  const text = await readFile(join(cwd, 'masked.sql'), 'utf8')
  assert.match(text, /p1@example\.invalid/)
  assert.doesNotMatch(text, /@real\.example/)
  assert.equal(
    await server.psql(
      seeded.db,
      `SELECT count(*) FROM people WHERE email LIKE '%@real.example'`
    ),
    '20'
  )
  assert.equal(await copies(), '0')
})

test('a failing --scrub script exits 1 with ScrubFailed and writes nothing', async () => {
  const dump = await cli('-s app dump never.dump --scrub bad.sql')
  assert.equal(dump.exitCode, 1)
  assert.match(
    dump.stderr,
    /^pg-dumper: ScrubFailed: The scrub script bad\.sql failed at line 1, so nothing was dumped and the throwaway copy was dropped: ERROR: {2}column "…" of relation "…" does not exist at character \d+ \(names and values are left out: the script may hold secrets\)$/m
  )
  assert.ok(!dump.stderr.includes(SALT), 'nothing of the script is shown')
  assert.ok(!existsSync(join(cwd, 'never.dump')))
  assert.equal(await copies(), '0')
})

test('a --scrub script ending in ROLLBACK exits 1 with ScrubFailed: nothing unscrubbed is written', async () => {
  const dump = await cli('-s app dump never.sql --scrub rollback.sql')
  assert.equal(dump.exitCode, 1, dump.stderr)
  assert.match(
    dump.stderr,
    /^pg-dumper: ScrubFailed: The scrub script rollback\.sql did not commit as one transaction \(it rolled back the transaction it runs in\), so its changes cannot be proven kept: nothing was dumped/m
  )
  assert.ok(!existsSync(join(cwd, 'never.sql')))
  assert.equal(await copies(), '0')
})

// issue 19: a second signal 10 ms after the first (`timeout` signals the
// process and its group; a user presses Ctrl-C twice) ended the CLI during
// its clean-up, leaving the copy and the partial dump behind
for (const [signal, group] of [
  ['SIGTERM', true],
  ['SIGINT', false]
] as const) {
  test(`${signal} twice 10 ms apart to the ${group ? 'process group' : 'process'} during --scrub: the copy is dropped, nothing is left, exit 1`, async () => {
    const tmp = await mkdtemp(join(cwd, 'tmp-'))
    await writeFile(
      join(cwd, 'slow.sql'),
      `UPDATE people SET email = 'p' || id || '@example.invalid';\nSELECT pg_sleep(60);\n`
    )
    const started = startCli(
      ['-s', 'app', 'dump', 'slow.dump', '--scrub', 'slow.sql'],
      {
        cwd,
        env: { ...env, TMPDIR: tmp },
        group
      }
    )
    const killer = setTimeout(() => started.child.kill('SIGKILL'), 30_000)
    await waitFor('the scrub to sleep in the copy', async () => {
      const n = await server.psql(
        'postgres',
        `SELECT count(*) FROM pg_stat_activity WHERE datname LIKE 'pg\\_dumper\\_scrub\\_%' AND query LIKE '%pg_sleep%'`
      )
      return n === '1' && childNamed(started.pid, 'psql') !== undefined
    })
    await signalTwice(started.pid, signal, { group })
    const ended = await started.finished
    clearTimeout(killer)
    assert.equal(ended.exitCode, 1, ended.stderr)
    assert.match(
      ended.stderr,
      new RegExp(`^pg-dumper: OperationCancelled: Cancelled by ${signal}`, 'm')
    )
    assert.match(
      ended.stderr,
      new RegExp(`${signal} while cleaning up after ${signal}`)
    )
    assert.equal(await copies(), '0', 'no copy is left')
    assert.deepEqual(
      (await readdir(cwd)).filter(e => /slow\.dump|\.partial$/.test(e)),
      [],
      'no dump and no partial file'
    )
    assert.deepEqual(await readdir(tmp), [], 'no temporary folder is left')
  })
}
