// The core states facts; each front end names the options in its own words:
// the action its inputs (`pg-bin-dir`), the CLI its flags (`--pg-bin-dir`),
// a library caller the option fields (`pgBinDir`).
import assert from 'node:assert/strict'
import { describe, test } from 'node:test'
import { actionWording } from '../../src/action/logger.ts'
import { cliWording } from '../../src/cli/wording.ts'
import { dumpCompressArg } from '../../src/core/dump/compression.ts'
import { ToolError } from '../../src/core/errors.ts'
import { checkRestoreOptions } from '../../src/core/restore/options.ts'
import { judgeRestore } from '../../src/core/restore/outcome.ts'
import { olderTargetWarning } from '../../src/core/restore/version-warnings.ts'
import { coreWording, type Wording } from '../../src/core/wording.ts'

const wordings: [string, Wording, Record<string, string>][] = [
  [
    'the action',
    actionWording,
    {
      clean: 'clean',
      singleTransaction: 'single-transaction',
      createDatabase: 'create-database',
      dbname: 'dbname',
      ignoreErrors: 'ignore-errors',
      pgVersion: 'pg-version',
      compression: 'compress'
    }
  ],
  [
    'the CLI',
    cliWording,
    {
      clean: '--clean',
      singleTransaction: '--single-transaction',
      createDatabase: '--create-database',
      dbname: '--dbname',
      ignoreErrors: '-x',
      pgVersion: '--pg-version',
      compression: '--compress'
    }
  ],
  [
    'the core',
    coreWording,
    {
      clean: 'clean',
      singleTransaction: 'singleTransaction',
      createDatabase: 'createDatabase',
      dbname: 'dbname',
      ignoreErrors: 'ignoreErrors',
      pgVersion: 'pgVersion',
      compression: 'compression'
    }
  ]
]

/** The message of the ToolError `fn` throws. */
function messageOf(fn: () => unknown): string {
  try {
    fn()
  } catch (error) {
    assert.ok(error instanceof ToolError, String(error))
    return error.message
  }
  assert.fail('expected a ToolError')
}

for (const [who, wording, names] of wordings) {
  describe(`${who} names the options in its messages`, () => {
    test('clean on a plain dump', () => {
      assert.equal(
        messageOf(() =>
          checkRestoreOptions({ clean: true }, 'plain', true, wording)
        ),
        `${names.clean} needs an archive (custom, directory or tar): a plain SQL dump runs as written. Dump in custom format, or restore into an empty database.`
      )
    })

    test('single-transaction with ignore-errors', () => {
      assert.equal(
        messageOf(() =>
          checkRestoreOptions(
            { singleTransaction: true, ignoreErrors: true },
            'custom',
            true,
            wording
          )
        ),
        `${names.singleTransaction} makes the restore all or nothing: it cannot also ignore errors.`
      )
    })

    test('create-database without a database name', () => {
      assert.equal(
        messageOf(() =>
          checkRestoreOptions(
            { createDatabase: true },
            'custom',
            false,
            wording
          )
        ),
        `${names.createDatabase} needs the database name: name it in the connection string or in ${names.dbname}.`
      )
    })

    test('conflicting objects point to clean, create-database and ignore-errors', () => {
      const stderr =
        'pg_restore: error: could not execute query: ERROR:  relation "t" already exists\n' +
        'pg_restore: warning: errors ignored on restore: 1'
      const message = messageOf(() =>
        judgeRestore(
          'pg_restore',
          { exitCode: 1, stdout: '', stderr },
          false,
          'app',
          wording
        )
      )
      assert.ok(
        message.endsWith(
          `Restore with ${names.clean} to drop them first, or into an empty database (${names.createDatabase} creates a missing one). ` +
            `(${names.ignoreErrors} would keep the existing objects but still load the dump's rows into them, duplicating the rows of tables without a unique key.)`
        ),
        message
      )
    })

    test('a compression the client cannot do points to the client version option', () => {
      const message = messageOf(() =>
        dumpCompressArg('custom', { method: 'zstd' }, 15, wording)
      )
      assert.ok(
        message.endsWith(
          `Use gzip or none, or a newer client (${names.pgVersion}).`
        ),
        message
      )
    })

    test('compression with a format that cannot be compressed names the option', () => {
      assert.equal(
        messageOf(() =>
          dumpCompressArg('tar', { method: 'gzip' }, 15, wording)
        ),
        `${names.compression} 'gzip' applies to the custom and directory formats, not tar.`
      )
    })

    test('restoring into an older server points to ignore-errors', () => {
      const warning = olderTargetWarning(
        { dumpedFrom: { major: 17, minor: 2, text: '17.2' } },
        { major: 15, minor: 18, text: '15.18' },
        wording
      )
      assert.ok(
        warning?.endsWith(
          `or set ${names.ignoreErrors} to accept a partial restore.`
        ),
        warning
      )
    })
  })
}

test('setting an option: action input syntax, CLI flag syntax', () => {
  assert.equal(
    actionWording.set('installClient', 'auto'),
    'install-client: auto'
  )
  assert.equal(cliWording.set('installClient', 'auto'), '--install-client auto')
})
