// One table says which input applies to which mode; the notices for inputs
// given where they do not apply come from it.
import assert from 'node:assert/strict'
import { readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { test } from 'node:test'
import { parse } from 'yaml'
import { inputNotices, SCOPES } from '../../src/action/input-notices.ts'
import type { InputName } from '../../src/action/input-names.ts'
import { DEFAULTS } from '../../src/action/input-registry.ts'
import { repoRoot } from '../../test-support/repo-root.ts'

const action = parse(await readFile(join(repoRoot, 'action.yml'), 'utf8')) as {
  inputs: Record<string, unknown>
}

const givenOnly =
  (...names: InputName[]) =>
  (name: InputName) =>
    names.includes(name)

test('the table names only inputs action.yml declares', () => {
  for (const name of Object.keys(SCOPES)) {
    assert.ok(name in action.inputs, name)
  }
})

test('the code knows every default action.yml gives, and no other', () => {
  const declared = Object.fromEntries(
    Object.entries(action.inputs as Record<string, { default?: string }>)
      .filter(([, input]) => input.default !== undefined)
      .map(([name, input]) => [name, input.default])
  )
  assert.deepEqual(DEFAULTS, declared)
})

test('nothing given, nothing to say', () => {
  assert.deepEqual(
    inputNotices('dump', false, () => false),
    []
  )
  assert.deepEqual(
    inputNotices('restore', true, () => false),
    []
  )
})

test('restore inputs on a dump, and dump inputs on a restore', () => {
  assert.deepEqual(
    inputNotices('dump', false, givenOnly('clean', 'databases', 'jobs')),
    ["'databases', 'clean' only apply to restore."]
  )
  assert.deepEqual(
    inputNotices('restore', false, givenOnly('format', 'schemas')),
    ["'format', 'schemas' only apply to dump."]
  )
})

test('artifact inputs without artifact-name', () => {
  assert.deepEqual(
    inputNotices('dump', false, givenOnly('retention-days', 'overwrite')),
    ["'retention-days', 'overwrite' only apply together with 'artifact-name'."]
  )
  assert.deepEqual(
    inputNotices('dump', true, givenOnly('retention-days', 'overwrite')),
    []
  )
})

test('an artifact input of the other mode is named once, for its mode', () => {
  assert.deepEqual(
    inputNotices('dump', false, givenOnly('run-id', 'repository', 'max-age')),
    ["'run-id', 'repository', 'max-age' only apply to restore."]
  )
  assert.deepEqual(
    inputNotices('restore', true, givenOnly('keep', 'overwrite')),
    ["'overwrite', 'keep' only apply to dump."]
  )
})

test('github-token applies to a dump only with keep', () => {
  assert.deepEqual(inputNotices('dump', true, givenOnly('github-token')), [
    "'github-token' is used on a dump only with 'keep' (to delete older artifacts)."
  ])
  assert.deepEqual(
    inputNotices('dump', true, givenOnly('github-token', 'keep')),
    []
  )
  assert.deepEqual(
    inputNotices('dump', false, givenOnly('github-token', 'keep')),
    ["'keep', 'github-token' only apply together with 'artifact-name'."]
  )
  assert.deepEqual(
    inputNotices('restore', true, givenOnly('github-token', 'branch')),
    []
  )
})

test('workflow applies to a dump only with keep, and to both modes only with artifact-name', () => {
  assert.deepEqual(inputNotices('dump', true, givenOnly('workflow')), [
    "'workflow' is used on a dump only with 'keep' (which artifacts it counts)."
  ])
  assert.deepEqual(
    inputNotices('dump', true, givenOnly('workflow', 'keep', 'github-token')),
    []
  )
  assert.deepEqual(
    inputNotices('restore', true, givenOnly('workflow', 'run-id')),
    []
  )
  assert.deepEqual(inputNotices('restore', false, givenOnly('workflow')), [
    "'workflow' only apply together with 'artifact-name'."
  ])
})

test('databases makes dbname unused on a restore', () => {
  assert.deepEqual(
    inputNotices('restore', false, givenOnly('databases', 'dbname')),
    ["'databases' names the databases to restore into: 'dbname' is not used."]
  )
  assert.deepEqual(inputNotices('restore', false, givenOnly('dbname')), [])
})

test('role-passwords without globals, and on a restore', () => {
  assert.deepEqual(inputNotices('dump', false, givenOnly('role-passwords')), [
    "'role-passwords' only applies together with 'globals: true'."
  ])
  assert.deepEqual(
    inputNotices('dump', false, givenOnly('role-passwords', 'globals')),
    []
  )
  assert.deepEqual(
    inputNotices('restore', false, givenOnly('role-passwords', 'globals')),
    ["'role-passwords' only apply to dump."]
  )
})
