// The PGDG install plan as exact commands, the plan for this machine, and the
// runner on harmless commands (the real install needs apt.postgresql.org).
import assert from 'node:assert/strict'
import { existsSync } from 'node:fs'
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { after, before, describe, test } from 'node:test'
import {
  aptInstallPlan,
  ClientInstallError,
  installPlanForThisMachine,
  runInstall,
  type InstallCommand,
  type MachineFacts
} from '../../src/core/client/install.ts'
import { captureLogger } from '../../test-support/capture-logger.ts'

const KEYRING = '/usr/share/postgresql-common/pgdg/apt.postgresql.org.asc'

/** The commands as root runs them, for a codename and major. */
const asRoot = (codename: string, major: number): InstallCommand[] => [
  { argv: ['install', '-d', '/usr/share/postgresql-common/pgdg'] },
  {
    argv: [
      'curl',
      '-fsSL',
      'https://www.postgresql.org/media/keys/ACCC4CF8.asc',
      '-o',
      KEYRING
    ]
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
        ]
      })
    })

    test(`${codename}, PostgreSQL ${major}, not root: through sudo -n`, () => {
      const plan = aptInstallPlan({ major, codename, root: false })
      assert.deepEqual(
        plan.commands,
        asRoot(codename, major).map(c => ({
          ...c,
          argv: ['sudo', '-n', ...c.argv]
        }))
      )
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
  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'pg-dumper-install-'))
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
      path: '/usr/bin:/bin',
      root: true
    })
    assert.match(plan?.sources[0] ?? '', / noble-pgdg main$/)
  })

  test('a quoted codename', async () => {
    const file = await osRelease('quoted', 'VERSION_CODENAME="jammy"\n')
    const { plan } = await installPlanForThisMachine(16, {
      platform: 'linux',
      osReleaseFile: file,
      path: '/usr/bin:/bin',
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
        path: '/usr/bin:/bin',
        root: true,
        osReleaseFile: await osRelease('sid', 'ID=debian\nVERSION_CODENAME=\n')
      }),
      reason: /names no distribution codename/
    },
    {
      name: 'no os-release',
      facts: () => ({
        platform: 'linux',
        path: '/usr/bin:/bin',
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

  test('no plan: not root and no sudo', async t => {
    if (existsSync('/usr/bin/sudo') || existsSync('/bin/sudo'))
      return t.skip('sudo is installed here')
    const result = await installPlanForThisMachine(16, {
      platform: 'linux',
      path: '/usr/bin:/bin',
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
