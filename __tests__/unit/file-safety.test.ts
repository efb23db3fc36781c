// Which paths a dump may be read from or written to, partial names that fit,
// and temporary paths whose clean-up never hides the first error (issue 11).
import assert from 'node:assert/strict'
import { execFileSync } from 'node:child_process'
import { existsSync, statSync } from 'node:fs'
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { basename, dirname, join } from 'node:path'
import { after, before, describe, test } from 'node:test'
import {
  detectArchiveFormat,
  pgDumpFileFormat,
  specialFileKind,
  UnrecognizedDumpError
} from '../../src/core/archive/format.ts'
import {
  NAME_MAX,
  partialPath,
  siblingPath,
  unsafeTarget
} from '../../src/core/dump/atomic-file.ts'
import { lockPath } from '../../src/core/dump/target-lock.ts'
import { plainDumpHasEntry } from '../../src/core/dump/verify.ts'
import {
  DumperError,
  systemToolError,
  ToolError
} from '../../src/core/errors.ts'
import { Cancellation } from '../../src/core/process/cancellation.ts'
import { withTrackedTemp } from '../../src/core/process/temp.ts'

const linux = process.platform === 'linux' ? false : 'mkfifo: Linux only'
let dir: string
before(async () => {
  dir = await mkdtemp(join(tmpdir(), 'pg-dumper-file-safety-'))
})
after(() => rm(dir, { recursive: true, force: true }))

const PLAIN_HEAD = '--\n-- PostgreSQL database dump\n--\n\n\\restrict abc\n'

describe('partial and old names beside a target', () => {
  const cases: [string, string][] = [
    ['an ordinary name', 'backup.dump'],
    ['236 bytes', 'x'.repeat(231) + '.dump'],
    ['255 bytes', 'x'.repeat(250) + '.dump'],
    ['255 bytes of two-byte characters', 'Ü'.repeat(125) + '.dump']
  ]
  for (const [name, file] of cases) {
    test(`${name}: the partial name is hidden, beside the target and at most ${NAME_MAX} bytes`, () => {
      const target = join('/data', file)
      const partial = partialPath(target)
      assert.equal(dirname(partial), '/data')
      assert.ok(basename(partial).startsWith('.'))
      assert.ok(partial.endsWith('.partial'))
      assert.ok(Buffer.byteLength(basename(partial)) <= NAME_MAX)
      assert.notEqual(partialPath(target), partial, 'not fresh')
    })
  }

  test('a name that fits keeps its readable form .<name>.<random>.partial', () => {
    assert.match(
      partialPath('/data/backup.dump'),
      /^\/data\/\.backup\.dump\.[0-9a-f]{8}\.partial$/
    )
  })

  test('the lock is .<name>.lock beside the target, the same for every run; hashed when too long', () => {
    assert.equal(lockPath('/data/backup.dump'), '/data/.backup.dump.lock')
    const long = join('/data', 'x'.repeat(250) + '.dump')
    assert.match(lockPath(long), /^\/data\/\.pg-dumper-[0-9a-f]{16}\.lock$/)
    assert.equal(lockPath(long), lockPath(long))
    assert.notEqual(lockPath(long), lockPath(`${long}x`))
  })

  test('a name too long for that is hashed: .pg-dumper-<hash>.<random>.<suffix>', () => {
    const long = 'x'.repeat(250) + '.dump'
    assert.match(
      siblingPath(join('/data', long), 'old'),
      /^\/data\/\.pg-dumper-[0-9a-f]{16}\.[0-9a-f]{8}\.old$/
    )
  })
})

describe('pgDumpFileFormat: only what pg_dump writes', () => {
  const tar = (member: string) => {
    const b = Buffer.alloc(1024)
    b.write(member, 0)
    b.write('ustar', 257, 'latin1')
    return b
  }
  const cases: [string, Buffer, string | undefined][] = [
    ['custom', Buffer.from('PGDMP\x01\x10\x00'), 'custom'],
    ['tar with toc.dat first', tar('toc.dat'), 'tar'],
    ['plain with pg_dump’s header', Buffer.from(PLAIN_HEAD), 'plain'],
    [
      'plain with CRLF (Windows)',
      Buffer.from(PLAIN_HEAD.replace(/\n/g, '\r\n')),
      'plain'
    ],
    ['a tar of something else', tar('README.md'), undefined],
    [
      'SQL pg_dump did not write',
      Buffer.from('CREATE TABLE t();\n'),
      undefined
    ],
    [
      'pg_dumpall’s header',
      Buffer.from('--\n-- PostgreSQL database cluster dump\n--\n'),
      undefined
    ],
    ['a README', Buffer.from('# title\n'), undefined],
    ['nothing', Buffer.alloc(0), undefined]
  ]
  for (const [name, head, format] of cases) {
    test(`${name}: ${format ?? 'not a dump'}`, () => {
      assert.equal(pgDumpFileFormat(head), format)
    })
  }
})

describe('unsafeTarget', { skip: linux }, () => {
  const at = async (name: string, content?: string | Buffer) => {
    const path = join(dir, name)
    if (content !== undefined) await writeFile(path, content)
    return path
  }

  test('a missing target, an earlier custom or plain dump may be written', async () => {
    assert.equal(unsafeTarget(await at('absent.dump'), false), undefined)
    assert.equal(
      unsafeTarget(await at('old.dump', 'PGDMP\x01\x10'), false),
      undefined
    )
    assert.equal(
      unsafeTarget(await at('old.sql', PLAIN_HEAD), false),
      undefined
    )
  })

  test('an existing file that is not a dump, or an empty one, is refused, saying what to do', async () => {
    assert.match(
      unsafeTarget(await at('README.md', '# keep\n'), false) ?? '',
      /^it is an existing file that is not a PostgreSQL dump, and only an earlier dump is replaced \(remove it first/
    )
    assert.match(
      unsafeTarget(await at('empty.dump', ''), false) ?? '',
      /^it is an existing empty file, /
    )
  })

  test('a FIFO is refused without being opened', () => {
    const fifo = join(dir, 'pipe.dump')
    execFileSync('mkfifo', [fifo])
    assert.equal(
      unsafeTarget(fifo, false),
      'it is a FIFO (named pipe), and a dump is written to a regular file (or, in the directory format, a folder)'
    )
    assert.match(
      specialFileKind(statSync(fifo)) ?? '',
      /FIFO/,
      'the FIFO is still there'
    )
  })

  test('a name longer than 255 bytes is refused, counting bytes', () => {
    assert.equal(
      unsafeTarget(join(dir, 'Ü'.repeat(126) + '.dump'), false),
      'its name is 257 bytes long, longer than the 255 a file name may be'
    )
  })

  test('a folder: only an earlier directory dump, and only for the directory format', async () => {
    const folder = join(dir, 'earlier.dir')
    await mkdir(folder)
    assert.match(unsafeTarget(folder, true) ?? '', /not a directory-format/)
    await writeFile(join(folder, 'toc.dat'), 'PGDMP')
    assert.equal(unsafeTarget(folder, true), undefined)
    assert.match(unsafeTarget(folder, false) ?? '', /this format writes a file/)
  })
})

describe('reading a dump never opens a FIFO', { skip: linux }, () => {
  test('detectArchiveFormat refuses a FIFO as not a dump, at once', async () => {
    const fifo = join(dir, 'read-pipe.dump')
    execFileSync('mkfifo', [fifo])
    await assert.rejects(detectArchiveFormat(fifo), (e: unknown) => {
      assert.ok(e instanceof UnrecognizedDumpError)
      assert.match(e.message, /is a FIFO \(named pipe\), not a dump: expected/)
      return true
    })
  })

  test('/dev/null is a character device', () => {
    assert.equal(specialFileKind(statSync('/dev/null')), 'a character device')
  })
})

describe('plainDumpHasEntry', () => {
  test('a script with an object comment has an entry; one with settings only has none', async () => {
    const full = join(dir, 'full.sql')
    const empty = join(dir, 'empty.sql')
    const settings = `${PLAIN_HEAD}\nSET statement_timeout = 0;\n`
    await writeFile(
      full,
      `${settings}\n--\n-- Name: app; Type: SCHEMA; Schema: -; Owner: me\n--\n\nCREATE SCHEMA app;\n`
    )
    await writeFile(
      empty,
      `${settings}\n--\n-- PostgreSQL database dump complete\n--\n`
    )
    assert.equal(await plainDumpHasEntry(full), true)
    assert.equal(await plainDumpHasEntry(empty), false)
  })
})

describe('withTrackedTemp keeps the first error', () => {
  // rm cannot remove a path under a regular file: ENOTDIR, even with force
  const unremovable = async () => {
    const file = join(dir, `blocker-${Math.random()}`)
    await writeFile(file, '')
    return join(file, 'partial')
  }

  test('when the work fails and the clean-up fails too, the work’s error is thrown', async () => {
    const cancellation = new Cancellation()
    const first = new ToolError('failed', 'pg_dump: the real reason')
    await assert.rejects(
      withTrackedTemp(cancellation, { path: await unremovable() }, () =>
        Promise.reject(first)
      ),
      (e: unknown) => e === first
    )
  })

  test('when only the clean-up fails, that is a command ToolError naming the path', async () => {
    const cancellation = new Cancellation()
    const path = await unremovable()
    await assert.rejects(
      withTrackedTemp(cancellation, { path }, () => Promise.resolve(1)),
      (e: unknown) => {
        assert.ok(e instanceof ToolError)
        assert.equal(e.kind, 'command')
        assert.match(e.message, /^Could not remove the temporary .*: ENOTDIR/)
        assert.ok(e.message.includes(path))
        return true
      }
    )
  })

  test('a folder that cannot be made in TMPDIR is a command ToolError naming TMPDIR', async () => {
    const cancellation = new Cancellation()
    const saved = process.env.TMPDIR
    const file = join(dir, 'tmp-is-a-file')
    await writeFile(file, '')
    process.env.TMPDIR = file
    try {
      let ran = false
      await assert.rejects(
        withTrackedTemp(cancellation, { prefix: 'x' }, () => {
          ran = true
          return Promise.resolve()
        }),
        (e: unknown) => {
          assert.ok(e instanceof ToolError)
          assert.equal(e.kind, 'command')
          assert.ok(
            e.message.startsWith(
              `Cannot create a temporary folder in TMPDIR (${file}): ENOTDIR: not a directory, mkdtemp`
            ),
            e.message
          )
          return true
        }
      )
      assert.equal(ran, false)
    } finally {
      if (saved === undefined) delete process.env.TMPDIR
      else process.env.TMPDIR = saved
    }
  })

  test('a path removed by the work itself is no clean-up error', async () => {
    const cancellation = new Cancellation()
    const path = join(dir, 'renamed-away')
    const result = await withTrackedTemp(cancellation, { path }, async p => {
      await writeFile(p, 'x')
      await rm(p)
      return 'done'
    })
    assert.equal(result, 'done')
    assert.ok(!existsSync(path))
  })
})

describe('systemToolError', () => {
  test('a system error becomes a command ToolError with its message', () => {
    const error = Object.assign(new Error('EROFS: read-only file system'), {
      code: 'EROFS',
      syscall: 'open'
    })
    const typed = systemToolError(error)
    assert.ok(typed instanceof ToolError)
    assert.equal(typed.kind, 'command')
    assert.equal(typed.message, 'EROFS: read-only file system')
  })

  test('errors of the core, other errors and non-errors pass unchanged', () => {
    const own = new DumperError('own')
    const bug = new TypeError('a bug')
    assert.equal(systemToolError(own), own)
    assert.equal(systemToolError(bug), bug)
    assert.equal(systemToolError('text'), 'text')
  })
})
