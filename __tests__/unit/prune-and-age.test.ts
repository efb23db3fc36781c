// The pure parts of pruning and freshness: durations as max-age takes them,
// ages as the messages write them, which artifacts keep: N and latest
// consider (the repository's own runs, a branch), and which keep: N deletes.
import assert from 'node:assert/strict'
import { test } from 'node:test'
import {
  ageOf,
  formatAge,
  parseDuration
} from '../../src/artifacts/durations.ts'
import type { RestArtifact } from '../../src/artifacts/github-api.ts'
import { fromOwnRun, ownOnBranch } from '../../src/artifacts/origin.ts'
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
const REPO_ID = 7001
const FORK_ID = 9002
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
    workflow_run: {
      id: id * 10,
      head_branch: 'main',
      repository_id: REPO_ID,
      head_repository_id: REPO_ID
    },
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

/** an artifact of a run on `branch`, of the repository or of a fork */
function from(
  id: number,
  days: number,
  branch: string,
  head = REPO_ID
): RestArtifact {
  return artifact(id, days, {
    workflow_run: {
      id: id * 10,
      head_branch: branch,
      repository_id: REPO_ID,
      head_repository_id: head
    }
  })
}

test('only a run of the repository itself counts as its own: not a fork’s pull-request run, nor a run the API says nothing of', () => {
  assert.equal(fromOwnRun(from(1, 1, 'main')), true)
  assert.equal(fromOwnRun(from(2, 1, 'main', FORK_ID)), false)
  assert.equal(fromOwnRun(artifact(3, 1, { workflow_run: { id: 30 } })), false)
  assert.equal(
    fromOwnRun(
      artifact(4, 1, {
        workflow_run: { id: 40, head_branch: 'main', repository_id: REPO_ID }
      })
    ),
    false
  )
  assert.equal(fromOwnRun(artifact(5, 1, { workflow_run: undefined })), false)
})

test('keep on a feature branch counts and deletes only that branch’s own artifacts: main’s backups and a fork’s stay', () => {
  const main = [from(1, 5, 'main'), from(2, 4, 'main'), from(3, 3, 'main')]
  const feature = [from(4, 2, 'feature'), from(5, 1, 'feature')]
  const forks = [
    from(6, 0.5, 'feature', FORK_ID),
    from(7, 0.2, 'main', FORK_ID)
  ]
  const uploaded = from(9, 0, 'feature')
  const list = [uploaded, ...main, ...feature, ...forks]
  for (const keep of [1, 2, 3]) {
    const doomed = ids(selectPrune(ownOnBranch(list, 'feature'), 9, keep))
    assert.ok(
      doomed.every(id => [4, 5].includes(id)),
      `keep ${keep}: ${doomed.join(',')}`
    )
  }
  assert.deepEqual(ids(selectPrune(ownOnBranch(list, 'feature'), 9, 1)), [5, 4])
  // on main, the fork's newer artifact of a branch named main takes no place
  assert.deepEqual(ids(selectPrune(ownOnBranch(list, 'main'), 99, 2)), [2, 1])
  assert.deepEqual(ids(ownOnBranch(list, undefined)), [9, 1, 2, 3, 4, 5])
})
