// The registry's rows of the S3 inputs (input-registry.ts) and their
// parsers: 's3-url', 's3-endpoint', 's3-path-style', 's3-region'.
import { InputError, boolean, type Parser } from './input-parsers.ts'
import type { InputRow } from './input-names.ts'

const row = <T>(input: InputRow<T>): InputRow<T> => input

/** 's3-url' as given: a bucket, a prefix ('' or ending in '/'), or one key. */
interface S3Url {
  bucket: string
  prefix: string
  key?: string
}

const URL_FORMS =
  's3://<bucket>/<prefix>/ (a prefix ending in /, or just s3://<bucket>/), or on restore an exact key s3://<bucket>/<prefix>/<name>'

// S3's bucket names: 3–63 lower-case letters, digits, dots and hyphens
const BUCKET = /^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/

/** 's3-url': s3://bucket/ , s3://bucket/prefix/ or s3://bucket/prefix/name. */
const s3Url: Parser<S3Url | undefined> = (value, name) => {
  if (value === '') return undefined
  const bad = (why: string): InputError =>
    new InputError(
      `Invalid '${name}' input '${value}': ${why}. Expected ${URL_FORMS}.`
    )
  const m = /^s3:\/\/([^/]*)(?:\/(.*))?$/s.exec(value)
  if (!m) throw bad('not an s3:// URL')
  const [, bucket, path = ''] = m
  if (!BUCKET.test(bucket) || bucket.includes('..'))
    throw bad(
      `'${bucket}' is not a bucket name (3 to 63 lower-case letters, digits, dots and hyphens)`
    )
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u001f\u007f\\]/.test(path))
    throw bad('the key holds a control character or a backslash')
  if (path.startsWith('/') || path.includes('//'))
    throw bad('the key has an empty folder (//)')
  if (path.split('/').some(part => part === '.' || part === '..'))
    throw bad("the key has a '.' or '..' folder")
  if (Buffer.byteLength(path) > 900) throw bad('the key is over 900 bytes')
  if (path === '' || path.endsWith('/')) return { bucket, prefix: path }
  const cut = path.lastIndexOf('/') + 1
  return { bucket, prefix: path.slice(0, cut), key: path }
}

/** 's3-endpoint': an http(s) URL of an S3-compatible service, no credentials in it. */
const s3Endpoint: Parser<string | undefined> = (value, name) => {
  if (value === '') return undefined
  let url: URL | undefined
  try {
    url = new URL(value)
  } catch {
    url = undefined
  }
  if (
    !url ||
    !/^https?:$/.test(url.protocol) ||
    url.username ||
    url.password ||
    url.search ||
    url.hash
  ) {
    throw new InputError(
      `Invalid '${name}' input: expected the http:// or https:// URL of an S3-compatible service ` +
        '(e.g. https://<account>.r2.cloudflarestorage.com or http://127.0.0.1:9000), without credentials, query or fragment; ' +
        'the credentials come from AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY.'
    )
  }
  return value.replace(/\/+$/, '')
}

/** 's3-region': an AWS region name (us-east-1, eu-central-1), or 'auto' (R2). */
const s3Region: Parser<string | undefined> = (value, name) => {
  if (value === '') return undefined
  if (!/^[a-z0-9-]{2,40}$/.test(value))
    throw new InputError(
      `Invalid '${name}' input '${value}'. Expected a region name such as us-east-1 (or auto for Cloudflare R2).`
    )
  return value
}

/** The S3 inputs, in action.yml's order. */
export const S3_INPUTS = {
  's3-url': row({
    about:
      'dump: keep it in [S3](#s3) under `s3://bucket/prefix/`; restore: newest, or a key',
    parse: s3Url
  }),
  's3-endpoint': row({
    about:
      "with `s3-url`: an S3-compatible service's URL (MinIO, R2, B2…); empty: AWS",
    parse: s3Endpoint
  }),
  's3-path-style': row({
    default: 'false',
    about:
      'with `s3-url`: `true`: `endpoint/bucket/key` (MinIO); else `bucket.endpoint/key`',
    parse: boolean,
    checkedEverywhere: true
  }),
  's3-region': row({
    about:
      'with `s3-url`: the region (empty: `AWS_REGION`, `AWS_DEFAULT_REGION`)',
    parse: s3Region
  })
}
