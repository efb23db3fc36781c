// AWS Signature Version 4 as S3 checks it: the Authorization header's
// signature recomputed from the request and the secret of its access key.
import { createHash, createHmac, timingSafeEqual } from 'node:crypto'
import type { IncomingHttpHeaders } from 'node:http'
import { S3Failure } from './xml.ts'

export interface S3Credentials {
  accessKeyId: string
  secretAccessKey: string
  /** when set, every request must carry it as x-amz-security-token */
  sessionToken?: string
}

const AUTH =
  /^AWS4-HMAC-SHA256 Credential=([^/]+)\/(\d{8})\/([^/]+)\/([^/]+)\/aws4_request, ?SignedHeaders=([a-z0-9;-]+), ?Signature=([0-9a-f]{64})$/

/** RFC 3986 encoding, as SigV4 wants it in the canonical query. */
function encode(text: string): string {
  return encodeURIComponent(text).replace(
    /[!'()*]/g,
    c => `%${c.charCodeAt(0).toString(16).toUpperCase()}`
  )
}

function canonicalQuery(rawQuery: string): string {
  if (!rawQuery) return ''
  const pairs = rawQuery
    .split('&')
    .filter(Boolean)
    .map(part => {
      const eq = part.indexOf('=')
      const key = eq < 0 ? part : part.slice(0, eq)
      const value = eq < 0 ? '' : part.slice(eq + 1)
      const decode = (s: string): string =>
        decodeURIComponent(s.replace(/\+/g, '%20'))
      return [encode(decode(key)), encode(decode(value))] as const
    })
  pairs.sort(([ak, av], [bk, bv]) =>
    ak < bk ? -1 : ak > bk ? 1 : av < bv ? -1 : av > bv ? 1 : 0
  )
  return pairs.map(([k, v]) => `${k}=${v}`).join('&')
}

function headerValue(headers: IncomingHttpHeaders, name: string): string {
  const value = headers[name]
  const joined = Array.isArray(value) ? value.join(',') : (value ?? '')
  return joined.trim().replace(/\s+/g, ' ')
}

function hmac(key: Buffer | string, data: string): Buffer {
  return createHmac('sha256', key).update(data, 'utf8').digest()
}

export interface SignedRequest {
  method: string
  /** the path as sent, still percent-encoded */
  rawPath: string
  rawQuery: string
  headers: IncomingHttpHeaders
}

/**
 * Checks the request's signature (403 SignatureDoesNotMatch, InvalidAccessKeyId,
 * InvalidToken, AccessDenied as S3 answers them); returns the signed payload
 * hash (a hex SHA-256, UNSIGNED-PAYLOAD or a STREAMING-* mode).
 */
export function checkSignature(
  request: SignedRequest,
  credentials: readonly S3Credentials[]
): string {
  const auth = headerValue(request.headers, 'authorization')
  const match = AUTH.exec(auth)
  if (!match)
    throw new S3Failure(403, 'AccessDenied', 'Anonymous or malformed request')
  const [, keyId, date, region, service, signedList, signature] = match
  const known = credentials.find(c => c.accessKeyId === keyId)
  if (!known)
    throw new S3Failure(
      403,
      'InvalidAccessKeyId',
      'The AWS Access Key Id you provided does not exist in our records.'
    )
  const signed = signedList.split(';')
  if (!signed.includes('host'))
    throw new S3Failure(403, 'AccessDenied', 'host must be signed')
  const amzDate = headerValue(request.headers, 'x-amz-date')
  if (!amzDate.startsWith(date))
    throw new S3Failure(403, 'AccessDenied', 'x-amz-date is not the scope date')
  const token = headerValue(request.headers, 'x-amz-security-token')
  if (
    (known.sessionToken ?? '') !== token ||
    (token && !signed.includes('x-amz-security-token'))
  )
    throw new S3Failure(
      403,
      'InvalidToken',
      'The provided token is malformed or otherwise invalid.'
    )
  const payload = headerValue(request.headers, 'x-amz-content-sha256')
  if (!payload)
    throw new S3Failure(
      400,
      'InvalidRequest',
      'Missing required header for this request: x-amz-content-sha256'
    )
  const canonical = [
    request.method,
    request.rawPath,
    canonicalQuery(request.rawQuery),
    signed.map(h => `${h}:${headerValue(request.headers, h)}\n`).join(''),
    signedList,
    payload
  ].join('\n')
  const scope = `${date}/${region}/${service}/aws4_request`
  const toSign = [
    'AWS4-HMAC-SHA256',
    amzDate,
    scope,
    createHash('sha256').update(canonical, 'utf8').digest('hex')
  ].join('\n')
  let key = hmac(`AWS4${known.secretAccessKey}`, date)
  for (const part of [region, service, 'aws4_request']) key = hmac(key, part)
  const expected = hmac(key, toSign)
  if (!timingSafeEqual(expected, Buffer.from(signature, 'hex')))
    throw new S3Failure(
      403,
      'SignatureDoesNotMatch',
      'The request signature we calculated does not match the signature you provided. Check your key and signing method.'
    )
  return payload
}
