// The registry is the one description of the inputs: action.yml declares
// its rows, in its order, with its defaults; the README's table of inputs
// is its rows (name, default, line); the bounds the CLI shares are the core's.
import assert from 'node:assert/strict'
import { readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { test } from 'node:test'
import { parse } from 'yaml'
import { ROWS } from '../../src/action/input-registry.ts'
import { LIMITS } from '../../src/core/index.ts'
import { repoRoot } from '../../test-support/repo-root.ts'

const action = parse(await readFile(join(repoRoot, 'action.yml'), 'utf8')) as {
  inputs: Record<string, { required?: boolean; default?: string }>
}
const readme = await readFile(join(repoRoot, 'README.md'), 'utf8')

test("the registry's rows are action.yml's inputs, in its order, with its defaults", () => {
  assert.deepEqual(Object.keys(ROWS), Object.keys(action.inputs))
  for (const [name, row] of Object.entries(ROWS)) {
    assert.equal(row.default, action.inputs[name]?.default, name)
  }
})

test("the README's table of inputs is the registry's rows: name, default, line", () => {
  const table = readme.slice(readme.indexOf('\n## Inputs\n'))
  const rows = [...table.matchAll(/^\| `([\w-]+)` +\|(.*)\|$/gm)]
  const readmeRows = rows.map(m => [
    m[1],
    ...m[2].split('|').map(c => c.trim())
  ])
  const expected = Object.entries(ROWS).map(([name, row]) => [
    name,
    action.inputs[name]?.required
      ? '(required)'
      : row.default === undefined
        ? ''
        : `\`${row.default}\``,
    row.about
  ])
  assert.deepEqual(readmeRows.slice(0, expected.length), expected)
})

test('the bounds the CLI shares come from the core', () => {
  const [min, max] = LIMITS.jobs
  assert.equal(ROWS.jobs.parse(String(max), 'jobs'), max)
  assert.throws(
    () => ROWS.jobs.parse(String(max + 1), 'jobs'),
    new RegExp(`Expected a whole number from ${min} to ${max}\\.`)
  )
  const [, wait] = LIMITS.waitSeconds
  assert.throws(
    () => ROWS['wait-timeout'].parse(String(wait + 1), 'wait-timeout'),
    new RegExp(`to ${wait}\\.`)
  )
})
