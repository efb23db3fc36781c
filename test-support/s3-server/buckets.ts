// What the loopback S3 server keeps: buckets of objects and of unfinished
// multipart uploads, in memory, with S3's rules for assembling parts.
import { createHash, randomUUID } from 'node:crypto'
import { S3Failure } from './xml.ts'

export interface S3Object {
  body: Buffer
  /** quoted, as S3 sends it */
  etag: string
  lastModified: Date
  contentType: string
  /** x-amz-meta-* without the prefix, lower-case names */
  metadata: Record<string, string>
}

export interface MultipartUpload {
  uploadId: string
  key: string
  initiated: Date
  contentType: string
  metadata: Record<string, string>
  parts: Map<number, { body: Buffer; etag: string; at: Date }>
}

/** AWS's smallest part but the last (EntityTooSmall below it). */
export const MIN_PART_SIZE = 5 * 1024 * 1024

export class Bucket {
  readonly objects = new Map<string, S3Object>()
  readonly uploads = new Map<string, MultipartUpload>()

  get(key: string): S3Object {
    const found = this.objects.get(key)
    if (!found)
      throw new S3Failure(404, 'NoSuchKey', 'The specified key does not exist.')
    return found
  }

  put(
    key: string,
    body: Buffer,
    contentType: string,
    metadata: Record<string, string>
  ): S3Object {
    const object: S3Object = {
      body,
      etag: `"${createHash('md5').update(body).digest('hex')}"`,
      lastModified: new Date(),
      contentType,
      metadata
    }
    this.objects.set(key, object)
    return object
  }

  upload(key: string, uploadId: string): MultipartUpload {
    const found = this.uploads.get(uploadId)
    if (!found || found.key !== key)
      throw new S3Failure(
        404,
        'NoSuchUpload',
        'The specified upload does not exist. The upload ID may be invalid, or the upload may have been aborted or completed.'
      )
    return found
  }

  create(
    key: string,
    contentType: string,
    metadata: Record<string, string>
  ): MultipartUpload {
    const upload: MultipartUpload = {
      uploadId: randomUUID().replace(/-/g, ''),
      key,
      initiated: new Date(),
      contentType,
      metadata,
      parts: new Map()
    }
    this.uploads.set(upload.uploadId, upload)
    return upload
  }

  /** Assembles the parts the request lists, as S3 checks them. */
  complete(
    key: string,
    uploadId: string,
    listed: readonly { PartNumber?: string; ETag?: string }[]
  ): S3Object {
    const upload = this.upload(key, uploadId)
    if (listed.length === 0)
      throw new S3Failure(
        400,
        'MalformedXML',
        'You must specify at least one part'
      )
    const bodies: Buffer[] = []
    const md5s: Buffer[] = []
    let previous = 0
    for (const row of listed) {
      const number = Number(row.PartNumber)
      if (!(number > previous))
        throw new S3Failure(
          400,
          'InvalidPartOrder',
          'The list of parts was not in ascending order. Parts must be ordered by part number.'
        )
      previous = number
    }
    listed.forEach((row, index) => {
      const number = Number(row.PartNumber)
      const part = upload.parts.get(number)
      const etag = (row.ETag ?? '').replace(/^"?/, '"').replace(/"?$/, '"')
      if (!part || part.etag !== etag)
        throw new S3Failure(
          400,
          'InvalidPart',
          "One or more of the specified parts could not be found. The part may not have been uploaded, or the specified entity tag may not match the part's entity tag."
        )
      if (index < listed.length - 1 && part.body.length < MIN_PART_SIZE)
        throw new S3Failure(
          400,
          'EntityTooSmall',
          'Your proposed upload is smaller than the minimum allowed object size.'
        )
      bodies.push(part.body)
      md5s.push(Buffer.from(part.etag.slice(1, -1), 'hex'))
    })
    const object = this.put(
      key,
      Buffer.concat(bodies),
      upload.contentType,
      upload.metadata
    )
    object.etag = `"${createHash('md5').update(Buffer.concat(md5s)).digest('hex')}-${listed.length}"`
    this.uploads.delete(uploadId)
    return object
  }
}
