// Pruning (keep) and freshness (max-age, branch) end to end: the bundle run as
// the runner runs it, the real @actions/artifact and the action's Octokit
// talking to Azurite and the loopback results/REST service, older artifacts
// seeded with chosen ages, branches, workflows and origins (a fork's
// pull-request run) as other runs would have left them.
import assert from 'node:assert/strict'
import { readFile } from 'node:fs/promises'
import { mkdtemp } from 'node:fs/promises'
import { join } from 'node:path'
import { after, before, describe, test } from 'node:test'
import type {
  ArtifactBackend,
  ArtifactRecord,
  StepEnvOptions
} from '../../test-support/artifact-backend.ts'
import {
  pgDump,
  seededServer,
  seedRealistic,
  type SeededServerWithArtifacts
} from '../../test-support/fixtures.ts'
import type { TestServer } from '../../test-support/pg-server.ts'
import {
  errorLine,
  pgBinDirInput,
  runAction,
  type StepRun
} from '../../test-support/run-action.ts'

const REPO = 'octo/nightly'
const OTHER_REPO = 'octo/elsewhere'
/** a fork of REPO: its pull-request runs are REPO's runs with this head */
const FORK = 'mallory/nightly'
/** actions: write on both repositories */
const WRITER = 'ghs_prune_writer'
/** actions: read only */
const READER = 'ghs_prune_reader'
/** no access to REPO */
const OUTSIDER = 'ghs_prune_outsider'
const LIMITED = 'prune_limited'
const LIMITED_PASSWORD = 'prune-limited-pw'
const DELETE_ROUTE =
  'DELETE /repos/{owner}/{repo}/actions/artifacts/{artifact_id}'
const LIST_ROUTE = 'GET /repos/{owner}/{repo}/actions/artifacts'
const RUN_ROUTE = 'GET /repos/{owner}/{repo}/actions/runs/{run_id}'
const H = 3_600_000

let seeded: SeededServerWithArtifacts
let server: TestServer
let backend: ArtifactBackend
let source: string
let dir: string
let nextRun = 5000
/** custom dumps made by pg_dump itself: the realistic source, and a marked one */
const dumps = { realistic: Buffer.alloc(0), marked: Buffer.alloc(0) }

before(async () => {
  seeded = await seededServer({
    database: 'prune_src',
    seed: seedRealistic,
    tempPrefix: 'pg-dumper-prune-',
    artifacts: {
      tokens: {
        [WRITER]: [REPO, OTHER_REPO],
        [READER]: [REPO],
        [OUTSIDER]: [OTHER_REPO]
      },
      readOnlyTokens: [READER]
    }
  })
  ;({ server, backend, db: source, dir } = seeded)
  await pgDump(server, source, [
    '--format=custom',
    `--file=${join(dir, 'realistic.dump')}`
  ])
  dumps.realistic = await readFile(join(dir, 'realistic.dump'))
  const marked = await server.createDatabase('prune_marked')
  await server.psql(marked, 'CREATE TABLE public.marker(branch text)')
  await pgDump(server, marked, [
    '--format=custom',
    `--file=${join(dir, 'marked.dump')}`
  ])
  dumps.marked = await readFile(join(dir, 'marked.dump'))
  // a role that may connect but not read every table: its pg_dump fails
  await server.psql(
    source,
    `DROP ROLE IF EXISTS ${LIMITED};
     CREATE ROLE ${LIMITED} LOGIN PASSWORD '${LIMITED_PASSWORD}';`
  )
})
after(async () => {
  if (server?.external)
    await server.psql('postgres', `DROP ROLE IF EXISTS ${LIMITED}`)
  await seeded?.stop()
})

/** A step of a job of a new run (or of `job.runId`), in its own workspace. */
async function step(
  inputs: Record<string, string>,
  job: Partial<StepEnvOptions> = {}
): Promise<StepRun & { cwd: string }> {
  const cwd = await mkdtemp(join(dir, 'ws-'))
  const env = {
    ...backend.env({ repository: REPO, runId: nextRun++, ...job }),
    RUNNER_TEMP: cwd
  }
  const run = await runAction({ ...pgBinDirInput(), ...inputs }, { cwd, env })
  return { ...run, cwd }
}

/** Artifacts as earlier runs left them: one run each, `hoursOld` apart. */
async function seedOlder(
  name: string,
  hoursOld: number[],
  options: {
    repository?: string
    branch?: string
    content?: Buffer | string
    expired?: number[]
    /** a fork's `owner/repo`: uploaded by that fork's pull-request run */
    headRepository?: string
    workflow?: string
  } = {}
): Promise<ArtifactRecord[]> {
  const records: ArtifactRecord[] = []
  for (const hours of hoursOld) {
    records.push(
      await backend.seedArtifact({
        repository: options.repository ?? REPO,
        runId: nextRun++,
        name,
        content: options.content ?? `an older ${name}, ${hours}h old`,
        mimeType: 'application/octet-stream',
        createdAt: new Date(Date.now() - hours * H),
        headBranch: options.branch ?? 'main',
        headRepository: options.headRepository,
        workflow: options.workflow,
        expired: options.expired?.includes(hours)
      })
    )
  }
  return records
}

/** The ids of the artifacts named `name` still stored in `repository`, oldest first. */
const stored = (name: string, repository = REPO) =>
  backend
    .artifacts()
    .filter(a => a.name === name && a.repository === repository)
    .map(a => a.id)
    .sort((a, b) => a - b)

const callsOf = (route: string, since: number) =>
  backend.calls.slice(since).filter(c => c.method === route)

const dumpInputs = (name: string, extra: Record<string, string> = {}) => ({
  mode: 'dump',
  connection: server.uri(source),
  'artifact-name': name,
  'github-token': WRITER,
  ...extra
})

const warnings = (run: StepRun) =>
  run.stdout.split('\n').filter(l => l.startsWith('::warning::'))

describe('keep: pruning after a good upload', () => {
  test('keep 3 deletes the older artifacts of the name beyond the newest three, and lists them', async () => {
    const name = 'app.dump'
    // 1–5 days old; the one of 2 days has expired and takes no place
    const older = await seedOlder(name, [120, 96, 72, 48, 24], {
      expired: [48]
    })
    const [d5, d4, d3, d2, d1] = older
    const otherName = await seedOlder('app-staging.dump', [240])
    const otherRepo = await seedOlder(name, [240], { repository: OTHER_REPO })

    const mark = backend.calls.length
    const run = await step(dumpInputs(name, { keep: '3' }))
    assert.equal(run.exitCode, 0, run.stdout)
    const uploaded = Number(run.outputs['artifact-id'])
    assert.deepEqual(
      stored(name),
      [d3.id, d1.id, uploaded].sort((a, b) => a - b),
      'the new one and the two newest unexpired older ones are kept'
    )
    assert.equal(run.outputs.pruned, [d2.id, d4.id, d5.id].join(','))
    assert.equal(callsOf(DELETE_ROUTE, mark).length, 3)
    assert.ok(callsOf(DELETE_ROUTE, mark).every(c => c.status === 204))
    // other names and other repositories are never touched
    assert.deepEqual(stored('app-staging.dump'), [otherName[0].id])
    assert.deepEqual(stored(name, OTHER_REPO), [otherRepo[0].id])

    assert.match(
      run.stdout,
      new RegExp(
        `Deleted 'app\\.dump' id ${d4.id} from run ${d4.runId} on main, 4d old`
      )
    )
    assert.match(run.stdout, new RegExp(`id ${d2.id} .*2d old, expired`))
    assert.match(
      run.stdout,
      /6 artifact\(s\) named 'app\.dump' in octo\/nightly on branch 'main': keeping 3 \(keep: 3\), deleting 3\n/
    )
    const row = run.summary.split('\n').find(l => l.includes('Pruned')) ?? ''
    for (const a of [d2, d4, d5])
      assert.match(
        row,
        new RegExp(`id ${a.id} from run ${a.runId} on main, \\d+d old`)
      )
    assert.match(row, /keep: 3\)/)
    assert.doesNotMatch(row, new RegExp(`id ${d3.id}\\b`))
  })

  test('pruning reads every page of the list: 104 older artifacts, keep 2', async () => {
    const name = 'paged.dump'
    const hours = Array.from({ length: 104 }, (_, i) => 200 - i)
    const older = await seedOlder(name, hours)
    const mark = backend.calls.length
    const run = await step(dumpInputs(name, { keep: '2' }))
    assert.equal(run.exitCode, 0, run.stdout)
    const newestOlder = older[older.length - 1]
    assert.deepEqual(stored(name), [
      newestOlder.id,
      Number(run.outputs['artifact-id'])
    ])
    assert.equal(run.outputs.pruned.split(',').length, 103)
    const pages = callsOf(LIST_ROUTE, mark).map(c => c.query.page ?? '1')
    // the check before dumping reads one page; pruning reads both
    assert.deepEqual(pages, ['1', '1', '2'])
  })

  test('keep 1 with only this run’s artifact: nothing to delete, said so', async () => {
    const run = await step(dumpInputs('alone.dump', { keep: '1' }))
    assert.equal(run.exitCode, 0, run.stdout)
    assert.equal(run.outputs.pruned, '')
    assert.equal(stored('alone.dump').length, 1)
    assert.match(run.summary, /Pruned<\/td><td>nothing \(keep: 1\)/)
  })

  test('a failing dump with keep deletes nothing and uploads nothing', async () => {
    const name = 'failing.dump'
    const older = await seedOlder(name, [72, 48, 24])
    const mark = backend.calls.length
    const limited = server
      .uri(source)
      .replace(
        /^postgresql:\/\/[^@]*@/,
        `postgresql://${LIMITED}:${LIMITED_PASSWORD}@`
      )
    const run = await step({
      ...dumpInputs(name, { keep: '1' }),
      connection: limited
    })
    assert.equal(run.exitCode, 1, run.stdout)
    assert.match(errorLine(run), /PgDumpFailed: .*permission denied/)
    assert.deepEqual(
      stored(name),
      older.map(a => a.id)
    )
    assert.deepEqual(callsOf(DELETE_ROUTE, mark), [])
    assert.deepEqual(callsOf('CreateArtifact', mark), [])
    assert.equal(run.outputs.pruned, undefined)
  })

  test('a failing upload with keep deletes nothing', async () => {
    const name = 'unuploaded.dump'
    const older = await seedOlder(name, [48, 24])
    backend.failNext('CreateArtifact', 400)
    const mark = backend.calls.length
    const run = await step(dumpInputs(name, { keep: '1' }))
    assert.equal(run.exitCode, 1, run.stdout)
    assert.match(errorLine(run), /ArtifactServiceError: Uploading the artifact/)
    assert.deepEqual(
      stored(name),
      older.map(a => a.id)
    )
    assert.deepEqual(callsOf(DELETE_ROUTE, mark), [])
    assert.equal(run.outputs.pruned, undefined)
  })

  test('a token that may only read: the backup is kept and reported, the step fails with ArtifactAccessDenied naming actions: write', async () => {
    const name = 'readonly.dump'
    const older = await seedOlder(name, [48, 24])
    const run = await step({
      ...dumpInputs(name, { keep: '1' }),
      'github-token': READER
    })
    assert.equal(run.exitCode, 1, run.stdout)
    assert.match(
      errorLine(run),
      new RegExp(
        `ArtifactAccessDenied: The github-token cannot delete the artifact 'readonly\\.dump' \\(id ${older[1].id}\\) of octo/nightly ` +
          `\\(HTTP 403: Resource not accessible by integration\\)\\. Give the job 'permissions: actions: write'.*` +
          `The dump was uploaded as 'readonly\\.dump' \\(id ${run.outputs['artifact-id']}\\) and is kept; no older one was deleted\\.`
      )
    )
    const uploaded = Number(run.outputs['artifact-id'])
    assert.deepEqual(stored(name), [...older.map(a => a.id), uploaded])
    assert.equal(run.outputs['artifact-url'], backend.artifactUrl(uploaded))
    assert.equal(run.outputs.pruned, '')
    assert.match(run.summary, /Dump failed/)
    assert.match(
      run.summary,
      new RegExp(`readonly\\.dump</a> \\(id ${uploaded}`)
    )
  })

  test('a deletion the API keeps failing is a warning: the backup counts, the older one stays, the next run prunes it', async () => {
    const name = 'flaky.dump'
    const [older] = await seedOlder(name, [24])
    // every attempt (4, with backoff) answers 500
    backend.failNext(DELETE_ROUTE, 500, 4)
    const first = await step(dumpInputs(name, { keep: '1' }))
    assert.equal(first.exitCode, 0, first.stdout)
    const kept = Number(first.outputs['artifact-id'])
    assert.deepEqual(stored(name), [older.id, kept])
    assert.equal(first.outputs.pruned, '')
    assert.match(
      warnings(first).join('\n'),
      new RegExp(
        `::warning::Could not delete 'flaky\\.dump' id ${older.id} from run ${older.runId} on main, 1d old: ` +
          `Deleting the artifact 'flaky\\.dump' \\(id ${older.id}\\) of octo/nightly failed after 4 attempts with backoff: ` +
          `the GitHub API answered HTTP 500.*The dump was uploaded as 'flaky\\.dump' \\(id ${kept}\\) and is kept; ` +
          `the next run with 'keep' tries again\\.`
      )
    )
    assert.match(first.summary, /some could not be deleted, see the log/)

    const second = await step(dumpInputs(name, { keep: '1' }))
    assert.equal(second.exitCode, 0, second.stdout)
    assert.deepEqual(stored(name), [Number(second.outputs['artifact-id'])])
    assert.equal(second.outputs.pruned, `${kept},${older.id}`)
  })

  test('a token that cannot list the repository’s artifacts fails before dumping', async () => {
    const name = 'outsider.dump'
    const older = await seedOlder(name, [24])
    const mark = backend.calls.length
    const run = await step({
      ...dumpInputs(name, { keep: '1' }),
      'github-token': OUTSIDER
    })
    assert.equal(run.exitCode, 1, run.stdout)
    assert.match(
      errorLine(run),
      /ArtifactAccessDenied: The github-token cannot list the artifacts of octo\/nightly \(HTTP 403/
    )
    assert.deepEqual(callsOf('CreateArtifact', mark), [])
    assert.doesNotMatch(run.stdout, /pg_dump/)
    assert.deepEqual(stored(name), [older[0].id])
  })

  test('keep without artifact-name is a notice, and deletes nothing', async () => {
    const mark = backend.calls.length
    const run = await step({
      mode: 'dump',
      connection: server.uri(source),
      keep: '1',
      'github-token': WRITER
    })
    assert.equal(run.exitCode, 0, run.stdout)
    assert.match(
      warnings(run).join('\n'),
      /'keep', 'github-token' only apply together with 'artifact-name'\./
    )
    assert.deepEqual(
      backend.calls.slice(mark).filter(c => c.service === 'api'),
      []
    )
  })
})

describe('keep: only this branch, the repository’s own runs, and workflow', () => {
  test('keep counts and deletes only this branch’s artifacts of the repository’s own runs: main’s backups and a fork’s stay', async () => {
    const name = 'branch-scope.dump'
    const main = await seedOlder(name, [72, 48, 24])
    const feature = await seedOlder(name, [12, 6], { branch: 'feature/x' })
    // newer than all of them: a fork's pull-request runs, from its branches
    // named like the repository's
    const forks = [
      ...(await seedOlder(name, [2], {
        branch: 'feature/x',
        headRepository: FORK
      })),
      ...(await seedOlder(name, [1], { branch: 'main', headRepository: FORK }))
    ]

    const onFeature = await step(dumpInputs(name, { keep: '1' }), {
      headBranch: 'feature/x'
    })
    assert.equal(onFeature.exitCode, 0, onFeature.stdout)
    const uploaded = Number(onFeature.outputs['artifact-id'])
    assert.equal(
      onFeature.outputs.pruned,
      [feature[1].id, feature[0].id].join(',')
    )
    assert.deepEqual(
      stored(name),
      [...main, ...forks].map(a => a.id).concat(uploaded)
    )
    assert.match(
      onFeature.stdout,
      /3 artifact\(s\) named 'branch-scope\.dump' in octo\/nightly on branch 'feature\/x': keeping 1 \(keep: 1\), deleting 2; 5 of other branches, workflows or forks' runs left alone/
    )

    // on main, the fork's newer artifact of a branch named main takes no place
    const onMain = await step(dumpInputs(name, { keep: '2' }))
    assert.equal(onMain.exitCode, 0, onMain.stdout)
    assert.equal(onMain.outputs.pruned, [main[1].id, main[0].id].join(','))
    assert.deepEqual(stored(name), [
      main[2].id,
      ...forks.map(a => a.id),
      uploaded,
      Number(onMain.outputs['artifact-id'])
    ])
  })

  test('a fork’s pull-request run uploads but prunes nothing, with a warning', async () => {
    const name = 'fork-run.dump'
    const older = await seedOlder(name, [48, 24])
    const mark = backend.calls.length
    const run = await step(dumpInputs(name, { keep: '1' }), {
      headRepository: FORK,
      headBranch: 'main'
    })
    assert.equal(run.exitCode, 0, run.stdout)
    const uploaded = Number(run.outputs['artifact-id'])
    assert.deepEqual(stored(name), [...older.map(a => a.id), uploaded])
    assert.deepEqual(callsOf(DELETE_ROUTE, mark), [])
    assert.equal(run.outputs.pruned, '')
    assert.match(
      warnings(run).join('\n'),
      /::warning::Nothing was pruned: this run is a fork's pull-request run\. 'keep' deletes only artifacts of the repository's own runs/
    )
    assert.match(
      run.summary,
      /Pruned<\/td><td>nothing \(keep: 1; this run is a fork's pull-request run\)/
    )
  })

  test('workflow narrows keep to that workflow’s runs: another workflow’s newer artifacts of the name stay', async () => {
    const name = 'by-workflow.dump'
    const nightly = await seedOlder(name, [72, 48], {
      workflow: 'nightly.yml'
    })
    const other = await seedOlder(name, [12, 6], { workflow: 'other.yml' })
    const mark = backend.calls.length
    const run = await step(
      dumpInputs(name, { keep: '2', workflow: 'nightly.yml' }),
      { workflow: 'nightly.yml' }
    )
    assert.equal(run.exitCode, 0, run.stdout)
    assert.equal(run.outputs.pruned, String(nightly[0].id))
    assert.deepEqual(stored(name), [
      nightly[1].id,
      ...other.map(a => a.id),
      Number(run.outputs['artifact-id'])
    ])
    assert.match(
      run.stdout,
      /3 artifact\(s\) named 'by-workflow\.dump' in octo\/nightly on branch 'main' from workflow 'nightly\.yml': keeping 2 \(keep: 2\), deleting 1; 2 of other/
    )
    // this run before dumping, then each older artifact's run once
    const runs = callsOf(RUN_ROUTE, mark).map(c => c.path.split('/').pop())
    assert.deepEqual(
      runs.slice(1).sort(),
      [...nightly, ...other].map(a => String(a.runId)).sort()
    )
  })

  test('a workflow the repository does not have fails before dumping with ArtifactNotFound naming it', async () => {
    const name = 'no-workflow.dump'
    const older = await seedOlder(name, [24])
    const mark = backend.calls.length
    const run = await step(
      dumpInputs(name, { keep: '1', workflow: 'nightly-typo.yml' })
    )
    assert.equal(run.exitCode, 1, run.stdout)
    assert.match(
      errorLine(run),
      /ArtifactNotFound: No workflow 'nightly-typo\.yml' in octo\/nightly: 'workflow' names a workflow file/
    )
    assert.deepEqual(callsOf('CreateArtifact', mark), [])
    assert.doesNotMatch(run.stdout, /pg_dump/)
    assert.deepEqual(stored(name), [older[0].id])
  })

  test('workflow on a dump without keep is a notice', async () => {
    const run = await step(
      dumpInputs('workflow-notice.dump', { workflow: 'nightly.yml' })
    )
    assert.equal(run.exitCode, 0, run.stdout)
    assert.match(
      warnings(run).join('\n'),
      /'workflow' is used on a dump only with 'keep'/
    )
  })
})

describe('inputs of pruning and freshness', () => {
  const cases: {
    name: string
    inputs: Record<string, string>
    error: RegExp
  }[] = [
    ...['0', '-1', 'two', '2.5', '1e3', '10001'].map(keep => ({
      name: `keep '${keep}'`,
      inputs: { mode: 'dump', 'artifact-name': 'x.dump', keep },
      error: new RegExp(
        `InputError: Invalid 'keep' input '${keep}'\\. Expected a whole number from 1 to 10000\\.`
      )
    })),
    {
      name: 'keep without github-token',
      inputs: { mode: 'dump', 'artifact-name': 'x.dump', keep: '3' },
      error:
        /InputError: The 'keep' input needs the 'github-token' input: .*'permissions: actions: write'/
    },
    ...['soon', '26', '1.5h', '30m1h', '0h', '2 days'].map(value => ({
      name: `max-age '${value}'`,
      inputs: {
        mode: 'restore',
        'artifact-name': 'x.dump',
        'run-id': 'latest',
        'github-token': READER,
        'max-age': value
      },
      error: new RegExp(
        `InputError: Invalid 'max-age' input '${value}'\\. Expected a duration such as 26h, 90m, 2d or 1h30m: .*w \\(weeks\\), d \\(days\\)`
      )
    })),
    {
      name: 'max-age without run-id latest',
      inputs: { mode: 'restore', 'artifact-name': 'x.dump', 'max-age': '26h' },
      error:
        /InputError: 'max-age' apply only with 'run-id: latest' .*; this run is one fixed artifact\. Set 'run-id: latest', or leave it empty\./
    },
    {
      name: 'max-age and branch with a run id',
      inputs: {
        mode: 'restore',
        'artifact-name': 'x.dump',
        'run-id': '42',
        'github-token': READER,
        'max-age': '26h',
        branch: 'main'
      },
      error:
        /InputError: 'max-age' and 'branch' apply only with 'run-id: latest' .*; run 42 is one fixed artifact\. .*leave them empty\./
    },
    ...[
      'nightly',
      'ci/nightly.yml',
      '../nightly.yml',
      'nightly.json',
      '.yml'
    ].map(workflow => ({
      name: `workflow '${workflow}'`,
      inputs: {
        mode: 'restore',
        'artifact-name': 'x.dump',
        'run-id': 'latest',
        'github-token': READER,
        workflow
      },
      error: new RegExp(
        `InputError: Invalid 'workflow' input '${workflow.replace(/[.*/]/g, '\\$&')}'\\. Expected a workflow file name under \\.github/workflows, ending in \\.yml or \\.yaml`
      )
    })),
    {
      name: 'workflow with a run id',
      inputs: {
        mode: 'restore',
        'artifact-name': 'x.dump',
        'run-id': '42',
        'github-token': READER,
        workflow: 'nightly.yml'
      },
      error: /InputError: 'workflow' apply only with 'run-id: latest'/
    },
    {
      name: 'a bad workflow on a dump with keep',
      inputs: {
        mode: 'dump',
        'artifact-name': 'x.dump',
        keep: '2',
        'github-token': WRITER,
        workflow: 'a/b.yml'
      },
      error: /InputError: Invalid 'workflow' input 'a\/b\.yml'/
    }
  ]
  for (const c of cases) {
    test(`${c.name} is an InputError naming the input`, async () => {
      const target = await server.createDatabase('prune_input')
      const mark = backend.calls.length
      const run = await step({ connection: server.uri(target), ...c.inputs })
      assert.equal(run.exitCode, 1, run.stdout)
      assert.match(errorLine(run), c.error)
      assert.deepEqual(backend.calls.slice(mark), [], 'nothing was asked')
    })
  }
})

describe('freshness: max-age and branch on run-id latest', () => {
  const restoreLatest = async (
    name: string,
    extra: Record<string, string> = {}
  ) => {
    const target = await server.createDatabase('fresh_target')
    const run = await step({
      mode: 'restore',
      connection: server.uri(target),
      'artifact-name': name,
      'run-id': 'latest',
      'github-token': READER,
      ...extra
    })
    return { run, target }
  }
  const tables = (db: string) =>
    server.psql(
      db,
      "SELECT string_agg(schemaname || '.' || tablename, ',' ORDER BY 1) FROM pg_tables WHERE schemaname NOT IN ('pg_catalog', 'information_schema')"
    )
  const products = (db: string) =>
    server.psql(db, 'SELECT count(*) FROM "Sales".products')

  test('the newest backup older than max-age fails with ArtifactTooOld naming its age and run; nothing is restored', async () => {
    const name = 'stale.dump'
    const [stale] = await seedOlder(name, [30], { content: dumps.realistic })
    const { run, target } = await restoreLatest(name, { 'max-age': '26h' })
    assert.equal(run.exitCode, 1, run.stdout)
    assert.match(
      errorLine(run),
      new RegExp(
        `ArtifactTooOld: The newest artifact named 'stale\\.dump' in octo/nightly is 1d 6h old, older than max-age 1d 2h: ` +
          `id ${stale.id}, made \\d{4}-\\d\\d-\\d\\dT[\\d:]+Z by run ${stale.runId} ` +
          `\\(https://github\\.com/octo/nightly/actions/runs/${stale.runId}\\)\\. ` +
          'The workflow that dumps it has not succeeded since'
      )
    )
    assert.equal(await tables(target), '', 'nothing was restored')
    assert.doesNotMatch(run.stdout, /Downloaded /)

    const fresh = await restoreLatest(name, { 'max-age': '1d12h' })
    assert.equal(fresh.run.exitCode, 0, fresh.run.stdout)
    assert.equal(await products(fresh.target), await products(source))
    assert.match(fresh.run.stdout, /made [\dT:Z-]+ \(1d 6h ago\)/)
  })

  test('branch takes the newest of that branch, though another branch has a newer one', async () => {
    const name = 'branches.dump'
    const [onMain] = await seedOlder(name, [3], {
      content: dumps.realistic,
      branch: 'main'
    })
    await seedOlder(name, [1], { content: dumps.marked, branch: 'feature/x' })

    const main = await restoreLatest(name, { branch: 'main' })
    assert.equal(main.run.exitCode, 0, main.run.stdout)
    assert.equal(main.run.outputs['artifact-id'], String(onMain.id))
    assert.equal(await products(main.target), await products(source))
    assert.match(main.run.stdout, /from run \d+ on branch main, made/)
    // refs/heads/ as GITHUB_REF spells it names the same branch
    const ref = await restoreLatest(name, { branch: 'refs/heads/main' })
    assert.equal(ref.run.outputs['artifact-id'], String(onMain.id))

    const any = await restoreLatest(name)
    assert.equal(any.run.exitCode, 0, any.run.stdout)
    assert.equal(await tables(any.target), 'public.marker')
    const feature = await restoreLatest(name, { branch: 'feature/x' })
    assert.equal(await tables(feature.target), 'public.marker')
  })

  test('branch with max-age judges that branch’s newest: a fresh other branch does not hide a stale one', async () => {
    const name = 'release.dump'
    const [release] = await seedOlder(name, [50], {
      content: dumps.realistic,
      branch: 'release'
    })
    await seedOlder(name, [1], { content: dumps.marked, branch: 'main' })
    const { run, target } = await restoreLatest(name, {
      branch: 'release',
      'max-age': '26h'
    })
    assert.equal(run.exitCode, 1, run.stdout)
    assert.match(
      errorLine(run),
      new RegExp(
        `ArtifactTooOld: The newest artifact named 'release\\.dump' in octo/nightly on branch 'release' is 2d 2h old, ` +
          `older than max-age 1d 2h: id ${release.id}, .* by run ${release.runId} `
      )
    )
    assert.equal(await tables(target), '')
  })

  test('no artifact on that branch is ArtifactNotFound naming the branch and those that have one', async () => {
    const name = 'nobranch.dump'
    await seedOlder(name, [2], { branch: 'main' })
    await seedOlder(name, [1], { branch: 'develop' })
    const { run, target } = await restoreLatest(name, { branch: 'nope' })
    assert.equal(run.exitCode, 1, run.stdout)
    assert.match(
      errorLine(run),
      /ArtifactNotFound: No artifact named 'nobranch\.dump' in octo\/nightly on branch 'nope'\. There are 2 on other branches \(develop, main\): check 'branch'\./
    )
    assert.equal(await tables(target), '')
  })

  test('latest never takes a fork’s artifact, with or without branch, though it is newer and on main', async () => {
    const name = 'planted.dump'
    const [own] = await seedOlder(name, [3], { content: dumps.realistic })
    const [planted] = await seedOlder(name, [1], {
      content: dumps.marked,
      headRepository: FORK
    })
    for (const extra of [{}, { branch: 'main' }] as Record<string, string>[]) {
      const { run, target } = await restoreLatest(name, extra)
      assert.equal(run.exitCode, 0, run.stdout)
      assert.equal(run.outputs['artifact-id'], String(own.id))
      assert.equal(await products(target), await products(source))
      assert.doesNotMatch(run.stdout, new RegExp(`\\b${planted.id}\\b`))
    }
  })

  test('only a fork’s artifacts: ArtifactNotFound says they were left out, and nothing is restored', async () => {
    const name = 'only-planted.dump'
    await seedOlder(name, [2, 1], {
      content: dumps.marked,
      headRepository: FORK
    })
    const mark = backend.calls.length
    const any = await restoreLatest(name)
    assert.equal(any.run.exitCode, 1, any.run.stdout)
    assert.match(
      errorLine(any.run),
      /ArtifactNotFound: No artifact named 'only-planted\.dump' in octo\/nightly\. Left out: 2 from forks' pull-request runs \('run-id: latest' takes only the repository's own runs\)\. /
    )
    assert.equal(await tables(any.target), '')
    assert.deepEqual(
      callsOf(
        'GET /repos/{owner}/{repo}/actions/artifacts/{artifact_id}/{archive_format}',
        mark
      ),
      [],
      'nothing was downloaded'
    )
    const main = await restoreLatest(name, { branch: 'main' })
    assert.match(
      errorLine(main.run),
      /ArtifactNotFound: No artifact named 'only-planted\.dump' in octo\/nightly on branch 'main'\. Left out: 2 from forks' pull-request runs .*Check 'artifact-name', 'branch' and 'repository'/
    )
    assert.equal(await tables(main.target), '')
  })

  test('workflow narrows latest to that workflow’s runs, newer artifacts of other workflows left out', async () => {
    const name = 'workflows.dump'
    const [nightly] = await seedOlder(name, [5], {
      content: dumps.realistic,
      workflow: 'nightly.yml'
    })
    const [other] = await seedOlder(name, [1], {
      content: dumps.marked,
      workflow: 'tests.yml'
    })
    const mark = backend.calls.length
    const narrowed = await restoreLatest(name, { workflow: 'nightly.yml' })
    assert.equal(narrowed.run.exitCode, 0, narrowed.run.stdout)
    assert.equal(narrowed.run.outputs['artifact-id'], String(nightly.id))
    assert.equal(await products(narrowed.target), await products(source))
    // the two newest runs looked up once each, no further
    assert.deepEqual(
      callsOf(RUN_ROUTE, mark).map(c => c.path.split('/').pop()),
      [String(other.runId), String(nightly.runId)]
    )
    // the folder's path before the file name is taken too
    const spelled = await restoreLatest(name, {
      workflow: '.github/workflows/nightly.yml',
      branch: 'main'
    })
    assert.equal(spelled.run.outputs['artifact-id'], String(nightly.id))
    const any = await restoreLatest(name)
    assert.equal(any.run.outputs['artifact-id'], String(other.id))

    // a workflow of the repository that uploaded none of that name
    const none = await restoreLatest(name, { workflow: 'ci.yml' })
    assert.equal(none.run.exitCode, 1, none.run.stdout)
    assert.match(
      errorLine(none.run),
      /ArtifactNotFound: No artifact named 'workflows\.dump' in octo\/nightly from workflow 'ci\.yml'\. Left out: 2 from workflows other than 'ci\.yml'\. Check 'workflow'\./
    )
    assert.equal(await tables(none.target), '')
    const typo = await restoreLatest(name, { workflow: 'nightly.yaml' })
    assert.match(
      errorLine(typo.run),
      /ArtifactNotFound: No workflow 'nightly\.yaml' in octo\/nightly/
    )
  })

  test('max-age with workflow judges that workflow’s newest', async () => {
    const name = 'stale-workflow.dump'
    const [stale] = await seedOlder(name, [30], { workflow: 'nightly.yml' })
    await seedOlder(name, [1], { workflow: 'tests.yml' })
    const { run, target } = await restoreLatest(name, {
      workflow: 'nightly.yml',
      'max-age': '26h'
    })
    assert.equal(run.exitCode, 1, run.stdout)
    assert.match(
      errorLine(run),
      new RegExp(
        `ArtifactTooOld: The newest artifact named 'stale-workflow\\.dump' in octo/nightly from workflow 'nightly\\.yml' is 1d 6h old, .*id ${stale.id},`
      )
    )
    assert.equal(await tables(target), '')
  })

  test('the newest of a branch is found beyond the first page of the list', async () => {
    const name = 'deep.dump'
    const [lts] = await seedOlder(name, [300], {
      content: dumps.realistic,
      branch: 'lts'
    })
    await seedOlder(
      name,
      Array.from({ length: 101 }, (_, i) => 200 - i),
      { branch: 'main' }
    )
    const mark = backend.calls.length
    const { run, target } = await restoreLatest(name, { branch: 'lts' })
    assert.equal(run.exitCode, 0, run.stdout)
    assert.equal(run.outputs['artifact-id'], String(lts.id))
    assert.equal(await products(target), await products(source))
    assert.deepEqual(
      callsOf(LIST_ROUTE, mark).map(c => c.query.page ?? '1'),
      ['1', '2']
    )
  })
})
