// A dump streamed into a Writable (a store's stream), read back as it
// passes: a custom archive written to a pipe (its table of contents first,
// without offsets, then the data blocks) is read back in this process and
// holds what pg_restore lists; a pg_dump that exits 0 but whose stream is
// cut or damaged is refused, and the stream is never ended.
import assert from 'node:assert/strict'
import { chmod, mkdir, symlink, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { Writable } from 'node:stream'
import { after, before, describe, test } from 'node:test'
import { Dumper } from '../../src/core/dumper.ts'
import { captureLogger } from '../../test-support/capture-logger.ts'
import {
  pgDump,
  seededServer,
  seedRealistic,
  type SeededServer
} from '../../test-support/fixtures.ts'
import { clientBinDir, clientTool, run } from '../../test-support/pg-server.ts'

let seeded: SeededServer

before(async () => {
  seeded = await seededServer({
    database: 'streamdump',
    seed: seedRealistic,
    tempPrefix: 'pg-dumper-stream-dump-'
  })
})
after(() => seeded?.stop())

/** A Writable that keeps what it is given, and whether it was ended. */
function collector(): Writable & { bytes: () => Buffer } {
  const chunks: Buffer[] = []
  const sink = new Writable({
    write(chunk: Buffer, _encoding, done) {
      chunks.push(Buffer.from(chunk))
      done()
    }
  })
  return Object.assign(sink, { bytes: () => Buffer.concat(chunks) })
}

const dumper = (logger = captureLogger(), pgBinDir = clientBinDir()) =>
  new Dumper({
    connection: seeded.server.conninfo(seeded.db),
    pgBinDir,
    logger
  })

/** The entries `pg_restore --list` shows of an archive file. */
async function listed(file: string): Promise<number> {
  const result = await run(clientTool('pg_restore'), ['--list', file])
  assert.equal(result.code, 0, result.stderr)
  return result.stdout.split('\n').filter(l => /^\d+;/.test(l)).length
}

/**
 * A pg-bin-dir whose pg_dump runs the real one to its standard output and
 * writes what it printed to its --file (the FIFO) changed by `damage` (a
 * function of the whole output), then exits with the real one's status.
 */
async function damagingPgDump(name: string, damage: string): Promise<string> {
  const dir = join(seeded.dir, name)
  await mkdir(dir)
  const real = clientBinDir()
  const tool = (t: string) => (real ? join(real, t) : t)
  for (const t of ['pg_restore', 'psql']) await symlink(tool(t), join(dir, t))
  const script = join(dir, 'pg_dump.mjs')
  await writeFile(
    script,
    `import { spawn } from 'node:child_process'
import { writeFileSync } from 'node:fs'
const args = process.argv.slice(2)
const at = args.findIndex(a => a.startsWith('--file='))
if (at < 0) {
  const plain = spawn(${JSON.stringify(tool('pg_dump'))}, args, { stdio: 'inherit' })
  plain.on('close', code => process.exit(code ?? 1))
} else {
const file = args[at].slice('--file='.length)
args.splice(at, 1)
const child = spawn(${JSON.stringify(tool('pg_dump'))}, args, { stdio: ['ignore', 'pipe', 'inherit'] })
const chunks = []
child.stdout.on('data', c => chunks.push(c))
child.on('close', code => {
  const damage = ${damage}
  writeFileSync(file, damage(Buffer.concat(chunks)))
  process.exit(code ?? 1)
})
}
`
  )
  await writeFile(
    join(dir, 'pg_dump'),
    `#!/bin/sh\nexec "${process.execPath}" "${script}" "$@"\n`
  )
  await chmod(join(dir, 'pg_dump'), 0o755)
  return dir
}

describe('a dump streamed into a Writable', () => {
  for (const compression of [undefined, { method: 'none' as const }]) {
    const how = compression ? 'uncompressed' : 'gzip'
    test(`a ${how} custom archive written to a pipe reads back as it passes and lists as pg_dump's own file`, async () => {
      const logger = captureLogger()
      const sink = collector()
      const result = await dumper(logger).dumpStream(
        {
          file: 'streamed.dump',
          ...(compression && { compression })
        },
        sink
      )
      assert.equal(sink.writableEnded, true)
      const streamed = join(seeded.dir, `streamed-${how}.dump`)
      await writeFile(streamed, sink.bytes())
      assert.equal(result.size, sink.bytes().length)
      const direct = join(seeded.dir, `direct-${how}.dump`)
      await pgDump(seeded.server, seeded.db, [
        '-Fc',
        ...(compression ? ['-Z0'] : []),
        '-f',
        direct
      ])
      const entries = await listed(direct)
      assert.equal(await listed(streamed), entries)
      assert.match(
        logger.text(),
        /Verified: pg-dumper read the whole archive back itself as it passed \(\d+ entries, every data block (inflated|read) to its end\); streamed/
      )
      // what pg_restore reads of it end to end (a pipe: no offsets)
      const read = await run(clientTool('pg_restore'), [
        '--file=/dev/null',
        streamed
      ])
      assert.equal(read.code, 0, read.stderr)
    })
  }

  const damaged = [
    {
      what: 'a custom archive cut short',
      format: 'custom' as const,
      damage: 'b => b.subarray(0, b.length - 50)',
      message: /cannot be read back end to end: it ends inside the data block/
    },
    {
      what: 'a custom archive with a damaged data block',
      format: 'custom' as const,
      damage:
        'b => { b[b.length - 300] ^= 0xff; b[b.length - 301] ^= 0xff; return b }',
      message: /cannot be read back end to end/
    },
    {
      // an archive version this reader does not know goes to pg_restore,
      // which reads the same bytes as they pass (here: and refuses them)
      what: 'a custom archive of a version only pg_restore may know',
      format: 'custom' as const,
      damage: 'b => { b[6] = 99; return b }',
      message:
        /cannot be read back end to end: pg_restore: error: unsupported version \(1\.99\)/
    },
    {
      what: 'a plain script without its closing line',
      format: 'plain' as const,
      damage: `b => b.subarray(0, b.lastIndexOf('-- PostgreSQL database dump complete'))`,
      message: /the plain dump is incomplete/
    }
  ]
  for (const [i, { what, format, damage, message }] of damaged.entries()) {
    test(`${what} that pg_dump exits 0 for is refused, and the stream is never ended`, async () => {
      const bin = await damagingPgDump(`damaging-${i}`, damage)
      const sink = collector()
      await assert.rejects(
        dumper(captureLogger(), bin).dumpStream({ file: 'x', format }, sink),
        (error: Error) => {
          assert.equal(error.name, 'PgDumpFailed')
          assert.match(error.message, message)
          return true
        }
      )
      assert.equal(sink.writableEnded, false)
    })
  }
})
