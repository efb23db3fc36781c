// The S3 inputs: 's3-url' (where the series lives, or on restore one exact
// object), 's3-endpoint', 's3-path-style', 's3-region'; credentials only
// from the standard AWS environment, masked before anything is logged.
import type { DumpFormat } from '../core/index.ts'
import type { S3Location } from '../s3/location.ts'
import { InputError } from './input-parsers.ts'
import { Inputs, type InputName, type Mode } from './input-names.ts'
import { input } from './read-input.ts'
import { setSecret } from './runner.ts'

/** The inputs of another kind S3 uses too, so no notice says they do not apply. */
export const S3_USES: Record<Mode, readonly InputName[]> = {
  dump: [Inputs.Keep],
  restore: [Inputs.MaxAge]
}

const AWS_SECRETS = [
  'AWS_ACCESS_KEY_ID',
  'AWS_SECRET_ACCESS_KEY',
  'AWS_SESSION_TOKEN'
] as const

/** Notices for the S3 inputs given without 's3-url'. */
export function s3Notices(given: (name: InputName) => boolean): string[] {
  if (given(Inputs.S3Url)) return []
  const idle = [Inputs.S3Endpoint, Inputs.S3PathStyle, Inputs.S3Region].filter(
    given
  )
  return idle.length
    ? [
        `${idle.map(n => `'${n}'`).join(', ')} only apply together with '${Inputs.S3Url}'.`
      ]
    : []
}

/** Masks the AWS credentials of the environment, whoever set them. */
export function maskAwsCredentials(): void {
  for (const name of AWS_SECRETS) {
    const value = process.env[name]
    if (value) setSecret(value)
  }
}

/** A dump kept in S3: where, its format, and how many of the series to keep. */
export interface S3Put {
  location: S3Location
  format: DumpFormat
  keep?: number
}

/** A restore's dump from S3: the newest under the prefix, or the exact key. */
export interface S3Take {
  location: S3Location
  maxAgeMs?: number
}

/** What a dump writes, as far as S3 goes: one file, or more. */
interface DumpShape {
  formats: readonly DumpFormat[]
  /** several databases or formats */
  several: boolean
  globals: boolean
}

/** The dump's S3 object, when 's3-url' is set: one file (custom, plain or tar). */
export function readS3Put(
  others: readonly InputName[],
  shape: DumpShape
): S3Put | undefined {
  const location = readS3('dump', others)
  if (!location) return undefined
  const [format] = shape.formats
  const why =
    format === 'directory'
      ? "a directory-format dump is a folder: use 'format: custom', 'plain' or 'tar'"
      : shape.several
        ? 'several databases or formats make several files: dump one database in one format per step'
        : shape.globals
          ? "'globals: true' writes a second file beside the dump: dump the globals in a step of their own"
          : undefined
  if (why) {
    throw new InputError(
      `The '${Inputs.S3Url}' input keeps one dump file as one object, and ${why}.`
    )
  }
  return { location, format, keep: input(Inputs.Keep) }
}

/** The dump a restore takes from S3, when 's3-url' is set. */
export function readS3Take(others: readonly InputName[]): S3Take | undefined {
  const location = readS3('restore', others)
  if (!location) return undefined
  const maxAgeMs = input(Inputs.MaxAge)
  if (maxAgeMs !== undefined && location.key !== undefined) {
    throw new InputError(
      `'${Inputs.MaxAge}' applies to the newest dump under a prefix, and '${Inputs.S3Url}' names one object ` +
        `(s3://${location.bucket}/${location.key}). End '${Inputs.S3Url}' with '/' to take the newest, or leave '${Inputs.MaxAge}' empty.`
    )
  }
  return { location, maxAgeMs }
}

/**
 * Where the dump goes or comes from, when 's3-url' is set; `others`: the
 * inputs naming another store, refused beside it.
 */
function readS3(
  mode: Mode,
  others: readonly InputName[]
): S3Location | undefined {
  const url = input(Inputs.S3Url)
  const endpoint = input(Inputs.S3Endpoint)
  const pathStyle = input(Inputs.S3PathStyle)
  const region =
    input(Inputs.S3Region) ??
    (process.env.AWS_REGION || process.env.AWS_DEFAULT_REGION || undefined)
  if (url === undefined) return undefined
  if (others.length) {
    throw new InputError(
      `The '${Inputs.S3Url}' input keeps the dump in S3, and ${others.map(n => `'${n}'`).join(' and ')} in another store: ` +
        'give one of them (a run keeps its dump in one place, and restores from one).'
    )
  }
  if (mode === 'dump' && url.key !== undefined) {
    throw new InputError(
      `Invalid '${Inputs.S3Url}' input: a dump names a prefix, ending in '/' (s3://${url.bucket}/${url.key}/), ` +
        'under which each dump is stored as <UTC time>-<run id>.<ext>.'
    )
  }
  const accessKeyId = process.env.AWS_ACCESS_KEY_ID
  const secretAccessKey = process.env.AWS_SECRET_ACCESS_KEY
  if (!accessKeyId || !secretAccessKey) {
    throw new InputError(
      `The '${Inputs.S3Url}' input needs AWS credentials in the environment: AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY ` +
        '(and AWS_SESSION_TOKEN for temporary ones), e.g. set by aws-actions/configure-aws-credentials before this step.'
    )
  }
  if (region === undefined && endpoint === undefined) {
    throw new InputError(
      `The '${Inputs.S3Url}' input needs a region: set '${Inputs.S3Region}', or AWS_REGION (aws-actions/configure-aws-credentials sets it).`
    )
  }
  const sessionToken = process.env.AWS_SESSION_TOKEN || undefined
  return {
    ...url,
    endpoint,
    pathStyle,
    // S3-compatible services take any region; us-east-1 signs as most expect
    region: region ?? 'us-east-1',
    credentials: {
      accessKeyId,
      secretAccessKey,
      ...(sessionToken && { sessionToken })
    }
  }
}
