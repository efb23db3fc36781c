// The object operations: Put, Get (with Range), Head, Delete, DeleteObjects,
// and the multipart upload's Create, UploadPart, Complete and Abort.
import { createHash } from 'node:crypto'
import type { IncomingMessage, ServerResponse } from 'node:http'
import { readBody } from './body.ts'
import { type Bucket, type S3Object } from './buckets.ts'
import { blocks, document, S3Failure } from './xml.ts'

export interface ObjectRequest {
  request: IncomingMessage
  response: ServerResponse
  bucketName: string
  bucket: Bucket
  key: string
  query: URLSearchParams
  payloadHash: string
}

function metadataOf(request: IncomingMessage): Record<string, string> {
  const metadata: Record<string, string> = {}
  for (const [name, value] of Object.entries(request.headers))
    if (name.startsWith('x-amz-meta-') && typeof value === 'string')
      metadata[name.slice('x-amz-meta-'.length)] = value
  return metadata
}

function contentType(request: IncomingMessage): string {
  return String(request.headers['content-type'] ?? 'binary/octet-stream')
}

function sendXml(response: ServerResponse, body: string, status = 200): void {
  response.writeHead(status, {
    'content-type': 'application/xml',
    'content-length': Buffer.byteLength(body)
  })
  response.end(body)
}

function objectHeaders(o: S3Object): Record<string, string> {
  const headers: Record<string, string> = {
    etag: o.etag,
    'last-modified': o.lastModified.toUTCString(),
    'content-type': o.contentType,
    'accept-ranges': 'bytes'
  }
  for (const [name, value] of Object.entries(o.metadata))
    headers[`x-amz-meta-${name}`] = value
  return headers
}

/** bytes=a-b, a- or -n, as one range (416 InvalidRange beyond the end). */
function range(header: string, size: number): [number, number] | undefined {
  const m = /^bytes=(\d*)-(\d*)$/.exec(header.trim())
  if (!m || (m[1] === '' && m[2] === '')) return undefined
  let start: number
  let end: number
  if (m[1] === '') {
    start = Math.max(0, size - Number(m[2]))
    end = size - 1
  } else {
    start = Number(m[1])
    end = m[2] === '' ? size - 1 : Math.min(Number(m[2]), size - 1)
  }
  if (start >= size || end < start)
    throw new S3Failure(
      416,
      'InvalidRange',
      'The requested range is not satisfiable'
    )
  return [start, end]
}

export function getObject(r: ObjectRequest, head: boolean): void {
  const o = r.bucket.get(r.key)
  const headers = objectHeaders(o)
  const asked = r.request.headers.range
  const span = asked ? range(asked, o.body.length) : undefined
  const body = span ? o.body.subarray(span[0], span[1] + 1) : o.body
  headers['content-length'] = String(body.length)
  if (span)
    headers['content-range'] = `bytes ${span[0]}-${span[1]}/${o.body.length}`
  r.response.writeHead(span ? 206 : 200, headers)
  r.response.end(head ? undefined : body)
}

export async function putObject(r: ObjectRequest): Promise<void> {
  const source = r.request.headers['x-amz-copy-source']
  if (typeof source === 'string') return copyObject(r, source)
  const body = await readBody(r.request, r.payloadHash)
  const o = r.bucket.put(
    r.key,
    body,
    contentType(r.request),
    metadataOf(r.request)
  )
  r.response.writeHead(200, { etag: o.etag, 'content-length': '0' })
  r.response.end()
}

/**
 * CopyObject within one bucket: the source's bytes under the key, with the
 * source's metadata or (directive REPLACE) the request's; a copy onto
 * itself must replace the metadata, as S3 requires.
 */
async function copyObject(r: ObjectRequest, source: string): Promise<void> {
  await readBody(r.request, r.payloadHash)
  const path = decodeURIComponent(source.split('?')[0]).replace(/^\//, '')
  const slash = path.indexOf('/')
  if (path.slice(0, slash) !== r.bucketName)
    throw new S3Failure(501, 'NotImplemented', 'a copy from another bucket')
  const key = path.slice(slash + 1)
  const from = r.bucket.objects.get(key)
  if (!from)
    throw new S3Failure(404, 'NoSuchKey', 'The specified key does not exist.')
  const replace = r.request.headers['x-amz-metadata-directive'] === 'REPLACE'
  if (key === r.key && !replace)
    throw new S3Failure(
      400,
      'InvalidRequest',
      "This copy request is illegal because it is trying to copy an object to itself without changing the object's metadata"
    )
  const o = r.bucket.put(
    r.key,
    from.body,
    replace ? contentType(r.request) : from.contentType,
    replace ? metadataOf(r.request) : { ...from.metadata }
  )
  sendXml(
    r.response,
    document('CopyObjectResult', {
      ETag: o.etag,
      LastModified: o.lastModified.toISOString()
    })
  )
}

export function deleteObject(r: ObjectRequest): void {
  r.bucket.objects.delete(r.key)
  r.response.writeHead(204)
  r.response.end()
}

export async function deleteObjects(r: ObjectRequest): Promise<void> {
  const body = (await readBody(r.request, r.payloadHash)).toString('utf8')
  const keys = blocks(body, 'Object', ['Key']).map(row => row.Key ?? '')
  if (keys.length > 1000)
    throw new S3Failure(400, 'MalformedXML', 'at most 1000 keys')
  const quiet = /<Quiet>true<\/Quiet>/.test(body)
  for (const key of keys) r.bucket.objects.delete(key)
  sendXml(
    r.response,
    document(
      'DeleteResult',
      quiet ? {} : { Deleted: keys.map(Key => ({ Key })) }
    )
  )
}

export function createUpload(r: ObjectRequest): void {
  const upload = r.bucket.create(
    r.key,
    contentType(r.request),
    metadataOf(r.request)
  )
  sendXml(
    r.response,
    document('InitiateMultipartUploadResult', {
      Bucket: r.bucketName,
      Key: r.key,
      UploadId: upload.uploadId
    })
  )
}

export async function uploadPart(r: ObjectRequest): Promise<void> {
  const upload = r.bucket.upload(r.key, r.query.get('uploadId') ?? '')
  const number = Number(r.query.get('partNumber'))
  if (!Number.isInteger(number) || number < 1 || number > 10000)
    throw new S3Failure(
      400,
      'InvalidArgument',
      'Part number must be an integer between 1 and 10000, inclusive'
    )
  const body = await readBody(r.request, r.payloadHash)
  // an upload aborted while its part was on the way keeps nothing of it
  if (!r.bucket.uploads.has(upload.uploadId))
    throw new S3Failure(
      404,
      'NoSuchUpload',
      'The specified upload does not exist.'
    )
  const etag = `"${createHash('md5').update(body).digest('hex')}"`
  upload.parts.set(number, { body, etag, at: new Date() })
  r.response.writeHead(200, { etag, 'content-length': '0' })
  r.response.end()
}

export async function completeUpload(r: ObjectRequest): Promise<void> {
  const body = await readBody(r.request, r.payloadHash, false)
  const listed = blocks(body.toString('utf8'), 'Part', ['PartNumber', 'ETag'])
  const o = r.bucket.complete(r.key, r.query.get('uploadId') ?? '', listed)
  sendXml(
    r.response,
    document('CompleteMultipartUploadResult', {
      Location: `/${r.bucketName}/${r.key}`,
      Bucket: r.bucketName,
      Key: r.key,
      ETag: o.etag
    })
  )
}

export function abortUpload(r: ObjectRequest): void {
  const upload = r.bucket.upload(r.key, r.query.get('uploadId') ?? '')
  r.bucket.uploads.delete(upload.uploadId)
  r.response.writeHead(204)
  r.response.end()
}
