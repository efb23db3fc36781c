// The Dumper reaches the server by service name, key=value string or URI,
// with a database override, and never puts the password on a command line.
import assert from 'node:assert/strict'
import { spawn } from 'node:child_process'
import { readdir, readFile, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { after, before, describe, test } from 'node:test'
import { setTimeout as sleep } from 'node:timers/promises'
import { Dumper } from '../../src/core/dumper.ts'
import { seededServer, type SeededServer } from '../../test-support/fixtures.ts'
import { clientBinDir, type TestServer } from '../../test-support/pg-server.ts'

let seeded: SeededServer
let server: TestServer
let db: string
let dir: string
let serviceFile: string

before(async () => {
  seeded = await seededServer({
    database: 'kinds',
    seed: `CREATE TABLE fixture(id int PRIMARY KEY, label text);
    INSERT INTO fixture SELECT g, 'row ' || g FROM generate_series(1, 25) g;`,
    tempPrefix: 'pg-dumper-kinds-'
  })
  ;({ server, db, dir } = seeded)
  serviceFile = join(dir, 'pg_service.conf')
  await writeFile(
    serviceFile,
    `[app]\nhost=${server.host}\nport=${server.port}\nuser=${server.user}\npassword=${server.password}\ndbname=${db}\n`
  )
})
after(() => seeded?.stop())

const count = async (database: string) =>
  Number(await server.psql(database, 'SELECT count(*) FROM fixture'))

describe('connection kinds', () => {
  const kinds: {
    name: string
    connection: () => string
    serviceFile?: boolean
  }[] = [
    {
      name: 'a key=value connection string',
      connection: () => server.conninfo(db)
    },
    { name: 'a postgresql:// URI', connection: () => server.uri(db) },
    {
      name: 'a service name from a service file',
      connection: () => 'app',
      serviceFile: true
    }
  ]
  for (const kind of kinds) {
    test(`dumps and restores through ${kind.name}, overriding the database`, async () => {
      const file = join(dir, `${kind.name.replace(/\W+/g, '-')}.dump`)
      const options = {
        connection: kind.connection(),
        serviceFile: kind.serviceFile ? serviceFile : undefined,
        pgBinDir: clientBinDir()
      }
      await new Dumper(options).dump({ file })
      const target = await server.createDatabase('override')
      await new Dumper({ ...options, dbname: target }).restore({ file })
      assert.equal(await count(target), 25)
    })
  }
})

describe('PUM scenarios', () => {
  test('dump a table, drop it, restore, find its rows back', async () => {
    const own = await server.createDatabase('pum')
    await server.psql(
      own,
      `CREATE TABLE test_table(id serial PRIMARY KEY, name text);
      INSERT INTO test_table(name) VALUES ('alpha'), ('beta'), ('gamma');`
    )
    const dumper = new Dumper({
      connection: server.conninfo(own),
      pgBinDir: clientBinDir()
    })
    const file = join(dir, 'pum.dump')
    await dumper.dump({ file })
    await server.psql(own, 'DROP TABLE test_table')
    await dumper.restore({ file })
    assert.equal(
      await server.psql(
        own,
        "SELECT string_agg(name, ',' ORDER BY id) FROM test_table"
      ),
      'alpha,beta,gamma'
    )
  })
})

/** The command lines of running processes named `name`. */
async function commandLines(name: string): Promise<string[]> {
  const lines: string[] = []
  for (const pid of await readdir('/proc')) {
    if (!/^\d+$/.test(pid)) continue
    try {
      const argv = (await readFile(`/proc/${pid}/cmdline`, 'utf8')).split('\0')
      if (argv[0]?.endsWith(`/${name}`) || argv[0] === name)
        lines.push(argv.join(' '))
    } catch {
      // the process ended while we looked
    }
  }
  return lines
}

test(
  'the password is not on the running pg_dump’s command line',
  { skip: process.platform !== 'linux' },
  async () => {
    // Hold a lock so pg_dump waits long enough to be seen in /proc.
    const psql = join(clientBinDir() ?? '', 'psql')
    const holder = spawn(
      clientBinDir() ? psql : 'psql',
      [
        '-X',
        '-d',
        server.conninfoNoPassword(db),
        '-c',
        'BEGIN; LOCK TABLE fixture IN ACCESS EXCLUSIVE MODE; SELECT pg_sleep(3); COMMIT;'
      ],
      {
        env: { ...process.env, PGPASSWORD: server.password },
        stdio: 'ignore'
      }
    )
    await sleep(500)
    const dumping = new Dumper({
      connection: server.uri(db),
      pgBinDir: clientBinDir()
    }).dump({
      file: join(dir, 'watched.dump')
    })
    let seen: string[] = []
    for (let i = 0; i < 50 && seen.length === 0; i++) {
      await sleep(50)
      seen = (await commandLines('pg_dump')).filter(l =>
        l.includes(String(server.port))
      )
    }
    await dumping
    holder.kill()
    assert.ok(seen.length > 0, 'pg_dump was seen running')
    for (const line of seen) {
      assert.ok(
        !line.includes(server.password),
        `password on the command line: ${line}`
      )
      assert.match(line, /--no-owner --no-privileges/)
    }
  }
)
