// Proves the local artifact backend against the real @actions/artifact: every
// library call runs in its own process with a step's environment.
import assert from 'node:assert/strict'
import { execFile } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { dirname, join, resolve } from 'node:path'
import { after, before, describe, test } from 'node:test'
import { getOctokit } from '@actions/github'
import {
  SERVER_URL,
  startArtifactBackend,
  type ArtifactBackend,
  type BackendCall,
  type StepEnvOptions
} from '../../test-support/artifact-backend.ts'
import type {
  StepOp,
  StepResult
} from '../../test-support/artifact-client-step.ts'

const stepScript = resolve(
  import.meta.dirname,
  '../../test-support/artifact-client-step.ts'
)
const REPO = 'octo/dumps'
const OTHER_REPO = 'octo/other'
const READER = 'ghs_reader' // may read both repositories
const OUTSIDER = 'ghs_outsider' // may read only OTHER_REPO
const VIEWER = 'ghs_viewer' // actions: read on REPO, may not delete

let backend: ArtifactBackend
let work: string

before(async () => {
  work = await mkdtemp(join(tmpdir(), 'pg-dumper-artifact-test-'))
  backend = await startArtifactBackend({
    tokens: {
      [READER]: [REPO, OTHER_REPO],
      [OUTSIDER]: [OTHER_REPO],
      [VIEWER]: [REPO]
    },
    readOnlyTokens: [VIEWER]
  })
})

after(async () => {
  await backend?.stop()
  if (work) await rm(work, { recursive: true, force: true })
})

/** The test process's environment minus anything a runner would set. */
function cleanEnv(): Record<string, string> {
  const env: Record<string, string> = {}
  for (const [k, v] of Object.entries(process.env))
    if (
      v !== undefined &&
      !/^(GITHUB_|ACTIONS_|INPUT_|RUNNER_)/.test(k) &&
      k !== 'NODE_TEST_CONTEXT'
    )
      env[k] = v
  return env
}

interface Step {
  result: StepResult
  stdout: string
  stderr: string
  ms: number
}

/** Runs one library call as a step of `where` would. */
async function step(where: StepEnvOptions, op: StepOp): Promise<Step> {
  const resultFile = join(work, `result-${randomBytes(6).toString('hex')}`)
  const started = Date.now()
  const { stdout, stderr } = await new Promise<{
    stdout: string
    stderr: string
  }>(resolvePromise => {
    execFile(
      process.execPath,
      [stepScript, JSON.stringify(op), resultFile],
      { env: { ...cleanEnv(), ...backend.env(where) }, timeout: 120_000 },
      (_error, stdout, stderr) => resolvePromise({ stdout, stderr })
    )
  })
  const ms = Date.now() - started
  let text: string
  try {
    text = await readFile(resultFile, 'utf8')
  } catch {
    throw new Error(`the step wrote no result\n${stdout}\n${stderr}`)
  }
  return { result: JSON.parse(text) as StepResult, stdout, stderr, ms }
}

function value<T>(s: Step): T {
  if (!s.result.ok)
    assert.fail(`${s.result.error.name}: ${s.result.error.message}`)
  return s.result.value as T
}

function failure(s: Step): { name: string; message: string } {
  if (s.result.ok) assert.fail(`expected a failure, got ${JSON.stringify(s)}`)
  return s.result.error
}

async function writeFiles(
  files: Record<string, string | Uint8Array>
): Promise<{ root: string; paths: string[] }> {
  const root = await mkdtemp(join(work, 'src-'))
  const paths: string[] = []
  for (const [name, content] of Object.entries(files)) {
    const path = join(root, name)
    await mkdir(dirname(path), { recursive: true })
    await writeFile(path, content)
    paths.push(path)
  }
  return { root, paths }
}

function callsSince(mark: number): BackendCall[] {
  return backend.calls.slice(mark)
}

function summary(calls: BackendCall[]): string[] {
  return calls.map(c => `${c.method} ${c.status}${c.injected ? '!' : ''}`)
}

function findBy(token: string, runId: number, repository = REPO) {
  const [repositoryOwner, repositoryName] = repository.split('/')
  return { token, workflowRunId: runId, repositoryOwner, repositoryName }
}

async function api(
  path: string,
  token?: string,
  method = 'GET'
): Promise<{ status: number; body: unknown; headers: Headers }> {
  const response = await fetch(`${backend.apiUrl}${path}`, {
    method,
    headers: token ? { authorization: `token ${token}` } : {},
    redirect: 'manual'
  })
  const text = await response.text()
  return {
    status: response.status,
    body: text ? (JSON.parse(text) as unknown) : undefined,
    headers: response.headers
  }
}

interface UploadValue {
  id: number
  size: number
  digest: string
}
interface DownloadValue {
  downloadPath: string
  digestMismatch: boolean
}
interface LibArtifact {
  name: string
  id: number
  size: number
  createdAt?: string
  digest?: string
}

describe('artifact backend with the real @actions/artifact', () => {
  test('an unarchived file uploaded in one job downloads unchanged in another', async () => {
    const run = { repository: REPO, runId: 101 }
    const content = randomBytes(300_000)
    const { root, paths } = await writeFiles({ 'db.dump': content })
    const mark = backend.calls.length

    const up = value<UploadValue>(
      await step(
        { ...run, jobId: 'dump' },
        {
          op: 'upload',
          name: 'ignored-name',
          files: paths,
          rootDirectory: root,
          options: { skipArchive: true }
        }
      )
    )
    const stored = backend.get(up.id)
    assert.ok(stored)
    // with skipArchive the library names the artifact after the file
    assert.equal(stored.name, 'db.dump')
    assert.equal(stored.mimeType, 'application/octet-stream')
    assert.equal(stored.jobId, 'dump')
    assert.equal(stored.size, content.length)
    assert.equal(up.size, content.length)
    // the upload result's digest is bare hex; the stored one is prefixed
    assert.match(up.digest, /^[0-9a-f]{64}$/)
    assert.equal(stored.digest, `sha256:${up.digest}`)
    const create = callsSince(mark).find(c => c.method === 'CreateArtifact')
    assert.deepEqual(
      {
        ...(create?.body as Record<string, unknown>),
        workflow_run_backend_id: undefined,
        workflow_job_run_backend_id: undefined
      },
      {
        name: 'db.dump',
        mime_type: 'application/octet-stream',
        version: 7,
        workflow_run_backend_id: undefined,
        workflow_job_run_backend_id: undefined
      }
    )

    const into = join(work, 'restore-101')
    const down = value<DownloadValue>(
      await step(
        { ...run, jobId: 'restore' },
        {
          op: 'download',
          id: up.id,
          options: { path: into, expectedHash: stored.digest }
        }
      )
    )
    assert.equal(down.digestMismatch, false)
    assert.deepEqual(await readFile(join(into, 'db.dump')), content)
    assert.deepEqual(summary(callsSince(mark)), [
      'CreateArtifact 200',
      'FinalizeArtifact 200',
      'ListArtifacts 200',
      'GetSignedArtifactURL 200'
    ])

    const blob = await backend.readBlob(up.id)
    assert.deepEqual(blob.bytes, content)
    assert.equal(blob.contentType, 'application/octet-stream')
    assert.equal(blob.fileName, 'db.dump')
    assert.equal(
      backend.artifactUrl(up.id),
      `${SERVER_URL}/${REPO}/actions/runs/101/artifacts/${up.id}`
    )
  })

  test('zipped artifacts: get and list by name; a name is taken until deleted', async () => {
    const run = { repository: REPO, runId: 102, jobId: 'dump' }
    const { root, paths } = await writeFiles({
      'schema.sql': 'create table t (id int);\n',
      'data/t.csv': '1\n2\n'
    })
    const upload: StepOp = {
      op: 'upload',
      name: 'nightly',
      files: paths,
      rootDirectory: root
    }
    const first = value<UploadValue>(await step(run, upload))
    assert.equal(backend.get(first.id)?.mimeType, 'application/zip')

    const got = value<{ artifact: LibArtifact }>(
      await step(run, { op: 'get', name: 'nightly' })
    ).artifact
    assert.equal(got.id, first.id)
    assert.equal(got.digest, `sha256:${first.digest}`)
    assert.equal(got.size, first.size)
    const listed = value<{ artifacts: LibArtifact[] }>(
      await step({ ...run, jobId: 'other' }, { op: 'list' })
    ).artifacts
    assert.deepEqual(
      listed.map(a => a.name),
      ['nightly']
    )

    // the service refuses a second artifact of the same name in a run; the
    // library has no overwrite, so a caller deletes first
    const again = failure(await step(run, upload))
    assert.match(
      again.message,
      /\(409\) Conflict: an artifact with this name already exists on the workflow run/
    )
    const mark = backend.calls.length
    const deleted = value<{ id: number }>(
      await step(run, { op: 'delete', name: 'nightly' })
    )
    assert.equal(deleted.id, first.id)
    assert.deepEqual(summary(callsSince(mark)), [
      'ListArtifacts 200',
      'DeleteArtifact 200'
    ])
    assert.equal(backend.get(first.id), undefined)
    assert.equal(
      failure(await step(run, { op: 'get', name: 'nightly' })).name,
      'ArtifactNotFoundError'
    )

    const second = value<UploadValue>(await step(run, upload))
    assert.ok(second.id > first.id)
    const into = join(work, 'restore-102')
    value(
      await step(run, {
        op: 'download',
        id: second.id,
        options: { path: into }
      })
    )
    assert.equal(
      await readFile(join(into, 'schema.sql'), 'utf8'),
      'create table t (id int);\n'
    )
    assert.equal(await readFile(join(into, 'data/t.csv'), 'utf8'), '1\n2\n')
    const blob = await backend.readBlob('nightly')
    assert.equal(blob.contentType, 'application/zip')
    assert.equal(blob.fileName, 'nightly.zip')
    assert.equal(blob.bytes.subarray(0, 2).toString(), 'PK')
  })

  test('another run reads an artifact through the REST API with a token', async () => {
    const source = { repository: REPO, runId: 103, jobId: 'dump' }
    const content = randomBytes(5000)
    const { root, paths } = await writeFiles({ 'prod.dump': content })
    const up = value<UploadValue>(
      await step(source, {
        op: 'upload',
        name: 'prod.dump',
        files: paths,
        rootDirectory: root,
        options: { skipArchive: true }
      })
    )

    const reader = { repository: REPO, runId: 104, jobId: 'restore' }
    const mark = backend.calls.length
    const got = value<{ artifact: LibArtifact }>(
      await step(reader, {
        op: 'get',
        name: 'prod.dump',
        options: { findBy: findBy(READER, 103) }
      })
    ).artifact
    assert.equal(got.id, up.id)
    assert.equal(got.digest, `sha256:${up.digest}`)
    const listed = value<{ artifacts: LibArtifact[] }>(
      await step(reader, {
        op: 'list',
        options: { findBy: findBy(READER, 103) }
      })
    ).artifacts
    assert.deepEqual(
      listed.map(a => a.id),
      [up.id]
    )
    const into = join(work, 'restore-104')
    const down = value<DownloadValue>(
      await step(reader, {
        op: 'download',
        id: up.id,
        options: {
          path: into,
          expectedHash: got.digest,
          findBy: findBy(READER, 103)
        }
      })
    )
    assert.equal(down.digestMismatch, false)
    assert.deepEqual(await readFile(join(into, 'prod.dump')), content)
    const calls = callsSince(mark)
    assert.deepEqual(summary(calls), [
      'GET /repos/{owner}/{repo}/actions/runs/{run_id}/artifacts 200',
      'GET /repos/{owner}/{repo}/actions/runs/{run_id}/artifacts 200',
      'GET /repos/{owner}/{repo}/actions/artifacts/{artifact_id}/{archive_format} 302'
    ])
    assert.deepEqual(calls[0].query, { name: 'prod.dump' })
    assert.deepEqual(calls[1].query, { per_page: '100', page: '1' })

    // this run's own (Twirp) listing does not see the other run's artifact
    const own = value<{ artifacts: LibArtifact[] }>(
      await step(reader, { op: 'list' })
    ).artifacts
    assert.deepEqual(own, [])
  })

  test('the repository-wide list is newest first and flags an expired artifact', async () => {
    const day = 86_400_000
    const base = Date.now() - 10 * day
    const seeded = []
    for (const [i, runId] of [201, 202, 203].entries())
      seeded.push(
        await backend.seedArtifact({
          repository: OTHER_REPO,
          runId,
          name: 'weekly',
          content: `dump ${runId}`,
          mimeType: 'application/octet-stream',
          createdAt: new Date(base + i * day),
          headBranch: runId === 203 ? 'release' : 'main'
        })
      )
    await backend.seedArtifact({
      repository: OTHER_REPO,
      runId: 203,
      name: 'unrelated',
      content: 'x'
    })
    backend.expire(seeded[1].id)

    const { status, body, headers } = await api(
      `/repos/${OTHER_REPO}/actions/artifacts?name=weekly`,
      READER
    )
    assert.equal(status, 200)
    assert.match(headers.get('content-type') ?? '', /^application\/json/)
    const list = body as {
      total_count: number
      artifacts: {
        id: number
        name: string
        expired: boolean
        expires_at: string
        created_at: string
        digest: string
        size_in_bytes: number
        workflow_run: { id: number; head_branch: string; head_sha: string }
      }[]
    }
    assert.equal(list.total_count, 3)
    assert.deepEqual(
      list.artifacts.map(a => [a.workflow_run.id, a.expired]),
      [
        [203, false],
        [202, true],
        [201, false]
      ]
    )
    const newest = list.artifacts[0]
    assert.equal(newest.id, seeded[2].id)
    assert.equal(newest.workflow_run.head_branch, 'release')
    assert.equal(newest.workflow_run.head_sha, seeded[2].headSha)
    assert.match(newest.workflow_run.head_sha, /^[0-9a-f]{40}$/)
    assert.equal(newest.digest, seeded[2].digest)
    assert.equal(newest.size_in_bytes, 'dump 203'.length)
    assert.match(newest.created_at, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/)
    assert.ok(Date.parse(newest.expires_at) > Date.now())

    const paged = (await api(
      `/repos/${OTHER_REPO}/actions/artifacts?name=weekly&per_page=1&page=2`,
      READER
    )) as { body: typeof list }
    assert.equal(paged.body.total_count, 3)
    assert.deepEqual(
      paged.body.artifacts.map(a => a.id),
      [seeded[1].id]
    )

    // downloading the expired one: 410, which the library does not retry
    const mark = backend.calls.length
    const expired = failure(
      await step(
        { repository: REPO, runId: 105 },
        {
          op: 'download',
          id: seeded[1].id,
          options: {
            path: join(work, 'expired'),
            findBy: findBy(READER, 202, OTHER_REPO)
          }
        }
      )
    )
    assert.equal(expired.name, 'HttpError')
    assert.match(expired.message, /^Artifact has expired/)
    assert.deepEqual(summary(callsSince(mark)), [
      'GET /repos/{owner}/{repo}/actions/artifacts/{artifact_id}/{archive_format} 410'
    ])
    // within its own run the results service no longer lists it
    const own = value<{ artifacts: LibArtifact[] }>(
      await step({ repository: OTHER_REPO, runId: 202 }, { op: 'list' })
    ).artifacts
    assert.deepEqual(own, [])
  })

  test('the repository list pages with Link headers, Octokit follows them, and DELETE needs write access', async () => {
    const seeded: number[] = []
    for (let i = 0; i < 5; i++)
      seeded.push(
        (
          await backend.seedArtifact({
            repository: REPO,
            runId: 300 + i,
            name: 'pruned',
            content: `night ${i}`,
            createdAt: new Date(Date.now() - (10 - i) * 3_600_000),
            headBranch: i % 2 ? 'feature' : 'main'
          })
        ).id
      )
    await backend.seedArtifact({
      repository: REPO,
      runId: 305,
      name: 'pruned-not',
      content: 'x'
    })
    const newestFirst = [...seeded].reverse()
    const path = `/repos/${REPO}/actions/artifacts`
    const first = await api(`${path}?name=pruned&per_page=2`, READER)
    const url = (page: number) =>
      `${backend.apiUrl}${path}?name=pruned&per_page=2&page=${page}`
    assert.equal(
      first.headers.get('link'),
      `<${url(2)}>; rel="next", <${url(3)}>; rel="last"`
    )
    const middle = await api(`${path}?name=pruned&per_page=2&page=2`, READER)
    assert.equal(
      middle.headers.get('link'),
      `<${url(1)}>; rel="prev", <${url(3)}>; rel="next", <${url(3)}>; rel="last", <${url(1)}>; rel="first"`
    )
    const last = await api(`${path}?name=pruned&per_page=2&page=3`, READER)
    assert.equal(
      last.headers.get('link'),
      `<${url(2)}>; rel="prev", <${url(1)}>; rel="first"`
    )
    const one = await api(`${path}?name=pruned-not`, READER)
    assert.equal(one.headers.get('link'), null, 'one page: no Link')

    // Octokit's paginate reads every page through the Link headers
    const octokit = getOctokit(READER, { baseUrl: backend.apiUrl })
    const all = await octokit.paginate(
      octokit.rest.actions.listArtifactsForRepo,
      { owner: 'octo', repo: 'dumps', name: 'pruned', per_page: 2 }
    )
    assert.deepEqual(
      all.map(a => a.id),
      newestFirst
    )
    assert.deepEqual(
      all.map(a => a.workflow_run?.head_branch),
      ['main', 'feature', 'main', 'feature', 'main']
    )
    assert.ok(
      all.every(a =>
        /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/.test(a.created_at ?? '')
      ),
      'created_at as GitHub writes it'
    )

    // a read-only token may list but not delete: 403 with GitHub's body
    const target = `${path}/${seeded[0]}`
    const denied = await api(target, VIEWER, 'DELETE')
    assert.deepEqual(
      [denied.status, denied.body],
      [
        403,
        {
          message: 'Resource not accessible by integration',
          documentation_url:
            'https://docs.github.com/rest/actions/artifacts#delete-an-artifact',
          status: '403'
        }
      ]
    )
    assert.ok(backend.get(seeded[0]), 'still there')
    const viewer = getOctokit(VIEWER, { baseUrl: backend.apiUrl })
    await assert.rejects(
      viewer.rest.actions.deleteArtifact({
        owner: 'octo',
        repo: 'dumps',
        artifact_id: seeded[0]
      }),
      (e: { status?: number }) => e.status === 403
    )

    // deleting: 204 without a body, the blob gone, then 404
    const deleted = await api(target, READER, 'DELETE')
    assert.equal(deleted.status, 204)
    assert.equal(deleted.body, undefined)
    assert.equal(backend.get(seeded[0]), undefined)
    await assert.rejects(
      backend.readBlob(seeded[0]),
      /no artifact/,
      'the record is gone'
    )
    assert.equal((await api(target, READER, 'DELETE')).status, 404)
    await octokit.rest.actions.deleteArtifact({
      owner: 'octo',
      repo: 'dumps',
      artifact_id: seeded[1]
    })
    assert.deepEqual(
      (
        await octokit.paginate(octokit.rest.actions.listArtifactsForRepo, {
          owner: 'octo',
          repo: 'dumps',
          name: 'pruned'
        })
      ).map(a => a.id),
      newestFirst.slice(0, 3)
    )
  })

  test('runs and workflows: a fork’s pull-request run has another head repository; workflows by file name or id', async () => {
    const own = await backend.seedArtifact({
      repository: REPO,
      runId: 401,
      name: 'origins',
      content: 'own',
      headBranch: 'main',
      workflow: 'nightly.yml'
    })
    const planted = await backend.seedArtifact({
      repository: REPO,
      runId: 402,
      name: 'origins',
      content: 'planted',
      headBranch: 'main',
      headRepository: 'mallory/dumps'
    })
    assert.equal(own.headRepository, REPO)
    assert.equal(own.workflow, 'nightly.yml')
    assert.equal(planted.headRepository, 'mallory/dumps')
    assert.equal(planted.workflow, 'ci.yml', 'the default workflow')
    // a step's run takes them too, kept from its first naming
    backend.env({
      repository: REPO,
      runId: 403,
      headBranch: 'feature',
      headRepository: 'mallory/dumps',
      workflow: 'tests.yml'
    })

    const octokit = getOctokit(READER, { baseUrl: backend.apiUrl })
    const listed = await octokit.paginate(
      octokit.rest.actions.listArtifactsForRepo,
      { owner: 'octo', repo: 'dumps', name: 'origins' }
    )
    const runOf = (id: number) => listed.find(a => a.id === id)?.workflow_run
    const ownRun = runOf(own.id)
    const plantedRun = runOf(planted.id)
    assert.equal(typeof ownRun?.repository_id, 'number')
    assert.equal(ownRun?.head_repository_id, ownRun?.repository_id)
    assert.equal(plantedRun?.repository_id, ownRun?.repository_id)
    assert.notEqual(plantedRun?.head_repository_id, plantedRun?.repository_id)

    const run = async (runId: number) =>
      (
        await octokit.rest.actions.getWorkflowRun({
          owner: 'octo',
          repo: 'dumps',
          run_id: runId
        })
      ).data
    const [r401, r402, r403] = [await run(401), await run(402), await run(403)]
    assert.deepEqual(
      [r401.head_branch, r401.event, r401.path, r401.head_sha],
      ['main', 'push', '.github/workflows/nightly.yml', own.headSha]
    )
    assert.equal(r401.head_repository.id, r401.repository.id)
    assert.equal(r401.repository.id, ownRun?.repository_id)
    assert.equal(r401.repository.full_name, REPO)
    assert.equal(r402.event, 'pull_request')
    assert.equal(r402.head_repository.full_name, 'mallory/dumps')
    assert.equal(r402.head_repository.id, plantedRun?.head_repository_id)
    assert.deepEqual(
      [r403.head_branch, r403.event, r403.path],
      ['feature', 'pull_request', '.github/workflows/tests.yml']
    )
    assert.notEqual(r401.workflow_id, r402.workflow_id)

    const workflow = async (ref: string | number) =>
      (
        await octokit.rest.actions.getWorkflow({
          owner: 'octo',
          repo: 'dumps',
          workflow_id: ref
        })
      ).data
    const nightly = await workflow('nightly.yml')
    assert.equal(nightly.id, r401.workflow_id)
    assert.equal(nightly.path, '.github/workflows/nightly.yml')
    assert.equal((await workflow(nightly.id)).path, nightly.path)
    assert.equal((await workflow('tests.yml')).id, r403.workflow_id)

    // what no run is of, and runs that do not exist: 404 with GitHub's body
    const doc = 'https://docs.github.com/rest/actions/workflows#get-a-workflow'
    assert.deepEqual(
      await api(`/repos/${REPO}/actions/workflows/weekly.yml`, READER).then(
        r => [r.status, r.body]
      ),
      [404, { message: 'Not Found', documentation_url: doc, status: '404' }]
    )
    assert.equal(
      (await api(`/repos/${OTHER_REPO}/actions/workflows/nightly.yml`, READER))
        .status,
      404,
      'a workflow belongs to its repository'
    )
    assert.equal(
      (await api(`/repos/${REPO}/actions/runs/999999`, READER)).status,
      404
    )
    assert.equal(
      (await api(`/repos/${REPO}/actions/runs/401`, OUTSIDER)).status,
      403
    )
  })

  test('REST errors have GitHub shapes; the library retries even 4xx at once', async () => {
    const seeded = await backend.seedArtifact({
      repository: REPO,
      runId: 106,
      name: 'secret',
      content: 'x'
    })
    const path = `/repos/${REPO}/actions/runs/106/artifacts`
    const doc =
      'https://docs.github.com/rest/actions/artifacts#list-workflow-run-artifacts'
    assert.deepEqual(await api(path).then(r => [r.status, r.body]), [
      401,
      {
        message: 'Requires authentication',
        documentation_url: doc,
        status: '401'
      }
    ])
    assert.deepEqual(
      await api(path, 'ghs_nobody').then(r => [r.status, r.body]),
      [
        401,
        {
          message: 'Bad credentials',
          documentation_url: 'https://docs.github.com/rest',
          status: '401'
        }
      ]
    )
    assert.deepEqual(await api(path, OUTSIDER).then(r => [r.status, r.body]), [
      403,
      {
        message: 'Resource not accessible by integration',
        documentation_url: doc,
        status: '403'
      }
    ])
    for (const missing of [
      `/repos/${REPO}/actions/runs/999999/artifacts`,
      `/repos/${REPO}/actions/artifacts/999999/zip`,
      `/repos/${OTHER_REPO}/actions/artifacts/${seeded.id}/zip`
    ]) {
      const r = await api(missing, READER)
      assert.equal(r.status, 404, missing)
      assert.equal((r.body as { message: string }).message, 'Not Found')
    }
    const zip = await api(
      `/repos/${REPO}/actions/artifacts/${seeded.id}/zip`,
      READER
    )
    assert.equal(zip.status, 302)
    assert.equal(zip.body, undefined)
    assert.equal(zip.headers.get('content-type'), null)
    assert.match(
      zip.headers.get('location') ?? '',
      /^http:\/\/127\.0\.0\.1:\d+\//
    )

    // the library sets request.retries itself, so Octokit's retry plugin
    // repeats even 401/403/404 five more times, without waiting
    const mark = backend.calls.length
    const denied = failure(
      await step(
        { repository: REPO, runId: 107 },
        {
          op: 'get',
          name: 'secret',
          options: { findBy: findBy(OUTSIDER, 106) }
        }
      )
    )
    assert.equal(denied.name, 'HttpError')
    assert.match(denied.message, /^Resource not accessible by integration/)
    assert.deepEqual(
      summary(callsSince(mark)),
      Array<string>(6).fill(
        'GET /repos/{owner}/{repo}/actions/runs/{run_id}/artifacts 403'
      )
    )

    // the results service wants a bearer token
    const twirp = await fetch(
      `${backend.resultsUrl}twirp/github.actions.results.api.v1.ArtifactService/ListArtifacts`,
      {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: '{}'
      }
    )
    assert.equal(twirp.status, 401)
    assert.equal(
      ((await twirp.json()) as { code: string }).code,
      'unauthenticated'
    )
  })

  test('a tampered blob downloads with digestMismatch set, not an error', async () => {
    const run = { repository: REPO, runId: 108, jobId: 'dump' }
    const content = randomBytes(2000)
    const { root, paths } = await writeFiles({
      'tamper.dump': content,
      'in-zip.sql': 'select 1;\n'
    })
    const raw = value<UploadValue>(
      await step(run, {
        op: 'upload',
        name: 'tamper.dump',
        files: [paths[0]],
        rootDirectory: root,
        options: { skipArchive: true }
      })
    )
    const zipped = value<UploadValue>(
      await step(run, {
        op: 'upload',
        name: 'zipped',
        files: [paths[1]],
        rootDirectory: root
      })
    )
    await backend.tamper(raw.id)
    // the default change (last byte) leaves a zip readable, so only the
    // digest tells
    await backend.tamper('zipped')
    const tampered = await backend.readBlob(raw.id)
    assert.notDeepEqual(tampered.bytes, content)
    assert.equal(backend.get(raw.id)?.digest, `sha256:${raw.digest}`)

    const restore = { ...run, jobId: 'restore' }
    for (const [id, digest] of [
      [raw.id, raw.digest],
      [zipped.id, zipped.digest]
    ] as const) {
      const into = join(work, `tampered-${id}`)
      const checked = value<DownloadValue>(
        await step(restore, {
          op: 'download',
          id,
          options: { path: into, expectedHash: `sha256:${digest}` }
        })
      )
      assert.equal(checked.digestMismatch, true)
      // without expectedHash nothing is compared
      const unchecked = value<DownloadValue>(
        await step(restore, {
          op: 'download',
          id,
          options: { path: `${into}-unchecked` }
        })
      )
      assert.equal(unchecked.digestMismatch, false)
    }
    // the tampered bytes were written all the same
    assert.deepEqual(
      await readFile(join(work, `tampered-${raw.id}`, 'tamper.dump')),
      tampered.bytes
    )
    // a bare hex digest never matches: the library compares `sha256:<hex>`
    const bare = value<DownloadValue>(
      await step(restore, {
        op: 'download',
        id: zipped.id,
        options: { path: join(work, 'bare'), expectedHash: zipped.digest }
      })
    )
    assert.equal(bare.digestMismatch, true)
  })

  test('failNext: retryable statuses are retried, others fail the call', async () => {
    const run = { repository: REPO, runId: 109, jobId: 'dump' }
    const { root, paths } = await writeFiles({ 'retry.dump': 'retry me' })
    const upload: StepOp = {
      op: 'upload',
      name: 'retry.dump',
      files: paths,
      rootDirectory: root,
      options: { skipArchive: true }
    }

    // Twirp: 503 is retried after the library's fixed 3 s first backoff
    backend.failNext('CreateArtifact', 503, 1)
    let mark = backend.calls.length
    const retried = await step(run, upload)
    const up = value<UploadValue>(retried)
    assert.deepEqual(summary(callsSince(mark)), [
      'CreateArtifact 503!',
      'CreateArtifact 200',
      'FinalizeArtifact 200'
    ])
    assert.ok(retried.ms >= 3000, `took ${retried.ms} ms`)
    assert.match(
      retried.stdout,
      /Attempt 1 of 5 failed with error: Failed request: \(503\) Service Unavailable: injected failure \(503\)\. Retrying request in 3000 ms/
    )

    // Twirp: 400 is not retried; the half-made artifact is replaced by the
    // next CreateArtifact of that name
    backend.failNext('FinalizeArtifact', 400, 1)
    const { root: root2, paths: paths2 } = await writeFiles({
      'second.dump': 'two'
    })
    const second: StepOp = {
      op: 'upload',
      name: 'second.dump',
      files: paths2,
      rootDirectory: root2,
      options: { skipArchive: true }
    }
    assert.equal(
      failure(await step(run, second)).message,
      'Failed to FinalizeArtifact: Received non-retryable error: Failed request: (400) Bad Request: injected failure (400)'
    )
    assert.equal(
      backend.artifacts().find(a => a.name === 'second.dump')?.finalized,
      false
    )
    value(await step(run, second))

    // REST: a 500 is retried after 1 s
    backend.failNext(
      'GET /repos/{owner}/{repo}/actions/runs/{run_id}/artifacts',
      500,
      1
    )
    mark = backend.calls.length
    const got = await step(
      { repository: REPO, runId: 110 },
      {
        op: 'get',
        name: 'retry.dump',
        options: { findBy: findBy(READER, 109) }
      }
    )
    assert.equal(value<{ artifact: LibArtifact }>(got).artifact.id, up.id)
    assert.deepEqual(summary(callsSince(mark)), [
      'GET /repos/{owner}/{repo}/actions/runs/{run_id}/artifacts 500!',
      'GET /repos/{owner}/{repo}/actions/runs/{run_id}/artifacts 200'
    ])
    assert.ok(got.ms >= 1000, `took ${got.ms} ms`)

    // REST: the download redirect is asked for once, without retries
    backend.failNext(
      'GET /repos/{owner}/{repo}/actions/artifacts/{artifact_id}/{archive_format}',
      502,
      1
    )
    const down = failure(
      await step(
        { repository: REPO, runId: 110 },
        {
          op: 'download',
          id: up.id,
          options: { path: join(work, 'r502'), findBy: findBy(READER, 109) }
        }
      )
    )
    assert.equal(down.name, 'HttpError')
    assert.match(down.message, /^Bad Gateway/)
  })

  test('a stopped results server fails the library at once', async () => {
    const run = { repository: REPO, runId: 111, jobId: 'dump' }
    const { root, paths } = await writeFiles({ 'down.dump': 'x' })
    await backend.stopResults()
    try {
      const mark = backend.calls.length
      const s = await step(run, {
        op: 'upload',
        name: 'down.dump',
        files: paths,
        rootDirectory: root,
        options: { skipArchive: true }
      })
      const error = failure(s)
      assert.match(
        error.message,
        /^Failed to CreateArtifact: Unable to make request: ECONNREFUSED/
      )
      assert.deepEqual(callsSince(mark), [])
      // the REST side is a separate server and still answers
      assert.equal(
        (await api(`/repos/${REPO}/actions/artifacts`, READER)).status,
        200
      )
    } finally {
      await backend.startResults()
    }
    value(await step(run, { op: 'list' }))
  })
})
