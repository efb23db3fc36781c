// A custom dump is read back while pg_dump writes it: its data blocks are
// read from the growing file in this process, and the finished file's table
// of contents, data offsets and data are checked against what was read. The checks are
// tried on real archives, and on pg_dumps that damage their file after they
// wrote it (the guarantee: nothing damaged takes the target's name).
import assert from 'node:assert/strict'
import { createHash } from 'node:crypto'
import { existsSync } from 'node:fs'
import {
  chmod,
  mkdir,
  readFile,
  readdir,
  symlink,
  writeFile
} from 'node:fs/promises'
import { join, resolve } from 'node:path'
import { crc32 } from 'node:zlib'
import { after, before, describe, test } from 'node:test'
import { DataProblem } from '../../src/core/archive/custom-data.ts'
import { readCustomFile } from '../../src/core/archive/custom-file.ts'
import {
  OFFSET_NO_DATA,
  OFFSET_SET,
  parseCustomToc,
  readCustomToc,
  tocParse
} from '../../src/core/archive/custom-toc.ts'
import { readDataFile } from '../../src/core/archive/data-file.ts'
import { Dumper } from '../../src/core/dumper.ts'
import { withoutProgress } from '../../src/core/dump/write.ts'
import { PgDumpFailed } from '../../src/core/errors.ts'
import { captureLogger } from '../../test-support/capture-logger.ts'
import {
  pgDump,
  seededServer,
  type SeededServer
} from '../../test-support/fixtures.ts'
import { clientBinDir, clientTool, run } from '../../test-support/pg-server.ts'

let seeded: SeededServer
let archive: string

// large enough that pg_dump writes for a while and the follower catches up
// with it many times; mixed data, a sequence, a large object
const SEED = `
CREATE TABLE "Mixed Case" (id serial PRIMARY KEY, body text, b bytea);
INSERT INTO "Mixed Case" (body, b)
  SELECT md5(i::text) || repeat(md5((i * 7)::text), 20), sha256(int4send(i))
  FROM generate_series(1, 60000) i;
CREATE TABLE empty_one (x int);
CREATE SCHEMA other;
CREATE TABLE other.t AS SELECT generate_series(1, 5000) AS x;
SELECT lo_from_bytea(0, 'a large object');
`

before(async () => {
  seeded = await seededServer({
    database: 'follow',
    seed: SEED,
    tempPrefix: 'pg-dumper-follow-'
  })
  archive = join(seeded.dir, 'bare.dump')
  await pgDump(seeded.server, seeded.db, ['-Fc', '-f', archive])
})
after(() => seeded?.stop())

const dumper = (logger = captureLogger(), pgBinDir = clientBinDir()) => ({
  logger,
  dumper: new Dumper({
    connection: seeded.server.conninfo(seeded.db),
    pgBinDir,
    logger
  })
})

/** The ids `pg_restore --list` shows, in order. */
async function listedIds(file: string): Promise<number[]> {
  const result = await run(clientTool('pg_restore'), ['--list', file])
  assert.equal(result.code, 0, result.stderr)
  return result.stdout
    .split('\n')
    .filter(line => /^\d+;/.test(line))
    .map(line => Number(line.split(';')[0]))
}

/**
 * What `pg_restore --list` shows, sorted, without the dump and object ids
 * (they shift with the entries) and without ACL entries: the Dumper dumps
 * with --no-privileges, the bare dump has them, and whether there are any
 * depends on the server's major (pg_dump 15 writes an `ACL - SCHEMA public`
 * for a 14 server, none for a 15 one).
 */
async function listedEntries(file: string): Promise<string[]> {
  const result = await run(clientTool('pg_restore'), ['--list', file])
  assert.equal(result.code, 0, result.stderr)
  return result.stdout
    .split('\n')
    .filter(line => /^\d+;/.test(line))
    .map(line => line.replace(/^\d+; \d+ \d+ /, ''))
    .filter(entry => !entry.startsWith('ACL '))
    .sort()
}

describe('the table of contents of a custom archive', () => {
  test('is parsed with every entry pg_restore lists, and each data offset points at its block', async () => {
    const toc = await readCustomToc(archive)
    assert.ok(toc)
    const ids = toc.entries.map(e => e.dumpId)
    const listed = await listedIds(archive)
    for (const id of listed) assert.ok(ids.includes(id))
    // the entries pg_restore --list shows, and only those, are counted
    const counted = toc.entries.filter(e => e.listed).map(e => e.dumpId)
    assert.deepEqual(counted.sort(), listed.sort())
    assert.ok(counted.length < toc.entries.length)
    // table data (and the large object) have set offsets, others none
    const withData = toc.entries.filter(e => e.flag === OFFSET_SET)
    assert.ok(withData.length >= 4, `data entries: ${withData.length}`)
    assert.ok(toc.entries.some(e => e.flag === OFFSET_NO_DATA))
    for (const e of withData) assert.ok(e.position >= toc.dataStart)
    // each offset points at its block, read back in this process
    assert.ok(await readCustomFile(archive, () => false))
  })

  test('is not parsed from a prefix that stops inside it, nor from a plain script', async () => {
    const bytes = await readFile(archive)
    const toc = parseCustomToc(bytes)
    assert.ok(toc)
    assert.equal(
      parseCustomToc(bytes.subarray(0, toc.dataStart - 1)),
      undefined
    )
    assert.equal(
      parseCustomToc(Buffer.from('-- PostgreSQL database dump\n')),
      undefined
    )
  })

  test('a version this parser does not know is told apart from a short read', async () => {
    const bytes = Buffer.from(await readFile(archive))
    assert.equal(tocParse(bytes.subarray(0, 40)), 'short')
    bytes[6] = 99 // archive version 1.99
    assert.equal(tocParse(bytes), 'unknown')
  })

  test('an offset moved to another block, or past the end, is named', async () => {
    const bytes = await readFile(archive)
    const toc = parseCustomToc(bytes)
    assert.ok(toc)
    const [first, second] = toc.entries.filter(e => e.flag === OFFSET_SET)
    const moved = Buffer.from(bytes)
    // entry `first` now points at `second`'s block
    moved.writeUIntLE(second.position, first.offsetAt + 1, 6)
    const movedFile = join(seeded.dir, 'moved-offset.dump')
    await writeFile(movedFile, moved)
    const refused = (file: string, message: RegExp) =>
      assert.rejects(
        readCustomFile(file, () => false),
        (error: unknown) => {
          assert.ok(error instanceof DataProblem, String(error))
          assert.match(error.message, message)
          return true
        }
      )
    await refused(
      movedFile,
      new RegExp(
        `data offset of entry ${first.dumpId} points at block ${second.dumpId}`
      )
    )
    const past = Buffer.from(bytes)
    past.writeUIntLE(bytes.length + 10, first.offsetAt + 1, 6)
    const pastFile = join(seeded.dir, 'past-offset.dump')
    await writeFile(pastFile, past)
    await refused(pastFile, /lies outside the data blocks/)
  })
})

describe('a custom dump', () => {
  test('is read back in this process while pg_dump writes it, no pg_restore run', async () => {
    const { dumper: d, logger } = dumper()
    const file = join(seeded.dir, 'followed.dump')
    const result = await d.dump({ file })
    const bytes = await readFile(file)
    assert.equal(
      result.sha256,
      createHash('sha256').update(bytes).digest('hex')
    )
    assert.equal(result.size, bytes.length)
    const commands = logger.lines
      .filter(l => l.message.startsWith('$ '))
      .map(l => l.message)
    assert.ok(
      commands.some(c => /pg_dump /.test(c)),
      commands.join('\n')
    )
    assert.ok(
      !commands.some(c => /pg_restore|mkfifo/.test(c)),
      commands.join('\n')
    )
    assert.match(
      logger.text(),
      /Verified: pg-dumper read the whole archive back itself while pg_dump wrote it \(\d+ entries, every data block inflated to its end\); the finished file's table of contents and data offsets match/
    )
    // the finished file holds what the bare dump holds
    assert.deepEqual(await listedEntries(file), await listedEntries(archive))
  })

  test('of an archive version the reader does not know is read back by pg_restore once finished', async () => {
    // pg_dump's archive marked 1.99 after it is written: the follower
    // leaves it, and the finished file goes to pg_restore, which refuses it
    const bin = await damagingPgDump(
      'unknown-version',
      `const bytes = readFileSync(file)
bytes[6] = 99
writeFileSync(file, bytes)`
    )
    const { dumper: d, logger } = dumper(captureLogger(), bin)
    const target = join(seeded.dir, 'unknown-version.dump')
    await assert.rejects(d.dump({ file: target }), (error: unknown) => {
      assert.ok(error instanceof PgDumpFailed, String(error))
      assert.match(
        error.message,
        /^pg_dump exited 0 but its table of contents cannot be read back: pg_restore: error: unsupported version \(1\.99\) in file header/
      )
      return true
    })
    assert.ok(
      logger.lines.some(l => /^\$ \S*pg_restore --list /.test(l.message)),
      logger.text()
    )
    assert.equal(existsSync(target), false)
  })
})

describe('a parallel directory dump', () => {
  test('reads each table back as pg_dump reports it finished, the rest once pg_dump exits', async () => {
    const { dumper: d, logger } = dumper()
    const file = join(seeded.dir, 'parallel.dir')
    const result = await d.dump({ file, format: 'directory', jobs: 2 })
    assert.equal(result.format, 'directory')
    const commands = logger.lines
      .filter(l => l.message.startsWith('$ '))
      .map(l => l.message)
    assert.ok(
      commands.some(c => / --format=directory .*--jobs=2 --verbose /.test(c)),
      commands.join('\n')
    )
    // gzip data files are read back in this process, not by pg_restore
    const early = commands.filter(c =>
      /--use-list=\S+finished-\d+\.list /.test(c)
    )
    const late = commands.filter(c => /--use-list=\S+part-\d+\.list /.test(c))
    assert.equal(early.length, 0, commands.join('\n'))
    // what is left has no table data: one pg_restore reads it
    assert.equal(late.length, 1, commands.join('\n'))
    const verified =
      /Verified: the whole archive was read back \((\d+) entries; (\d+) read as pg_dump wrote them\)/.exec(
        logger.text()
      )
    assert.ok(verified, logger.text())
    // three tables' data (the large object is read at the end)
    assert.equal(Number(verified[2]), 3)
    // pg_dump's progress lines went to the debug log only
    assert.ok(
      logger.lines.some(
        l =>
          l.level === 'debug' &&
          /^pg_dump: finished item \d+ TABLE DATA /.test(l.message)
      )
    )
    assert.ok(
      !logger.lines.some(
        l => l.level !== 'debug' && /^pg_dump: /.test(l.message)
      )
    )
  })

  test('its data files are read as pg_dump writes them, not once it reports them finished', async () => {
    // a pg_dump whose reports come 0.5 s late: by then each file has
    // been read back as it was written
    const bin = join(seeded.dir, 'late-reports')
    await mkdir(bin)
    const real = clientBinDir()
    const tool = (t: string) => (real ? join(real, t) : t)
    for (const t of ['pg_restore', 'psql']) await symlink(tool(t), join(bin, t))
    await writeFile(
      join(bin, 'pg_dump'),
      `#!/bin/bash
set -o pipefail
{ "${tool('pg_dump')}" "$@" 2>&1 1>&3 | while IFS= read -r line; do
  case "$line" in "pg_dump: finished item "*) sleep 0.5 ;; esac
  printf '%s\\n' "$line" >&2
done; } 3>&1
`
    )
    await chmod(join(bin, 'pg_dump'), 0o755)
    const { dumper: d, logger } = dumper(captureLogger(), bin)
    await d.dump({
      file: join(seeded.dir, 'late.dir'),
      format: 'directory',
      jobs: 2
    })
    const read =
      /Data files read back as pg_dump wrote them: (\d+) of their (\d+) bytes before pg_dump reported their items finished/.exec(
        logger.text()
      )
    assert.ok(read, logger.text())
    assert.ok(Number(read[2]) > 100_000, read[0])
    assert.equal(read[1], read[2])
  })

  test('its gzip data files are inflated to the end: a damaged or cut file is refused', async () => {
    const dir = join(seeded.dir, 'parallel.dir')
    const names = (await readdir(dir)).filter(n => /^\d+\.dat\.gz$/.test(n))
    assert.ok(names.length >= 3, names.join(' '))
    const largest = { name: '', size: -1 }
    for (const name of names) {
      const bytes = await readFile(join(dir, name))
      assert.equal(await readDataFile(join(dir, name)), crc32(bytes))
      if (bytes.length > largest.size)
        Object.assign(largest, { name, size: bytes.length })
    }
    const bytes = await readFile(join(dir, largest.name))
    const damaged = {
      'a flipped byte in the deflate data': (b: Buffer) => {
        b[b.length >> 1] ^= 0xff
        return b
      },
      'the gzip trailer CRC changed': (b: Buffer) => {
        b[b.length - 8] ^= 0x01
        return b
      },
      'cut short': (b: Buffer) => b.subarray(0, b.length - 100)
    }
    for (const [what, damage] of Object.entries(damaged)) {
      const file = join(seeded.dir, `damaged-${largest.name}`)
      await writeFile(file, damage(Buffer.from(bytes)))
      await assert.rejects(readDataFile(file), Error, what)
    }
    // an uncompressed data file is read through
    const plain = join(seeded.dir, '1.dat')
    await writeFile(plain, 'copy text\n')
    assert.equal(await readDataFile(plain), crc32(Buffer.from('copy text\n')))
  })

  test("a failure's message keeps pg_dump's errors and drops its progress lines", () => {
    const stderr = [
      'pg_dump: last built-in OID is 16383',
      'pg_dump: reading extensions',
      'pg_dump: finished item 3365 TABLE DATA documents',
      'pg_dump: error: query failed: ERROR:  permission denied for table t',
      'pg_dump: detail: Query was: LOCK TABLE public.t IN ACCESS SHARE MODE',
      'pg_dump: warning: something',
      'a line that continues a message'
    ].join('\n')
    assert.equal(
      withoutProgress(stderr),
      [
        'pg_dump: error: query failed: ERROR:  permission denied for table t',
        'pg_dump: detail: Query was: LOCK TABLE public.t IN ACCESS SHARE MODE',
        'pg_dump: warning: something',
        'a line that continues a message'
      ].join('\n')
    )
  })
})

/**
 * A pg-bin-dir whose pg_dump runs the real one, waits until what it wrote
 * has been read back (a second; no pg_restore left running), then damages
 * it with `how`, a script given `file`.
 */
async function damagingPgDump(name: string, how: string): Promise<string> {
  const dir = join(seeded.dir, name)
  await mkdir(dir)
  const real = clientBinDir()
  const tool = (t: string) => (real ? join(real, t) : t)
  for (const t of ['pg_restore', 'psql']) await symlink(tool(t), join(dir, t))
  const damage = join(dir, 'damage.ts')
  const tocModule = resolve('src/core/archive/custom-toc.ts')
  await writeFile(
    damage,
    `import { readdirSync, readFileSync, writeFileSync } from 'node:fs'
import { parseCustomToc } from ${JSON.stringify(tocModule)}
const file = process.argv[2]
${how}
`
  )
  await writeFile(
    join(dir, 'pg_dump'),
    `#!/bin/sh
"${tool('pg_dump')}" "$@" || exit $?
for arg in "$@"; do
  case "$arg" in --file=*) file="\${arg#--file=}" ;; esac
done
[ -n "$file" ] || exit 0
sleep 1
# until pg_restore has read back what it was given, and exited
for i in $(seq 400); do pgrep -P $PPID -x pg_restore >/dev/null || break; sleep 0.05; done
"${process.execPath}" "${damage}" "$file" || exit 99
exit 0
`
  )
  await chmod(join(dir, 'pg_dump'), 0o755)
  return dir
}

test('a parallel directory dump whose data file changes after it was read back: PgDumpFailed, nothing at the target', async () => {
  const bin = await damagingPgDump(
    'directory-damage',
    `const name = readdirSync(file).filter(n => /^\\d+\\.dat\\.gz$/.test(n)).sort()[0]
const bytes = readFileSync(file + '/' + name)
bytes[bytes.length >> 1] ^= 0xff
writeFileSync(file + '/' + name, bytes)`
  )
  const { dumper: d } = dumper(captureLogger(), bin)
  const target = join(seeded.dir, 'damaged.dir')
  await assert.rejects(
    d.dump({ file: target, format: 'directory', jobs: 2 }),
    (error: unknown) => {
      assert.ok(error instanceof PgDumpFailed, String(error))
      assert.match(
        error.message,
        /^pg_dump exited 0 but its data file \d+\.dat\.gz changed after it was read back/
      )
      return true
    }
  )
  assert.equal(existsSync(target), false)
})

describe('a pg_dump that damages its archive after writing it', () => {
  const cases = [
    {
      what: 'a flipped byte in the data, after it was read back',
      how: 'bytes[(toc.dataStart + bytes.length) >> 1] ^= 0xff',
      message: /its data blocks changed after they were read back/
    },
    {
      what: 'a data offset rewritten to point at another block',
      how: 'bytes.writeUIntLE(data[1].position, data[0].offsetAt + 1, 6)',
      message:
        /its table of contents is wrong: the data offset of entry \d+ points at block \d+/
    },
    {
      what: 'a definition in the table of contents rewritten after it was read back',
      how: "bytes[bytes.indexOf('CREATE TABLE')] = 0x63",
      message:
        /its table of contents changed after it was read back \(at byte \d+\), not only its data offsets/
    },
    {
      what: 'the file cut after it was read back whole',
      how: 'bytes = bytes.subarray(0, bytes.length - 100)',
      message:
        /the file changed while it was read back \(\d+ bytes read, \d+ in the file\)/
    }
  ]
  for (const c of cases) {
    test(`${c.what}: PgDumpFailed, and nothing at the target`, async () => {
      const bin = await damagingPgDump(
        c.what.replace(/\W+/g, '-'),
        `let bytes = readFileSync(file)
const toc = parseCustomToc(bytes)
const data = toc.entries.filter(e => e.flag === 2)
${c.how}
writeFileSync(file, bytes)`
      )
      const { dumper: d } = dumper(captureLogger(), bin)
      const target = join(seeded.dir, `${c.what.replace(/\W+/g, '-')}.dump`)
      await assert.rejects(d.dump({ file: target }), (error: unknown) => {
        assert.ok(error instanceof PgDumpFailed, String(error))
        assert.match(error.message, /^pg_dump exited 0 but /)
        assert.match(error.message, c.message)
        return true
      })
      assert.equal(existsSync(target), false)
      const left = await readdir(seeded.dir)
      assert.deepEqual(
        left.filter(f => f.includes('.partial')),
        []
      )
    })
  }
})
