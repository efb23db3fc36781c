// readInputs() in process, the way docker/build-push-action tests its
// context.ts: the INPUT_* variables the runner sets (every default action.yml
// declares, plus the case's own) in, ready options out, or an InputError
// naming the input. Each case runs in an empty workspace of its own, and
// process.env, the working folder and stdout are restored after it.
import assert from 'node:assert/strict'
import { test } from 'node:test'
import { plain, read } from '../../test-support/read-inputs.ts'

const url = 'postgresql://u:long-enough-password@db.example:5433/app'

const connection = {
  connection: url,
  installClient: 'auto',
  waitTimeoutMs: 30_000
}
const dumpDefaults = {
  excludeSchemas: [],
  schemas: [],
  excludeTableData: [],
  jobs: 1,
  verify: 'archive',
  allowMetaCommands: false
}
const restoreDefaults = {
  excludeSchemas: [],
  ignoreErrors: false,
  jobs: 1,
  databases: [],
  singleTransaction: false,
  clean: false,
  createDatabase: false,
  allowMetaCommands: false,
  dbnames: []
}

const cases: {
  name: string
  inputs: Record<string, string>
  files?: string[]
  expected: unknown
}[] = [
  {
    name: 'a dump with every default: custom format to backup.dump, nothing uploaded',
    inputs: { mode: 'dump', connection: url },
    expected: {
      mode: 'dump',
      connection,
      dump: { file: 'backup.dump', format: 'custom', ...dumpDefaults },
      upload: undefined,
      prune: undefined,
      notices: []
    }
  },
  {
    name: 'a directory dump in 4 jobs, compressed, kept as an artifact with the 3 newest',
    inputs: {
      mode: 'dump',
      connection: url,
      format: 'directory',
      jobs: '4',
      compress: 'zstd:3',
      'exclude-schemas': 'audit, tmp',
      schemas: 'public\nsales',
      'wait-timeout': '0',
      'artifact-name': 'nightly',
      'retention-days': '7',
      keep: '3',
      'github-token': 'ghs_token'
    },
    expected: {
      mode: 'dump',
      connection: { ...connection, waitTimeoutMs: 0 },
      dump: {
        ...dumpDefaults,
        file: 'backup.dir',
        format: 'directory',
        excludeSchemas: ['audit', 'tmp'],
        schemas: ['public', 'sales'],
        jobs: 4,
        compression: { method: 'zstd', level: 3 }
      },
      upload: {
        name: 'nightly',
        plan: { raw: false, level: 0 },
        retentionDays: 7,
        overwrite: false
      },
      prune: {
        keep: 3,
        token: 'ghs_token',
        repository: { owner: 'octo', repo: 'repo' },
        runId: 42
      },
      notices: []
    }
  },
  {
    name: 'a plain dump through a service, with a notice for a restore-only input',
    inputs: {
      mode: 'dump',
      service: 'prod',
      dbname: 'app',
      format: 'plain',
      'exclude-table-data': 'audit.*',
      'ignore-errors': 'true'
    },
    expected: {
      mode: 'dump',
      connection: {
        connection: 'prod',
        dbname: 'app',
        installClient: 'auto',
        waitTimeoutMs: 30_000
      },
      dump: {
        ...dumpDefaults,
        file: 'backup.sql',
        format: 'plain',
        excludeTableData: ['audit.*']
      },
      upload: undefined,
      prune: undefined,
      notices: ["'ignore-errors' only apply to restore."]
    }
  },
  {
    name: 'a restore of a file into two databases, cleaned, in one transaction',
    inputs: {
      mode: 'restore',
      connection: url,
      file: 'backup.dump',
      databases: 'a,b',
      clean: 'true',
      'single-transaction': 'true',
      jobs: '2',
      'exclude-schemas': 'x'
    },
    files: ['backup.dump'],
    expected: {
      mode: 'restore',
      connection,
      source: { kind: 'file', file: 'backup.dump' },
      restore: {
        ...restoreDefaults,
        excludeSchemas: ['x'],
        jobs: 2,
        databases: ['a', 'b'],
        singleTransaction: true,
        clean: true
      },
      notices: []
    }
  },
  {
    name: 'a restore from an artifact of this repository, with a notice for a dump-only input',
    inputs: {
      mode: 'restore',
      connection: url,
      'artifact-name': 'nightly',
      'github-token': 'ghs_token',
      compress: 'gzip'
    },
    expected: {
      mode: 'restore',
      connection,
      source: {
        kind: 'artifact',
        artifact: {
          name: 'nightly',
          token: 'ghs_token',
          repository: { owner: 'octo', repo: 'repo' }
        },
        file: undefined
      },
      restore: restoreDefaults,
      notices: ["'compress' only apply to dump."]
    }
  },
  {
    name: 'a dump that keeps the owners and the GRANTs',
    inputs: {
      mode: 'dump',
      connection: url,
      owner: 'true',
      privileges: 'true'
    },
    expected: {
      mode: 'dump',
      connection,
      dump: {
        file: 'backup.dump',
        format: 'custom',
        ...dumpDefaults,
        owner: true,
        privileges: true
      },
      notices: []
    }
  },
  {
    name: 'a restore that sets the owners, with a notice for privileges (a dump-only input)',
    inputs: {
      mode: 'restore',
      connection: url,
      file: 'app.dump',
      owner: 'true',
      privileges: 'true'
    },
    files: ['app.dump'],
    expected: {
      mode: 'restore',
      connection,
      source: { kind: 'file', file: 'app.dump' },
      restore: { ...restoreDefaults, owner: true },
      notices: ["'privileges' only apply to dump."]
    }
  }
]

for (const { name, inputs, files, expected } of cases) {
  test(`readInputs: ${name}`, async () => {
    const { result, error } = await read(inputs, files)
    assert.equal(error, undefined)
    assert.deepEqual(plain(result), plain(expected))
  })
}

/** Invalid inputs: each refused with an InputError naming the input. */
const refused: [Record<string, string>, string, RegExp][] = [
  [
    { mode: 'backup', connection: url },
    'mode',
    /Expected one of: dump, restore/
  ],
  [
    { mode: 'dump', connection: url, format: 'zip' },
    'format',
    /Expected one of: custom, plain, directory, tar/
  ],
  [{ mode: 'dump', connection: url, jobs: '65' }, 'jobs', /from 1 to 64/],
  [
    {
      mode: 'dump',
      connection: url,
      'artifact-name': 'n',
      'retention-days': '401'
    },
    'retention-days',
    /from 1 to 400/
  ],
  [
    { mode: 'dump', connection: url, 'artifact-name': 'bad/name' },
    'artifact-name',
    /cannot be/
  ],
  [
    { mode: 'dump', connection: url, 'artifact-name': 'n', keep: '3' },
    'keep',
    /needs the 'github-token' input/
  ],
  [
    { mode: 'dump', connection: url, service: 'prod' },
    'connection',
    /not both/
  ],
  [{ mode: 'dump' }, 'connection', /neither was given/],
  [{ mode: 'restore', connection: url }, 'file', /is required to restore/],
  [
    { mode: 'restore', connection: url, file: 'missing.dump' },
    'file',
    /does not exist/
  ],
  [
    { mode: 'restore', connection: url, file: 'backup.dump', databases: 'a,a' },
    'databases',
    /'a' is named twice/
  ],
  [
    { mode: 'dump', connection: url, verify: 'yes' },
    'verify',
    /Expected one of: archive, restore/
  ],
  [
    {
      mode: 'dump',
      connection: url,
      verify: 'restore',
      'verify-connection': 'postgresql://u:a/b@host/db'
    },
    'verify-connection',
    /Expected a connection string/
  ]
]

test('readInputs refuses invalid inputs with an InputError naming the input', async () => {
  for (const [inputs, input, accepts] of refused) {
    const what = JSON.stringify(inputs)
    // a restore's file is there (a dump's would be refused as no dump)
    const files = inputs.mode === 'restore' ? ['backup.dump'] : []
    const { result, error } = await read(inputs, files)
    assert.equal(result, undefined, what)
    assert.equal(error?.name, 'InputError', `${what}: ${error?.stack}`)
    assert.match(error.message, new RegExp(`'${input}'`), what)
    assert.match(error.message, accepts, what)
  }
})

test("verify: restore and verify-connection reach the dump's options, the connection's password masked", async () => {
  const drill =
    'postgresql://drill:drill-server-Pw-3391@drills.example/postgres'
  const { result, printed } = await read({
    mode: 'dump',
    connection: url,
    verify: 'restore',
    'verify-connection': drill
  })
  assert.equal(result?.mode, 'dump')
  assert.equal(result.dump.verify, 'restore')
  assert.equal(result.dump.verifyConnection, drill)
  const masked = printed.split('\n').filter(l => l.startsWith('::add-mask::'))
  assert.ok(masked.includes('::add-mask::drill-server-Pw-3391'), printed)
  // without verify: restore, verify-connection is noticed, not used
  const alone = await read({
    mode: 'dump',
    connection: url,
    'verify-connection': drill
  })
  assert.deepEqual(alone.result?.notices, [
    "'verify-connection' only applies together with 'verify: restore'."
  ])
})

test('readInputs leaves process.env as it found it', async () => {
  const before = { ...process.env }
  await read({ mode: 'dump', connection: url, jobs: '2' })
  assert.deepEqual({ ...process.env }, before)
})

test('readInputs masks the connection’s password and the token as it reads them', async () => {
  const { printed } = await read({
    mode: 'restore',
    connection: url,
    'artifact-name': 'nightly',
    'github-token': 'ghs_token'
  })
  const masked = printed.split('\n').filter(l => l.startsWith('::add-mask::'))
  assert.ok(masked.includes('::add-mask::long-enough-password'), printed)
  assert.ok(masked.includes('::add-mask::ghs_token'), printed)
})

test('an input of the other mode is checked where its row says so, and otherwise only noticed', async () => {
  const dump = { mode: 'dump', connection: url }
  const restore = { mode: 'restore', connection: url, file: 'backup.dump' }
  const files = ['backup.dump']
  // one at a time: each sets process.env
  const checked: (string | undefined)[] = []
  for (const [inputs, given] of [
    [{ ...restore, format: 'zip' }, files],
    [{ ...restore, keep: '0', 'artifact-name': 'nightly' }, files],
    [{ ...dump, clean: 'maybe' }, []]
  ] as const)
    checked.push((await read(inputs, [...given])).error?.message)
  assert.match(checked[0] ?? '', /^Invalid 'format' input 'zip'/)
  assert.match(checked[1] ?? '', /^Invalid 'keep' input '0'/)
  assert.match(checked[2] ?? '', /^Invalid 'clean' input 'maybe'/)
  // 'keep' of a restore without an artifact, 'run-id' of a dump: a notice
  const keep = await read({ ...restore, keep: '0' }, files)
  assert.deepEqual(keep.result?.notices, ["'keep' only apply to dump."])
  const runId = await read({ ...dump, 'run-id': 'soon' })
  assert.deepEqual(runId.result?.notices, ["'run-id' only apply to restore."])
})

test('an empty input reads as its action.yml default, as on the runner', async () => {
  const { result } = await read({ mode: 'dump', connection: url, jobs: '' })
  assert.equal(result?.mode, 'dump')
  assert.equal(result.dump.jobs, 1)
  assert.equal(result.connection.waitTimeoutMs, 30_000)
  assert.equal(result.connection.installClient, 'auto')
  assert.deepEqual(result.notices, [])
})

test('readInputs masks each secret input once a run, however often it is read', async () => {
  for (let run = 0; run < 2; run++) {
    const { printed } = await read({
      mode: 'dump',
      connection: url,
      'artifact-name': 'nightly',
      keep: '2',
      'github-token': 'ghs_token_read_twice'
    })
    const masks = printed
      .split('\n')
      .filter(l => l === '::add-mask::ghs_token_read_twice')
    assert.equal(masks.length, 1, `run ${run}: ${printed}`)
  }
})
