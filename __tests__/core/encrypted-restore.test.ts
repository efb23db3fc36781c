// An age file that changes on disk after the restore authenticated it (the
// time between the check and the use): the pass that meets the damage
// fails with DecryptionFailed and says the target may hold part of the
// dump, never that nothing was restored.
import assert from 'node:assert/strict'
import { closeSync, openSync, readSync, writeSync } from 'node:fs'
import { readFile, stat, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { after, before, describe, test } from 'node:test'
import {
  Encrypter,
  generateX25519Identity,
  identityToRecipient
} from 'age-encryption'
import { Dumper } from '../../src/core/dumper.ts'
import { DecryptionFailed } from '../../src/core/errors.ts'
import { captureLogger } from '../../test-support/capture-logger.ts'
import {
  pgDump,
  seededServer,
  type SeededServer
} from '../../test-support/fixtures.ts'
import { clientBinDir } from '../../test-support/pg-server.ts'

let seeded: SeededServer

before(async () => {
  seeded = await seededServer({
    database: 'age_toctou',
    // many 64 KiB chunks of rows, then a small table at the end
    seed: `CREATE TABLE a_rows(id int PRIMARY KEY, payload text);
      INSERT INTO a_rows SELECT g, md5(g::text) FROM generate_series(1, 100000) g;
      CREATE TABLE z_tail(id int);
      INSERT INTO z_tail VALUES (1), (2);`,
    tempPrefix: 'pg-dumper-age-toctou-'
  })
})
after(() => seeded?.stop())

/** Flips one byte of `file` in place, 200 bytes before its end (its last age chunk). */
function flipLateByte(file: string, size: number): void {
  const fd = openSync(file, 'r+')
  try {
    const at = size - 200
    const byte = Buffer.alloc(1)
    readSync(fd, byte, 0, 1, at)
    byte[0] ^= 0x01
    writeSync(fd, byte, 0, 1, at)
  } finally {
    closeSync(fd)
  }
}

describe('an age file that changes after it was authenticated', () => {
  for (const format of ['custom', 'plain'] as const) {
    test(`a ${format} dump damaged between the authenticating pass and the restore fails with DecryptionFailed saying the target may hold part of it`, async () => {
      const { server, db, dir } = seeded
      const plain = join(dir, `toctou.${format}`)
      await pgDump(server, db, [
        `--format=${format}`,
        '--compress=0',
        `--file=${plain}`
      ])
      const identity = await generateX25519Identity()
      const encrypter = new Encrypter()
      encrypter.addRecipient(await identityToRecipient(identity))
      const file = join(dir, `toctou-${format}.age`)
      await writeFile(file, await encrypter.encrypt(await readFile(plain)))
      const { size } = await stat(file)
      assert.ok(size > 4 * 64 * 1024, 'several chunks')

      const target = await server.createDatabase(`age_toctou_${format}`)
      const logger = captureLogger()
      let damaged = false
      const info = logger.info.bind(logger)
      logger.info = message => {
        info(message)
        // the whole file was authenticated; the restore passes come next
        if (message.startsWith('Decrypting ')) {
          flipLateByte(file, size)
          damaged = true
        }
      }
      const dumper = new Dumper({
        connection: server.conninfo(target),
        pgBinDir: clientBinDir(),
        logger
      })
      const restored = dumper.restore({ file, decryptKey: identity })
      await assert.rejects(restored, (error: Error) => {
        assert.ok(error instanceof DecryptionFailed, String(error))
        assert.match(
          error.message,
          /changed on disk during the restore: every chunk of it was authenticated before anything was restored, but reading it again failed to decrypt \(invalid tag\)\. .* may hold part of the dump: restore again from an intact copy\./
        )
        assert.doesNotMatch(error.message, /Nothing (of it )?was restored/)
        return true
      })
      assert.ok(damaged, 'the file was damaged after it was authenticated')
      assert.match(logger.text(), /Authenticated every chunk of .*toctou/)
    })
  }
})
