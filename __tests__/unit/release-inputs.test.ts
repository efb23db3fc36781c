// The 'release' input read in process, from INPUT_* variables as the runner
// sets them: the assets a dump will attach (named before anything runs), the
// asset a restore takes, the combinations refused, and no notice for the
// inputs a release uses.
import assert from 'node:assert/strict'
import { readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { test } from 'node:test'
import { parse } from 'yaml'
import { readInputs } from '../../src/action/inputs.ts'
import { assetNameProblem } from '../../src/releases/asset-name.ts'
import { repoRoot } from '../../test-support/repo-root.ts'
import {
  ACTION_DEFAULTS,
  inputVariable
} from '../../test-support/runner-env.ts'

const url = 'postgresql://u:long-enough-password@db.example:5433/app'

/** readInputs() with action.yml's defaults and `inputs`; what it returned or threw. */
async function read(inputs: Record<string, string>) {
  const saved = { ...process.env }
  const ownWrite = Object.getOwnPropertyDescriptor(process.stdout, 'write')
  try {
    for (const name of Object.keys(process.env))
      if (name.startsWith('INPUT_')) delete process.env[name]
    Object.assign(process.env, { GITHUB_REPOSITORY: 'octo/repo' })
    for (const [name, value] of Object.entries({
      ...ACTION_DEFAULTS,
      connection: url,
      ...inputs
    }))
      process.env[inputVariable(name)] = value
    // ::add-mask:: and notices are not this test's output
    process.stdout.write = () => true
    return await readInputs().then(
      result => ({ result, error: undefined }),
      (error: Error) => ({ result: undefined, error })
    )
  } finally {
    if (ownWrite) Object.defineProperty(process.stdout, 'write', ownWrite)
    else Reflect.deleteProperty(process.stdout, 'write')
    for (const name of Object.keys(process.env))
      if (!(name in saved)) delete process.env[name]
    Object.assign(process.env, saved)
  }
}

test('a dump names the assets it will attach: the file, the globals, each database', async () => {
  for (const [inputs, assets] of [
    [{ file: 'out/model.backup' }, ['model.backup']],
    [{ globals: 'true' }, ['backup.dump', 'globals.sql']],
    [{ dbname: 'tww, tww_demo' }, ['tww.dump', 'tww_demo.dump']],
    [{ format: 'plain', file: 'm.sql', overwrite: 'true' }, ['m.sql']],
    // a release job in one step: each database in each format, by a pattern
    [
      {
        dbname: 'tww, tww_demo',
        format: 'custom, plain',
        file: 'out/{dbname}-2026.1-db-dump.{ext}'
      },
      [
        'tww-2026.1-db-dump.dump',
        'tww-2026.1-db-dump.sql',
        'tww_demo-2026.1-db-dump.dump',
        'tww_demo-2026.1-db-dump.sql'
      ]
    ],
    [{ format: 'custom, plain' }, []],
    [{ dbname: 'tww', file: '{dbname}.{ext}' }, ['tww.dump']]
  ] as const) {
    const { result, error } = await read({
      mode: 'dump',
      release: 'v2026.1.0',
      'github-token': 'ghs_token_for_release',
      ...inputs
    })
    assert.equal(error, undefined)
    assert.ok(result?.mode === 'dump')
    assert.deepEqual(result.release?.assets, assets)
    assert.equal(result.release?.overwrite, 'overwrite' in inputs)
    assert.deepEqual(result.release?.repository, {
      owner: 'octo',
      repo: 'repo'
    })
    assert.deepEqual(result.notices, [])
  }
})

test('a restore takes the asset file names; a public one needs no token', async () => {
  const { result } = await read({
    mode: 'restore',
    release: 'v1.0',
    file: 'model.backup',
    repository: 'other/public'
  })
  assert.ok(result?.mode === 'restore')
  assert.deepEqual(result.source, {
    kind: 'release',
    release: {
      tag: 'v1.0',
      repository: { owner: 'other', repo: 'public' },
      token: undefined,
      asset: 'model.backup'
    }
  })
  assert.deepEqual(result.notices, [])
})

test('what a release cannot take is an InputError naming it', async () => {
  const token = { 'github-token': 'ghs_token_for_release' }
  for (const [inputs, message] of [
    [
      { mode: 'dump', release: 'v1' },
      /'release' input needs the 'github-token'/
    ],
    [
      { mode: 'dump', release: 'v1', format: 'directory', ...token },
      /directory-format dump is a folder/
    ],
    [
      { mode: 'dump', release: 'v1', file: 'a b.dump', ...token },
      /'a b\.dump'.*GitHub would rename it/
    ],
    [{ mode: 'dump', release: 'bad tag' }, /Invalid 'release' input 'bad tag'/],
    [{ mode: 'restore', release: 'v1' }, /needs the 'file' input to restore/],
    [{ mode: 'restore', release: 'v1', file: '../x.dump' }, /path separator/],
    [
      { mode: 'restore', release: 'v1', file: 'x', 'artifact-name': 'x' },
      /'artifact-name' and 'release'/
    ]
  ] as const) {
    const { error } = await read(inputs)
    assert.equal(error?.name, 'InputError', JSON.stringify(inputs))
    assert.match(error.message, message)
  }
})

test('asset names: what GitHub keeps as given', () => {
  for (const name of ['tww-2026.1-db-dump.backup', 'globals.sql.age', 'a+b_c'])
    assert.equal(assetNameProblem(name), undefined, name)
  for (const name of [
    '',
    '.hidden',
    'x.',
    'a/b',
    'a\\b',
    'sp ace',
    'é.dump',
    'x'.repeat(256)
  ])
    assert.ok(assetNameProblem(name), JSON.stringify(name))
})

test("the docs' release example reads as one step: four files, one artifact, the release", async () => {
  const docs = await readFile(join(repoRoot, 'docs/behaviour.md'), 'utf8')
  const section = docs.slice(docs.indexOf("**A data model's release dumps**"))
  const yaml = /```yaml\n([\s\S]*?)```/.exec(section)?.[1] ?? ''
  const workflow = parse(yaml) as {
    jobs: { dumps: { steps: { with: Record<string, string | number> }[] } }
  }
  const step = workflow.jobs.dumps.steps[0].with
  // the runner fills in the expressions
  const inputs = Object.fromEntries(
    Object.entries(step).map(([name, value]) => [
      name,
      String(value)
        .replace('${{ github.ref_name }}', 'v2026.1.0')
        .replace(/\$\{\{[^}]*\}\}/g, name === 'connection' ? url : 'ghs_token')
    ])
  )
  const { result, error } = await read(inputs)
  assert.equal(error, undefined, error?.message)
  assert.ok(result?.mode === 'dump')
  assert.deepEqual(result.dump.formats, ['custom', 'plain'])
  assert.equal(result.dump.owner && result.dump.privileges, true)
  assert.equal(result.upload?.name, 'dumps')
  assert.equal(result.release?.tag, 'v2026.1.0')
  assert.deepEqual(result.release.assets, [
    'tww-v2026.1.0-db-dump.dump',
    'tww-v2026.1.0-db-dump.sql',
    'tww_demo-v2026.1.0-db-dump.dump',
    'tww_demo-v2026.1.0-db-dump.sql'
  ])
  assert.deepEqual(result.notices, [])
})
