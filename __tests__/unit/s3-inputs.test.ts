// The S3 inputs read in process, as the runner sets them: where a dump goes
// and a restore comes from, the credentials from the environment (masked),
// what is refused (a malformed s3-url, another store beside it, a dump that
// is not one file), and the keys a series' objects take.
import assert from 'node:assert/strict'
import { describe, test } from 'node:test'
import { InputError } from '../../src/action/input-parsers.ts'
import {
  dumpExtension,
  dumpKey,
  keyTime,
  parseDumpKey
} from '../../src/s3/keys.ts'
import { plain, read } from '../../test-support/read-inputs.ts'

const connection = 'postgresql://u:long-enough-password@db.example:5433/app'
const AWS = {
  AWS_ACCESS_KEY_ID: 'AKIAEXAMPLEKEYID0001',
  AWS_SECRET_ACCESS_KEY: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY',
  AWS_SESSION_TOKEN: 'FwoGZXIvYXdzEXAMPLESESSIONTOKEN',
  AWS_REGION: 'eu-central-1'
}

/** readInputs() with the AWS environment `aws` (restored after). */
async function readWith(
  inputs: Record<string, string>,
  aws: Record<string, string | undefined> = AWS
) {
  const saved = Object.fromEntries(
    Object.keys({ ...AWS, AWS_DEFAULT_REGION: '' }).map(k => [
      k,
      process.env[k]
    ])
  )
  try {
    for (const k of Object.keys(saved)) delete process.env[k]
    for (const [k, v] of Object.entries(aws))
      if (v !== undefined) process.env[k] = v
    return await read({ connection, ...inputs })
  } finally {
    for (const [k, v] of Object.entries(saved))
      if (v === undefined) delete process.env[k]
      else process.env[k] = v
  }
}

describe('s3-url', () => {
  test('a dump goes under the prefix, with the credentials and region of the environment', async () => {
    const { result, error } = await readWith({
      mode: 'dump',
      's3-url': 's3://my-backups/nightly/shop/',
      keep: '7'
    })
    assert.equal(error, undefined)
    assert.ok(result?.mode === 'dump')
    assert.deepEqual(plain(result.s3), {
      location: {
        bucket: 'my-backups',
        prefix: 'nightly/shop/',
        pathStyle: false,
        region: 'eu-central-1',
        credentials: {
          accessKeyId: AWS.AWS_ACCESS_KEY_ID,
          secretAccessKey: AWS.AWS_SECRET_ACCESS_KEY,
          sessionToken: AWS.AWS_SESSION_TOKEN
        }
      },
      format: 'custom',
      keep: 7
    })
    assert.equal(result.upload, undefined)
    assert.deepEqual(result.notices, [], "'keep' applies to S3: no notice")
  })

  test('every AWS credential of the environment is masked before anything else is printed', async () => {
    const { printed } = await readWith({
      mode: 'dump',
      's3-url': 's3://b-1/x/'
    })
    for (const name of [
      'AWS_ACCESS_KEY_ID',
      'AWS_SECRET_ACCESS_KEY',
      'AWS_SESSION_TOKEN'
    ] as const)
      assert.ok(
        printed.includes(`::add-mask::${AWS[name]}`),
        `${name} is masked`
      )
  })

  test('a restore takes the newest under a prefix, or one exact key; an endpoint and path style as given', async () => {
    const newest = await readWith({
      mode: 'restore',
      's3-url': 's3://bkt/db/',
      's3-endpoint': 'http://127.0.0.1:9000/',
      's3-path-style': 'true',
      'max-age': '26h'
    })
    assert.ok(
      newest.result?.mode === 'restore' && newest.result.source.kind === 's3'
    )
    const { location, maxAgeMs } = newest.result.source.s3
    assert.deepEqual(
      [
        location.bucket,
        location.prefix,
        location.key,
        location.endpoint,
        location.pathStyle,
        maxAgeMs
      ],
      ['bkt', 'db/', undefined, 'http://127.0.0.1:9000', true, 26 * 3600_000]
    )
    const exact = await readWith({
      mode: 'restore',
      's3-url': 's3://bkt/db/2026-12-07T031700Z-9.dump'
    })
    assert.ok(
      exact.result?.mode === 'restore' && exact.result.source.kind === 's3'
    )
    assert.equal(
      exact.result.source.s3.location.key,
      'db/2026-12-07T031700Z-9.dump'
    )
    assert.equal(exact.result.source.s3.location.prefix, 'db/')
  })

  const refused: [
    string,
    Record<string, string>,
    Record<string, string | undefined> | undefined,
    RegExp
  ][] = [
    [
      'not s3://',
      { mode: 'dump', 's3-url': 'https://bucket/x/' },
      undefined,
      /Invalid 's3-url' input 'https:\/\/bucket\/x\/': not an s3:\/\/ URL\. Expected s3:\/\/<bucket>\/<prefix>\//
    ],
    [
      'a bucket name S3 refuses',
      { mode: 'dump', 's3-url': 's3://My_Bucket/x/' },
      undefined,
      /Invalid 's3-url' input .*'My_Bucket' is not a bucket name/
    ],
    [
      'no bucket',
      { mode: 'restore', 's3-url': 's3:///x/' },
      undefined,
      /Invalid 's3-url' input/
    ],
    [
      'an empty folder',
      { mode: 'dump', 's3-url': 's3://bucket/a//b/' },
      undefined,
      /empty folder/
    ],
    [
      'a .. folder',
      { mode: 'restore', 's3-url': 's3://bucket/a/../b.dump' },
      undefined,
      /'\.\.' folder/
    ],
    [
      'a dump naming one key',
      { mode: 'dump', 's3-url': 's3://bucket/nightly' },
      undefined,
      /a dump names a prefix, ending in '\/' \(s3:\/\/bucket\/nightly\/\)/
    ],
    [
      'beside artifact-name',
      {
        mode: 'dump',
        's3-url': 's3://bucket/x/',
        'artifact-name': 'shop.dump'
      },
      undefined,
      /'s3-url' input keeps the dump in S3, and 'artifact-name' in another store/
    ],
    [
      'beside release',
      {
        mode: 'restore',
        's3-url': 's3://bucket/x/',
        release: 'v1',
        file: 'a.dump'
      },
      undefined,
      /and 'release' in another store/
    ],
    [
      'a directory dump',
      { mode: 'dump', 's3-url': 's3://bucket/x/', format: 'directory' },
      undefined,
      /one dump file as one object, and a directory-format dump is a folder/
    ],
    [
      'the globals beside',
      { mode: 'dump', 's3-url': 's3://bucket/x/', globals: 'true' },
      undefined,
      /'globals: true' writes a second file/
    ],
    [
      'max-age with one key',
      { mode: 'restore', 's3-url': 's3://bucket/x/a.dump', 'max-age': '1d' },
      undefined,
      /'max-age' applies to the newest dump under a prefix/
    ],
    [
      'no credentials',
      { mode: 'dump', 's3-url': 's3://bucket/x/' },
      { AWS_REGION: 'us-east-1' },
      /needs AWS credentials in the environment: AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY/
    ],
    [
      'no region on AWS',
      { mode: 'dump', 's3-url': 's3://bucket/x/' },
      { ...AWS, AWS_REGION: undefined },
      /needs a region: set 's3-region', or AWS_REGION/
    ],
    [
      'credentials in the endpoint',
      {
        mode: 'dump',
        's3-url': 's3://bucket/x/',
        's3-endpoint': 'https://key:secret@minio.example'
      },
      undefined,
      /Invalid 's3-endpoint' input: expected the http:\/\/ or https:\/\/ URL .* without credentials/
    ],
    [
      'a bad region',
      { mode: 'dump', 's3-url': 's3://bucket/x/', 's3-region': 'EU Central' },
      undefined,
      /Invalid 's3-region' input 'EU Central'/
    ],
    [
      'a bad path style',
      { mode: 'restore', 's3-path-style': 'yes' },
      undefined,
      /Invalid 's3-path-style' input 'yes'. Expected one of: true, false/
    ]
  ]
  for (const [what, inputs, aws, message] of refused)
    test(`refused with an InputError naming the input: ${what}`, async () => {
      const { error } = await readWith(inputs, aws)
      assert.ok(error instanceof InputError, `${what}: ${String(error)}`)
      assert.match(error.message, message)
      assert.ok(!error.message.includes(AWS.AWS_SECRET_ACCESS_KEY))
    })

  test('the region falls back to AWS_DEFAULT_REGION, and to us-east-1 with an endpoint', async () => {
    const fallback = await readWith(
      { mode: 'dump', 's3-url': 's3://bucket/x/' },
      { ...AWS, AWS_REGION: undefined, AWS_DEFAULT_REGION: 'ap-south-1' }
    )
    assert.ok(fallback.result?.mode === 'dump')
    assert.equal(fallback.result.s3?.location.region, 'ap-south-1')
    const endpoint = await readWith(
      {
        mode: 'dump',
        's3-url': 's3://bucket/x/',
        's3-endpoint': 'https://s3.example'
      },
      { ...AWS, AWS_REGION: undefined }
    )
    assert.ok(endpoint.result?.mode === 'dump')
    assert.equal(endpoint.result.s3?.location.region, 'us-east-1')
  })

  test("the S3 inputs without 's3-url' are noticed as not applying", async () => {
    const { result } = await readWith({
      mode: 'dump',
      's3-endpoint': 'https://s3.example',
      's3-path-style': 'true'
    })
    assert.deepEqual(result?.notices, [
      "'s3-endpoint', 's3-path-style' only apply together with 's3-url'."
    ])
  })

  test("a restore's 'file' beside s3-url is noticed as not used", async () => {
    const { result } = await readWith({
      mode: 'restore',
      's3-url': 's3://bucket/x/',
      file: 'local.dump'
    })
    assert.deepEqual(result?.notices, [
      "'file' is not used with 's3-url' on restore: the dump is the object it names, downloaded into RUNNER_TEMP."
    ])
  })

  test("an artifact's inputs beside s3-url are noticed as not applying", async () => {
    const { result } = await readWith({
      mode: 'dump',
      's3-url': 's3://bucket/x/',
      'retention-days': '3'
    })
    assert.deepEqual(result?.notices, [
      "'retention-days' only apply together with 'artifact-name'."
    ])
  })
})

describe('the keys of a series', () => {
  test('a key is the prefix, the UTC time without colons, the run and the extension', () => {
    const at = new Date('2026-12-07T03:17:00.123Z')
    assert.equal(keyTime(at), '2026-12-07T031700Z')
    assert.equal(
      dumpKey('nightly/', '12345', 'backup.dump', at),
      'nightly/2026-12-07T031700Z-12345.dump'
    )
    assert.equal(
      dumpKey('', '1', 'shop.dump.age', at),
      '2026-12-07T031700Z-1.dump.age'
    )
  })

  test('the extension: the last one, and the compression or age around it', () => {
    for (const [name, ext] of [
      ['backup.dump', '.dump'],
      ['backup.sql', '.sql'],
      ['backup.sql.gz', '.sql.gz'],
      ['backup.tar.age', '.tar.age'],
      ['shop.2026.dump', '.dump'],
      ['noext', '.dump'],
      ['weird.$(x)', '.dump']
    ])
      assert.equal(dumpExtension(name), ext, name)
  })

  test("only the series' own keys are read back, with their time and run", () => {
    assert.deepEqual(parseDumpKey('db/', 'db/2026-12-07T031700Z-12345.dump'), {
      createdAt: '2026-12-07T03:17:00Z',
      runId: 12345
    })
    for (const key of [
      'db/2026-12-07T031700Z-12345.dump.sha256',
      'db/sub/2026-12-07T031700Z-1.dump',
      'other/2026-12-07T031700Z-1.dump',
      'db/2026-13-45T031700Z-1.dump',
      'db/notes.txt'
    ])
      assert.equal(parseDumpKey('db/', key), undefined, key)
  })
})
