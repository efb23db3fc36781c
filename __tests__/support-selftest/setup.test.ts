// Proves the harness's set-up on machines unlike this one: with no
// PostgreSQL at all it fails in seconds naming the command to run, leaving
// no process and no temp folder; a missing client goes through the action's
// apt plan; the server comes from the pg-server-<N> packages when no system
// one is used; a process that exits with a server running cleans up. Each
// case runs in a child process with its own TMPDIR and a search root
// standing in for the machine.
import assert from 'node:assert/strict'
import { execFile } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import { existsSync, readdirSync, readFileSync } from 'node:fs'
import { chmod, mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { dirname, join, resolve } from 'node:path'
import { after, describe, test } from 'node:test'
import { debianBinDir, PGDG_KEYRING } from '../../src/core/client/install.ts'
import {
  fixCommand,
  type Missing
} from '../../test-support/pg-server/fix-command.ts'
import { packageBinDirs } from '../../test-support/pg-server/locations.ts'
import {
  AVAILABLE_MAJORS,
  clientBinDir,
  EXTERNAL,
  type PostgresSetup
} from '../../test-support/pg-server.ts'
import { repoRoot } from '../../test-support/run-action.ts'

const PROBE = resolve(import.meta.dirname, 'setup-probe.ts')
const MARKER = 'SETUP_SELFTEST_MARKER'
/** the pg-server-<N> packages npm installed, newest first */
const PACKAGES = [...packageBinDirs()]

const made: string[] = []
after(async () => {
  for (const dir of made) await rm(dir, { recursive: true, force: true })
})

/** A fresh folder; mode 755 so that the postgres user can use it as TMPDIR. */
async function folder(prefix: string, mode = 0o755): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), prefix))
  await chmod(dir, mode)
  made.push(dir)
  return dir
}

/** The processes (pid and command line) whose environment holds this marker. */
function processesWith(marker: string): string[] {
  if (process.platform !== 'linux') return []
  const found: string[] = []
  for (const pid of readdirSync('/proc').filter(n => /^\d+$/.test(n))) {
    try {
      const env = readFileSync(`/proc/${pid}/environ`, 'latin1')
      if (!env.includes(`${MARKER}=${marker}\0`)) continue
      const cmd = readFileSync(`/proc/${pid}/cmdline`, 'latin1')
      found.push(`${pid} ${cmd.replace(/\0/g, ' ')}`)
    } catch {
      // gone, or not ours to read
    }
  }
  return found
}

interface ProbeResult {
  ok: boolean
  name?: string
  message?: string
  version?: string
  setup?: PostgresSetup
  ms: number
  spawned: string[]
}

interface Run {
  code: number | null
  stdout: string
  stderr: string
  ms: number
  /** the probe's JSON line, for probe runs */
  result: ProbeResult
}

/**
 * Runs node with args in repoRoot, with the harness's overrides cleared and
 * `env` set, its own TMPDIR and a marker; then asserts that it left no
 * process and nothing in its TMPDIR.
 */
async function inChild(
  args: string[],
  env: Record<string, string>
): Promise<Run> {
  const tmp = await folder('pg-dumper-setup-tmp-')
  const marker = randomBytes(8).toString('hex')
  const childEnv: Record<string, string> = {}
  for (const [key, value] of Object.entries(process.env)) {
    if (value === undefined || key === 'NODE_TEST_CONTEXT') continue
    if (/^PG/.test(key)) continue
    childEnv[key] = value
  }
  Object.assign(childEnv, { TMPDIR: tmp, [MARKER]: marker }, env)
  const started = performance.now()
  const { code, stdout, stderr } = await new Promise<{
    code: number | null
    stdout: string
    stderr: string
  }>(done => {
    const child = execFile(
      process.execPath,
      args,
      { cwd: repoRoot, env: childEnv, timeout: 120_000 },
      (_error, stdout, stderr) => done({ code: child.exitCode, stdout, stderr })
    )
  })
  const ms = Math.round(performance.now() - started)
  // a server's last processes may take a moment to go after pg_ctl stop
  let left = processesWith(marker)
  for (let i = 0; i < 20 && left.length; i++) {
    await new Promise(r => setTimeout(r, 100))
    left = processesWith(marker)
  }
  assert.deepEqual(left, [], `processes left running\n${stderr}`)
  assert.deepEqual(readdirSync(tmp), [], `left in TMPDIR\n${stderr}`)
  const last = stdout.trim().split('\n').at(-1) ?? ''
  let result = { ok: false, ms: -1, spawned: [] } as ProbeResult
  if (args[0] === PROBE) {
    try {
      result = JSON.parse(last) as ProbeResult
    } catch {
      assert.fail(`the probe printed no result:\n${stdout}\n${stderr}`)
    }
  }
  return { code, stdout, stderr, ms, result }
}

/** A search root holding only node_modules/pg-server-<major> (a link to the installed one). */
async function rootWithPackage(major: number, mode = 0o755): Promise<string> {
  const root = await folder('pg-dumper-setup-root-', mode)
  const bin = PACKAGES.find(([m]) => m === major)?.[1] as string
  await mkdir(join(root, 'node_modules'))
  await symlink(
    dirname(dirname(bin)),
    join(root, 'node_modules', `pg-server-${major}`)
  )
  return root
}

const noPackage = PACKAGES.length === 0 && 'no pg-server-<N> package installed'

describe(
  'no PostgreSQL at all',
  { skip: EXTERNAL && 'PG_DUMPER_TEST_URL' },
  () => {
    const nothing = async () => ({
      PG_DUMPER_TEST_PG_SEARCH_ROOT: await folder('pg-dumper-setup-empty-'),
      PG_DUMPER_TEST_INSTALL_CLIENT: 'never'
    })

    test('startServer rejects in seconds naming the command to run, having started nothing', async () => {
      const { result, ms } = await inChild([PROBE, 'start'], await nothing())
      assert.equal(result.ok, false)
      assert.equal(result.name, 'PostgresMissing')
      assert.match(result.message ?? '', /^No PostgreSQL server binaries/)
      assert.ok(
        result.message?.includes(`Run: ${fixCommand('server')}`),
        result.message
      )
      assert.ok(result.ms < 3000, `rejected after ${result.ms} ms`)
      assert.ok(ms < 15_000, `the process took ${ms} ms`)
      assert.deepEqual(result.spawned, [])
    })

    test('seededServer with the artifact backend fails the same way without starting Azurite', async () => {
      const { result } = await inChild([PROBE, 'seeded'], await nothing())
      assert.equal(result.name, 'PostgresMissing')
      assert.ok(result.message?.includes(`Run: ${fixCommand('server')}`))
      assert.ok(result.ms < 3000, `rejected after ${result.ms} ms`)
      assert.deepEqual(result.spawned, [])
    })

    test('test files fail in seconds with the message and leave nothing behind', async () => {
      const files = [
        '__tests__/core/roundtrip.test.ts',
        '__tests__/action/action-artifacts.test.ts'
      ]
      const run = await inChild(['--test', ...files], await nothing())
      assert.notEqual(run.code, 0)
      const output = run.stdout + run.stderr
      assert.match(output, /PostgresMissing: No PostgreSQL server binaries/)
      assert.ok(output.includes(`Run: ${fixCommand('server')}`))
      assert.ok(run.ms < 30_000, `took ${run.ms} ms`)
    })
  }
)

describe(
  'a pg-server package but no client tools',
  { skip: EXTERNAL ? 'PG_DUMPER_TEST_URL' : noPackage },
  () => {
    const major = PACKAGES[0]?.[0] ?? 0

    test('where apt cannot install them, the client command is named at once', async () => {
      const run = await inChild([PROBE, 'start'], {
        PG_DUMPER_TEST_PG_SEARCH_ROOT: await rootWithPackage(major),
        // no apt-get, curl or sudo: as on a machine that is not Debian or Ubuntu
        PATH: dirname(process.execPath)
      })
      const { result } = run
      assert.equal(result.name, 'PostgresMissing')
      assert.match(
        result.message ?? '',
        /^No PostgreSQL client tools \(pg_dump, pg_restore, psql\) found, and they cannot be installed here: /
      )
      assert.ok(
        result.message?.endsWith(`Run: ${fixCommand('client')}`),
        result.message
      )
      assert.ok(result.ms < 3000, `rejected after ${result.ms} ms`)
      // nothing: no apt, no initdb, no server
      assert.deepEqual(result.spawned, [])
    })

    test("npm test's global setup, where nothing can be installed: one message naming one command, in seconds, no test run", async () => {
      const run = await inChild(
        [
          '--test',
          '--test-global-setup=test-support/global-setup.ts',
          '__tests__/core/roundtrip.test.ts',
          '__tests__/action/encryption.test.ts'
        ],
        {
          PG_DUMPER_TEST_PG_SEARCH_ROOT: await rootWithPackage(major),
          // no apt-get, sudo or age: as on a machine that is not Debian or Ubuntu
          PATH: dirname(process.execPath)
        }
      )
      assert.equal(run.code, 1)
      const output = (run.stdout + run.stderr).trim()
      assert.match(
        output,
        /^pg-dumper tests cannot run here\. No PostgreSQL client tools \(pg_dump, pg_restore, psql\) found, and they cannot be installed here: .* age is missing too\. Run: (.+)$/
      )
      assert.ok(
        output.endsWith(`Run: ${fixCommand('client', {}, ['age'])}`),
        output
      )
      assert.ok(run.ms < 15_000, `took ${run.ms} ms`)
    })

    test("where apt can, they are installed with the action's apt plan, announced in one line", async t => {
      const osRelease = existsSync('/etc/os-release')
        ? readFileSync('/etc/os-release', 'utf8')
        : ''
      if (
        process.platform !== 'linux' ||
        !/^VERSION_CODENAME=\w/m.test(osRelease)
      ) {
        t.skip(
          'the apt plan is made only on Linux with a distribution codename'
        )
        return
      }
      if (existsSync(join(debianBinDir(major), 'pg_dump'))) {
        t.skip(
          `${debianBinDir(major)} exists: the stubbed install would succeed`
        )
        return
      }
      // stand-ins for every program of the plan, logging how they were called
      const stubs = await folder('pg-dumper-setup-stubs-')
      const log = join(stubs, 'log')
      await writeFile(
        join(stubs, 'stub'),
        `#!/bin/sh\n[ "$(basename "$0")" = tee ] && cat >/dev/null\necho "$(basename "$0") $*" >> '${log}'\n`,
        { mode: 0o755 }
      )
      const plan = ['install', 'tee', 'apt-get', 'env', 'sudo']
      // and what undoes PGDG and asks for the distribution's client
      for (const name of [...plan, 'rm', 'rmdir', 'apt-cache']) {
        await symlink('stub', join(stubs, name))
      }
      const run = await inChild([PROBE, 'start'], {
        PG_DUMPER_TEST_PG_SEARCH_ROOT: await rootWithPackage(major),
        PATH: `${stubs}:${process.env.PATH ?? ''}`
      })
      assert.equal(
        run.stderr
          .split('\n')
          .filter(l => l.startsWith('pg-dumper tests:'))
          .join('\n'),
        `pg-dumper tests: no PostgreSQL client tools found: installing postgresql-client-${major} with apt, as install-client: auto does`
      )
      const calls = readFileSync(log, 'utf8')
      assert.match(calls, /^(sudo -n )?apt-get update$/m)
      // PGDG first (when www.postgresql.org answers, for its key)...
      if (calls.includes(`tee ${PGDG_KEYRING}`)) {
        assert.match(
          calls,
          new RegExp(
            `^(sudo -n )?env DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends postgresql-client-${major}$`,
            'm'
          )
        )
      }
      // ...then, as it installed nothing, its source undone and the
      // distribution asked for its client
      assert.match(
        calls,
        /^(sudo -n )?rm -f \/etc\/apt\/sources.list.d\/pgdg.list /m
      )
      assert.match(calls, /^(sudo -n )?rmdir --ignore-fail-on-non-empty /m)
      assert.match(calls, /^apt-cache depends postgresql-client$/m)
      // the stubs installed nothing: the failure names the command to run
      assert.equal(run.result.name, 'PostgresMissing')
      assert.match(
        run.result.message ?? '',
        new RegExp(
          `installing postgresql-client-${major} failed: PGDG \\(apt.postgresql.org\\) could not be used: .*; and the distribution's postgresql-client is not available`
        )
      )
      assert.ok(run.result.message?.endsWith(`Run: ${fixCommand('client')}`))
    })
  }
)

describe(
  'server binaries from the pg-server packages',
  { skip: EXTERNAL ? 'PG_DUMPER_TEST_URL' : noPackage },
  () => {
    test('PG_DUMPER_TEST_IGNORE_SYSTEM_PG=1: the newest package the client can dump runs, and leaves nothing behind', async t => {
      const client = clientBinDir()
      if (!client) {
        t.skip('no client tools installed')
        return
      }
      const { result } = await inChild([PROBE, 'start'], {
        PG_DUMPER_TEST_IGNORE_SYSTEM_PG: '1'
      })
      assert.equal(result.ok, true, result.message)
      const server = result.setup?.server
      assert.equal(server?.source, 'package')
      const clientMajor = result.setup?.client.major ?? Infinity
      const expected = PACKAGES.find(([m]) => m <= clientMajor) ?? PACKAGES[0]
      assert.equal(server?.major, expected[0])
      assert.equal(server?.bin, expected[1])
      assert.match(result.version ?? '', new RegExp(`^${expected[0]}\\.\\d+`))
    })

    test('as root, a package the postgres user cannot reach runs from a copy, removed at exit', async t => {
      const client = clientBinDir()
      if (process.getuid?.() !== 0 || !client) {
        t.skip('needs root and client tools')
        return
      }
      const major = PACKAGES[0][0]
      // mode 700, as /root is: the postgres user cannot look inside
      const root = await rootWithPackage(major, 0o700)
      const { result } = await inChild([PROBE, 'start'], {
        PG_DUMPER_TEST_PG_SEARCH_ROOT: root,
        PG_DUMPER_TEST_BIN_DIR: client
      })
      assert.equal(result.ok, true, result.message)
      assert.match(result.version ?? '', new RegExp(`^${major}\\.\\d+`))
      assert.ok(
        result.spawned.some(c => /^cp -a?l? .*\/native /.test(c)),
        result.spawned.join('\n')
      )
    })
  }
)

describe(
  'a test process that exits without after()',
  { skip: EXTERNAL && 'PG_DUMPER_TEST_URL' },
  () => {
    test('leaves no server running and no temp folder', async t => {
      if (!clientBinDir() || AVAILABLE_MAJORS.length === 0) {
        t.skip('needs a server and client tools')
        return
      }
      // inChild asserts that nothing is left
      const { code, result } = await inChild([PROBE, 'abandon'], {})
      assert.equal(code, 1)
      assert.ok(result.spawned.some(c => / start -D /.test(c)))
    })
  }
)

describe('fixCommand', () => {
  const debian = 'ID=debian\nVERSION_CODENAME=bookworm\n'
  const ubuntu = 'ID=ubuntu\nID_LIKE=debian\n'
  const cases: [string, Missing, Parameters<typeof fixCommand>[1], string][] = [
    [
      'Debian as root',
      'server',
      { platform: 'linux', root: true, osRelease: debian },
      'apt-get install -y postgresql'
    ],
    [
      'Debian',
      'client',
      { platform: 'linux', root: false, osRelease: debian },
      'sudo apt-get install -y postgresql-client'
    ],
    [
      'Ubuntu',
      'client',
      { platform: 'linux', root: false, osRelease: ubuntu },
      'sudo apt-get install -y postgresql-client'
    ],
    [
      'Fedora',
      'server',
      { platform: 'linux', root: false, osRelease: 'ID=fedora\n' },
      'sudo dnf install -y postgresql-server'
    ],
    [
      'Rocky',
      'client',
      {
        platform: 'linux',
        root: true,
        osRelease: 'ID="rocky"\nID_LIKE="rhel centos fedora"\n'
      },
      'dnf install -y postgresql'
    ],
    [
      'Alpine',
      'client',
      { platform: 'linux', root: true, osRelease: 'ID=alpine\n' },
      'apk add postgresql-client'
    ],
    [
      'Debian as root, client and age',
      'client',
      { platform: 'linux', root: true, osRelease: debian },
      'apt-get install -y postgresql-client age'
    ],
    [
      'macOS, age',
      'age',
      { platform: 'darwin', root: false },
      'brew install age'
    ],
    [
      'macOS',
      'server',
      { platform: 'darwin', root: false },
      'brew install postgresql@17'
    ]
  ]
  for (const [name, what, facts, command] of cases) {
    test(`${name}, ${what}: ${command}`, () => {
      const also = name.endsWith('and age') ? (['age'] as const) : []
      assert.equal(fixCommand(what, facts, also), command)
    })
  }
})
