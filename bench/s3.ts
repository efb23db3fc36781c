// Measurement 13: a nightly backup kept in S3-compatible object storage. A
// is one action step with s3-url (pg_dump streamed into a multipart upload,
// read back as it passes, nothing on disk); B is the peer way: bare
// pg_dump -Fc to a file, then that file copied as `aws s3 cp` does
// (bench/peer-s3-upload.ts). Both against the loopback S3 server the tests
// use (test-support/s3-server.ts), which checks every signature and keeps
// objects in memory; each object is deleted after its turn.
import { join } from 'node:path'
import { baseEnv } from '../test-support/runner-env.ts'
import { startS3Server, type S3Server } from '../test-support/s3-server.ts'
import { formatMB } from './build.ts'
import {
  contender,
  extra,
  interleave,
  message,
  secs,
  type Bench,
  type ExtraMedians,
  type Measurement,
  type RowMedians
} from './measure.ts'
import {
  actionStep,
  inFreshDir as inFreshDirOf,
  peerDump,
  peerUpload
} from './steps.ts'

const BUCKET = 'pg-dumper-bench'
const AWS = {
  AWS_ACCESS_KEY_ID: 'AKIABENCHKEY00000001',
  AWS_SECRET_ACCESS_KEY: 'bench/Secret+Access+Key/0123456789abcdef',
  AWS_REGION: 'us-east-1'
}
const PEER_UPLOAD = join(import.meta.dirname, 'peer-s3-upload.ts')

function explainS3(x: ExtraMedians, { a, b }: RowMedians): string {
  const dump = x.peerS3DumpSeconds
  const upload = x.peerS3UploadSeconds
  const bytes = x.s3ObjectBytes
  return (
    `the step took ${secs(a)}, streaming ${bytes === undefined ? 'the dump' : formatMB(bytes)} as pg_dump wrote it; ` +
    (dump !== undefined && upload !== undefined
      ? `the peer way ${secs(b)}: pg_dump ${secs(dump)}, then the upload ${secs(upload)}`
      : `the peer way ${secs(b)}`)
  )
}

/** Deletes what a turn left in the bucket. */
function emptyBucket(s3: S3Server): void {
  s3.bucket(BUCKET).objects.clear()
}

export async function s3Measurement(bench: Bench): Promise<Measurement> {
  const { server, binDir, large } = bench
  const step = contender('action step, s3-url', 's')
  const peer = contender('pg_dump -Fc + aws s3 cp', 's')
  const measurement: Measurement = {
    id: 's3-nightly',
    title: '13 dump streamed to S3',
    a: step,
    b: peer,
    maxRatio: 0.8,
    target: '≤ 0.8',
    description:
      `Wall time of one dump step of ${large.name} with s3-url (custom format, streamed into a ` +
      `multipart upload and read back as it passes), against the peer way: bare ` +
      `\`pg_dump -Fc --no-owner --no-privileges -f FILE\`, then a node process (bench/peer-s3-upload.ts) ` +
      `copying that file as \`aws s3 cp\` does by default (lib-storage, parts of 8 MiB, 10 at once), ` +
      `the two timed one after the other; both against the loopback S3 server, each object deleted after its turn.`,
    explain: explainS3
  }
  let s3: S3Server
  try {
    s3 = await startS3Server({
      buckets: [BUCKET],
      credentials: [
        {
          accessKeyId: AWS.AWS_ACCESS_KEY_ID,
          secretAccessKey: AWS.AWS_SECRET_ACCESS_KEY
        }
      ]
    })
  } catch (error) {
    step.error =
      peer.error = `the loopback S3 server did not start: ${message(error)}`
    return measurement
  }
  let runId = 9700
  const inFreshDir = (prefix: string, body: (cwd: string) => Promise<void>) =>
    inFreshDirOf(bench.ws, prefix, body).finally(() => emptyBucket(s3))
  try {
    await interleave(bench, [
      {
        label: 'action step: dump streamed to S3',
        sides: [step],
        run: () =>
          inFreshDir('s3-step-', async cwd => {
            const done = await actionStep(
              {
                mode: 'dump',
                connection: server.uri(large.name),
                's3-url': `s3://${BUCKET}/nightly/`,
                's3-endpoint': s3.endpoint,
                's3-path-style': 'true',
                'pg-bin-dir': binDir
              },
              {
                cwd,
                env: { ...AWS, GITHUB_RUN_ID: String(++runId) },
                probeDir: bench.ws
              }
            )
            if (!/Streaming the dump to s3:\/\//.test(done.run.stdout))
              throw new Error('the step did not stream its dump to S3')
            step.samples.push(done.seconds)
            extra(bench, 's3ObjectBytes', Number(done.run.outputs.size))
          })
      },
      {
        label: 'pg_dump -Fc, then aws s3 cp',
        sides: [peer],
        run: () =>
          inFreshDir('s3-peer-', async cwd => {
            const file = join(cwd, 'backup.dump')
            const dumpSeconds = await peerDump(server, binDir, large.name, file)
            const { seconds: uploadSeconds } = await peerUpload(
              PEER_UPLOAD,
              [s3.endpoint, BUCKET, 'peer/backup.dump', file],
              { env: { ...baseEnv(), ...AWS }, cwd }
            )
            peer.samples.push(dumpSeconds + uploadSeconds)
            extra(bench, 'peerS3DumpSeconds', dumpSeconds)
            extra(bench, 'peerS3UploadSeconds', uploadSeconds)
          })
      }
    ])
  } finally {
    await s3.stop()
  }
  return measurement
}
