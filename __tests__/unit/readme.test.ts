// Keeps the README's inputs and outputs tables in step with action.yml, and
// the runtime the tests use in step with the one action.yml declares.
import assert from 'node:assert/strict'
import { readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { test } from 'node:test'
import { parse } from 'yaml'
import { Inputs } from '../../src/action/inputs.ts'
import { Outputs } from '../../src/action/main.ts'
import { repoRoot } from '../../test-support/run-action.ts'

interface ActionYml {
  inputs: Record<string, { required?: boolean; default?: string }>
  outputs: Record<string, unknown>
  runs: { using: string; main: string }
}

const action = parse(
  await readFile(join(repoRoot, 'action.yml'), 'utf8')
) as ActionYml
const readme = await readFile(join(repoRoot, 'README.md'), 'utf8')

/** The first-column names of the table under a `## heading`. */
function tableNames(heading: string): string[] {
  const section = readme.split(/^## /m).find(s => s.startsWith(`${heading}\n`))
  assert.ok(section, `README has a "## ${heading}" section`)
  return [...section.matchAll(/^\| `([\w-]+)` +\|/gm)].map(m => m[1])
}

test('the README lists every input of action.yml, in order, and no other', () => {
  assert.deepEqual(tableNames('Inputs'), Object.keys(action.inputs))
})

test('the README lists every output of action.yml, in order, and no other', () => {
  assert.deepEqual(tableNames('Outputs'), Object.keys(action.outputs))
})

test('the code reads exactly the inputs action.yml declares', () => {
  assert.deepEqual(
    Object.values(Inputs).sort(),
    Object.keys(action.inputs).sort()
  )
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
