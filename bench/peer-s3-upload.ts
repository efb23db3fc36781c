// The peer way's S3 upload (measurement 13, s3.ts): a dump file copied to
// an object as `aws s3 cp` does by default (multipart above 8 MiB, parts of
// 8 MiB, up to 10 at once), with the AWS SDK's lib-storage in a node
// process of its own; endpoint and credentials from the environment.
// Usage: node bench/peer-s3-upload.ts ENDPOINT BUCKET KEY FILE
// Prints {"size":…} as its last line.
import { createReadStream } from 'node:fs'
import { stat } from 'node:fs/promises'
import { S3Client } from '@aws-sdk/client-s3'
import { Upload } from '@aws-sdk/lib-storage'

const [endpoint, bucket, key, file] = process.argv.slice(2)
if (!endpoint || !bucket || !key || !file)
  throw new Error('usage: peer-s3-upload.ts ENDPOINT BUCKET KEY FILE')
const client = new S3Client({
  endpoint,
  forcePathStyle: true,
  region: process.env.AWS_REGION ?? 'us-east-1'
})
await new Upload({
  client,
  params: { Bucket: bucket, Key: key, Body: createReadStream(file) },
  partSize: 8 * 1024 * 1024,
  queueSize: 10
}).done()
console.log(JSON.stringify({ size: (await stat(file)).size }))
