// Finding installed clients in install layouts assembled from the real
// PostgreSQL 15 binaries, and choosing the oldest client that is new enough.
import assert from 'node:assert/strict'
import { execFileSync } from 'node:child_process'
import { existsSync } from 'node:fs'
import {
  chmod,
  copyFile,
  mkdir,
  mkdtemp,
  realpath,
  rm,
  symlink,
  writeFile
} from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { after, before, describe, test } from 'node:test'
import {
  chooseClient,
  clientVersion,
  findClients,
  type ClientInstall,
  type Layout
} from '../../src/core/client/search.ts'
import { parseVersion, type PgVersion } from '../../src/core/versions.ts'
import { captureLogger } from '../../test-support/capture-logger.ts'

const REAL_BIN = '/usr/lib/postgresql/15/bin'
const TOOLS = ['pg_dump', 'pg_restore', 'psql']
const haveReal = existsSync(join(REAL_BIN, 'pg_dump'))

let root: string
let realVersion: PgVersion

/** Copies the real clients into dir (with .exe names for Windows). */
async function placeClients(
  dir: string,
  { exe = false, tools = TOOLS } = {}
): Promise<void> {
  await mkdir(dir, { recursive: true })
  for (const tool of tools)
    await copyFile(join(REAL_BIN, tool), join(dir, exe ? `${tool}.exe` : tool))
}

/** Shell scripts standing in for a client that prints this version line. */
async function placeFake(dir: string, versionLine: string, exitCode = 0) {
  await mkdir(dir, { recursive: true })
  for (const tool of TOOLS) {
    const file = join(dir, tool)
    await writeFile(
      file,
      `#!/bin/sh\necho '${versionLine.replace('pg_dump', tool)}'\nexit ${exitCode}\n`
    )
    await chmod(file, 0o755)
  }
}

const at = (...parts: string[]) => join(root, ...parts)

describe('findClients', { skip: !haveReal && `no ${REAL_BIN}` }, () => {
  before(async () => {
    root = await realpath(await mkdtemp(join(tmpdir(), 'pg-dumper-clients-')))
    realVersion = parseVersion(
      execFileSync(join(REAL_BIN, 'pg_dump'), ['--version'], {
        encoding: 'utf8'
      })
    )!
    // as Debian's and PGDG's packages place them
    await placeClients(at('usr/lib/postgresql/15/bin'))
    // a folder missing psql is not a client
    await placeClients(at('usr/lib/postgresql/14/bin'), {
      tools: ['pg_dump', 'pg_restore']
    })
    // as the PGDG RPMs place them
    await placeClients(at('usr/pgsql-15/bin'))
    // Homebrew: opt/postgresql@15 links to the keg in the Cellar
    await placeClients(at('opt/homebrew/Cellar/postgresql@15/15.18/bin'))
    await mkdir(at('opt/homebrew/opt'), { recursive: true })
    await symlink(
      '../Cellar/postgresql@15/15.18',
      at('opt/homebrew/opt/postgresql@15')
    )
    // the EnterpriseDB installer on Windows
    await placeClients(at('Program Files/PostgreSQL/15/bin'), { exe: true })
    await placeClients(at('win-path'), { exe: true })
    // a folder of its own on PATH
    await placeClients(at('path-bin'))
    // links to the Debian clients: the same client, found twice
    await mkdir(at('links'))
    for (const tool of TOOLS)
      await symlink(at('usr/lib/postgresql/15/bin', tool), at('links', tool))
    // other versions, to check the order
    await placeFake(at('usr/pgsql-16/bin'), 'pg_dump (PostgreSQL) 16.9')
    await placeFake(at('newer'), 'pg_dump (PostgreSQL) 17.2')
    // a pg_dump that fails is skipped
    await placeFake(at('broken'), 'pg_dump: cannot run', 1)
  })
  after(async () => rm(root, { recursive: true, force: true }))

  const linuxSearch = () => {
    const logger = captureLogger()
    const path = [
      at('path-bin'),
      at('links'),
      at('usr/lib/postgresql/15/bin'),
      '',
      at('no-such-dir'),
      at('broken'),
      at('newer')
    ].join(':')
    return {
      logger,
      found: findClients({ root, platform: 'linux', path, logger })
    }
  }

  test('the real pg_dump is a PostgreSQL 15 release, whatever its point release', () => {
    assert.equal(realVersion.major, 15)
    assert.match(realVersion.text, /^15\.\d+$/)
  })

  test('finds each layout with the real version, newest first', async () => {
    const { found } = linuxSearch()
    const rows = (await found).map(i => [i.layout, i.binDir, i.version.text])
    assert.deepEqual(rows, [
      ['path', at('newer'), '17.2'],
      ['rhel', at('usr/pgsql-16/bin'), '16.9'],
      ['debian', at('usr/lib/postgresql/15/bin'), realVersion.text],
      ['rhel', at('usr/pgsql-15/bin'), realVersion.text],
      ['homebrew', at('opt/homebrew/opt/postgresql@15/bin'), realVersion.text],
      ['path', at('path-bin'), realVersion.text]
    ])
  })

  test('finds the same client once, where it was found first', async () => {
    const { found, logger } = linuxSearch()
    const debian = (await found).filter(i =>
      i.binDir.startsWith(at('usr/lib/postgresql'))
    )
    assert.equal(debian.length, 1)
    assert.ok(!(await found).some(i => i.binDir === at('links')))
    assert.match(logger.text(), /links: same client as one found before/)
  })

  test('a folder missing psql is not a client', async () => {
    const { found, logger } = linuxSearch()
    assert.ok(!(await found).some(i => i.binDir.includes('/14/')))
    assert.match(
      logger.text(),
      /debug: Not a PostgreSQL client: .*postgresql\/14\/bin\/psql is missing/
    )
  })

  test('a pg_dump that fails is skipped and logged at debug', async () => {
    const { found, logger } = linuxSearch()
    assert.ok(!(await found).some(i => i.binDir === at('broken')))
    assert.match(logger.text(), /debug: Skipping .*broken.*exited 1/)
  })

  test('Windows: Program Files under the root, .exe names, ; on PATH', async () => {
    const found = await findClients({
      root,
      platform: 'win32',
      path: [at('win-path'), at('path-bin')].join(';')
    })
    const rows = found.map(i => [i.layout, i.binDir, i.version.text])
    // path-bin has no .exe files; the Unix layouts are not searched
    assert.deepEqual(rows, [
      ['windows', at('Program Files/PostgreSQL/15/bin'), realVersion.text],
      ['path', at('win-path'), realVersion.text]
    ])
  })

  test("skips Debian's pg_wrapper on PATH, linked or copied", async t => {
    const wrapper = '/usr/share/postgresql-common/pg_wrapper'
    if (!existsSync(wrapper)) return t.skip('no pg_wrapper here')
    await mkdir(at('wrapper-copy'))
    for (const tool of TOOLS) {
      await copyFile(wrapper, at('wrapper-copy', tool))
      await chmod(at('wrapper-copy', tool), 0o755)
    }
    const linked =
      existsSync('/usr/bin/pg_dump') &&
      (await realpath('/usr/bin/pg_dump')) === wrapper
    const logger = captureLogger()
    const found = await findClients({
      root,
      platform: 'linux',
      path: [at('wrapper-copy'), ...(linked ? ['/usr/bin'] : [])].join(':'),
      logger
    })
    assert.ok(!found.some(i => i.layout === 'path'))
    assert.match(logger.text(), /wrapper-copy\/pg_dump is Debian's pg_wrapper/)
    if (linked)
      assert.match(logger.text(), /\/usr\/bin\/pg_dump is Debian's pg_wrapper/)
  })

  test('finds nothing in an empty root and PATH', async () => {
    const empty = await mkdtemp(join(tmpdir(), 'pg-dumper-empty-'))
    try {
      assert.deepEqual(
        await findClients({ root: empty, platform: 'linux', path: '' }),
        []
      )
    } finally {
      await rm(empty, { recursive: true, force: true })
    }
  })

  test('clientVersion runs pg_dump --version', async () => {
    assert.deepEqual(await clientVersion(REAL_BIN), realVersion)
    await assert.rejects(clientVersion(at('broken')), /exited 1/)
    await assert.rejects(clientVersion(at('no-such-dir')))
  })
})

const install = (
  text: string,
  layout: Layout = 'debian',
  binDir = `/bin/${text}/${layout}`
): ClientInstall => ({ binDir, version: parseVersion(text)!, layout })

describe('chooseClient', () => {
  const installs = [
    install('18.1'),
    install('17.6', 'path'),
    install('16.4', 'homebrew'),
    install('16.9'),
    install('16.9', 'path'),
    install('14.19')
  ]
  const server = (text: string) => ({
    major: parseVersion(text)!.major,
    why: `the server (${text})`
  })
  const cases: {
    name: string
    installs: ClientInstall[]
    need: { major: number; why: string }
    forced?: number
    choice?: { binDir: string; reason: string }
  }[] = [
    {
      name: 'the oldest major not older than the need, its newest minor',
      installs,
      need: server('16.4'),
      choice: {
        binDir: '/bin/16.9/debian',
        reason: 'the oldest installed client not older than the server (16.4)'
      }
    },
    {
      name: 'a newer major when none of the same',
      installs,
      need: { major: 15, why: "the archive's pg_dump (15.18)" },
      choice: {
        binDir: '/bin/16.9/debian',
        reason:
          "the oldest installed client not older than the archive's pg_dump (15.18)"
      }
    },
    {
      name: 'an old server takes the oldest client',
      installs,
      need: server('9.6.24'),
      choice: {
        binDir: '/bin/14.19/debian',
        reason: 'the oldest installed client not older than the server (9.6.24)'
      }
    },
    {
      name: 'the newest need',
      installs,
      need: server('18.0'),
      choice: {
        binDir: '/bin/18.1/debian',
        reason: 'the oldest installed client not older than the server (18.0)'
      }
    },
    { name: 'none new enough', installs, need: server('19.1') },
    { name: 'nothing installed', installs: [], need: server('15.18') },
    {
      name: 'a forced major',
      installs,
      need: server('16.4'),
      forced: 17,
      choice: {
        binDir: '/bin/17.6/path',
        reason: 'PostgreSQL 17 was asked for'
      }
    },
    {
      name: 'a forced major older than needed',
      installs,
      need: server('16.4'),
      forced: 14,
      choice: {
        binDir: '/bin/14.19/debian',
        reason:
          'PostgreSQL 14 was asked for, although the server (16.4) needs 16 or newer'
      }
    },
    {
      name: 'a forced major not installed',
      installs,
      need: server('16.4'),
      forced: 15
    }
  ]
  for (const c of cases) {
    test(c.name, () => {
      const choice = chooseClient(c.installs, c.need, c.forced)
      assert.deepEqual(
        choice && { binDir: choice.install.binDir, reason: choice.reason },
        c.choice
      )
    })
  }

  test('does not reorder or change its input', () => {
    const copy = structuredClone(installs)
    chooseClient(installs, server('16.4'))
    assert.deepEqual(installs, copy)
  })
})
