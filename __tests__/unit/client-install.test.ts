// The PGDG install plan as exact commands, the plan for this machine, and the
// runner on harmless commands (the real install needs apt.postgresql.org),
// with its fall back to the distribution's client when PGDG fails. Programs
// are looked for in stand-in folders, never on this machine's PATH.
import assert from 'node:assert/strict'
import { existsSync, readdirSync } from 'node:fs'
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { after, before, describe, test } from 'node:test'
import {
  aptInstallPlan,
  ClientInstallError,
  installPlanForThisMachine,
  type InstallCommand,
  type MachineFacts
} from '../../src/core/client/install.ts'
import { runInstall } from '../../src/core/client/install-run.ts'
import { captureLogger } from '../../test-support/capture-logger.ts'

const KEYRING = '/usr/share/postgresql-common/pgdg/apt.postgresql.org.asc'

/** The commands as root runs them, for a codename and major. */
const asRoot = (codename: string, major: number): InstallCommand[] => [
  { argv: ['install', '-d', '/usr/share/postgresql-common/pgdg'] },
  {
    // the key fetched by Node: no curl needed
    argv: ['tee', KEYRING],
    inputUrl: 'https://www.postgresql.org/media/keys/ACCC4CF8.asc'
  },
  {
    argv: ['tee', '/etc/apt/sources.list.d/pgdg.list'],
    input: `deb [signed-by=${KEYRING}] https://apt.postgresql.org/pub/repos/apt ${codename}-pgdg main\n`
  },
  { argv: ['apt-get', 'update'] },
  {
    argv: [
      'env',
      'DEBIAN_FRONTEND=noninteractive',
      'apt-get',
      'install',
      '-y',
      '--no-install-recommends',
      `postgresql-client-${major}`
    ]
  }
]

/** What undoes a failed PGDG attempt, as root. */
const UNDO: InstallCommand[] = [
  { argv: ['rm', '-f', '/etc/apt/sources.list.d/pgdg.list', KEYRING] },
  {
    argv: [
      'rmdir',
      '--ignore-fail-on-non-empty',
      '/usr/share/postgresql-common/pgdg',
      '/usr/share/postgresql-common'
    ]
  }
]

/** A folder of executables that do nothing but log how they were called. */
async function stubs(
  dir: string,
  names: string[],
  script = ''
): Promise<string> {
  const bin = join(dir, `bin-${readdirSync(dir).length}`)
  await mkdir(bin)
  for (const name of names) {
    await writeFile(
      join(bin, name),
      `#!/bin/sh\necho "${name} $*" >> '${join(bin, 'log')}'\n${script}`,
      { mode: 0o755 }
    )
  }
  return bin
}

describe('aptInstallPlan', () => {
  const cases = [
    { codename: 'bookworm', major: 17 },
    { codename: 'jammy', major: 16 },
    { codename: 'noble', major: 18 }
  ]
  for (const { codename, major } of cases) {
    test(`${codename}, PostgreSQL ${major}, as root`, () => {
      assert.deepEqual(aptInstallPlan({ major, codename, root: true }), {
        commands: asRoot(codename, major),
        sources: [
          `deb [signed-by=${KEYRING}] https://apt.postgresql.org/pub/repos/apt ${codename}-pgdg main`
        ],
        undo: UNDO,
        sudo: []
      })
    })

    test(`${codename}, PostgreSQL ${major}, not root: through sudo -n`, () => {
      const plan = aptInstallPlan({ major, codename, root: false })
      const withSudo = (c: InstallCommand) => ({
        ...c,
        argv: ['sudo', '-n', ...c.argv]
      })
      assert.deepEqual(plan.commands, asRoot(codename, major).map(withSudo))
      assert.deepEqual(plan.undo, UNDO.map(withSudo))
      assert.deepEqual(plan.sudo, ['sudo', '-n'])
    })
  }

  test('refuses what cannot be a package or a codename', () => {
    assert.throws(
      () => aptInstallPlan({ major: 9, codename: 'noble', root: true }),
      RangeError
    )
    assert.throws(
      () => aptInstallPlan({ major: 16.5, codename: 'noble', root: true }),
      RangeError
    )
    assert.throws(
      () =>
        aptInstallPlan({
          major: 16,
          codename: 'noble main\ndeb http://evil.example/ x',
          root: true
        }),
      RangeError
    )
  })
})

describe('installPlanForThisMachine', () => {
  let dir: string
  /** a PATH with apt-get only (no curl, no sudo) */
  let aptOnly: string
  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'pg-dumper-install-'))
    aptOnly = await stubs(dir, ['apt-get'])
  })
  after(async () => rm(dir, { recursive: true, force: true }))

  const osRelease = async (name: string, text: string) => {
    const file = join(dir, name)
    await writeFile(file, text)
    return file
  }

  test('this machine: Debian bookworm, as root', async t => {
    const text = await readFile('/etc/os-release', 'utf8').catch(() => '')
    if (!/^VERSION_CODENAME=bookworm$/m.test(text) || process.getuid?.() !== 0)
      return t.skip('not a Debian bookworm machine running as root')
    assert.deepEqual(await installPlanForThisMachine(17), {
      plan: aptInstallPlan({ major: 17, codename: 'bookworm', root: true })
    })
  })

  test('Ubuntu derivatives use the Ubuntu codename', async () => {
    const file = await osRelease(
      'mint',
      'NAME="Linux Mint"\nVERSION_CODENAME=wilma\nUBUNTU_CODENAME=noble\n'
    )
    const { plan } = await installPlanForThisMachine(16, {
      platform: 'linux',
      osReleaseFile: file,
      path: aptOnly,
      root: true
    })
    assert.match(plan?.sources[0] ?? '', / noble-pgdg main$/)
  })

  test('a quoted codename', async () => {
    const file = await osRelease('quoted', 'VERSION_CODENAME="jammy"\n')
    const { plan } = await installPlanForThisMachine(16, {
      platform: 'linux',
      osReleaseFile: file,
      path: aptOnly,
      root: true
    })
    assert.match(plan?.sources[0] ?? '', / jammy-pgdg main$/)
  })

  const reasons: {
    name: string
    facts: () => MachineFacts | Promise<MachineFacts>
    reason: RegExp
  }[] = [
    {
      name: 'not Linux',
      facts: () => ({ platform: 'darwin' }),
      reason: /only on Linux with apt, not on darwin/
    },
    {
      name: 'no apt-get',
      facts: () => ({ platform: 'linux', path: dir, root: true }),
      reason: /needs apt-get, which is not on PATH/
    },
    {
      name: 'no codename',
      facts: async () => ({
        platform: 'linux',
        path: aptOnly,
        root: true,
        osReleaseFile: await osRelease('sid', 'ID=debian\nVERSION_CODENAME=\n')
      }),
      reason: /names no distribution codename/
    },
    {
      name: 'no os-release',
      facts: () => ({
        platform: 'linux',
        path: aptOnly,
        root: true,
        osReleaseFile: join(dir, 'missing')
      }),
      reason: /cannot read .*missing/
    }
  ]
  for (const r of reasons) {
    test(`no plan: ${r.name}`, async () => {
      const result = await installPlanForThisMachine(16, await r.facts())
      assert.equal(result.plan, undefined)
      assert.match(result.reason ?? '', r.reason)
    })
  }

  test('not root, with sudo: every command through sudo -n, curl needed nowhere', async () => {
    const file = await osRelease('noble', 'VERSION_CODENAME=noble\n')
    const { plan } = await installPlanForThisMachine(16, {
      platform: 'linux',
      osReleaseFile: file,
      path: await stubs(dir, ['apt-get', 'sudo']),
      root: false
    })
    assert.deepEqual(plan?.sudo, ['sudo', '-n'])
    assert.ok(plan?.commands.every(c => c.argv[0] === 'sudo'))
  })

  test('no plan: not root and no sudo', async () => {
    const result = await installPlanForThisMachine(16, {
      platform: 'linux',
      path: aptOnly,
      root: false
    })
    assert.match(result.reason ?? '', /needs sudo/)
  })
})

describe('runInstall on harmless commands', () => {
  let dir: string
  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'pg-dumper-run-install-'))
  })
  after(async () => rm(dir, { recursive: true, force: true }))

  test('runs each command in order, feeds input, returns the bin dir', async t => {
    if (!existsSync('/usr/lib/postgresql/15/bin/pg_dump'))
      return t.skip('no PostgreSQL 15 client here')
    const logger = captureLogger()
    const file = join(dir, 'pgdg.list')
    const binDir = await runInstall(
      {
        commands: [
          { argv: ['tee', file], input: 'deb line\n' },
          { argv: ['tee', '-a', file], input: 'second\n' }
        ],
        sources: ['deb line']
      },
      15,
      logger
    )
    assert.equal(binDir, '/usr/lib/postgresql/15/bin')
    assert.equal(await readFile(file, 'utf8'), 'deb line\nsecond\n')
    assert.match(logger.text(), /info: Adding apt source: deb line/)
    assert.match(logger.text(), /info: \$ tee .*pgdg\.list <<< "deb line\\n"/)
  })

  test('stops at the failing command, with its stderr', async () => {
    const logger = captureLogger()
    const marker = join(dir, 'not-reached')
    const failure = runInstall(
      {
        commands: [
          { argv: ['sh', '-c', 'echo no key here >&2; exit 22'] },
          { argv: ['touch', marker] }
        ],
        sources: []
      },
      15,
      logger
    )
    await assert.rejects(failure, (error: unknown) => {
      assert.ok(error instanceof ClientInstallError)
      assert.equal(error.exitCode, 22)
      assert.equal(error.stderr, 'no key here')
      assert.match(error.message, /exited 22:\nno key here/)
      return true
    })
    assert.ok(!existsSync(marker))
  })

  test('a program that does not exist', async () => {
    await assert.rejects(
      runInstall(
        { commands: [{ argv: ['no-such-program-here'] }], sources: [] },
        15,
        captureLogger()
      ),
      (error: unknown) =>
        error instanceof ClientInstallError && error.exitCode === -1
    )
  })

  test('fails when the bin dir is missing afterwards', async () => {
    await assert.rejects(
      runInstall({ commands: [], sources: [] }, 99, captureLogger()),
      /PostgreSQL 99 client finished, but \/usr\/lib\/postgresql\/99\/bin\/pg_dump is missing/
    )
  })
})

describe("runInstall when PGDG fails: the distribution's client", () => {
  let dir: string
  let path: string | undefined
  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'pg-dumper-fallback-'))
    path = process.env.PATH
  })
  after(async () => {
    process.env.PATH = path
    await rm(dir, { recursive: true, force: true })
  })

  /**
   * A PGDG-like plan that makes its key folder under dir and fails at
   * `apt-get update` (exit 100, as when apt.postgresql.org is unreachable),
   * with apt-get and apt-cache standing in: apt-cache says the
   * distribution's postgresql-client is `distro`.
   */
  async function failingPgdg(distro: number | undefined) {
    const share = join(dir, `share-${distro}`)
    const keyDir = join(share, 'pgdg')
    const bin = await stubs(
      dir,
      ['apt-get', 'apt-cache'],
      distro === undefined
        ? ''
        : `[ "$(basename "$0")" = apt-cache ] && echo '  Depends: postgresql-client-${distro}'\nexit 0\n`
    )
    process.env.PATH = `${bin}:${path ?? ''}`
    const plan = {
      commands: [
        { argv: ['install', '-d', keyDir] },
        { argv: ['tee', join(keyDir, 'key.asc')], input: 'a key\n' },
        { argv: ['sh', '-c', 'echo unreachable >&2; exit 100'] },
        { argv: ['touch', join(dir, 'not-reached')] }
      ],
      sources: [],
      undo: [
        { argv: ['rm', '-f', join(keyDir, 'key.asc')] },
        { argv: ['rmdir', '--ignore-fail-on-non-empty', keyDir, share] }
      ],
      sudo: []
    }
    const log = () => readFile(join(bin, 'log'), 'utf8').catch(() => '')
    return { plan, share, log }
  }

  test("undoes what PGDG added, installs the distribution's client instead and says so", async t => {
    const installed = readdirSync('/usr/lib/postgresql').find(m =>
      existsSync(`/usr/lib/postgresql/${m}/bin/pg_dump`)
    )
    if (!installed) return t.skip('no client in /usr/lib/postgresql here')
    const distro = Number(installed)
    const { plan, share, log } = await failingPgdg(distro)
    const logger = captureLogger()
    const binDir = await runInstall(plan, 99, logger, distro)
    assert.equal(binDir, `/usr/lib/postgresql/${distro}/bin`)
    // nothing of PGDG left: no key, no empty folders
    assert.ok(!existsSync(share))
    assert.ok(!existsSync(join(dir, 'not-reached')))
    assert.equal(
      await log(),
      'apt-get update\napt-cache depends postgresql-client\n' +
        `apt-get install -y --no-install-recommends postgresql-client-${distro}\n`
    )
    const warnings = logger.lines.filter(l => l.level === 'warning')
    assert.equal(warnings.length, 1)
    assert.match(
      warnings[0].message,
      new RegExp(
        `^PGDG \\(apt\\.postgresql\\.org\\) could not be used: Installing the PostgreSQL client failed: sh -c .* exited 100: unreachable\\. Installing the distribution's postgresql-client-${distro} instead\\.$`
      )
    )
  })

  const refusals: [string, number | undefined, RegExp][] = [
    ['older than needed', 13, /is PostgreSQL 13, older than 17$/],
    ['none at all', undefined, /postgresql-client is not available$/]
  ]
  for (const [name, distro, reason] of refusals) {
    test(`the distribution's client ${name}: refused, nothing installed, PGDG undone`, async () => {
      const { plan, share, log } = await failingPgdg(distro)
      await assert.rejects(
        runInstall(plan, 17, captureLogger()),
        (e: Error) => {
          assert.match(
            e.message,
            /^PGDG \(apt\.postgresql\.org\) could not be used: .*exited 100/
          )
          assert.match(e.message, reason)
          return true
        }
      )
      assert.ok(!existsSync(share))
      assert.doesNotMatch(await log(), /apt-get install/)
    })
  }
})
