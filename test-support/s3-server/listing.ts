// ListObjectsV2 and ListMultipartUploads, as S3 pages them.
import type { Bucket } from './buckets.ts'
import { document, S3Failure, type XmlNode } from './xml.ts'

function maxKeys(query: URLSearchParams, name: string): number {
  const given = query.get(name)
  if (given === null) return 1000
  const n = Number(given)
  if (!Number.isInteger(n) || n < 0)
    throw new S3Failure(
      400,
      'InvalidArgument',
      `${name} must be a non-negative integer`
    )
  return Math.min(n, 1000)
}

export function listObjectsV2(
  name: string,
  bucket: Bucket,
  query: URLSearchParams
): string {
  const prefix = query.get('prefix') ?? ''
  const delimiter = query.get('delimiter') ?? ''
  const limit = maxKeys(query, 'max-keys')
  const token = query.get('continuation-token')
  const after = token
    ? Buffer.from(token, 'base64url').toString('utf8')
    : (query.get('start-after') ?? '')
  const keys = [...bucket.objects.keys()]
    .filter(k => k.startsWith(prefix) && k > after)
    .sort()
  const contents: XmlNode[] = []
  const common = new Set<string>()
  let last = ''
  let truncated = false
  for (const key of keys) {
    if (contents.length + common.size >= limit) {
      truncated = true
      break
    }
    const cut = delimiter ? key.indexOf(delimiter, prefix.length) : -1
    if (cut >= 0) {
      const p = key.slice(0, cut + delimiter.length)
      if (!common.has(p)) common.add(p)
      last = key
      continue
    }
    const o = bucket.get(key)
    contents.push({
      Key: key,
      LastModified: o.lastModified.toISOString(),
      ETag: o.etag,
      Size: String(o.body.length),
      StorageClass: 'STANDARD'
    })
    last = key
  }
  const answer: Record<string, XmlNode | XmlNode[]> = {
    Name: name,
    Prefix: prefix,
    KeyCount: String(contents.length + common.size),
    MaxKeys: String(limit),
    IsTruncated: String(truncated)
  }
  if (delimiter) answer.Delimiter = delimiter
  if (token) answer.ContinuationToken = token
  if (truncated)
    answer.NextContinuationToken = Buffer.from(last).toString('base64url')
  if (contents.length) answer.Contents = contents
  if (common.size) answer.CommonPrefixes = [...common].map(p => ({ Prefix: p }))
  return document('ListBucketResult', answer)
}

export function listMultipartUploads(
  name: string,
  bucket: Bucket,
  query: URLSearchParams
): string {
  const prefix = query.get('prefix') ?? ''
  const limit = maxKeys(query, 'max-uploads')
  const all = [...bucket.uploads.values()]
    .filter(u => u.key.startsWith(prefix))
    .sort((a, b) =>
      a.key === b.key
        ? a.initiated.getTime() - b.initiated.getTime()
        : a.key < b.key
          ? -1
          : 1
    )
  const shown = all.slice(0, limit)
  const answer: Record<string, XmlNode | XmlNode[]> = {
    Bucket: name,
    Prefix: prefix,
    MaxUploads: String(limit),
    IsTruncated: String(all.length > shown.length)
  }
  if (shown.length)
    answer.Upload = shown.map(u => ({
      Key: u.key,
      UploadId: u.uploadId,
      Initiated: u.initiated.toISOString(),
      StorageClass: 'STANDARD'
    }))
  return document('ListMultipartUploadsResult', answer)
}
