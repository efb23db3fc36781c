// Hostile files through the bundle as GitHub runs it (issue 11, points 7–9):
// FIFOs, sockets and devices where a dump is read or written, symlinks out of
// the workspace, names too long for a partial file, and existing files that
// are not dumps. Each is refused by name before it is opened, or works.
import assert from 'node:assert/strict'
import { execFileSync } from 'node:child_process'
import {
  closeSync,
  constants,
  existsSync,
  lstatSync,
  openSync,
  statSync
} from 'node:fs'
import {
  copyFile,
  cp,
  mkdir,
  readdir,
  readFile,
  symlink,
  writeFile
} from 'node:fs/promises'
import { createServer, type Server } from 'node:net'
import { join } from 'node:path'
import { after, before, describe, test } from 'node:test'
import {
  pgDump,
  seededServer,
  type SeededServer
} from '../../test-support/fixtures.ts'
import { clientBinDir, type TestServer } from '../../test-support/pg-server.ts'
import {
  errorLine,
  pgBinDirInput,
  runAction,
  runCli,
  visibleLog,
  type StepRun
} from '../../test-support/run-action.ts'

const linuxOnly =
  process.platform === 'linux'
    ? false
    : 'makes FIFOs, sockets and device files: Linux only'

let seeded: SeededServer
let server: TestServer
let db: string
let root: string
/** dumps pg_dump itself made of the source, outside every workspace */
const earlier = { custom: '', plain: '', tar: '', directory: '' }
let caseCount = 0

before(async () => {
  if (linuxOnly) return
  seeded = await seededServer({
    database: 'hostile_files',
    seed: `CREATE SCHEMA app;
    CREATE TABLE app.items(id int PRIMARY KEY, name text);
    INSERT INTO app.items SELECT g, 'item ' || g FROM generate_series(1, 25) g;`,
    tempPrefix: 'pg-dumper-hostile-files-'
  })
  ;({ server, db, dir: root } = seeded)
  const dumps = join(root, 'earlier')
  await mkdir(dumps)
  for (const [format, name] of [
    ['custom', 'earlier.dump'],
    ['plain', 'earlier.sql'],
    ['tar', 'earlier.tar'],
    ['directory', 'earlier.dir']
  ] as const) {
    earlier[format] = join(dumps, name)
    await pgDump(server, db, [
      `--format=${format}`,
      `--file=${earlier[format]}`
    ])
  }
})
after(() => seeded?.stop())

/** A case's folders: the workspace (the step's cwd) and its TMPDIR. */
interface Workspace {
  root: string
  ws: string
  tmp: string
}

async function workspace(): Promise<Workspace> {
  const dir = join(root, `case-${String(++caseCount).padStart(2, '0')}`)
  const w = { root: dir, ws: join(dir, 'ws'), tmp: join(dir, 'tmp') }
  await mkdir(w.ws, { recursive: true })
  await mkdir(w.tmp)
  return w
}

/** The message of the step's ::error:: line, line breaks restored. */
const errorMessage = (step: StepRun) =>
  errorLine(step)
    .slice('::error::'.length)
    .replace(/%0A/g, '\n')
    .replace(/%25/g, '%')

const warnings = (step: StepRun) =>
  step.stdout.split('\n').filter(l => l.startsWith('::warning::'))

/** Relative paths of everything under dir, sorted. */
const tree = async (dir: string) =>
  (await readdir(dir, { recursive: true })).sort()

/** Runs the bundle in the case's workspace with the tests' client. */
function step(
  w: Workspace,
  inputs: Record<string, string>,
  env: Record<string, string> = {}
): Promise<StepRun> {
  return runAction(
    { ...pgBinDirInput(), ...inputs },
    { cwd: w.ws, env: { TMPDIR: w.tmp, ...env } }
  )
}

/** Nothing half-written, no temporary left, the password never shown. */
async function assertClean(run: StepRun, w: Workspace) {
  const partial = (await tree(w.root)).filter(p => /\.partial$|\.old$/.test(p))
  assert.deepEqual(partial, [], 'half-written files left behind')
  assert.deepEqual(await readdir(w.tmp), [], 'temporary files left behind')
  const everything = visibleLog(run) + JSON.stringify(run.outputs) + run.summary
  assert.ok(!everything.includes(server.password), 'the password shows')
}

/** The step failed with exactly this error, set no file and ran no command. */
async function assertRefused(run: StepRun, w: Workspace, expected: string) {
  assert.equal(run.exitCode, 1, visibleLog(run))
  assert.equal(errorMessage(run), expected)
  assert.equal(run.outputs.file, undefined, 'a failed step sets no file')
  if (expected.startsWith('InputError: ')) {
    assert.doesNotMatch(run.stdout, /^(::debug::)?\$ /m, 'a command ran')
  }
  await assertClean(run, w)
}

async function assertSucceeded(run: StepRun, w: Workspace) {
  assert.equal(run.exitCode, 0, visibleLog(run))
  await assertClean(run, w)
}

/**
 * Watches a FIFO for a reader: whenever one has opened it (a write end
 * opens without blocking only then), that is noted and the write end closed
 * at once, so the reader meets the end of the file instead of hanging.
 */
function watchFifo(path: string): { stop(): boolean } {
  let opened = false
  const timer = setInterval(() => {
    try {
      closeSync(openSync(path, constants.O_WRONLY | constants.O_NONBLOCK))
      opened = true
    } catch {
      // ENXIO: nobody reads it
    }
  }, 100)
  return {
    stop() {
      clearInterval(timer)
      return opened
    }
  }
}

const mkfifo = (path: string) => execFileSync('mkfifo', [path])

/** A listening unix socket at `path`, closed at the end of the case. */
async function socketAt(path: string): Promise<Server> {
  const listener = createServer()
  await new Promise<void>(resolve => listener.listen(path, resolve))
  return listener
}

/** A character device like /dev/null at `path`, or false where mknod is refused. */
function deviceAt(path: string): boolean {
  try {
    execFileSync('mknod', [path, 'c', '1', '3'], { stdio: 'pipe' })
    return true
  } catch {
    return false
  }
}

const ACCEPTED =
  'Expected a regular file (a custom, tar or plain SQL dump) or a directory-format dump (a folder with toc.dat).'

async function itemCount(database: string): Promise<string> {
  return server.psql(database, 'SELECT count(*) FROM app.items')
}

describe(
  'restore: only a regular file or a dump folder is opened',
  { skip: linuxOnly },
  () => {
    test('a FIFO as file is refused by name before it is opened; the step ends', async () => {
      const w = await workspace()
      mkfifo(join(w.ws, 'pipe.dump'))
      const watch = watchFifo(join(w.ws, 'pipe.dump'))
      const run = await step(w, {
        mode: 'restore',
        connection: server.uri(db),
        file: 'pipe.dump'
      })
      assert.equal(watch.stop(), false, 'the FIFO was opened for reading')
      await assertRefused(
        run,
        w,
        `InputError: Invalid 'file' input 'pipe.dump': it is a FIFO (named pipe). ${ACCEPTED}`
      )
    })

    test('a symlink in the workspace to a FIFO is refused as the FIFO it leads to', async () => {
      const w = await workspace()
      mkfifo(join(w.ws, 'pipe'))
      await symlink('pipe', join(w.ws, 'link.dump'))
      const watch = watchFifo(join(w.ws, 'pipe'))
      const run = await step(w, {
        mode: 'restore',
        connection: server.uri(db),
        file: 'link.dump'
      })
      assert.equal(watch.stop(), false, 'the FIFO was opened for reading')
      await assertRefused(
        run,
        w,
        `InputError: Invalid 'file' input 'link.dump': it is a FIFO (named pipe). ${ACCEPTED}`
      )
    })

    test('a unix socket as file is refused by name', async () => {
      const w = await workspace()
      const listener = await socketAt(join(w.ws, 'socket.dump'))
      try {
        const run = await step(w, {
          mode: 'restore',
          connection: server.uri(db),
          file: 'socket.dump'
        })
        await assertRefused(
          run,
          w,
          `InputError: Invalid 'file' input 'socket.dump': it is a socket. ${ACCEPTED}`
        )
      } finally {
        listener.close()
      }
    })

    test('/dev/zero as file is refused as a character device, not read for ever', async () => {
      const w = await workspace()
      const run = await step(w, {
        mode: 'restore',
        connection: server.uri(db),
        file: '/dev/zero'
      })
      await assertRefused(
        run,
        w,
        `InputError: Invalid 'file' input '/dev/zero': it is a character device. ${ACCEPTED}`
      )
    })

    test('a folder without toc.dat is refused by name before anything runs', async () => {
      const w = await workspace()
      await mkdir(join(w.ws, 'backup.dir'))
      await writeFile(join(w.ws, 'backup.dir', 'notes.txt'), 'not a dump\n')
      const run = await step(w, {
        mode: 'restore',
        connection: server.uri(db),
        file: 'backup.dir'
      })
      await assertRefused(
        run,
        w,
        `InputError: Invalid 'file' input 'backup.dir': it is a folder without toc.dat. ${ACCEPTED}`
      )
    })

    test('the CLI, which has no input check, refuses a FIFO in the Dumper itself before opening it', async () => {
      const w = await workspace()
      const fifo = join(w.ws, 'pipe.dump')
      mkfifo(fifo)
      const watch = watchFifo(fifo)
      const bin = clientBinDir()
      const run = await runCli(
        [
          '-p',
          server.uri(db),
          ...(bin ? ['--pg-bin-dir', bin] : []),
          'restore',
          'pipe.dump'
        ],
        { cwd: w.ws, env: { TMPDIR: w.tmp } }
      )
      assert.equal(watch.stop(), false, 'the FIFO was opened for reading')
      assert.notEqual(run.exitCode, 0, run.stdout)
      assert.ok(
        run.stderr.includes(
          `PgRestoreCommandError: Cannot restore ${fifo}: it is a FIFO (named pipe). ${ACCEPTED}`
        ),
        run.stderr
      )
    })
  }
)

describe(
  'restore: a symlink may not lead out of the workspace',
  { skip: linuxOnly },
  () => {
    /** A workspace holding `link` → the earlier custom dump, outside it. */
    const linkedOut = async (link = 'backup.dump') => {
      const w = await workspace()
      await symlink(earlier.custom, join(w.ws, link))
      return w
    }
    const leaves = (file: string, to: string, ws: string) =>
      `InputError: Invalid 'file' input '${file}': it leads through a symlink to ${to}, outside the workspace ${ws}; ` +
      `only links that stay in the workspace are followed. ${ACCEPTED}`

    test('a symlink to a dump outside GITHUB_WORKSPACE is refused, naming where it leads', async () => {
      const w = await linkedOut()
      const run = await step(
        w,
        { mode: 'restore', connection: server.uri(db), file: 'backup.dump' },
        { GITHUB_WORKSPACE: w.ws }
      )
      await assertRefused(run, w, leaves('backup.dump', earlier.custom, w.ws))
    })

    test('without GITHUB_WORKSPACE the working directory is the workspace: the same link is refused', async () => {
      const w = await linkedOut()
      const run = await step(w, {
        mode: 'restore',
        connection: server.uri(db),
        file: 'backup.dump'
      })
      await assertRefused(run, w, leaves('backup.dump', earlier.custom, w.ws))
    })

    test('a symlinked folder on the way out of the workspace is refused too', async () => {
      const w = await workspace()
      await symlink(join(root, 'earlier'), join(w.ws, 'dumps'))
      const run = await step(w, {
        mode: 'restore',
        connection: server.uri(db),
        file: 'dumps/earlier.dump'
      })
      await assertRefused(
        run,
        w,
        leaves('dumps/earlier.dump', earlier.custom, w.ws)
      )
    })

    test('a symlink to a dump inside the workspace is followed and restored', async () => {
      const w = await workspace()
      await mkdir(join(w.ws, 'dumps'))
      await copyFile(earlier.custom, join(w.ws, 'dumps', 'real.dump'))
      await symlink('dumps/real.dump', join(w.ws, 'backup.dump'))
      const target = await server.createDatabase('files_link_in')
      const run = await step(
        w,
        {
          mode: 'restore',
          connection: server.uri(target),
          file: 'backup.dump'
        },
        { GITHUB_WORKSPACE: w.ws }
      )
      await assertSucceeded(run, w)
      assert.equal(await itemCount(target), '25')
    })

    test('GITHUB_WORKSPACE, not the working directory, bounds the links: a link to a sibling folder of the workspace is followed', async () => {
      const w = await workspace()
      const sub = join(w.ws, 'sub')
      await mkdir(join(w.ws, 'other'), { recursive: true })
      await mkdir(sub)
      await copyFile(earlier.custom, join(w.ws, 'other', 'real.dump'))
      await symlink('../other/real.dump', join(sub, 'backup.dump'))
      const target = await server.createDatabase('files_link_ws')
      const run = await runAction(
        {
          ...pgBinDirInput(),
          mode: 'restore',
          connection: server.uri(target),
          file: 'backup.dump'
        },
        { cwd: sub, env: { TMPDIR: w.tmp, GITHUB_WORKSPACE: w.ws } }
      )
      await assertSucceeded(run, w)
      assert.equal(await itemCount(target), '25')
    })

    test('a dump named by its own path outside the workspace (no symlink) is restored as before', async () => {
      const w = await workspace()
      const target = await server.createDatabase('files_outside')
      const run = await step(
        w,
        {
          mode: 'restore',
          connection: server.uri(target),
          file: earlier.custom
        },
        { GITHUB_WORKSPACE: w.ws }
      )
      await assertSucceeded(run, w)
      assert.equal(await itemCount(target), '25')
    })
  }
)

describe(
  'dump: a FIFO, socket or device at the target is refused',
  { skip: linuxOnly },
  () => {
    const special = (file: string, what: string) =>
      `InputError: Invalid 'file' input '${file}': it is ${what}, and a dump is written to a regular file ` +
      '(or, in the directory format, a folder). Choose another file.'

    test('an existing FIFO at the target is refused and stays a FIFO', async () => {
      const w = await workspace()
      const fifo = join(w.ws, 'backup.dump')
      mkfifo(fifo)
      const watch = watchFifo(fifo)
      const run = await step(w, { mode: 'dump', connection: server.uri(db) })
      assert.equal(watch.stop(), false, 'the FIFO was opened for reading')
      await assertRefused(run, w, special('backup.dump', 'a FIFO (named pipe)'))
      assert.ok(lstatSync(fifo).isFIFO(), 'the FIFO was replaced')
    })

    test('an existing socket at the target is refused and stays a socket', async () => {
      const w = await workspace()
      const listener = await socketAt(join(w.ws, 'backup.sql'))
      try {
        const run = await step(w, {
          mode: 'dump',
          connection: server.uri(db),
          format: 'plain'
        })
        await assertRefused(run, w, special('backup.sql', 'a socket'))
        assert.ok(lstatSync(join(w.ws, 'backup.sql')).isSocket())
      } finally {
        listener.close()
      }
    })

    test('an existing character device at the target is refused and stays a device', async t => {
      const w = await workspace()
      const device = join(w.ws, 'null.dump')
      if (!deviceAt(device)) return t.skip('mknod is not permitted here')
      const run = await step(w, {
        mode: 'dump',
        connection: server.uri(db),
        file: 'null.dump'
      })
      await assertRefused(run, w, special('null.dump', 'a character device'))
      assert.ok(
        lstatSync(device).isCharacterDevice(),
        'the device was replaced'
      )
    })
  }
)

describe(
  'dump: names too long for the partial file beside the target',
  { skip: linuxOnly },
  () => {
    /** A name of exactly `bytes` UTF-8 bytes ending in `.dump`, made of `fill`. */
    const named = (bytes: number, fill = 'x') => {
      const per = Buffer.byteLength(fill)
      return fill.repeat(Math.floor((bytes - 5) / per)) + '.dump'
    }

    for (const [bytes, fill] of [
      [236, 'x'],
      [240, 'x'],
      [255, 'x'],
      [255, 'Ü']
    ] as const) {
      test(`a ${bytes}-byte target name (${fill === 'x' ? 'ASCII' : 'two-byte characters'}) is dumped: the partial name fits`, async () => {
        const w = await workspace()
        const file = named(bytes, fill)
        assert.equal(Buffer.byteLength(file), bytes)
        const run = await step(w, {
          mode: 'dump',
          connection: server.uri(db),
          file
        })
        await assertSucceeded(run, w)
        assert.equal(run.outputs.file, join(w.ws, file))
        assert.deepEqual(await readdir(w.ws), [file])
        const head = (await readFile(join(w.ws, file))).subarray(0, 5)
        assert.equal(head.toString('latin1'), 'PGDMP')
      })
    }

    test('a directory dump under a 250-byte name replaces an earlier one there (the old folder moved aside under a name that fits)', async () => {
      const w = await workspace()
      const file = 'd'.repeat(246) + '.dir'
      await cp(earlier.directory, join(w.ws, file), { recursive: true })
      await writeFile(
        join(w.ws, file, 'stale.marker'),
        'from the earlier dump\n'
      )
      const run = await step(w, {
        mode: 'dump',
        connection: server.uri(db),
        format: 'directory',
        file
      })
      await assertSucceeded(run, w)
      assert.deepEqual(await readdir(w.ws), [file])
      assert.ok(!existsSync(join(w.ws, file, 'stale.marker')), 'not replaced')
      assert.ok(statSync(join(w.ws, file, 'toc.dat')).isFile())
    })

    for (const fill of ['x', 'Ü']) {
      const file = fill === 'x' ? named(256) : named(257, 'Ü')
      const bytes = Buffer.byteLength(file)
      test(`a ${bytes}-byte name (${file.length} characters) is refused up front, naming the limit`, async () => {
        const w = await workspace()
        const run = await step(w, {
          mode: 'dump',
          connection: server.uri(db),
          file
        })
        await assertRefused(
          run,
          w,
          `InputError: Invalid 'file' input '${file}': its name is ${bytes} bytes long, longer than the 255 a file name may be. Choose another file.`
        )
        assert.deepEqual(await readdir(w.ws), [])
      })
    }
  }
)

describe('dump: only an earlier dump is replaced', { skip: linuxOnly }, () => {
  const notADump = (
    file: string,
    what = 'an existing file that is not a PostgreSQL dump'
  ) =>
    `InputError: Invalid 'file' input '${file}': it is ${what}, and only an earlier dump is replaced ` +
    '(remove it first to let the dump take its place). Choose another file.'

  const refusals: {
    name: string
    file: string
    content: string | Buffer | (() => Promise<Buffer>)
    format?: string
    what?: string
  }[] = [
    {
      name: 'a README.md',
      file: 'README.md',
      content: '# The checked-out repository\n',
      format: 'plain'
    },
    {
      name: 'a .env holding secrets',
      file: '.env',
      content: 'API_TOKEN=do-not-lose-me\n'
    },
    {
      name: 'an SQL file pg_dump did not write (psql would run it: any text passes for a script)',
      file: 'schema.sql',
      content: 'CREATE TABLE hand_written(id int);\n',
      format: 'plain'
    },
    {
      name: 'a tar that is no pg_dump archive',
      file: 'release.tar',
      content: () => tarOf('README.md'),
      format: 'tar'
    },
    {
      name: 'an empty file',
      file: 'backup.dump',
      content: '',
      what: 'an existing empty file'
    }
  ]
  for (const c of refusals) {
    test(`${c.name} at the target is refused before pg_dump runs and kept as it was`, async () => {
      const w = await workspace()
      const content =
        typeof c.content === 'function' ? await c.content() : c.content
      await writeFile(join(w.ws, c.file), content)
      const run = await step(w, {
        mode: 'dump',
        connection: server.uri(db),
        file: c.file,
        ...(c.format ? { format: c.format } : {})
      })
      await assertRefused(run, w, notADump(c.file, c.what))
      assert.deepEqual(await readFile(join(w.ws, c.file)), Buffer.from(content))
    })
  }

  test('the CLI, which has no input check, is refused by the Dumper itself: PgDumpCommandError', async () => {
    const w = await workspace()
    await writeFile(join(w.ws, 'README.md'), '# keep me\n')
    const bin = clientBinDir()
    const run = await runCli(
      [
        '-p',
        server.uri(db),
        ...(bin ? ['--pg-bin-dir', bin] : []),
        'dump',
        'README.md',
        '-f',
        'plain'
      ],
      { cwd: w.ws, env: { TMPDIR: w.tmp } }
    )
    assert.notEqual(run.exitCode, 0, run.stdout)
    const file = join(w.ws, 'README.md')
    assert.ok(
      run.stderr.includes(
        `PgDumpCommandError: Cannot dump to ${file}: it is an existing file that is not a PostgreSQL dump`
      ),
      run.stderr
    )
    assert.equal(await readFile(file, 'utf8'), '# keep me\n')
    assert.deepEqual(await tree(w.ws), ['README.md'])
  })

  for (const [from, format] of [
    ['custom', 'custom'],
    ['plain', 'plain'],
    ['tar', 'tar'],
    ['plain', 'custom']
  ] as const) {
    test(`an earlier ${from} dump at the target is replaced by a ${format} dump`, async () => {
      const w = await workspace()
      const file = 'backup.out'
      await copyFile(earlier[from], join(w.ws, file))
      await server.psql(db, 'CREATE TABLE app.added_since(id int)')
      try {
        const run = await step(w, {
          mode: 'dump',
          connection: server.uri(db),
          format,
          file
        })
        await assertSucceeded(run, w)
        assert.deepEqual(warnings(run), [])
        const written = await readFile(join(w.ws, file))
        assert.ok(written.includes('added_since'), 'the old dump was kept')
      } finally {
        await server.psql(db, 'DROP TABLE app.added_since')
      }
    })
  }
})

describe(
  'dump: a dump that holds nothing is kept, with a warning',
  { skip: linuxOnly },
  () => {
    const EMPTY =
      '::warning::The dump holds no objects (its table of contents has no entries): restoring it restores nothing. ' +
      'If the database is not empty, check schemas and exclude-schemas: they may leave out every schema.'
    for (const format of ['custom', 'plain', 'directory', 'tar']) {
      test(`exclude-schemas: * in the ${format} format warns that the dump is empty`, async () => {
        const w = await workspace()
        const run = await step(w, {
          mode: 'dump',
          connection: server.uri(db),
          format,
          'exclude-schemas': '*'
        })
        await assertSucceeded(run, w)
        assert.ok(warnings(run).includes(EMPTY), warnings(run).join('\n'))
        assert.ok(existsSync(run.outputs.file))
      })
    }

    test('a dump of one schema warns of nothing', async () => {
      const w = await workspace()
      const run = await step(w, {
        mode: 'dump',
        connection: server.uri(db),
        format: 'plain',
        schemas: 'app'
      })
      await assertSucceeded(run, w)
      assert.deepEqual(warnings(run), [])
    })
  }
)

/** A tar whose first member is `name`, as tar itself writes it. */
async function tarOf(name: string): Promise<Buffer> {
  const dir = join(root, `tar-${++caseCount}`)
  await mkdir(dir)
  await writeFile(join(dir, name), 'a release\n')
  return execFileSync('tar', ['-c', '-C', dir, name])
}
