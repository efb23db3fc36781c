// The artifact part of `npm run demo`: a nightly job dumps the shop database
// to a workflow artifact, and a job of a later run restores the latest one.
// The real @actions/artifact in the bundle talks to local stand-ins for
// GitHub's services (Azurite blobs, a loopback results and REST service).
import { createHash } from 'node:crypto'
import { mkdir, readFile } from 'node:fs/promises'
import { basename, join } from 'node:path'
import { styleText } from 'node:util'
import {
  startArtifactBackend,
  type ArtifactBackend
} from '../test-support/artifact-backend.ts'
import type { TestServer } from '../test-support/pg-server.ts'
import type { StepRun } from '../test-support/run-action.ts'

const REPO = 'octo/shop'
/** A token the REST service lets read REPO, as `permissions: actions: read` would. */
const TOKEN = 'ghs_demo_actions_read'
const ARTIFACT = 'shop.dump'

/** A job of a workflow run in REPO. */
interface Job {
  workflow: string
  runId: number
  headBranch: string
  jobId: string
}
const NIGHTLY: Job = {
  workflow: 'nightly',
  runId: 7001,
  jobId: 'backup',
  headBranch: 'main'
}
const TESTS: Job = {
  workflow: 'ci',
  runId: 7002,
  jobId: 'integration-tests',
  headBranch: 'feature/checkout'
}

/** How the main demo runs a step. */
export interface StepOptions {
  /** the step's extra environment */
  env?: Record<string, string>
  /** log lines to make stand out */
  highlight?: RegExp
  /** one line instead of the log and outputs */
  brief?: boolean
}

/** What the artifact part borrows from the main demo. */
export interface DemoKit {
  server: TestServer
  /** the seeded database */
  source: string
  /** the demo's workspace; each job gets a folder in it */
  ws: string
  heading(text: string): void
  /** runs the bundled action, prints its log and outputs; throws if it failed */
  step(
    cwd: string,
    inputs: Record<string, string>,
    options?: StepOptions
  ): Promise<StepRun>
  /** prints source vs `copy` row counts; throws unless all match */
  compare(copy: string): Promise<void>
}

const [bold, dim, green, red] = (['bold', 'dim', 'green', 'red'] as const).map(
  style => (text: string) => styleText(style, text)
)
const field = (label: string, value: string) =>
  console.log(`  ${label.padEnd(20)}${value}`)

/** Starts the local artifact services and says where they listen. */
export async function startBackend(): Promise<ArtifactBackend> {
  const backend = await startArtifactBackend({ tokens: { [TOKEN]: [REPO] } })
  console.log(
    dim("  What the bundle's @actions/artifact talks to, as to GitHub's:")
  )
  field('blob storage', `${backend.blobUrl} ${dim('(Azurite)')}`)
  field('results service', backend.resultsUrl)
  field('REST API', backend.apiUrl)
  field('github-token', `${TOKEN} ${dim(`(may read ${REPO})`)}`)
  return backend
}

/** Dump to an artifact in one run, restore the latest of it in another. */
export async function artifactRoundTrip(
  kit: DemoKit,
  backend: ArtifactBackend
): Promise<void> {
  const connection = kit.server.uri(kit.source)
  kit.heading(jobTitle(NIGHTLY, `dump to the artifact ${ARTIFACT}`))
  const dump = await runJob(
    kit,
    backend,
    NIGHTLY,
    { mode: 'dump', connection, 'artifact-name': ARTIFACT },
    /^Artifact \S+ \(id \d+/
  )

  kit.heading(
    `Artifact ${dump.outputs['artifact-id']}, fetched as a person would`
  )
  await showStoredArtifact(backend, dump)

  const target = await kit.server.createDatabase('shop_from_artifact')
  kit.heading(jobTitle(TESTS, `restore the latest ${ARTIFACT}`))
  const restore = await runJob(
    kit,
    backend,
    TESTS,
    {
      mode: 'restore',
      connection,
      dbname: target,
      'artifact-name': ARTIFACT,
      'run-id': 'latest',
      'github-token': TOKEN
    },
    /^(Using artifact|Downloaded) /
  )

  kit.heading(`Source ${kit.source} vs ${target}`)
  await kit.compare(target)

  kit.heading(`Job summary of ${TESTS.jobId}`)
  printSummary(restore.summary)
}

const jobTitle = (job: Job, what: string) =>
  `${job.workflow} run ${job.runId} on ${job.headBranch} › job ${job.jobId}: ${what}`

/** Runs one step of `job` in the job's own workspace, as the runner would. */
async function runJob(
  kit: DemoKit,
  backend: ArtifactBackend,
  job: Job,
  inputs: Record<string, string>,
  highlight?: RegExp
): Promise<StepRun> {
  const workspace = join(kit.ws, job.jobId)
  const temp = join(workspace, '.runner-temp')
  await mkdir(temp, { recursive: true })
  const { runId, jobId, headBranch } = job
  const env = {
    ...backend.env({ repository: REPO, runId, jobId, headBranch, workspace }),
    RUNNER_TEMP: temp
  }
  return kit.step(workspace, inputs, { env, highlight })
}

/** Downloads the stored blob and shows it is the dump file; throws if not. */
async function showStoredArtifact(
  backend: ArtifactBackend,
  dump: StepRun
): Promise<void> {
  const blob = await backend.readBlob(Number(dump.outputs['artifact-id']))
  const url = new URL(blob.url)
  field('signed URL', `${url.origin}${url.pathname}${dim('?…')}`)
  field('Content-Type', blob.contentType)
  field('Content-Disposition', blob.contentDisposition)
  field('size', `${blob.bytes.length} bytes`)

  const sha256 = createHash('sha256').update(blob.bytes).digest('hex')
  const magic = blob.bytes.subarray(0, 5).toString('latin1')
  const local = await readFile(dump.outputs.file)
  const checks: [boolean, string][] = [
    [
      blob.fileName === basename(dump.outputs.file),
      `file name ${bold(blob.fileName ?? '(none)')}: the dump itself, not a zip`
    ],
    [magic === 'PGDMP', `starts with ${bold(magic)}: a pg_dump custom archive`],
    [
      sha256 === dump.outputs.sha256 &&
        sha256 === dump.outputs['artifact-digest'],
      `sha256 ${bold(sha256.slice(0, 16))}…: the sha256 and artifact-digest outputs`
    ],
    [
      blob.bytes.equals(local),
      `byte for byte the file the ${NIGHTLY.jobId} job wrote`
    ]
  ]
  for (const [ok, text] of checks)
    console.log(`  ${ok ? green('✓') : red('✗')} ${text}`)
  if (checks.some(([ok]) => !ok))
    throw new Error(
      `The stored artifact is not the dump file ${dump.outputs.file}`
    )
}

const ENTITIES: Record<string, string> = {
  '&amp;': '&',
  '&lt;': '<',
  '&gt;': '>',
  '&quot;': '"',
  '&#39;': "'"
}

/** An HTML fragment as text: links keep their address, tags go. */
function htmlText(html: string): string {
  return html
    .replace(/<a href="([^"]*)">([\s\S]*?)<\/a>/g, '$2 ($1)')
    .replace(/<[^>]+>/g, '')
    .replace(/&(amp|lt|gt|quot|#39);/g, entity => ENTITIES[entity])
    .trim()
}

/** Prints the job summary's headings, code blocks and tables as plain text. */
function printSummary(html: string): void {
  if (!html.trim()) return console.log(dim('  (the step wrote no summary)'))
  const blocks = /<(h\d|pre|table)\b[^>]*>([\s\S]*?)<\/\1>/g
  for (const [, tag, body] of html.matchAll(blocks)) {
    if (tag === 'table') printTable(body)
    else if (tag === 'pre') console.log(red(`  ${htmlText(body)}`))
    else console.log(`  ${bold(htmlText(body))}`)
  }
}

/** A table as aligned text columns, its header row in bold. */
function printTable(html: string): void {
  const rows = [...html.matchAll(/<tr>([\s\S]*?)<\/tr>/g)].map(([, row]) => ({
    header: row.startsWith('<th'),
    cells: [...row.matchAll(/<t[hd]>([\s\S]*?)<\/t[hd]>/g)].map(([, cell]) =>
      htmlText(cell)
    )
  }))
  const width = Math.max(...rows.map(({ cells }) => cells[0]?.length ?? 0))
  for (const { header, cells } of rows) {
    const [label = '', ...values] = cells
    const line = `  ${label.padEnd(width)}  ${values.join('  ')}`
    console.log(header ? bold(line) : line)
  }
}
