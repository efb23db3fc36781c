// The pure parts of pruning and freshness: durations as max-age takes them,
// ages as the messages write them, and which artifacts keep: N deletes.
import assert from 'node:assert/strict'
import { test } from 'node:test'
import { ageOf, formatAge, parseDuration } from '../../src/artifacts/age.ts'
import type { RestArtifact } from '../../src/artifacts/github-api.ts'
import { selectPrune } from '../../src/artifacts/prune.ts'

const M = 60_000
const H = 60 * M
const D = 24 * H

test('durations max-age accepts', () => {
  const cases: [string, number][] = [
    ['26h', 26 * H],
    ['90m', 90 * M],
    ['2d', 2 * D],
    ['1h30m', H + 30 * M],
    ['1d12h', D + 12 * H],
    ['1h 30m', H + 30 * M],
    [' 36h ', 36 * H],
    ['1w', 7 * D],
    ['45s', 45_000],
    ['0h30m', 30 * M],
    ['1d0h5m10s', D + 5 * M + 10_000]
  ]
  for (const [text, ms] of cases) assert.equal(parseDuration(text), ms, text)
})

test('what is not a duration', () => {
  for (const text of [
    '',
    '26',
    'h',
    '26 hours',
    '1.5h',
    '-2h',
    '30m1h',
    '1h1h',
    '0h',
    '0',
    '2D',
    '1h30',
    'P1D',
    '1h,30m',
    '99999999999999999999d'
  ])
    assert.equal(parseDuration(text), undefined, JSON.stringify(text))
})

test('ages are written the way max-age takes them, to the minute', () => {
  const cases: [number, string][] = [
    [0, '0s'],
    [42_000, '42s'],
    [5 * M + 59_000, '5m'],
    [26 * H + 5 * M, '1d 2h 5m'],
    [3 * D, '3d'],
    [2 * D + 3 * H, '2d 3h']
  ]
  for (const [ms, text] of cases) assert.equal(formatAge(ms), text, text)
  for (const text of ['1d 2h 5m', '2d 3h', '42s'])
    assert.equal(
      parseDuration(text),
      cases.find(c => c[1] === text)?.[0],
      'a written age reads back'
    )
  assert.equal(
    ageOf('2024-05-01T10:00:00Z', Date.parse('2024-05-02T12:30:00Z')),
    D + 2 * H + 30 * M
  )
})

const NOW = Date.parse('2024-06-10T03:00:00Z')
/** an artifact `days` old; id grows with the order given */
function artifact(
  id: number,
  days: number,
  extra: Partial<RestArtifact> = {}
): RestArtifact {
  return {
    id,
    name: 'app.dump',
    size_in_bytes: 10,
    created_at: new Date(NOW - days * D).toISOString(),
    expired: false,
    workflow_run: { id: id * 10, head_branch: 'main' },
    ...extra
  }
}
const ids = (list: RestArtifact[]) => list.map(a => a.id)

test('keep N keeps the uploaded one and the newest N-1 others, deleting the rest newest first', () => {
  const uploaded = artifact(9, 0)
  const older = [artifact(1, 8), artifact(5, 4), artifact(3, 6), artifact(7, 2)]
  const list = [uploaded, ...older]
  assert.deepEqual(ids(selectPrune(list, 9, 1)), [7, 5, 3, 1])
  assert.deepEqual(ids(selectPrune(list, 9, 2)), [5, 3, 1])
  assert.deepEqual(ids(selectPrune(list, 9, 3)), [3, 1])
  assert.deepEqual(ids(selectPrune(list, 9, 5)), [])
  assert.deepEqual(ids(selectPrune(list, 9, 50)), [])
})

test('the uploaded artifact is never deleted, even when the list does not show it yet or shows it older', () => {
  const older = [artifact(1, 3), artifact(2, 2)]
  assert.deepEqual(ids(selectPrune(older, 99, 1)), [2, 1])
  assert.deepEqual(ids(selectPrune(older, 99, 2)), [1])
  // a clock skew that makes the new one look oldest changes nothing
  const skewed = [artifact(99, 10), ...older]
  assert.deepEqual(ids(selectPrune(skewed, 99, 2)), [1])
  assert.ok(!ids(selectPrune(skewed, 99, 1)).includes(99))
})

test('expired artifacts take no place among the kept, and go', () => {
  const list = [
    artifact(10, 0),
    artifact(8, 1, { expired: true }),
    artifact(6, 2),
    artifact(4, 3, { expired: true }),
    artifact(2, 4)
  ]
  assert.deepEqual(ids(selectPrune(list, 10, 2)), [8, 4, 2])
  assert.deepEqual(ids(selectPrune(list, 10, 3)), [8, 4])
})

test('a newer artifact of another run (uploaded meanwhile) counts among the newest', () => {
  const list = [
    artifact(20, 0, { created_at: new Date(NOW + M).toISOString() }),
    artifact(10, 0),
    artifact(5, 1)
  ]
  assert.deepEqual(ids(selectPrune(list, 10, 2)), [5])
  assert.deepEqual(ids(selectPrune(list, 10, 1)), [20, 5])
})

test('ties in creation time fall back to the id, newest first', () => {
  const same = artifact(0, 1).created_at
  const list = [
    artifact(3, 0),
    artifact(1, 0, { created_at: same }),
    artifact(2, 0, { created_at: same })
  ]
  assert.deepEqual(ids(selectPrune(list, 3, 2)), [1])
})
