// Release habits: the license, the changelog, one Node major everywhere, the
// workflows' actions on the majors chosen below, Dependabot, the licenses
// shipped beside each bundle, and the release workflow's own shell logic.
import assert from 'node:assert/strict'
import { spawnSync } from 'node:child_process'
import { existsSync } from 'node:fs'
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { delimiter, dirname, join, resolve } from 'node:path'
import { test } from 'node:test'
import { Ajv } from 'ajv'
import { parse } from 'yaml'

const root = resolve(import.meta.dirname, '../..')
const read = (path: string) => readFile(join(root, path), 'utf8')

/**
 * The major each action the workflows use is on (late 2026). Dependabot
 * proposes the next ones; moving to one means changing it here too. An
 * action not listed fails the test, so a new one is a choice made here.
 */
const actionMajors: Record<string, string> = {
  'actions/checkout': 'v7',
  'actions/setup-node': 'v7',
  'actions/upload-artifact': 'v7',
  'actions/download-artifact': 'v8'
}

interface Package {
  version: string
  license: string
  author: string
  engines: { node: string }
  dependencies: Record<string, string>
  devDependencies: Record<string, string>
}
const pkg = JSON.parse(await read('package.json')) as Package

interface Step {
  name?: string
  uses?: string
  run?: string
  with?: Record<string, unknown>
}
interface Job {
  uses?: string
  steps?: Step[]
  permissions?: unknown
}
interface Workflow {
  on: Record<string, unknown>
  permissions?: unknown
  jobs: Record<string, Job>
}

const workflowNames = (await readdir(join(root, '.github/workflows')))
  .filter(name => /\.ya?ml$/.test(name))
  .sort()
const workflows = await Promise.all(
  workflowNames.map(async name => ({
    name,
    workflow: parse(await read(`.github/workflows/${name}`)) as Workflow
  }))
)
const release = parse(await read('.github/workflows/release.yml')) as Workflow

// ---- license ----

test('LICENSE is the MIT license of the pg-dumper authors, as package.json says', async () => {
  assert.ok(existsSync(join(root, 'LICENSE')), 'LICENSE exists')
  const license = await read('LICENSE')
  assert.equal(pkg.license, 'MIT')
  assert.match(license, /^MIT License\n/)
  assert.match(license, /Permission is hereby granted, free of charge/)
  assert.ok(
    license.includes(`Copyright (c) 2026 ${pkg.author}`),
    `LICENSE names ${pkg.author}`
  )
})

// ---- changelog ----

test('CHANGELOG.md keeps a changelog, with an Unreleased section first', async () => {
  const changelog = await read('CHANGELOG.md')
  assert.match(changelog, /^# Changelog\n/)
  assert.match(changelog, /keepachangelog\.com/)
  const headings = [...changelog.matchAll(/^## (.*)$/gm)].map(m => m[1])
  assert.equal(headings[0], '[Unreleased]')
  for (const heading of headings.slice(1)) {
    assert.match(heading, /^\[\d+\.\d+\.\d+\] - \d{4}-\d{2}-\d{2}$/)
  }
  const sections = changelog.split(/^## /m).slice(1)
  for (const section of sections) {
    for (const [, kind] of section.matchAll(/^### (.*)$/gm)) {
      assert.ok(
        [
          'Added',
          'Changed',
          'Deprecated',
          'Removed',
          'Fixed',
          'Security'
        ].includes(kind),
        `"### ${kind}" is one of Keep a Changelog's kinds`
      )
    }
  }
})

// ---- one Node major ----

test('.node-version, action.yml and the node devDependency agree on the Node major', async () => {
  const nodeVersion = (await read('.node-version')).trim()
  assert.match(nodeVersion, /^\d+$/, '.node-version holds a major')
  const action = parse(await read('action.yml')) as { runs: { using: string } }
  assert.equal(action.runs.using, `node${nodeVersion}`)
  assert.equal(pkg.devDependencies.node.split('.')[0], nodeVersion)
})

// engines is what npm checks: the Node that runs `npm ci` and starts the
// scripts, which then run on the node devDependency (the action's runtime)
test("engines names the README's Node for npm, older than the runtime the scripts use", async () => {
  const readme = await read('README.md')
  const develop = readme.slice(readme.indexOf('## Develop'))
  const named = /Node\.js (\d+) or newer/.exec(develop)?.[1]
  assert.ok(named, 'the Develop section names the Node that is enough')
  assert.equal(pkg.engines.node, `>=${named}`)
  const runtime = Number((await read('.node-version')).trim())
  assert.ok(Number(named) <= runtime)
})

test('every setup-node step reads .node-version', () => {
  const steps = workflows.flatMap(({ name, workflow }) =>
    Object.values(workflow.jobs).flatMap(job =>
      (job.steps ?? [])
        .filter(step => step.uses?.startsWith('actions/setup-node@'))
        .map(step => ({ name, with: step.with ?? {} }))
    )
  )
  assert.ok(steps.length >= 3, 'ci, check-dist and release set up Node')
  for (const step of steps) {
    assert.equal(step.with['node-version-file'], '.node-version', step.name)
    assert.equal(step.with['node-version'], undefined, step.name)
  }
})

// ---- actions on their majors ----

test('every action the workflows use is on its chosen major', () => {
  const uses = workflows.flatMap(({ name, workflow }) =>
    Object.values(workflow.jobs).flatMap(job => [
      ...(job.uses === undefined ? [] : [{ name, uses: job.uses }]),
      ...(job.steps ?? []).flatMap(step =>
        step.uses === undefined ? [] : [{ name, uses: step.uses }]
      )
    ])
  )
  assert.ok(uses.length > 0)
  for (const { name, uses: ref } of uses) {
    if (ref.startsWith('./')) continue // this action itself
    const [action, version] = ref.split('@')
    assert.ok(
      action in actionMajors,
      `${name}: ${action} is not in actionMajors; choose its major there`
    )
    assert.equal(`${action}@${version}`, `${action}@${actionMajors[action]}`)
  }
})

// ---- dependabot ----

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

interface Dependabot {
  version: number
  updates: {
    'package-ecosystem': string
    directory: string
    schedule: { interval: string }
    groups?: Record<string, { 'update-types'?: string[] }>
  }[]
}

test('dependabot.yml is valid against SchemaStore’s dependabot-2.0 schema', async () => {
  const schema = JSON.parse(
    await read('__tests__/fixtures/schemastore/dependabot-2.0.json')
  ) as Record<string, unknown>
  const validate = new Ajv({
    allErrors: true,
    strictTypes: false,
    keywords: [...annotationKeywords(schema)]
  }).compile(schema)
  const config = parse(await read('.github/dependabot.yml')) as unknown
  assert.ok(validate(config), JSON.stringify(validate.errors, null, 2))
})

test('Dependabot updates npm and the actions weekly, minor and patch grouped', async () => {
  const config = parse(await read('.github/dependabot.yml')) as Dependabot
  assert.equal(config.version, 2)
  const ecosystems = config.updates.map(u => u['package-ecosystem']).sort()
  assert.deepEqual(ecosystems, ['github-actions', 'npm'])
  for (const update of config.updates) {
    const what = update['package-ecosystem']
    assert.equal(update.directory, '/', what)
    assert.equal(update.schedule.interval, 'weekly', what)
    const groups = Object.values(update.groups ?? {})
    assert.ok(
      groups.some(
        g => [...(g['update-types'] ?? [])].sort().join() === 'minor,patch'
      ),
      `${what} groups minor and patch updates`
    )
  }
})

// ---- licenses beside the bundles ----

/** The packages a licenses.txt names (an entry: name, license, text). */
function licensed(text: string): Set<string> {
  const names = new Set<string>()
  const lines = text.split('\n')
  lines.forEach((line, i) => {
    if ((i === 0 || lines[i - 1] === '') && /^(@[\w.-]+\/)?[\w.-]+$/.test(line))
      names.add(line)
  })
  return names
}

test('each bundle ships the licenses of the packages in it', async () => {
  const action = licensed(await read('dist/licenses.txt'))
  const cli = licensed(await read('dist/cli/licenses.txt'))
  // the action's main chunk and its split @actions/artifact chunk, and a
  // package webpack concatenates into its importer (p-retry's)
  for (const name of ['@actions/core', '@actions/artifact', 'p-retry'])
    assert.ok(action.has(name), `dist/licenses.txt names ${name}`)
  for (const name of ['commander', 'p-retry', 'is-network-error'])
    assert.ok(cli.has(name), `dist/cli/licenses.txt names ${name}`)
  for (const name of Object.keys(pkg.dependencies))
    assert.ok(
      action.has(name) || cli.has(name),
      `a dependency, ${name}, is in a bundle's licenses`
    )
})

test("the action's entry chunk holds no HTTP client: it loads with an artifact or a release only", async () => {
  // @actions/http-client and undici are about 1 MB: compiling them was a
  // third of a step's start-up before the first tool ran
  const entry = await read('dist/index.js')
  const httpClient = /node_modules\/(?:@actions\/http-client|undici)\//
  assert.doesNotMatch(entry, httpClient)
  assert.ok(entry.length < 400_000, `dist/index.js is ${entry.length} bytes`)
  const chunks = (await readdir(join(root, 'dist'))).filter(f =>
    /^\d+\.index\.js$/.test(f)
  )
  const clients = await Promise.all(
    chunks.map(async f => httpClient.test(await read(`dist/${f}`)))
  )
  assert.ok(clients.some(Boolean), 'a lazy chunk carries the HTTP client')
})

test('bundle.sh writes licenses.txt beside both bundles, and check-dist compares all of dist/', async () => {
  const bundle = await read('scripts/bundle.sh')
  const builds = bundle.split('\n').filter(l => /^ncc build /.test(l))
  assert.equal(builds.length, 2, 'the action and the CLI')
  for (const line of builds) assert.match(line, / --stats-out "\$work\//)
  assert.match(bundle, /^write_licenses .* "\$work\/dist\/licenses\.txt"$/m)
  assert.match(
    bundle,
    /^write_licenses .* "\$work\/dist\/cli\/licenses\.txt"$/m
  )
  assert.match(
    await read('scripts/check-dist.sh'),
    /diff -r dist "\$fresh\/dist"/
  )
})

// ---- the release workflow ----

test('release.yml runs for a vX.Y.Z tag or by hand with a version', () => {
  assert.deepEqual(release.on.push, { tags: ['v[0-9]+.[0-9]+.[0-9]+'] })
  const dispatch = release.on.workflow_dispatch as {
    inputs: Record<string, { required?: boolean; type?: string }>
  }
  assert.deepEqual(Object.keys(dispatch.inputs), ['version'])
  assert.equal(dispatch.inputs.version.required, true)
  assert.equal(dispatch.inputs.version.type, 'string')
})

test('release.yml has only contents: write', () => {
  assert.deepEqual(release.permissions, { contents: 'write' })
  for (const job of Object.values(release.jobs)) {
    assert.equal(job.permissions, undefined)
  }
})

test('release.yml checks dist/, creates the release, then moves the major tag', () => {
  const runs = Object.values(release.jobs)
    .flatMap(job => job.steps ?? [])
    .map(step => step.run ?? '')
  const at = (pattern: RegExp) => {
    const index = runs.findIndex(run => pattern.test(run))
    assert.ok(index >= 0, `a step runs ${String(pattern)}`)
    return index
  }
  const checkDist = at(/^npm run check-dist$/m)
  const create = at(/gh release create "\$TAG"/)
  const move = at(/git tag -f "\$MAJOR"/)
  at(/git push -f origin "refs\/tags\/\$MAJOR"/)
  assert.ok(checkDist < create && create < move, 'in that order')
})

/**
 * A release.yml step's script, run by bash as the runner does (`bash -e`,
 * without ~/.bashrc: node's pipes are sockets, which make bash read it as if
 * run by rshd, and a developer's rc file can cost most of a second a run).
 */
function runStep(name: string, env: Record<string, string>, cwd: string) {
  const step = Object.values(release.jobs)
    .flatMap(job => job.steps ?? [])
    .find(s => s.name === name)
  assert.ok(step?.run, `release.yml has a step "${name}"`)
  const result = spawnSync(
    'bash',
    ['--noprofile', '--norc', '-e', '-c', step.run],
    {
      cwd,
      encoding: 'utf8',
      env: {
        PATH: `${dirname(process.execPath)}${delimiter}${process.env.PATH ?? ''}`,
        RUNNER_TEMP: cwd,
        GITHUB_OUTPUT: join(cwd, 'github-output'),
        ...env
      }
    }
  )
  return { status: result.status, stdout: result.stdout + result.stderr }
}

async function withTemp(body: (dir: string) => Promise<void>) {
  const dir = await mkdtemp(join(tmpdir(), 'pg-dumper-release-'))
  try {
    await body(dir)
  } finally {
    await rm(dir, { recursive: true, force: true })
  }
}

test('release.yml reads the version from the tag or the input', async () => {
  const cases: [Record<string, string>, string | null][] = [
    [
      { EVENT: 'push', REF_NAME: 'v1.2.3' },
      'version=1.2.3,tag=v1.2.3,major=v1'
    ],
    [
      { EVENT: 'workflow_dispatch', INPUT_VERSION: '0.1.0' },
      'version=0.1.0,tag=v0.1.0,major=v0'
    ],
    [
      { EVENT: 'workflow_dispatch', INPUT_VERSION: 'v10.0.12' },
      'version=10.0.12,tag=v10.0.12,major=v10'
    ],
    [{ EVENT: 'workflow_dispatch', INPUT_VERSION: '1.2' }, null],
    [{ EVENT: 'workflow_dispatch', INPUT_VERSION: '01.2.3' }, null],
    [{ EVENT: 'workflow_dispatch', INPUT_VERSION: '1.2.3-rc.1' }, null],
    [
      { EVENT: 'workflow_dispatch', INPUT_VERSION: '1.2.3\n::warning::x' },
      null
    ],
    [{ EVENT: 'push', REF_NAME: 'main' }, null]
  ]
  for (const [env, expected] of cases) {
    await withTemp(async dir => {
      await writeFile(join(dir, 'github-output'), '')
      const { status, stdout } = runStep('Read the version', env, dir)
      const what = JSON.stringify(env)
      if (expected === null) {
        assert.equal(status, 1, what)
        assert.match(stdout, /^::error::The version must be X\.Y\.Z/m, what)
        assert.doesNotMatch(stdout, /::warning::/, `${what} is not echoed`)
      } else {
        assert.equal(status, 0, `${what}: ${stdout}`)
        const output = await readFile(join(dir, 'github-output'), 'utf8')
        assert.equal(output.trim().split('\n').join(), expected, what)
      }
    })
  }
})

test('release.yml takes the notes from the version’s CHANGELOG section, and refuses a version package.json or the changelog lacks', async () => {
  const changelog = [
    '# Changelog',
    '',
    '## [Unreleased]',
    '',
    '- not yet',
    '',
    '## [1.2.30] - 2026-12-02',
    '',
    '- a later version',
    '',
    '## [1.2.3] - 2026-12-01',
    '',
    '### Fixed',
    '',
    '- the fix',
    '',
    '## [1.2.2] - 2026-11-30',
    '',
    '- older'
  ].join('\n')
  const step = 'Check that package.json and CHANGELOG.md name the version'
  await withTemp(async dir => {
    await writeFile(join(dir, 'CHANGELOG.md'), changelog)
    await writeFile(join(dir, 'package.json'), '{"version":"1.2.3"}')

    const ok = runStep(step, { VERSION: '1.2.3' }, dir)
    assert.equal(ok.status, 0, ok.stdout)
    const notes = await readFile(join(dir, 'notes.md'), 'utf8')
    assert.equal(notes.trim(), '### Fixed\n\n- the fix')

    const other = runStep(step, { VERSION: '1.2.2' }, dir)
    assert.equal(other.status, 1)
    assert.match(
      other.stdout,
      /package\.json's version is 1\.2\.3, not 1\.2\.2/
    )

    await writeFile(join(dir, 'package.json'), '{"version":"1.2.4"}')
    const missing = runStep(step, { VERSION: '1.2.4' }, dir)
    assert.equal(missing.status, 1)
    assert.match(
      missing.stdout,
      /CHANGELOG\.md has no entries under '## \[1\.2\.4\]/
    )
  })
})
