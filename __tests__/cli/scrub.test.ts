// The CLI's --scrub: the same throwaway copy as the action's scrub, reached
// through a service name (the copy replaces the service's dbname).
import assert from 'node:assert/strict'
import { existsSync } from 'node:fs'
import { readFile, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { after, before, test } from 'node:test'
import { runCli } from '../../test-support/run-action.ts'
import { seededServer, type SeededServer } from '../../test-support/fixtures.ts'
import { clientBinDir, type TestServer } from '../../test-support/pg-server.ts'

let seeded: SeededServer
let server: TestServer
let cwd: string
let env: Record<string, string>

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
  await writeFile(join(cwd, 'bad.sql'), `UPDATE people SET emial = NULL;\n`)
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
    /^pg-dumper: ScrubFailed: The scrub script bad\.sql failed at line 1, so nothing was dumped and the throwaway copy was dropped: ERROR: {2}column "emial" of relation "people" does not exist/m
  )
  assert.ok(!existsSync(join(cwd, 'never.dump')))
  assert.equal(await copies(), '0')
})
