// What names, files and dumps can put in the workflow log and the job
// summary, through the bundle as GitHub runs it (#11): no workflow command
// the runner would obey, no markup; and artifacts asked for outside GitHub
// Actions fail as ArtifactRuntimeMissing before anything runs.
import assert from 'node:assert/strict'
import { mkdtemp, readdir, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { after, before, describe, test } from 'node:test'
import {
  errorLine,
  pgBinDirInput,
  runAction,
  runStepIn,
  type StepRun
} from '../../test-support/run-action.ts'
import {
  pgDump,
  seededServer,
  type SeededServerWithArtifacts
} from '../../test-support/fixtures.ts'
import type { ArtifactBackend } from '../../test-support/artifact-backend.ts'
import type { TestServer } from '../../test-support/pg-server.ts'

const REPO = 'octo/hostile'
const READER = 'ghs_hostile_reader'
const IMG = '<img src=x onerror=alert(1)>'
// 'dbname' is a list (commas, lines): a name with a line break is quoted
const exactName = (name: string) => `"${name.replace(/"/g, '""')}"`
const LINK = '<a href="http://evil.invalid/">click</a>'
/** what the summary shows for IMG */
const IMG_TEXT = '&lt;img src=x onerror=alert(1)&gt;'

let seeded: SeededServerWithArtifacts
let server: TestServer
let backend: ArtifactBackend
let db: string
let root: string
let sourceDump: string
let nextRun = 5000
const created: string[] = []

before(async () => {
  seeded = await seededServer({
    database: 'hostile_log',
    seed: `CREATE SCHEMA app;
    CREATE TABLE app.items(id int PRIMARY KEY, name text);
    INSERT INTO app.items SELECT g, 'item ' || g FROM generate_series(1, 20) g;`,
    tempPrefix: 'pg-dumper-hostile-log-',
    artifacts: { tokens: { [READER]: [REPO] } }
  })
  ;({ server, backend, db, dir: root } = seeded)
  const fixtures = await mkdtemp(join(root, 'fixtures-'))
  sourceDump = join(fixtures, 'source.dump')
  await pgDump(server, db, [
    '--format=custom',
    '--no-owner',
    '--no-privileges',
    `--file=${sourceDump}`
  ])
})
after(async () => {
  if (server) for (const name of created) await server.dropDatabase(name)
  await seeded?.stop()
})

/** The environment of a step in a run with the artifact runtime. */
const inRun = (runId: number) => backend.env({ repository: REPO, runId })

/** What .NET's string.TrimStart() removes (char.IsWhiteSpace). */
const DOTNET_WHITE =
  /^[\t-\r \u0085\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]+/
/** The commands the action writes itself. */
const OWN_COMMANDS = [
  'add-mask',
  'group',
  'endgroup',
  'debug',
  'warning',
  'error'
]

/**
 * No line the runner reads (it splits at \n, \r and \r\n, on stdout and
 * stderr) is a workflow command but the action's own: none starts with `::`
 * once trimmed unless it starts so untrimmed with one of OWN_COMMANDS, and
 * none holds `##[`, which the runner obeys anywhere in a line.
 */
function assertInertLog(run: StepRun) {
  const lines = `${run.stdout}\n${run.stderr}`.split(/\r\n|\r|\n/)
  for (const line of lines) {
    const shown = JSON.stringify(line)
    const trimmed = line.replace(DOTNET_WHITE, '')
    if (trimmed.startsWith('::')) {
      assert.equal(trimmed, line, `a command after white space: ${shown}`)
      const name = /^::([^\s:]+)/.exec(line)?.[1] ?? ''
      assert.ok(OWN_COMMANDS.includes(name), `a foreign command: ${shown}`)
      assert.doesNotMatch(line, /^::[\w-]+::pwned/, `injected: ${shown}`)
    }
    // an add-mask line is a command already (a secret could hold anything)
    if (!line.startsWith('::add-mask::')) {
      assert.ok(!line.includes('##['), `##[ in the log: ${shown}`)
    }
  }
}

/**
 * The summary is the action's HTML only: no <img>, no link but `links`,
 * the hostile text there as escaped text, and no line outside <pre> that
 * GitHub would read as Markdown (each starts with a tag).
 */
function assertInertSummary(summary: string, links: string[] = []) {
  assert.ok(summary.length > 0, 'a summary was written')
  assert.doesNotMatch(summary, /<img/i)
  assert.deepEqual(
    summary.match(/<a\b[^>]*>/gi) ?? [],
    links.map(url => `<a href="${url}">`)
  )
  const outsidePre = summary.replace(/<pre>[\s\S]*?<\/pre>/g, '<pre></pre>')
  for (const line of outsidePre.split('\n')) {
    if (line.trim()) assert.match(line, /^</, `Markdown: ${line}`)
  }
}

const schemasOf = (database: string) =>
  server.psql(
    database,
    "SELECT count(*) FROM pg_namespace WHERE nspname NOT LIKE 'pg\\_%' AND nspname NOT IN ('public', 'information_schema')"
  )

describe('the workflow log: no text from outside becomes a command', () => {
  test('a database name with NEL + ::warning:: and ##[error] on its own log line is inert', async () => {
    const name = `pwn\n\u0085::warning::pwned-nel ##[error]pwned-hash`
    created.push(name)
    const run = await runStepIn(root, {
      mode: 'restore',
      connection: server.uri(db),
      dbname: exactName(name),
      'create-database': 'true',
      file: sourceDump
    })
    assert.equal(run.exitCode, 0, run.stdout)
    assert.equal(await schemasOf(name), '1')
    assertInertLog(run)
    // the name reached the log, neutralised
    assert.ok(run.stdout.includes('\u0085:\u200b:warning::pwned-nel'))
    assert.ok(run.stdout.includes('#\u200b#[error]pwned-hash'))
  })

  test('a file and exclude-schemas with ##[error] and NEL + ::warning:: are inert in commands and warnings', async () => {
    const run = await runStepIn(root, {
      mode: 'dump',
      connection: server.uri(db),
      file: 'x ##[error]pwned-file \u0085::warning::pwned.dump',
      'exclude-schemas': '##[error]pwned-schema\n\u0085::warning::pwned-schema'
    })
    assert.equal(run.exitCode, 0, run.stdout)
    assert.ok(
      (await readdir(run.cwd)).includes(
        'x ##[error]pwned-file \u0085::warning::pwned.dump'
      ),
      'the file keeps its name'
    )
    assertInertLog(run)
    assert.ok(run.stdout.includes('x #\u200b#[error]pwned-file'))
    assert.match(run.stdout, /::warning::.*#\u200b#\[error\]pwned-schema/)
  })

  test('an artifact named ##[error]… is refused (@actions/artifact would log it raw), inertly', async () => {
    const run = await runStepIn(
      root,
      {
        mode: 'dump',
        connection: server.uri(db),
        'artifact-name': '##[error]pwned-artifact'
      },
      inRun(nextRun++)
    )
    assert.equal(run.exitCode, 1)
    assert.match(
      errorLine(run),
      /^::error::InputError: Invalid 'artifact-name' input '#\u200b#\[error\]pwned-artifact'\. An artifact name cannot contain '#\u200b#\['/
    )
    assert.deepEqual(await readdir(run.cwd), [])
    assertInertLog(run)
  })

  test('a zipped file named ##[error]… is inert in the group and the upload line', async () => {
    const runId = nextRun++
    const run = await runStepIn(
      root,
      {
        mode: 'dump',
        connection: server.uri(db),
        format: 'plain',
        file: '##[error]pwned-zip.sql',
        'artifact-name': 'zip-art'
      },
      inRun(runId)
    )
    assert.equal(run.exitCode, 0, run.stdout)
    assert.equal(run.outputs['artifact-format'], 'zip')
    assertInertLog(run)
    assert.match(
      run.stdout,
      /^Uploading #\u200b#\[error\]pwned-zip\.sql zipped at level 6$/m
    )
  })

  test('an error message holding ::error:: and ##[ after line breaks stays one inert error', async () => {
    const name = `missing\n\u00a0::error::pwned-nbsp\r##[error]pwned-cr`
    const run = await runStepIn(root, {
      mode: 'dump',
      connection: server.uri(db),
      dbname: name,
      'wait-timeout': '0'
    })
    assert.equal(run.exitCode, 1)
    assert.match(errorLine(run), /^::error::PgDumpFailed: .*does not exist/)
    assertInertLog(run)
  })
})

describe('the job summary: no markup from outside', () => {
  test('a plain script whose RAISE message holds <img> and <a href>, in a file named <img…>, fails with only escaped text', async () => {
    const target = await server.createDatabase('hostile_summary')
    const file = `${IMG}.sql`
    const cwd = await mkdtemp(join(root, 'ws-'))
    await writeFile(
      join(cwd, file),
      // a pg_dump header, so the error shows psql's message (with the RAISE)
      '--\n-- PostgreSQL database dump\n--\n\n' +
        '-- Dumped from database version 14.0\n-- Dumped by pg_dump version 14.0\n\n' +
        `DO $$BEGIN RAISE EXCEPTION '% %', '${IMG}', '${LINK}'; END$$;\n`
    )
    const restore = await runAction(
      {
        ...pgBinDirInput(),
        mode: 'restore',
        connection: server.uri(target),
        file
      },
      { cwd, env: { RUNNER_TEMP: cwd } }
    )
    assert.equal(restore.exitCode, 1, restore.stdout)
    assert.match(restore.summary, /<h3>pg-dumper: Restore failed<\/h3>/)
    assert.ok(restore.summary.includes(`<pre><code>`))
    assert.ok(
      restore.summary.includes(
        `${IMG_TEXT} &lt;a href=&quot;http://evil.invalid/&quot;&gt;click&lt;/a&gt;`
      ),
      restore.summary
    )
    assert.ok(restore.summary.includes(`<code>${IMG_TEXT}.sql</code>`))
    assertInertSummary(restore.summary)
  })

  test('a database name with a link, a blank line and a Markdown image stays text in the error and the cells', async () => {
    const name = `${LINK}\n\n![pwn](http://evil.invalid/p.png)`
    const run = await runStepIn(root, {
      mode: 'dump',
      connection: server.uri(db),
      dbname: exactName(name),
      'exclude-schemas': `${IMG}\n\n![x](http://evil.invalid/x.png)`,
      'wait-timeout': '0'
    })
    assert.equal(run.exitCode, 1)
    assert.match(run.summary, /<h3>pg-dumper: Dump failed<\/h3>/)
    assert.ok(
      run.summary.includes(
        '<td>Database</td><td><code>&lt;a href=&quot;http://evil.invalid/&quot;&gt;click&lt;/a&gt;&#10;&#10;![pwn](http://evil.invalid/p.png)</code></td>'
      ),
      run.summary
    )
    assert.ok(run.summary.includes(`<code>${IMG_TEXT}</code>`))
    assertInertSummary(run.summary)
  })

  test('a branch named <img…> and excluded schemas show as text; the only link is the artifact’s', async () => {
    const runId = nextRun++
    const branch = '<img/src=x/onerror=alert(1)>'
    const dump = await runStepIn(
      root,
      {
        mode: 'dump',
        connection: server.uri(db),
        'artifact-name': 'branch.dump',
        'exclude-schemas': IMG
      },
      backend.env({ repository: REPO, runId, headBranch: branch })
    )
    assert.equal(dump.exitCode, 0, dump.stdout)
    assert.ok(dump.summary.includes(`<code>${IMG_TEXT}</code>`))
    assertInertSummary(dump.summary, [dump.outputs['artifact-url']])

    const target = await server.createDatabase('hostile_from_branch')
    const restore = await runStepIn(
      root,
      {
        mode: 'restore',
        connection: server.uri(target),
        'artifact-name': 'branch.dump',
        'run-id': String(runId),
        'github-token': READER
      },
      inRun(nextRun++)
    )
    assert.equal(restore.exitCode, 0, restore.stdout)
    assert.ok(
      restore.summary.includes(
        `from run ${runId} on <code>&lt;img/src=x/onerror=alert(1)&gt;</code>`
      ),
      restore.summary
    )
    assertInertSummary(restore.summary)
    assertInertLog(restore)
  })
})

describe('artifacts outside GitHub Actions', () => {
  /** No artifact runtime and no GITHUB_REPOSITORY: a plain machine. */
  const OUTSIDE = {
    ACTIONS_RUNTIME_TOKEN: '',
    ACTIONS_RESULTS_URL: '',
    GITHUB_REPOSITORY: ''
  }
  const RAN_A_TOOL = /\$ \S*(pg_dump|pg_restore|psql)\b/

  test('a dump to an artifact fails as ArtifactRuntimeMissing and writes nothing', async () => {
    const run = await runStepIn(
      root,
      { mode: 'dump', connection: server.uri(db), 'artifact-name': 'x.dump' },
      OUTSIDE
    )
    assert.equal(run.exitCode, 1)
    assert.match(
      errorLine(run),
      /^::error::ArtifactRuntimeMissing: Uploading the artifact 'x\.dump' needs the GitHub Actions artifact runtime/
    )
    assert.doesNotMatch(run.stdout, RAN_A_TOOL)
    assert.deepEqual(await readdir(run.cwd), [])
  })

  const restoreCases: {
    name: string
    inputs: Record<string, string>
    error: RegExp
  }[] = [
    {
      name: "a restore of this run's artifact fails as ArtifactRuntimeMissing, not as a 'repository' input",
      inputs: { 'artifact-name': 'x.dump' },
      error:
        /^::error::ArtifactRuntimeMissing: Downloading the artifact 'x\.dump' from this run needs the GitHub Actions artifact runtime/
    },
    {
      name: "an explicit malformed 'repository' is still an InputError",
      inputs: { 'artifact-name': 'x.dump', repository: 'not a repo' },
      error:
        /^::error::InputError: Invalid 'repository' input 'not a repo'\. Expected owner\/name\./
    },
    {
      name: "another run's artifact without 'repository' asks for the 'repository' input",
      inputs: {
        'artifact-name': 'x.dump',
        'run-id': '42',
        'github-token': 'ghs_not_used'
      },
      error:
        /^::error::InputError: The 'repository' input is required outside GitHub Actions/
    }
  ]
  for (const c of restoreCases) {
    test(c.name, async () => {
      const target = await server.createDatabase('outside_target')
      const run = await runStepIn(
        root,
        { mode: 'restore', connection: server.uri(target), ...c.inputs },
        OUTSIDE
      )
      assert.equal(run.exitCode, 1)
      assert.match(errorLine(run), c.error)
      assert.doesNotMatch(run.stdout, RAN_A_TOOL)
      assert.deepEqual(await readdir(run.cwd), [], 'no download folder')
      assert.equal(await schemasOf(target), '0')
    })
  }
})
