// A request's body as S3 reads it: `aws-chunked` decoded (the SDK sends
// streamed bodies so, with a trailing checksum), the signed SHA-256 and
// every x-amz-checksum-* (header or trailer) verified.
import { createHash } from 'node:crypto'
import type { IncomingMessage } from 'node:http'
import { crc32 } from 'node:zlib'
import { S3Failure } from './xml.ts'

let crc32cTable: Uint32Array | undefined

function crc32c(data: Buffer): number {
  if (!crc32cTable) {
    crc32cTable = new Uint32Array(256)
    for (let n = 0; n < 256; n++) {
      let c = n
      for (let k = 0; k < 8; k++) c = c & 1 ? 0x82f63b78 ^ (c >>> 1) : c >>> 1
      crc32cTable[n] = c >>> 0
    }
  }
  let crc = 0xffffffff
  for (const byte of data) crc = crc32cTable[(crc ^ byte) & 0xff] ^ (crc >>> 8)
  return (crc ^ 0xffffffff) >>> 0
}

function uint32(value: number): string {
  const b = Buffer.alloc(4)
  b.writeUInt32BE(value >>> 0)
  return b.toString('base64')
}

/** The checksums this server can verify; others (crc64nvme) are accepted as given. */
const CHECKSUMS: Record<string, (data: Buffer) => string> = {
  'x-amz-checksum-crc32': d => uint32(crc32(d)),
  'x-amz-checksum-crc32c': d => uint32(crc32c(d)),
  'x-amz-checksum-sha1': d => createHash('sha1').update(d).digest('base64'),
  'x-amz-checksum-sha256': d => createHash('sha256').update(d).digest('base64')
}

function verifyChecksum(name: string, given: string, data: Buffer): void {
  const compute = CHECKSUMS[name]
  if (compute && compute(data) !== given)
    throw new S3Failure(
      400,
      'BadDigest',
      `The ${name.slice('x-amz-checksum-'.length).toUpperCase()} you specified did not match the calculated checksum.`
    )
}

async function readAll(request: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = []
  for await (const chunk of request) chunks.push(chunk as Buffer)
  return Buffer.concat(chunks)
}

/** Decodes `<hex size>[;ext]\r\n<data>\r\n … 0\r\n<trailers>\r\n`. */
function decodeChunked(raw: Buffer): {
  data: Buffer
  trailers: Map<string, string>
} {
  const parts: Buffer[] = []
  const trailers = new Map<string, string>()
  let at = 0
  const line = (): string => {
    const end = raw.indexOf('\r\n', at)
    if (end < 0)
      throw new S3Failure(400, 'IncompleteBody', 'aws-chunked body cut short')
    const text = raw.subarray(at, end).toString('latin1')
    at = end + 2
    return text
  }
  for (;;) {
    const size = parseInt(line().split(';')[0], 16)
    if (!Number.isFinite(size) || size < 0)
      throw new S3Failure(400, 'InvalidRequest', 'bad aws-chunked chunk size')
    if (size === 0) break
    if (at + size + 2 > raw.length)
      throw new S3Failure(400, 'IncompleteBody', 'aws-chunked body cut short')
    parts.push(raw.subarray(at, at + size))
    at += size
    if (raw.subarray(at, at + 2).toString('latin1') !== '\r\n')
      throw new S3Failure(400, 'InvalidRequest', 'bad aws-chunked framing')
    at += 2
  }
  for (let text = line(); text !== ''; text = line()) {
    const colon = text.indexOf(':')
    trailers.set(
      text.slice(0, colon).trim().toLowerCase(),
      text.slice(colon + 1).trim()
    )
  }
  return { data: Buffer.concat(parts), trailers }
}

/** The request's content, decoded and verified against what it claims. */
export async function readBody(
  request: IncomingMessage,
  payloadHash: string,
  /** false where x-amz-checksum-* headers name the whole object (CompleteMultipartUpload) */
  headerChecksums = true
): Promise<Buffer> {
  const raw = await readAll(request)
  const encoding = String(request.headers['content-encoding'] ?? '')
  const chunked = encoding.split(',').some(e => e.trim() === 'aws-chunked')
  if (payloadHash.startsWith('STREAMING-') && !chunked)
    throw new S3Failure(
      400,
      'InvalidRequest',
      'streaming payload without aws-chunked'
    )
  if (payloadHash.startsWith('STREAMING-AWS4-HMAC-SHA256'))
    throw new S3Failure(
      501,
      'NotImplemented',
      'signed chunks are not implemented here'
    )
  let data = raw
  const checks = new Map<string, string>()
  if (chunked) {
    const decoded = decodeChunked(raw)
    data = decoded.data
    const declared = request.headers['x-amz-decoded-content-length']
    if (declared !== undefined && Number(declared) !== data.length)
      throw new S3Failure(
        400,
        'IncompleteBody',
        'x-amz-decoded-content-length differs from the body'
      )
    const expected = String(
      request.headers['x-amz-trailer'] ?? ''
    ).toLowerCase()
    if (expected && !decoded.trailers.has(expected))
      throw new S3Failure(
        400,
        'MalformedTrailerError',
        `trailer ${expected} missing`
      )
    for (const [name, value] of decoded.trailers) checks.set(name, value)
  } else if (/^[0-9a-f]{64}$/.test(payloadHash)) {
    if (createHash('sha256').update(data).digest('hex') !== payloadHash)
      throw new S3Failure(
        400,
        'XAmzContentSHA256Mismatch',
        'The provided x-amz-content-sha256 header does not match what was computed.'
      )
  }
  for (const [name, value] of Object.entries(request.headers))
    if (
      headerChecksums &&
      name.startsWith('x-amz-checksum-') &&
      name !== 'x-amz-checksum-type' &&
      name !== 'x-amz-checksum-algorithm' &&
      typeof value === 'string'
    )
      checks.set(name, value)
  for (const [name, value] of checks) verifyChecksum(name, value, data)
  const md5 = request.headers['content-md5']
  if (
    typeof md5 === 'string' &&
    createHash('md5').update(data).digest('base64') !== md5
  )
    throw new S3Failure(
      400,
      'BadDigest',
      'The Content-MD5 you specified did not match what we received.'
    )
  return data
}
