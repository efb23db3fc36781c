// The Dumper core knows nothing of GitHub: nothing under src/core imports
// @actions/core, so the action and the CLI share it unchanged.
import assert from 'node:assert/strict'
import { readdir, readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { test } from 'node:test'
import { repoRoot } from '../../test-support/run-action.ts'

const coreDir = join(repoRoot, 'src/core')

test('no file of the core imports @actions/core', async () => {
  const files = (await readdir(coreDir, { recursive: true })).filter(f =>
    f.endsWith('.ts')
  )
  assert.ok(files.length > 5)
  for (const file of files) {
    const source = await readFile(join(coreDir, file), 'utf8')
    assert.doesNotMatch(
      source,
      /from '@actions\/core'|import\('@actions\/core'\)/,
      file
    )
  }
})

test('the CLI does not import @actions/core either', async () => {
  const files = await readdir(join(repoRoot, 'src/cli'))
  for (const file of files) {
    const source = await readFile(join(repoRoot, 'src/cli', file), 'utf8')
    assert.doesNotMatch(source, /@actions\/core/, file)
  }
})
