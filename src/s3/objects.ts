// The S3 requests the store makes, through the AWS SDK: the client as the
// inputs configure it, the series' objects listed, one object's facts,
// deletions; every SDK failure becomes an S3RequestFailed naming the request.
import {
  CopyObjectCommand,
  DeleteObjectsCommand,
  GetObjectCommand,
  HeadObjectCommand,
  ListObjectsV2Command,
  S3Client
} from '@aws-sdk/client-s3'
import { S3RequestFailed } from './errors.ts'
import type { S3Location } from './location.ts'

/** A client for the location: its endpoint, addressing, region and credentials. */
export function s3Client(where: S3Location): S3Client {
  return new S3Client({
    region: where.region,
    ...(where.endpoint && {
      endpoint: where.endpoint,
      // S3-compatible services differ in the newer checksum headers: sent
      // only where a request needs them (the SHA-256 of each dump is ours)
      requestChecksumCalculation: 'WHEN_REQUIRED',
      responseChecksumValidation: 'WHEN_REQUIRED'
    }),
    forcePathStyle: where.pathStyle,
    credentials: where.credentials,
    maxAttempts: 4
  })
}

interface SdkError {
  name?: string
  message?: string
  $metadata?: { httpStatusCode?: number }
}

/** The HTTP status of an SDK failure, when it got one. */
export function statusOf(error: unknown): number | undefined {
  return (error as SdkError | undefined)?.$metadata?.httpStatusCode
}

/** An SDK failure as users read it: what was asked, S3's code and status, what to check. */
export function requestFailed(what: string, error: unknown): Error {
  if (error instanceof S3RequestFailed) return error
  const e = (error ?? {}) as SdkError
  const status = statusOf(error)
  const hint =
    status === 403
      ? ' Check the credentials in AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY and AWS_SESSION_TOKEN, and that they may do this (see the IAM policy in the S3 section of the docs).'
      : status === 301 || e.name === 'PermanentRedirect'
        ? " The bucket is in another region: set 's3-region'."
        : ''
  return new S3RequestFailed(
    `${what} failed: ${e.name ?? 'Error'}${status ? ` (HTTP ${status})` : ''}: ${e.message ?? String(error)}.${hint}`
  )
}

/** Runs one request, its failure named. */
export async function request<T>(
  what: string,
  run: () => Promise<T>
): Promise<T> {
  try {
    return await run()
  } catch (error) {
    throw requestFailed(what, error)
  }
}

/** The most S3 copies in one CopyObject request. */
const COPY_LIMIT = 5 * 1024 ** 3

/**
 * Gives an object the metadata its multipart upload could not have when it
 * began (its SHA-256, the versions): S3 copies it onto itself with them
 * (objects up to 5 GiB). False when that was not done; never throws.
 */
export async function metadataInPlace(
  client: S3Client,
  bucket: string,
  key: string,
  size: number,
  metadata: Record<string, string>
): Promise<boolean> {
  if (size > COPY_LIMIT) return false
  const source = key.split('/').map(encodeURIComponent).join('/')
  return client
    .send(
      new CopyObjectCommand({
        Bucket: bucket,
        Key: key,
        CopySource: `${bucket}/${source}`,
        MetadataDirective: 'REPLACE',
        Metadata: metadata
      })
    )
    .then(
      () => true,
      () => false
    )
}

/** One object under the prefix, as ListObjectsV2 gives it. */
export interface ListedObject {
  key: string
  size: number
  lastModified?: Date
}

/** Every object whose key starts with `prefix`, page after page. */
export async function listObjects(
  client: S3Client,
  bucket: string,
  prefix: string,
  limit?: number
): Promise<ListedObject[]> {
  const listed: ListedObject[] = []
  let token: string | undefined
  do {
    const page = await request(`Listing s3://${bucket}/${prefix}`, () =>
      client.send(
        new ListObjectsV2Command({
          Bucket: bucket,
          Prefix: prefix,
          ContinuationToken: token,
          ...(limit !== undefined && { MaxKeys: limit })
        })
      )
    )
    for (const o of page.Contents ?? [])
      if (o.Key !== undefined)
        listed.push({
          key: o.Key,
          size: o.Size ?? 0,
          lastModified: o.LastModified
        })
    token =
      page.IsTruncated && limit === undefined
        ? page.NextContinuationToken
        : undefined
  } while (token)
  return listed
}

/** An object's size and x-amz-meta-*, or undefined when it is not there. */
export async function headObject(
  client: S3Client,
  bucket: string,
  key: string
): Promise<
  | { size: number; metadata: Record<string, string>; lastModified?: Date }
  | undefined
> {
  try {
    const head = await client.send(
      new HeadObjectCommand({ Bucket: bucket, Key: key })
    )
    return {
      size: head.ContentLength ?? 0,
      metadata: head.Metadata ?? {},
      lastModified: head.LastModified
    }
  } catch (error) {
    if (statusOf(error) === 404) return undefined
    throw requestFailed(`Reading s3://${bucket}/${key}`, error)
  }
}

/** A small object's text (a digest file), or undefined when it is not there. */
export async function readSmallObject(
  client: S3Client,
  bucket: string,
  key: string
): Promise<string | undefined> {
  try {
    const got = await client.send(
      new GetObjectCommand({ Bucket: bucket, Key: key, Range: 'bytes=0-4095' })
    )
    return await got.Body?.transformToString('utf8')
  } catch (error) {
    if (statusOf(error) === 404) return undefined
    throw requestFailed(`Reading s3://${bucket}/${key}`, error)
  }
}

/** Deletes the keys (1,000 a request); returns the ones S3 could not delete, with why. */
export async function deleteObjects(
  client: S3Client,
  bucket: string,
  keys: readonly string[]
): Promise<{ key: string; reason: string; status?: number }[]> {
  const failed: { key: string; reason: string; status?: number }[] = []
  for (let at = 0; at < keys.length; at += 1000) {
    const batch = keys.slice(at, at + 1000)
    try {
      const done = await client.send(
        new DeleteObjectsCommand({
          Bucket: bucket,
          Delete: { Objects: batch.map(Key => ({ Key })), Quiet: true }
        })
      )
      for (const e of done.Errors ?? [])
        failed.push({
          key: e.Key ?? '',
          reason: `${e.Code ?? 'Error'}: ${e.Message ?? ''}`,
          status: e.Code === 'AccessDenied' ? 403 : undefined
        })
    } catch (error) {
      const reason = requestFailed(
        `Deleting from s3://${bucket}`,
        error
      ).message
      for (const key of batch)
        failed.push({ key, reason, status: statusOf(error) })
    }
  }
  return failed
}
