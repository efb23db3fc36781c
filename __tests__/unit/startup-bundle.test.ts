// A step that fails on its first input loads only what reads the inputs: the
// age library, Octokit, @actions/artifact and the AWS SDK live in chunks of their own,
// loaded when a run uses them (bench measurement 6 times the start-up). The
// markers are names each library's code holds; every one must be in some
// chunk of the bundle, and none in the entry.
import assert from 'node:assert/strict'
import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { test } from 'node:test'
import { repoRoot } from '../../test-support/repo-root.ts'

const dist = join(repoRoot, 'dist')
const LAZY = {
  'the age library (its X25519 curve)': 'x25519',
  'Octokit (the REST look-ups and pruning)': 'Octokit',
  '@actions/artifact': 'DefaultArtifactClient',
  'the Azure blob client @actions/artifact uploads with': 'BlobServiceClient',
  'the AWS SDK (S3 and lib-storage)': 'S3Client'
}

test('the entry of the action bundle leaves the age library, Octokit, @actions/artifact and the AWS SDK to lazy chunks', () => {
  const entry = readFileSync(join(dist, 'index.js'), 'utf8')
  const chunks = readdirSync(dist)
    .filter(name => /^\d+\.index\.js$/.test(name))
    .map(name => readFileSync(join(dist, name), 'utf8'))
  for (const [what, marker] of Object.entries(LAZY)) {
    assert.ok(
      chunks.some(chunk => chunk.includes(marker)),
      `${what} is in no chunk of dist/: the marker '${marker}' is stale`
    )
    assert.ok(
      !entry.includes(marker),
      `${what} is in dist/index.js: a run failing on an input would load it`
    )
  }
})
