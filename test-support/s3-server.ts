// A loopback S3 server for the tests: plain node:http on 127.0.0.1 and a
// random port, objects in memory. It does what the tests assert of S3:
// path-style and virtual-host addressing (Host: <bucket>.localhost), SigV4
// signatures checked against the credentials it is given, `aws-chunked`
// bodies decoded and their checksums verified, Put/Get (Range)/Head/Delete,
// DeleteObjects, ListObjectsV2 (prefix, continuation, max-keys), multipart
// uploads (parts assembled and checked as AWS does, EntityTooSmall below
// 5 MiB but the last, abort forgets the parts), ListMultipartUploads,
// x-amz-meta-* kept. The parts live in s3-server/.
import { randomBytes } from 'node:crypto'
import {
  createServer,
  type IncomingMessage,
  type ServerResponse
} from 'node:http'
import type { AddressInfo } from 'node:net'
import { Bucket } from './s3-server/buckets.ts'
import { listMultipartUploads, listObjectsV2 } from './s3-server/listing.ts'
import {
  abortUpload,
  completeUpload,
  createUpload,
  deleteObject,
  deleteObjects,
  getObject,
  putObject,
  uploadPart,
  type ObjectRequest
} from './s3-server/objects.ts'
import { checkSignature, type S3Credentials } from './s3-server/sigv4.ts'
import { errorDocument, S3Failure } from './s3-server/xml.ts'

export type { S3Credentials }
export { S3Failure }
export type { S3Object, MultipartUpload } from './s3-server/buckets.ts'

/** One request as the server saw it. */
export interface S3Call {
  method: string
  operation: string
  bucket: string
  key: string
  /** how the bucket was addressed */
  style: 'path' | 'virtual'
  status: number
  partNumber?: number
  /** the body came aws-chunked */
  chunked?: boolean
}

export interface S3ServerOptions {
  buckets: readonly string[]
  credentials: readonly S3Credentials[]
  /** a failure to answer instead (fault injection), or undefined to go on */
  fault?: (call: S3Call) => S3Failure | undefined
  /** milliseconds to wait before answering (a slow link), once signed */
  delay?: (call: S3Call) => number | undefined
}

export interface S3Server {
  /** http://127.0.0.1:<port> */
  endpoint: string
  port: number
  calls: S3Call[]
  bucket(name: string): Bucket
  stop(): Promise<void>
}

function operationOf(method: string, key: string, q: URLSearchParams): string {
  if (!key) {
    if (method === 'GET' && q.get('list-type') === '2') return 'ListObjectsV2'
    if (method === 'GET' && q.has('uploads')) return 'ListMultipartUploads'
    if (method === 'POST' && q.has('delete')) return 'DeleteObjects'
    if (method === 'HEAD') return 'HeadBucket'
    return 'Unsupported'
  }
  if (method === 'PUT') return q.has('uploadId') ? 'UploadPart' : 'PutObject'
  if (method === 'POST')
    return q.has('uploads')
      ? 'CreateMultipartUpload'
      : q.has('uploadId')
        ? 'CompleteMultipartUpload'
        : 'Unsupported'
  if (method === 'DELETE')
    return q.has('uploadId') ? 'AbortMultipartUpload' : 'DeleteObject'
  if (method === 'GET' && !q.has('uploadId')) return 'GetObject'
  if (method === 'HEAD') return 'HeadObject'
  return 'Unsupported'
}

function address(request: IncomingMessage): {
  bucket: string
  key: string
  style: 'path' | 'virtual'
  rawPath: string
  rawQuery: string
} {
  const url = request.url ?? '/'
  const q = url.indexOf('?')
  const rawPath = q < 0 ? url : url.slice(0, q)
  const rawQuery = q < 0 ? '' : url.slice(q + 1)
  const host = String(request.headers.host ?? '').replace(/:\d+$/, '')
  const path = decodeURIComponent(rawPath)
  if (host.endsWith('.localhost'))
    return {
      bucket: host.slice(0, -'.localhost'.length),
      key: path.slice(1),
      style: 'virtual',
      rawPath,
      rawQuery
    }
  const slash = path.indexOf('/', 1)
  return {
    bucket: slash < 0 ? path.slice(1) : path.slice(1, slash),
    key: slash < 0 ? '' : path.slice(slash + 1),
    style: 'path',
    rawPath,
    rawQuery
  }
}

const HANDLERS: Record<string, (r: ObjectRequest) => void | Promise<void>> = {
  PutObject: putObject,
  GetObject: r => getObject(r, false),
  HeadObject: r => getObject(r, true),
  DeleteObject: deleteObject,
  DeleteObjects: deleteObjects,
  CreateMultipartUpload: createUpload,
  UploadPart: uploadPart,
  CompleteMultipartUpload: completeUpload,
  AbortMultipartUpload: abortUpload
}

export async function startS3Server(
  options: S3ServerOptions
): Promise<S3Server> {
  const buckets = new Map(options.buckets.map(b => [b, new Bucket()]))
  const calls: S3Call[] = []

  async function handle(
    request: IncomingMessage,
    response: ServerResponse,
    call: S3Call
  ): Promise<void> {
    const where = address(request)
    const query = new URLSearchParams(where.rawQuery)
    Object.assign(call, {
      bucket: where.bucket,
      key: where.key,
      style: where.style,
      operation: operationOf(call.method, where.key, query)
    })
    if (query.has('partNumber'))
      call.partNumber = Number(query.get('partNumber'))
    if (/aws-chunked/.test(String(request.headers['content-encoding'] ?? '')))
      call.chunked = true
    const payloadHash = checkSignature(
      { method: call.method, ...where, headers: request.headers },
      options.credentials
    )
    const wait = options.delay?.(call)
    if (wait) await new Promise(resolve => setTimeout(resolve, wait))
    const injected = options.fault?.(call)
    if (injected) throw injected
    const bucket = buckets.get(where.bucket)
    if (!bucket)
      throw new S3Failure(
        404,
        'NoSuchBucket',
        'The specified bucket does not exist'
      )
    const r: ObjectRequest = {
      request,
      response,
      bucketName: where.bucket,
      bucket,
      key: where.key,
      query,
      payloadHash
    }
    if (
      call.operation === 'ListObjectsV2' ||
      call.operation === 'ListMultipartUploads'
    ) {
      const list =
        call.operation === 'ListObjectsV2'
          ? listObjectsV2
          : listMultipartUploads
      const body = list(where.bucket, bucket, query)
      response.writeHead(200, {
        'content-type': 'application/xml',
        'content-length': Buffer.byteLength(body)
      })
      response.end(body)
      return
    }
    if (call.operation === 'HeadBucket') {
      response.writeHead(200, { 'content-length': '0' })
      response.end()
      return
    }
    const handler = HANDLERS[call.operation]
    if (!handler)
      throw new S3Failure(
        501,
        'NotImplemented',
        `${call.method} ${request.url} is not implemented here`
      )
    await handler(r)
  }

  const server = createServer((request, response) => {
    const requestId = randomBytes(8).toString('hex').toUpperCase()
    response.setHeader('x-amz-request-id', requestId)
    const call: S3Call = {
      method: request.method ?? 'GET',
      operation: 'Unknown',
      bucket: '',
      key: '',
      style: 'path',
      status: 0
    }
    calls.push(call)
    response.on('finish', () => (call.status = response.statusCode))
    handle(request, response, call).catch((error: unknown) => {
      const failure =
        error instanceof S3Failure
          ? error
          : new S3Failure(500, 'InternalError', String(error))
      if (response.headersSent) {
        response.destroy()
        return
      }
      // the rest of a refused body is read and dropped, as S3 does
      request.resume()
      const body =
        call.method === 'HEAD'
          ? ''
          : errorDocument(failure, request.url ?? '/', requestId)
      response.writeHead(failure.status, {
        'content-type': 'application/xml',
        'content-length': Buffer.byteLength(body)
      })
      response.end(body)
    })
  })
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve))
  const port = (server.address() as AddressInfo).port
  return {
    endpoint: `http://127.0.0.1:${port}`,
    port,
    calls,
    bucket(name) {
      const found = buckets.get(name)
      if (!found) throw new Error(`no bucket ${name}`)
      return found
    },
    stop: () =>
      new Promise<void>(resolve => {
        server.closeAllConnections()
        server.close(() => resolve())
      })
  }
}
