// Fault injection (issue #6): the bundle run as GitHub runs it while servers
// stop, tools are signalled, the disk fills up, archives are damaged and the
// artifact services fail. Every case checks the exit status, the message,
// that nothing was left behind or uploaded, and that the password never shows.
import assert from 'node:assert/strict'
import { execFileSync } from 'node:child_process'
import { createHash } from 'node:crypto'
import { existsSync, mkdirSync, readdirSync, statSync } from 'node:fs'
import {
  cp,
  mkdir,
  mkdtemp,
  readFile,
  symlink,
  truncate,
  writeFile
} from 'node:fs/promises'
import { dirname, join, relative, resolve } from 'node:path'
import { after, before, describe, test } from 'node:test'
import type {
  ArtifactBackend,
  ArtifactRecord,
  BackendCall
} from '../../test-support/artifact-backend.ts'
import { dataChecksums, schemaNames } from '../../test-support/compare.ts'
import {
  backendCount,
  blockedBackend,
  childNamed,
  drainFailures,
  HoldingSession,
  processEnded,
  signalTwice,
  startAction,
  waitFor,
  type StartedStep
} from '../../test-support/faults.ts'
import {
  pgDump,
  seededServer,
  type SeededServerWithArtifacts
} from '../../test-support/fixtures.ts'
import {
  clientBinDir,
  clientEnv,
  clientTool,
  EXTERNAL,
  run,
  type TestServer
} from '../../test-support/pg-server.ts'
import {
  errorLine,
  pgBinDirInput,
  runAction,
  visibleLog,
  type StepRun
} from '../../test-support/run-action.ts'

const REPO = 'octo/faults'
const READER = 'ghs_faults_reader'
/** the run that uploaded the fixture artifact */
const FIXTURE_RUN = 1
const FIXTURE_ARTIFACT = 'fixture.dump'
const CREATE_ARTIFACT = 'CreateArtifact'
const LIST_ROUTE = 'GET /repos/{owner}/{repo}/actions/artifacts'
/** too small for the source's dump (about 450 KB) */
const LIMIT_BYTES = 256 * 1024

const linuxOnly =
  process.platform === 'linux'
    ? false
    : 'finds tools in /proc, mounts a tmpfs, runs sh scripts: Linux only'
const needsLocal = EXTERNAL
  ? 'stops and starts the server: needs a local one'
  : false

let seeded: SeededServerWithArtifacts
let server: TestServer
let backend: ArtifactBackend
let root: string
let source: string
let nextRun = 100
/** the source dumped by pg_dump itself, and damaged copies */
const fixture = { custom: '', half: '', flipped: '', directory: '', cut: '' }
/** a folder a dump does not fit in, and how that was arranged */
let limited: { dir: string; method: 'tmpfs' | 'prlimit'; why: string }
/** client tools whose pg_dump exits 0 but leaves its archive cut in half */
let lyingBin: string

before(async () => {
  if (linuxOnly) return
  seeded = await seededServer({
    database: 'faults_src',
    // pg_dump and pg_restore take tables in name order: app.* first,
    // public.zzz_blocker last, so a restore can be held up after app.*
    seed: `CREATE SCHEMA app;
    CREATE TABLE app.items(id int PRIMARY KEY, name text);
    INSERT INTO app.items SELECT g, md5(g::text) FROM generate_series(1, 20000) g;
    CREATE TABLE app.orders(id int PRIMARY KEY, item int REFERENCES app.items);
    INSERT INTO app.orders SELECT g, g FROM generate_series(1, 500) g;
    CREATE TABLE public.zzz_blocker(id int);`,
    tempPrefix: 'pg-dumper-faults-',
    artifacts: { tokens: { [READER]: [REPO] } }
  })
  ;({ server, backend, db: source, dir: root } = seeded)
  await makeArchives(join(root, 'archives'))
  await backend.seedArtifact({
    repository: REPO,
    runId: FIXTURE_RUN,
    name: FIXTURE_ARTIFACT,
    content: await readFile(fixture.custom),
    mimeType: 'application/octet-stream'
  })
  limited = sizeLimitedDir(join(root, 'small'))
  lyingBin = await lyingPgDump(join(root, 'lying-bin'))
})

after(async () => {
  if (limited?.method === 'tmpfs') unmount(limited.dir)
  await seeded?.stop()
})

/** The fixture archives: custom and directory, and damaged copies of each. */
async function makeArchives(dir: string): Promise<void> {
  await mkdir(dir)
  fixture.custom = join(dir, 'fixture.dump')
  fixture.directory = join(dir, 'fixture.dir')
  for (const [format, file] of [
    ['custom', fixture.custom],
    ['directory', fixture.directory]
  ]) {
    await pgDump(server, source, [`--format=${format}`, `--file=${file}`])
  }
  const bytes = await readFile(fixture.custom)
  fixture.half = join(dir, 'half.dump')
  await writeFile(fixture.half, bytes.subarray(0, bytes.length >> 1))
  // 16 bytes inverted well inside app.items' compressed rows
  const flipped = Buffer.from(bytes)
  const at = Math.floor(bytes.length * 0.6)
  for (let i = at; i < at + 16; i++) flipped[i] ^= 0xff
  fixture.flipped = join(dir, 'flipped.dump')
  await writeFile(fixture.flipped, flipped)
  fixture.cut = join(dir, 'cut.dir')
  await cp(fixture.directory, fixture.cut, { recursive: true })
  const [largest] = readdirSync(fixture.cut)
    .filter(name => name.endsWith('.dat.gz'))
    .map(name => join(fixture.cut, name))
    .sort((a, b) => statSync(b).size - statSync(a).size)
  await truncate(largest, statSync(largest).size >> 1)
}

/**
 * A folder too small for a dump: a 256 KiB tmpfs where mounting is allowed
 * (root); else an ordinary folder, and the step runs under prlimit --fsize
 * so pg_dump meets a file size limit instead.
 */
function sizeLimitedDir(dir: string): typeof limited {
  mkdirSync(dir, { recursive: true })
  try {
    execFileSync(
      'mount',
      ['-t', 'tmpfs', '-o', `size=${LIMIT_BYTES}`, 'tmpfs', dir],
      { stdio: 'pipe' }
    )
    // a test process that dies without after() must not leave it mounted
    process.once('exit', () => unmount(dir))
    return { dir, method: 'tmpfs', why: 'mount -t tmpfs is permitted' }
  } catch (error) {
    const reason = String(error).split('\n')[0]
    return { dir, method: 'prlimit', why: `mount was refused: ${reason}` }
  }
}

function unmount(dir: string): void {
  try {
    execFileSync('umount', [dir], { stdio: 'pipe' })
  } catch {
    // not mounted (any more)
  }
}

/**
 * Client tools whose pg_dump runs the real one, then cuts the archive it
 * wrote in half and exits 0 all the same; pg_restore and psql are real.
 */
async function lyingPgDump(dir: string): Promise<string> {
  const real = clientBinDir()
  const path = (tool: string) => (real ? join(real, tool) : tool)
  await mkdir(dir)
  for (const tool of ['pg_restore', 'psql'])
    await symlink(path(tool), join(dir, tool))
  await writeFile(
    join(dir, 'pg_dump'),
    `#!/bin/sh
"${path('pg_dump')}" "$@" || exit $?
for arg in "$@"; do
  case "$arg" in --file=*) file="\${arg#--file=}" ;; esac
done
if [ -f "$file" ]; then truncate -s $(( $(stat -c %s "$file") / 2 )) "$file"; fi
exit 0
`,
    { mode: 0o755 }
  )
  return dir
}

/** One step's run, and where it ran. */
interface Step extends StepRun {
  cwd: string
  /** this step's own RUNNER_TEMP (and TMPDIR) */
  runnerTemp: string
  runId: number
  /** dump steps: the path the dump was to take */
  target?: string
  /** dump steps: the artifact it was to upload */
  uploadName?: string
  /** the backend calls the step made */
  calls: BackendCall[]
  /** artifacts the backend holds that it did not before the step */
  created: ArtifactRecord[]
  ms: number
}

interface StepOptions {
  runId?: number
  /** runs the bundle through this command, e.g. prlimit */
  wrapper?: string[]
  /** the step leads a process group of its own, to be signalled whole */
  group?: boolean
}

/** A workspace and RUNNER_TEMP of its own, and the run's environment. */
async function prepare(inputs: Record<string, string>, options: StepOptions) {
  const cwd = await mkdtemp(join(root, 'ws-'))
  const runnerTemp = await mkdtemp(join(root, 'temp-'))
  const runId = options.runId ?? nextRun++
  const env = {
    ...backend.env({ repository: REPO, runId, workspace: cwd }),
    RUNNER_TEMP: runnerTemp,
    TMPDIR: runnerTemp
  }
  const firstCall = backend.calls.length
  const known = new Set(backend.artifacts().map(a => a.id))
  const started = performance.now()
  const dumping = inputs.mode === 'dump'
  const uploadName = dumping ? inputs['artifact-name'] : undefined
  const target = dumping
    ? resolve(cwd, inputs.file ?? uploadName ?? 'backup.dump')
    : undefined
  const finish = (stepRun: StepRun): Step => ({
    ...stepRun,
    cwd,
    runnerTemp,
    runId,
    target,
    uploadName,
    calls: backend.calls.slice(firstCall),
    created: backend.artifacts().filter(a => !known.has(a.id)),
    ms: performance.now() - started
  })
  return { cwd, runnerTemp, env, finish }
}

/** Runs a step to its end with runAction. */
async function runStep(
  inputs: Record<string, string>,
  options: StepOptions = {}
): Promise<Step> {
  const all = { ...pgBinDirInput(), ...inputs }
  const { cwd, env, finish } = await prepare(all, options)
  return finish(await runAction(all, { cwd, env }))
}

/** Starts a step in the background, so it can be interrupted. */
async function startStep(
  inputs: Record<string, string>,
  options: StepOptions = {}
): Promise<
  Omit<StartedStep, 'finished'> & {
    cwd: string
    runnerTemp: string
    finished: Promise<Step>
  }
> {
  const all = { ...pgBinDirInput(), ...inputs }
  const { cwd, runnerTemp, env, finish } = await prepare(all, options)
  const started = await startAction(all, {
    cwd,
    env,
    wrapper: options.wrapper,
    group: options.group
  })
  return {
    ...started,
    cwd,
    runnerTemp,
    finished: started.finished.then(finish)
  }
}

const log = (stepRun: StepRun) => `${stepRun.stdout}\n${stepRun.stderr}`

/**
 * Temporary entries anywhere under dir: partial dumps, pg-dumper-* folders
 * (downloads, tables of contents); `keep` and what holds it excepted.
 */
function leftovers(dir: string, keep?: string): string[] {
  if (!existsSync(dir)) return []
  return readdirSync(dir, { recursive: true, encoding: 'utf8' }).filter(
    path =>
      /(^|\/)([^/]*\.partial|pg-dumper-[^/]*)$/.test(path) &&
      !(keep && !relative(join(dir, path), keep).startsWith('..'))
  )
}

function assertNoPassword(step: Step): void {
  const secrets = [server.password, encodeURIComponent(server.password)]
  for (const secret of secrets) {
    assert.ok(!visibleLog(step).includes(secret), 'the password is in the log')
    assert.ok(
      !JSON.stringify(step.outputs).includes(secret),
      'the password is in the outputs'
    )
    assert.ok(!step.summary.includes(secret), 'the password is in the summary')
  }
}

interface Expect {
  exitCode: 0 | 1
  /** the `::error::` line; none when the step succeeds */
  error?: RegExp
  /** the step uploads its dump */
  uploads?: boolean
  /** the step failed after dumping: the dump stays at its target */
  keepsDump?: boolean
}

/** What every case checks: status, message, leftovers, uploads, secrets. */
function assertOutcome(step: Step, expect: Expect): void {
  assert.equal(step.exitCode, expect.exitCode, log(step))
  if (expect.error) assert.match(errorLine(step), expect.error)
  else assert.equal(errorLine(step), '', 'no error')

  // a successful restore keeps its download: it is the `file` output
  const keep = expect.exitCode === 0 ? step.outputs.file : undefined
  const dirs = new Set([step.cwd, step.runnerTemp])
  if (step.target) dirs.add(dirname(step.target))
  for (const dir of dirs)
    assert.deepEqual(leftovers(dir, keep), [], `temporary entries in ${dir}`)
  if (step.target) {
    assert.equal(
      existsSync(step.target),
      expect.exitCode === 0 || expect.keepsDump === true,
      `whether a dump is at ${step.target}`
    )
  }

  const finalized = step.calls.filter(
    c => c.method === 'FinalizeArtifact' && c.status === 200
  )
  if (expect.uploads) {
    assert.equal(finalized.length, 1, 'one upload finalized')
    assert.deepEqual(
      step.created.map(a => [a.name, a.finalized]),
      [[step.uploadName, true]]
    )
  } else {
    assert.deepEqual(finalized, [], 'no upload finalized')
    assert.deepEqual(step.created, [], 'no artifact created')
  }
  assert.doesNotMatch(step.stderr, /^\s+at |unhandled|uncaught/im, 'a crash')
  assertNoPassword(step)
}

/** A target database holding one table of known rows, keep.rows. */
async function freshTarget(): Promise<string> {
  const db = await server.createDatabase('faults_tgt')
  await server.psql(
    db,
    `CREATE SCHEMA keep;
    CREATE TABLE keep.rows(id int PRIMARY KEY, note text);
    INSERT INTO keep.rows VALUES (1, 'one'), (2, 'two'), (3, 'three');`
  )
  // test servers run without synchronous commit: make the state a case
  // compares against durable before any case crashes the server
  await server.psql('postgres', 'CHECKPOINT')
  return db
}

/** A target that already holds the dump's objects (pg_restore put them there). */
async function loadedTarget(): Promise<string> {
  const target = await freshTarget()
  const loaded = await run(
    clientTool('pg_restore'),
    [
      '--no-owner',
      `--dbname=${server.conninfoNoPassword(target)}`,
      fixture.custom
    ],
    { env: clientEnv(server.password) }
  )
  assert.equal(loaded.code, 0, loaded.stderr)
  return target
}

/** Schemas, and every relation's row count and checksum. */
async function state(db: string) {
  return {
    schemas: await schemaNames(server, db),
    data: Object.fromEntries(await dataChecksums(server, db))
  }
}

/** Row count and checksum of each of the dump's own tables (app.*). */
async function appData(db: string): Promise<Record<string, string>> {
  const all = await dataChecksums(server, db)
  return Object.fromEntries([...all].filter(([k]) => k.startsWith('app.')))
}

/** Holds a dump up: app.items is locked exclusively. */
const BLOCK_DUMP = 'BEGIN; LOCK TABLE app.items IN ACCESS EXCLUSIVE MODE;'
/**
 * Holds a restore up after it created app.*: public.zzz_blocker is created
 * but not committed, so the restore's CREATE TABLE waits for that transaction.
 */
const BLOCK_RESTORE = 'BEGIN; CREATE TABLE public.zzz_blocker(id int);'

type Tool = 'pg_dump' | 'pg_restore'

/** The step, with the tool running as the action's child and waiting for a lock. */
interface Blocked {
  started: Awaited<ReturnType<typeof startStep>>
  /** the tool's process */
  toolPid: number
  /** the server backend serving it */
  backendPid: number
}

/**
 * Starts a step while another session holds `tool` up on `db`; once the
 * tool runs as the action's child and waits for the lock, notes the
 * temporary entries it made so far (`during`) and calls `interrupt`. The
 * lock is released only afterwards, and the server is running again.
 */
async function whileBlocked(
  db: string,
  hold: string,
  tool: Tool,
  inputs: Record<string, string>,
  interrupt: (blocked: Blocked) => Promise<unknown>,
  options: StepOptions = {}
): Promise<{ step: Step; during: string[] }> {
  const session = await HoldingSession.hold(server, db, hold)
  let started: Blocked['started'] | undefined
  try {
    started = await startStep(inputs, options)
    const { pid, cwd, runnerTemp } = started
    const toolPid = await waitFor(`${tool} as a child of the action`, () =>
      childNamed(pid, tool)
    )
    const backendPid = await waitFor(`${tool} to wait for the lock`, () =>
      blockedBackend(server, tool, db)
    )
    const during = [...leftovers(cwd), ...leftovers(runnerTemp)]
    await interrupt({ started, toolPid, backendPid })
    return { step: await started.finished, during }
  } finally {
    if (started?.child.exitCode === null) {
      started.child.kill('SIGKILL')
      await started.finished.catch(() => {})
    }
    await session.close()
    await server.start()
  }
}

/** Interrupts: the server stops in a pg_ctl stop mode. */
const stopServer = (mode: 'fast' | 'immediate') => (): Promise<unknown> =>
  server.stopServer({ mode })

/** Interrupts: the server ends the tool's connection. */
const terminateBackend = ({ backendPid }: Blocked): Promise<unknown> =>
  server.psql('postgres', `SELECT pg_terminate_backend(${backendPid})`)

/**
 * Interrupts: SIGTERM to the action, as a cancelled job sends; then the
 * tool must end, and its backend with it, while the lock is still held.
 */
const sigterm =
  (tool: Tool, db: () => string) =>
  async ({ started, toolPid }: Blocked): Promise<void> => {
    started.child.kill('SIGTERM')
    await waitFor(`${tool} (pid ${toolPid}) to end`, () =>
      processEnded(toolPid)
    )
    await waitFor(
      `${tool}'s backend to end`,
      async () => (await backendCount(server, tool, db())) === 0,
      10_000
    )
  }

/**
 * Interrupts: `signal` twice, 10 ms apart, to the action or to its whole
 * process group (as `timeout` sends, the tools included); the second comes
 * during the first one's clean-up, which must complete all the same.
 */
const twice =
  (signal: NodeJS.Signals, group: boolean) =>
  async ({ started }: Blocked): Promise<void> => {
    await signalTwice(started.pid, signal, { group })
    await started.finished
  }

const EMPTY = `0:${createHash('md5').update('').digest('hex')}`
const SERVER_GONE =
  /(server closed the connection unexpectedly|terminating connection due to (immediate shutdown|administrator) command)/
    .source
const ADMIN_ENDED =
  /FATAL: +terminating connection due to administrator command/.source

interface Case {
  name: string
  skip?: string | boolean
  /** a known bug: `bug: …` */
  todo?: string
  expect: Expect
  /** injects the fault and runs the step; `check` runs after the common checks */
  run: () => Promise<{ step: Step; check?: () => void | Promise<void> }>
}

/** A dump held up by a lock and interrupted: the partial existed, then went. */
const interruptedDump =
  (
    name: string,
    interrupt: (blocked: Blocked) => Promise<unknown>,
    options: StepOptions = {}
  ) =>
  async () => {
    const { step, during } = await whileBlocked(
      source,
      BLOCK_DUMP,
      'pg_dump',
      {
        mode: 'dump',
        connection: server.uri(source),
        'artifact-name': name
      },
      interrupt,
      options
    )
    return {
      step,
      check: () => {
        const partial = new RegExp(`^\\.${name}\\.[0-9a-f]{8}\\.partial$`)
        const partials = during.filter(entry => partial.test(entry))
        assert.equal(
          partials.length,
          1,
          `pg_dump was writing the partial: ${during.join()}`
        )
        // and nothing else: the step reads the partial back itself, with
        // no FIFO or temporary folder beside it
        assert.deepEqual(
          during.filter(entry => !partial.test(entry)),
          [],
          during.join()
        )
      }
    }
  }

/** A restore of the custom fixture held up by a lock and interrupted. */
async function interruptedRestore(
  interrupt: (blocked: Blocked) => Promise<unknown>,
  inputs: Record<string, string>
) {
  const target = await freshTarget()
  const was = await state(target)
  const { step } = await whileBlocked(
    target,
    BLOCK_RESTORE,
    'pg_restore',
    {
      mode: 'restore',
      connection: server.uri(target),
      file: fixture.custom,
      ...inputs
    },
    interrupt
  )
  return { step, target, was }
}

const cases: Case[] = [
  // --- the server goes away during a dump
  {
    name: 'a dump whose server stops (immediate) while pg_dump runs fails with the server’s reason and leaves no file',
    skip: needsLocal,
    expect: {
      exitCode: 1,
      error: new RegExp(
        `^::error::PgDumpFailed: pg_dump: error: query failed: ${SERVER_GONE}.*Query was: LOCK TABLE app\\.items`
      )
    },
    run: interruptedDump('stopped.dump', stopServer('immediate'))
  },
  {
    name: 'a dump whose connection the server ends fails with “terminating connection due to administrator command” and leaves no file',
    expect: {
      exitCode: 1,
      error: new RegExp(
        `^::error::PgDumpFailed: pg_dump: error: query failed: ${ADMIN_ENDED}.*Query was: LOCK TABLE app\\.items`
      )
    },
    run: interruptedDump('terminated.dump', terminateBackend)
  },

  // --- the server goes away during a restore
  {
    name: 'a restore whose server stops (fast) midway fails with PgRestoreFailed; without single-transaction what ran before stays',
    skip: needsLocal,
    expect: {
      exitCode: 1,
      error: new RegExp(
        `^::error::PgRestoreFailed: pg_restore reported \\d+ error\\(s\\):%0Acould not execute query: ${ADMIN_ENDED}.*Command was: CREATE TABLE public\\.zzz_blocker.*no connection to the server`
      )
    },
    run: async () => {
      const { step, target } = await interruptedRestore(stopServer('fast'), {})
      return {
        step,
        check: async () => {
          // what single-transaction is for: app.* was created, and stays
          assert.deepEqual(await appData(target), {
            'app.items': EMPTY,
            'app.orders': EMPTY
          })
        }
      }
    }
  },
  ...[
    {
      how: 'whose server crashes (immediate stop) midway',
      skip: needsLocal,
      reason: SERVER_GONE,
      interrupt: stopServer('immediate')
    },
    {
      how: 'whose connection the server ends midway',
      skip: false,
      reason: ADMIN_ENDED,
      interrupt: terminateBackend
    }
  ].map((v): Case => ({
    name: `a single-transaction restore ${v.how} fails with PgRestoreFailed and leaves the target exactly as it was`,
    skip: v.skip,
    expect: {
      exitCode: 1,
      error: new RegExp(
        `^::error::PgRestoreFailed: pg_restore reported 1 error\\(s\\):%0Acould not execute query: ${v.reason}.*Command was: CREATE TABLE public\\.zzz_blocker`
      )
    },
    run: async () => {
      const { step, target, was } = await interruptedRestore(v.interrupt, {
        'single-transaction': 'true'
      })
      return {
        step,
        check: async () => assert.deepEqual(await state(target), was)
      }
    }
  })),

  // --- the job is cancelled
  {
    name: 'SIGTERM during a dump stops pg_dump, removes the partial file and uploads nothing',
    expect: {
      exitCode: 1,
      error:
        /^::error::OperationCancelled: Cancelled by SIGTERM: pg_dump was stopped and temporary files were removed\.$/
    },
    run: interruptedDump(
      'cancelled.dump',
      sigterm('pg_dump', () => source)
    )
  },
  ...(
    [
      ['SIGTERM', true],
      ['SIGINT', true],
      ['SIGTERM', false],
      ['SIGINT', false]
    ] as const
  ).map(([signal, group]): Case => ({
    name: `${signal} twice 10 ms apart to the ${group ? 'process group' : 'process'} during a dump: the clean-up completes, the step fails saying so`,
    expect: {
      exitCode: 1,
      error: new RegExp(
        `^::error::OperationCancelled: Cancelled by ${signal}: .*temporary files were removed`
      )
    },
    run: interruptedDump(
      `twice-${signal}-${group}.dump`,
      twice(signal, group),
      {
        group
      }
    )
  })),
  {
    name: 'SIGTERM during a restore from an artifact stops pg_restore, removes the download and leaves the target as it was',
    expect: {
      exitCode: 1,
      error:
        /^::error::OperationCancelled: Cancelled by SIGTERM: pg_restore was stopped and temporary files were removed\.$/
    },
    run: async () => {
      const target = await freshTarget()
      const was = await state(target)
      const { step, during } = await whileBlocked(
        target,
        BLOCK_RESTORE,
        'pg_restore',
        {
          mode: 'restore',
          connection: server.uri(target),
          'artifact-name': FIXTURE_ARTIFACT,
          'single-transaction': 'true'
        },
        sigterm('pg_restore', () => target),
        { runId: FIXTURE_RUN }
      )
      return {
        step,
        check: async () => {
          assert.match(
            during.join(),
            /^pg-dumper-artifact-\w{6}$/,
            'the download was there while pg_restore ran'
          )
          assert.deepEqual(await state(target), was)
        }
      }
    }
  },

  {
    name: 'SIGTERM while the artifact is downloaded removes the download folder and restores nothing',
    expect: {
      exitCode: 1,
      error:
        /^::error::OperationCancelled: Cancelled by SIGTERM: temporary files were removed and nothing more was uploaded or restored\.$/
    },
    run: async () => {
      const target = await freshTarget()
      const was = await state(target)
      // the library waits 3 s before it asks again for the download URL
      backend.failNext('GetSignedArtifactURL', 500, 1)
      const from = backend.calls.length
      const started = await startStep(
        {
          mode: 'restore',
          connection: server.uri(target),
          'artifact-name': FIXTURE_ARTIFACT
        },
        { runId: FIXTURE_RUN }
      )
      await waitFor('the download to wait for its retry', () =>
        backend.calls
          .slice(from)
          .some(c => c.method === 'GetSignedArtifactURL' && c.injected)
      )
      const during = leftovers(started.runnerTemp)
      started.child.kill('SIGTERM')
      const step = await started.finished
      return {
        step,
        check: async () => {
          assert.match(during.join(), /^pg-dumper-artifact-\w{6}$/)
          assert.doesNotMatch(step.stdout, /\$ \S*pg_restore/)
          assert.deepEqual(await state(target), was)
        }
      }
    }
  },

  // --- the disk is full, or the tool lies
  {
    name: 'a dump that runs out of space fails with pg_dump’s message and leaves no file',
    expect: {
      exitCode: 1,
      error:
        /^::error::PgDumpFailed: (pg_dump: error: could not write to output file: No space left on device|pg_dump was killed by a signal)$/
    },
    run: async () => {
      const tmpfs = limited.method === 'tmpfs'
      const started = await startStep(
        {
          mode: 'dump',
          connection: server.uri(source),
          file: join(limited.dir, 'nospace.dump'),
          'artifact-name': 'nospace.dump'
        },
        tmpfs ? {} : { wrapper: ['prlimit', `--fsize=${LIMIT_BYTES}`, '--'] }
      )
      const step = await started.finished
      return {
        step,
        check: () => {
          // under prlimit, SIGXFSZ kills pg_dump before it can say anything
          if (tmpfs) assert.match(errorLine(step), /No space left on device/)
          assert.deepEqual(readdirSync(limited.dir), [])
        }
      }
    }
  },
  {
    name: 'a pg_dump that exits 0 but leaves a truncated archive fails the read-back: no file, nothing uploaded',
    expect: {
      exitCode: 1,
      error:
        // the archive is read back while pg_dump writes it: the cut is seen
        // by the reader if it had not yet read the end, else by the check
        // of the finished file
        /^::error::PgDumpFailed: pg_dump exited 0 but (its archive cannot be read back end to end: it ends inside the data block of entry \d+ \(at byte \d+\)|the file changed while it was read back \(\d+ bytes read, \d+ in the file\))/
    },
    run: async () => ({
      step: await runStep({
        mode: 'dump',
        connection: server.uri(source),
        'artifact-name': 'truncated.dump',
        'pg-bin-dir': lyingBin
      })
    })
  },

  // --- damaged archives
  ...[
    {
      what: 'a custom archive cut in half',
      file: () => fixture.half,
      message: 'could not read from input file: end of file'
    },
    {
      what: 'a custom archive with bytes of its data flipped',
      file: () => fixture.flipped,
      message: 'could not uncompress data: incorrect data check'
    },
    {
      what: 'a directory archive with a data file cut',
      file: () => fixture.cut,
      // pg_restore 15's own words for a gzip stream that ends early
      message: 'could not close data file "[^"]+\\.dat"'
    }
  ].map((v): Case => ({
    name: `${v.what} fails with pg_restore’s message and, in a single transaction, applies nothing`,
    expect: {
      exitCode: 1,
      error: new RegExp(
        `^::error::PgRestoreFailed: pg_restore reported 1 error\\(s\\):%0A${v.message}`
      )
    },
    run: async () => {
      const target = await freshTarget()
      const was = await state(target)
      const step = await runStep({
        mode: 'restore',
        connection: server.uri(target),
        file: v.file(),
        'single-transaction': 'true'
      })
      return {
        step,
        check: async () => assert.deepEqual(await state(target), was)
      }
    }
  })),

  // --- the artifact service
  {
    name: 'the artifact service answering 500 then 200: the upload is retried and the step succeeds',
    expect: { exitCode: 0, uploads: true },
    run: async () => {
      backend.failNext(CREATE_ARTIFACT, 500, 1)
      const step = await runStep({
        mode: 'dump',
        connection: server.uri(source),
        'artifact-name': 'retried.dump'
      })
      return {
        step,
        check: () => {
          const creates = step.calls.filter(c => c.method === CREATE_ARTIFACT)
          assert.deepEqual(
            creates.map(c => [c.status, c.injected]),
            [
              [500, true],
              [200, false]
            ]
          )
          const waited = creates[1].at.getTime() - creates[0].at.getTime()
          assert.ok(waited >= 2500, `retried after ${waited} ms`)
          assert.match(step.stdout, /Attempt 1 of 5 failed with error: .*500/)
          const stored = backend.get(Number(step.outputs['artifact-id']))
          assert.equal(stored?.name, 'retried.dump')
          assert.equal(stored?.digest, `sha256:${step.outputs.sha256}`)
        }
      }
    }
  },
  {
    name: 'the artifact service always answering 500: the step fails naming the retries, the dump stays local, no artifact exists',
    expect: {
      exitCode: 1,
      keepsDump: true,
      error:
        /^::error::ArtifactServiceError: Uploading the artifact 'always-500\.dump' failed: Failed to CreateArtifact: Failed to make request after 5 attempts: Failed request: \(500\) Internal Server Error.*@actions\/artifact retries the artifact service/
    },
    run: async () => {
      backend.failNext(CREATE_ARTIFACT, 500, 10)
      let step: Step
      try {
        step = await runStep({
          mode: 'dump',
          connection: server.uri(source),
          'artifact-name': 'always-500.dump'
        })
      } finally {
        // the failures the library did not use up must not hit a later case
        const left = await drainFailures(
          `${backend.resultsUrl}twirp/github.actions.results.api.v1.ArtifactService/${CREATE_ARTIFACT}`,
          'POST',
          500
        )
        assert.equal(left, 5, 'the library tried 5 times')
      }
      return {
        step,
        check: async () => {
          const creates = step.calls.filter(c => c.method === CREATE_ARTIFACT)
          assert.equal(creates.length, 5)
          assert.ok(creates.every(c => c.status === 500 && c.injected))
          // the dump itself is good and stays where the outputs say
          assert.equal(step.outputs.file, step.target)
          const bytes = await readFile(step.outputs.file)
          assert.equal(
            createHash('sha256').update(bytes).digest('hex'),
            step.outputs.sha256
          )
          assert.equal(bytes.subarray(0, 5).toString(), 'PGDMP')
        }
      }
    }
  },
  {
    name: 'the artifact service not running: the step fails at once naming the failure, before anything is dumped',
    expect: {
      exitCode: 1,
      error:
        /^::error::ArtifactServiceError: Checking whether the artifact 'unreachable\.dump' exists failed: Failed to ListArtifacts: Unable to make request: ECONNREFUSED/
    },
    run: async () => {
      await backend.stopResults()
      let step: Step
      try {
        step = await runStep({
          mode: 'dump',
          connection: server.uri(source),
          'artifact-name': 'unreachable.dump'
        })
      } finally {
        await backend.startResults()
      }
      return {
        step,
        check: () => {
          assert.ok(step.ms < 10_000, `failed in ${Math.round(step.ms)} ms`)
          assert.doesNotMatch(step.stdout, /\$ \S*pg_dump/, 'pg_dump never ran')
        }
      }
    }
  },

  // --- the REST API, for run-id: latest
  {
    name: 'the artifacts API answering 500 twice for run-id latest: the look-up is retried and the restore succeeds',
    expect: { exitCode: 0 },
    run: async () => {
      backend.failNext(LIST_ROUTE, 500, 2)
      const target = await freshTarget()
      const step = await runStep({
        mode: 'restore',
        connection: server.uri(target),
        'artifact-name': FIXTURE_ARTIFACT,
        'run-id': 'latest',
        'github-token': READER
      })
      return {
        step,
        check: async () => {
          assert.deepEqual(
            step.calls
              .filter(c => c.method === LIST_ROUTE)
              .map(c => [c.status, c.injected]),
            [
              [500, true],
              [500, true],
              [200, false]
            ]
          )
          assert.deepEqual(await appData(target), await appData(source))
          assert.ok(!visibleLog(step).includes(READER), 'the token is logged')
        }
      }
    }
  },
  {
    name: 'the artifacts API always answering 500 for run-id latest: fails after 4 attempts with backoff, nothing restored',
    expect: {
      exitCode: 1,
      error:
        /^::error::ArtifactServiceError: Listing the artifacts of octo\/faults failed after 4 attempts with backoff: the GitHub API answered HTTP 500: Internal Server Error\.$/
    },
    run: async () => {
      backend.failNext(LIST_ROUTE, 500, 10)
      const target = await freshTarget()
      const was = await state(target)
      let step: Step
      try {
        step = await runStep({
          mode: 'restore',
          connection: server.uri(target),
          'artifact-name': FIXTURE_ARTIFACT,
          'run-id': 'latest',
          'github-token': READER
        })
      } finally {
        const left = await drainFailures(
          `${backend.apiUrl}/repos/${REPO}/actions/artifacts`,
          'GET',
          500
        )
        assert.equal(left, 6, 'four attempts')
      }
      return {
        step,
        check: async () => {
          const lists = step.calls.filter(c => c.method === LIST_ROUTE)
          assert.equal(lists.length, 4)
          assert.deepEqual(await state(target), was)
        }
      }
    }
  },

  // --- restoring over what is there
  {
    name: 'a restore into a database that holds the dump’s objects, without clean, names the conflicts and says to restore with clean',
    expect: {
      exitCode: 1,
      error:
        /^::error::PgRestoreFailed: pg_restore reported \d+ error\(s\):%0Acould not execute query: ERROR: +schema "app" already exists.*%0AThe target database already holds objects the dump creates: schema app, relation items, relation orders, relation zzz_blocker\. Restore with clean to drop them first/
    },
    run: async () => ({
      step: await runStep({
        mode: 'restore',
        connection: server.uri(await loadedTarget()),
        file: fixture.custom
      })
    })
  },
  {
    name: 'the same restore with clean succeeds and leaves the dump’s tables as in the source',
    expect: { exitCode: 0 },
    run: async () => {
      const target = await loadedTarget()
      await server.psql(target, 'DELETE FROM app.orders WHERE id > 10')
      const step = await runStep({
        mode: 'restore',
        connection: server.uri(target),
        file: fixture.custom,
        clean: 'true'
      })
      return {
        step,
        check: async () => {
          assert.deepEqual(await appData(target), await appData(source))
          assert.equal(
            await server.psql(target, 'SELECT count(*) FROM keep.rows'),
            '3',
            'what the dump does not hold is left alone'
          )
        }
      }
    }
  }
]

describe('faults', { skip: linuxOnly }, () => {
  for (const c of cases) {
    test(
      c.name,
      { skip: c.skip || undefined, todo: c.todo, timeout: 120_000 },
      async () => {
        const { step, check } = await c.run()
        assertOutcome(step, c.expect)
        await check?.()
      }
    )
  }

  test('the no-space case says how the space was limited', t => {
    t.diagnostic(`no space: ${limited.method}, as ${limited.why}`)
    assert.ok(limited.method === 'tmpfs' || limited.method === 'prlimit')
  })
})
