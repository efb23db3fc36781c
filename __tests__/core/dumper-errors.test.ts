// Every typed error of the Dumper core, provoked for real against a running
// server, with the message a user would read.
import assert from 'node:assert/strict'
import {
  mkdtemp,
  readdir,
  readFile,
  symlink,
  writeFile
} from 'node:fs/promises'
import { join } from 'node:path'
import { after, before, describe, test } from 'node:test'
import { Dumper, type DumperOptions } from '../../src/core/dumper.ts'
import {
  DumperError,
  PgDumpCommandError,
  PgDumpFailed,
  PgRestoreCommandError,
  PgRestoreFailed
} from '../../src/core/errors.ts'
import { captureLogger } from '../../test-support/capture-logger.ts'
import { seededServer, type SeededServer } from '../../test-support/fixtures.ts'
import { clientBinDir, type TestServer } from '../../test-support/pg-server.ts'

let seeded: SeededServer
let server: TestServer
let db: string
let dir: string
let customDump: string
let plainDump: string

/** a bin folder holding only the named tools, linked to the real ones */
async function binDirWith(...tools: string[]): Promise<string> {
  const real = clientBinDir() ?? (await whichDir('pg_dump'))
  const bin = await mkdtemp(join(dir, 'bin-'))
  for (const t of tools) await symlink(join(real, t), join(bin, t))
  return bin
}

/** A bin folder whose pg_dump is a script that answers --version after 1 s, the other tools linked. */
async function slowPgDumpDir(): Promise<string> {
  const real = clientBinDir() ?? (await whichDir('pg_dump'))
  const bin = await binDirWith('psql', 'pg_restore')
  await writeFile(
    join(bin, 'pg_dump'),
    `#!/bin/sh\n[ "$1" = --version ] && sleep 1\nexec "${join(real, 'pg_dump')}" "$@"\n`,
    { mode: 0o755 }
  )
  return bin
}

async function whichDir(tool: string): Promise<string> {
  for (const p of (process.env.PATH ?? '').split(':')) {
    try {
      await readFile(join(p, tool))
      return p
    } catch {
      // not here
    }
  }
  throw new Error(`${tool} not on PATH`)
}

before(async () => {
  seeded = await seededServer({
    database: 'errors',
    seed:
      `CREATE TABLE items(id int PRIMARY KEY, name text);
     INSERT INTO items SELECT g, 'item ' || g FROM generate_series(1, 50) g;
     CREATE SCHEMA extra;
     CREATE TABLE extra.notes(id int PRIMARY KEY, body text);` +
      Array.from(
        { length: 24 },
        (_, i) => `CREATE TABLE t${i}(x int PRIMARY KEY);`
      ).join(''),
    tempPrefix: 'pg-dumper-errors-'
  })
  ;({ server, db, dir } = seeded)
  customDump = join(dir, 'good.dump')
  plainDump = join(dir, 'good.sql')
  await dumper().dump({ file: customDump })
  await dumper().dump({ file: plainDump, format: 'plain' })
})
after(() => seeded?.stop())

function dumper(options: Partial<DumperOptions> = {}): Dumper {
  return new Dumper({
    connection: server.conninfo(db),
    pgBinDir: clientBinDir(),
    ...options
  })
}

async function fileOf(name: string, content: string | Buffer): Promise<string> {
  const path = join(dir, name)
  await writeFile(path, content)
  return path
}

interface ErrorCase {
  name: string
  run: () => Promise<unknown>
  type: new (...args: never[]) => DumperError
  message: RegExp
}

const dumpCases: ErrorCase[] = [
  {
    name: 'a wrong password fails the dump with the server message',
    run: () =>
      dumper({
        connection: `${server.conninfoNoPassword(db)} password=wrong`
      }).dump({
        file: join(dir, 'wrong-password.dump')
      }),
    type: PgDumpFailed,
    message: /password authentication failed for user/
  },
  {
    name: 'an unknown host fails the dump naming the host',
    run: () =>
      dumper({
        connection:
          'host=no-such-host.invalid user=x dbname=y connect_timeout=5'
      }).dump({
        file: join(dir, 'unknown-host.dump')
      }),
    type: PgDumpFailed,
    message: /could not translate host name "no-such-host\.invalid"/
  },
  {
    name: 'an unknown database fails the dump naming the database',
    run: () =>
      dumper({ connection: server.conninfo('no_such_database') }).dump({
        file: join(dir, 'unknown-db.dump')
      }),
    type: PgDumpFailed,
    message: /database "no_such_database" does not exist/
  },
  {
    // pg-bin-dir's pg_dump is a script (run for its version, slowly): the
    // connection check fails while the client is still being found, and
    // its refusal is the dump's error, not an unhandled rejection
    name: 'an unknown database fails the dump while a given client is still being identified',
    run: async () =>
      dumper({
        connection: server.conninfo('no_such_database'),
        pgBinDir: await slowPgDumpDir()
      }).dump({ file: join(dir, 'unknown-db-slow-client.dump') }),
    type: PgDumpFailed,
    message: /database "no_such_database" does not exist/
  },
  {
    name: 'an unknown service fails the dump naming the service',
    run: async () =>
      dumper({
        connection: 'no_such_service',
        serviceFile: await fileOf(
          'pg_service.conf',
          '[other]\nhost=localhost\n'
        )
      }).dump({ file: join(dir, 'unknown-service.dump') }),
    type: PgDumpFailed,
    message: /service "no_such_service" not found/
  },
  {
    name: 'a missing pg_dump executable is a command error',
    run: async () =>
      dumper({ pgBinDir: await binDirWith('psql') }).dump({
        file: join(dir, 'no-exe.dump')
      }),
    type: PgDumpCommandError,
    message:
      /Cannot run pg_dump: pgBinDir \S+ holds no pg_dump, no pg_restore: pg-dumper runs pg_dump, pg_restore and psql from it/
  }
]

const restoreCases: ErrorCase[] = [
  {
    name: 'a missing pg_restore executable is a command error',
    run: async () =>
      dumper({ pgBinDir: await binDirWith('psql') }).restore({
        file: customDump
      }),
    type: PgRestoreCommandError,
    message:
      /Cannot run pg_dump: pgBinDir \S+ holds no pg_dump, no pg_restore: pg-dumper runs pg_dump, pg_restore and psql from it/
  },
  {
    name: 'a missing dump file is a command error',
    run: () => dumper().restore({ file: join(dir, 'nope.dump') }),
    type: PgRestoreCommandError,
    message: /Cannot read the dump .*nope\.dump/
  },
  {
    name: 'an empty file is not taken for a dump',
    run: async () => dumper().restore({ file: await fileOf('empty.dump', '') }),
    type: PgRestoreFailed,
    message: /is empty: not a PostgreSQL dump/
  },
  {
    name: 'a truncated archive fails with pg_restore’s message',
    run: async () => {
      const bytes = await readFile(customDump)
      return dumper().restore({
        file: await fileOf(
          'truncated.dump',
          bytes.subarray(0, Math.floor(bytes.length / 2))
        )
      })
    },
    type: PgRestoreFailed,
    message: /could not read from input file|unexpected end of file|end of file/
  },
  {
    name: 'a corrupt archive fails even with ignore-errors',
    run: async () => {
      const bytes = Buffer.from(await readFile(customDump))
      for (let i = 60; i < 200; i++) bytes[i] = 0xff
      return dumper().restore({
        file: await fileOf('corrupt.dump', bytes),
        ignoreErrors: true
      })
    },
    type: PgRestoreFailed,
    message: /pg_restore/
  },
  {
    name: 'a file of invalid SQL fails the restore',
    run: async () =>
      dumper().restore({
        file: await fileOf('invalid.sql', 'THIS IS NOT SQL;\n')
      }),
    type: PgRestoreFailed,
    // not a pg_dump dump: where, not what (psql would quote the file)
    message:
      /psql reported 1 error\(s\):\nline 1 of the script \(the message is not shown: the file is not a pg_dump dump/
  },
  {
    name: 'plain SQL stops at its first error and reports where',
    run: async () =>
      dumper().restore({
        file: await fileOf(
          'second-fails.sql',
          'CREATE TABLE ok_first(x int);\nINSERT INTO missing VALUES (1);\nCREATE TABLE never(x int);\n'
        )
      }),
    type: PgRestoreFailed,
    message:
      /psql reported 1 error\(s\):\nline 2 of the script \(the message is not shown[^\n]*\npsql stopped at line 2 of the script: the statements before it were applied, the rest of the script was not run\./
  },
  {
    name: 'excluding schemas from a plain SQL restore is refused',
    run: () => dumper().restore({ file: plainDump, excludeSchemas: ['extra'] }),
    type: PgRestoreCommandError,
    message: /Cannot exclude schemas \(extra\) from a plain SQL dump/
  },
  {
    name: 'a restore into a database that does not exist fails before restoring',
    run: () =>
      dumper({ connection: server.conninfo('no_such_target') }).restore({
        file: customDump
      }),
    type: PgRestoreFailed,
    message: /database "no_such_target" does not exist/
  }
]

for (const [group, cases] of [
  ['dump errors', dumpCases],
  ['restore errors', restoreCases]
] as const) {
  describe(group, () => {
    for (const c of cases) {
      test(c.name, async () => {
        await assert.rejects(c.run(), (error: unknown) => {
          assert.ok(
            error instanceof c.type,
            `expected ${c.type.name}, got ${String(error)}`
          )
          assert.equal(error.name, c.type.name)
          assert.match(error.message, c.message)
          assert.ok(
            !error.message.includes(server.password),
            'no password in the message'
          )
          return true
        })
      })
    }
  })
}

test('a failed dump leaves nothing at the target path', async () => {
  const sub = await mkdtemp(join(dir, 'failed-'))
  await assert.rejects(
    dumper({
      connection: `${server.conninfoNoPassword(db)} password=wrong`
    }).dump({
      file: join(sub, 'backup.dump')
    }),
    PgDumpFailed
  )
  assert.deepEqual(await readdir(sub), [])
})

test('the password never appears in a logged command', async () => {
  const logger = captureLogger()
  await dumper({ logger }).dump({ file: join(dir, 'logged.dump') })
  assert.ok(logger.lines.some(l => l.message.startsWith('$ ')))
  assert.ok(!logger.text().includes(server.password))
})

describe('ignore-errors against real conflicts', () => {
  // Restoring a dump into the database it came from: every CREATE and every
  // row conflicts with what is already there.
  test('off: a custom restore fails listing the first 20 errors and the count', async () => {
    await assert.rejects(
      dumper().restore({ file: customDump }),
      (error: unknown) => {
        assert.ok(error instanceof PgRestoreFailed)
        assert.match(error.message, /^pg_restore reported (\d+) error\(s\):\n/)
        const total = Number(/reported (\d+)/.exec(error.message)?.[1])
        assert.ok(total > 20, `expected more than 20 conflicts, got ${total}`)
        assert.match(error.message, /already exists/)
        assert.ok(error.message.includes(`… and ${total - 20} more\n`))
        // the conflicts are named, with the ways out
        assert.match(
          error.message,
          /\nThe target database already holds objects the dump creates: (relation|schema) "?[\w.]+"?.*\. Restore with clean to drop them first, or into an empty database/
        )
        return true
      }
    )
  })

  test('on: a custom restore succeeds, counts the errors and warns', async () => {
    const logger = captureLogger()
    const result = await dumper({ logger }).restore({
      file: customDump,
      ignoreErrors: true
    })
    assert.ok(result.ignoredErrors > 20)
    const warning = logger.lines.find(l => l.level === 'warning')
    assert.ok(warning, 'a warning is logged')
    assert.match(
      warning.message,
      new RegExp(`Ignored ${result.ignoredErrors} error`)
    )
  })

  test('off: a plain restore stops at the first conflict', async () => {
    await assert.rejects(
      dumper().restore({ file: plainDump }),
      (error: unknown) => {
        assert.ok(error instanceof PgRestoreFailed)
        assert.match(
          error.message,
          /^psql reported 1 error\(s\):\n.*already exists/
        )
        return true
      }
    )
  })

  test('on: a plain restore runs to the end and counts every conflict', async () => {
    const result = await dumper().restore({
      file: plainDump,
      ignoreErrors: true
    })
    assert.ok(result.ignoredErrors > 20, `got ${result.ignoredErrors}`)
  })
})
