// One grammar for schema lists at dump and at restore: names as spelled,
// * and ? wildcards, an item wholly in double quotes an exact name.
import assert from 'node:assert/strict'
import { test } from 'node:test'
import {
  matchesSchema,
  matchSchemas,
  pgDumpPattern,
  unmatchedWarning
} from '../../src/core/schema-patterns.ts'

const patterns: [string, string][] = [
  ['TWW_od', '"TWW_od"'],
  ['tmp_*', '"tmp_"*'],
  ['a?c', '"a"?"c"'],
  ['*', '*'],
  ['"a*b"', '"a*b"'],
  ['"it""s"', '"it""s"'],
  ['my.schema', '"my.schema"'],
  ['--help', '"--help"'],
  ['keep|sales', '"keep|sales"'],
  ['x"y', '"x""y"']
]
for (const [item, pattern] of patterns) {
  test(`${item} is the pg_dump pattern ${pattern}`, () => {
    assert.equal(pgDumpPattern(item), pattern)
  })
}

const matches: [string, string, boolean][] = [
  ['TWW_od', 'TWW_od', true],
  ['TWW_od', 'tww_od', false],
  ['tww_od', 'TWW_od', false],
  ['tmp_*', 'tmp_2024', true],
  ['tmp_*', 'tmp_', true],
  ['tmp_*', 'xtmp_1', false],
  ['a?c', 'abc', true],
  ['a?c', 'ac', false],
  ['"a*b"', 'a*b', true],
  ['"a*b"', 'axxb', false],
  ['a.b', 'axb', false],
  ['keep|sales', 'keep', false],
  ['keep|sales', 'keep|sales', true],
  ['*', 'multi\nline', true]
]
for (const [item, name, expected] of matches) {
  test(`${item} ${expected ? 'matches' : 'does not match'} ${JSON.stringify(name)}`, () => {
    assert.equal(matchesSchema(item, name), expected)
  })
}

test('the names matched, and the items that match none', () => {
  assert.deepEqual(
    matchSchemas(
      ['tww_*', 'nope', 'Audit'],
      ['Audit', 'public', 'tww_od', 'tww_vl']
    ),
    { matched: ['Audit', 'tww_od', 'tww_vl'], unmatched: ['nope'] }
  )
})

test('the warning names the items and the schemas there are', () => {
  assert.equal(
    unmatchedWarning('exclude-schemas', ['TWW_x'], ['TWW_od', 'public'], 'app'),
    "exclude-schemas: 'TWW_x' matches no schema of app. Its schemas are: TWW_od, public. " +
      'Names are case-sensitive, as the catalogue spells them; * and ? are wildcards.'
  )
  assert.equal(unmatchedWarning('x', [], ['a'], 'app'), undefined)
})
