// Measurement 7: a nightly backup kept as an artifact. A is one action step
// (dump and upload, every default left as it is); B is the peer way: bare
// pg_dump -Fc, then the file uploaded as actions/upload-artifact does by
// default (bench/peer-upload.ts, zipped at level 6), in a process of its own.
import { stat } from 'node:fs/promises'
import { join } from 'node:path'
import type { ArtifactBackend } from '../test-support/artifact-backend.ts'
import { baseEnv } from '../test-support/runner-env.ts'
import {
  contender,
  extra,
  interleave,
  MB,
  message,
  longer,
  secs,
  type Bench,
  type Measurement,
  type RowMedians,
  type ExtraMedians
} from './measure.ts'
import { formatMB } from './build.ts'
import { actionStep, inFreshDir, peerDump, peerUpload } from './steps.ts'
import { deleteArtifact, REPO, startBenchBackend, UPLOADED } from './upload.ts'

const NAME = 'nightly-backup'
const FILE = 'backup.dump'
const PEER_UPLOAD = join(import.meta.dirname, 'peer-upload.ts')

/** What the peer uploader printed last: the artifact's id and size. */
function peerResult(stdout: string): { id: number; size: number } {
  const last = stdout.trim().split('\n').pop() ?? ''
  try {
    const parsed = JSON.parse(last) as { id?: unknown; size?: unknown }
    if (typeof parsed.id === 'number' && typeof parsed.size === 'number') {
      return { id: parsed.id, size: parsed.size }
    }
  } catch {
    // reported below
  }
  throw new Error(`the peer uploader printed no id and size: ${last}`)
}

/** The split of each side, from the medians of the extras. */
export function explainNightly(x: ExtraMedians, { a, b }: RowMedians): string {
  const parts: string[] = []
  const upload = x.nightlyStepUploadSeconds
  const peerDump = x.peerDumpSeconds
  const peerUpload = x.peerUploadSeconds
  const size = (key: string) => {
    const bytes = x[key]
    return bytes === undefined ? '' : `, ${formatMB(bytes)}`
  }
  if (upload !== undefined) {
    parts.push(
      `the step took ${secs(a)}: ${secs(a - upload)} to start, dump and check, ` +
        `${secs(upload)} to upload (its log${size('nightlyArtifactBytes')})`
    )
  } else parts.push(`the step took ${secs(a)}`)
  if (peerDump !== undefined && peerUpload !== undefined) {
    parts.push(
      `the peer way ${secs(b)}: pg_dump ${secs(peerDump)}, the uploader process ` +
        `${secs(peerUpload)} (level 6${size('peerArtifactBytes')})`
    )
    if (upload !== undefined) {
      parts.push(
        `the step's dump part is ${longer(a - upload - peerDump)} than pg_dump, ` +
          `its upload ${longer(upload - peerUpload)} than the uploader`
      )
    }
  } else parts.push(`the peer way took ${secs(b)}`)
  return parts.join('; ')
}

export async function nightlyMeasurement(bench: Bench): Promise<Measurement> {
  const { server, binDir, large } = bench
  const step = contender('action step', 's')
  const peer = contender('pg_dump + upload-artifact', 's')
  const measurement: Measurement = {
    id: 'nightly-step',
    title: '7 nightly step',
    a: step,
    b: peer,
    maxRatio: 0.85,
    target: '≤ 0.85',
    description:
      `Wall time of one dump step of ${large.name} with file: ${FILE}, artifact-name: ${NAME} and ` +
      `compression-level at its default (auto), against the peer way: bare ` +
      `\`pg_dump -Fc --no-owner --no-privileges -f FILE\`, then a node process (bench/peer-upload.ts) ` +
      `uploading that file with @actions/artifact as actions/upload-artifact does by default ` +
      `(uploadArtifact('${NAME}', [file], its folder, { compressionLevel: 6 })), the two timed one ` +
      `after the other; both against the local artifact services, each in a fresh run, each ` +
      `artifact deleted after its turn.`,
    explain: explainNightly
  }
  let backend: ArtifactBackend
  try {
    backend = await startBenchBackend()
  } catch (error) {
    step.error =
      peer.error = `the local artifact services did not start: ${message(error)}`
    return measurement
  }
  let runId = 9500
  const runEnv = () =>
    backend.env({ repository: REPO, runId: ++runId, jobId: 'bench' })
  try {
    await interleave(bench, [
      {
        label: `action step: dump + upload '${NAME}'`,
        sides: [step],
        run: () =>
          inFreshDir(bench.ws, 'nightly-step-', async cwd => {
            const done = await actionStep(
              {
                mode: 'dump',
                connection: server.uri(large.name),
                file: FILE,
                'artifact-name': NAME,
                'pg-bin-dir': binDir
              },
              { cwd, env: runEnv(), probeDir: bench.ws }
            )
            const uploaded = UPLOADED.exec(done.run.stdout)
            if (!uploaded) {
              throw new Error(
                'the step logged no "Artifact … (id N, SIZE bytes) uploaded in MS ms" line'
              )
            }
            const [, id, bytes, ms] = uploaded
            step.samples.push(done.seconds)
            extra(bench, 'nightlyStepSeconds', done.seconds)
            extra(bench, 'nightlyStepUploadSeconds', Number(ms) / 1000)
            extra(bench, 'nightlyArtifactBytes', Number(bytes))
            if (done.peakRss !== undefined)
              extra(bench, 'nightlyStepPeakRssMB', done.peakRss / MB)
            await deleteArtifact(backend, id)
          })
      },
      {
        label: `pg_dump -Fc, then upload-artifact's way`,
        sides: [peer],
        run: () =>
          inFreshDir(bench.ws, 'nightly-peer-', async cwd => {
            const file = join(cwd, FILE)
            const dumpSeconds = await peerDump(server, binDir, large.name, file)
            const env = {
              ...baseEnv(),
              GITHUB_ACTIONS: 'true',
              RUNNER_TEMP: cwd,
              ...runEnv()
            }
            const upload = await peerUpload(PEER_UPLOAD, [NAME, file], {
              env,
              cwd
            })
            const uploadSeconds = upload.seconds
            const { id, size } = peerResult(upload.stdout)
            peer.samples.push(dumpSeconds + uploadSeconds)
            extra(bench, 'peerDumpSeconds', dumpSeconds)
            extra(bench, 'peerUploadSeconds', uploadSeconds)
            extra(bench, 'peerArtifactBytes', size)
            extra(bench, 'peerDumpBytes', (await stat(file)).size)
            await deleteArtifact(backend, String(id))
          })
      }
    ])
  } finally {
    await backend.stop()
  }
  return measurement
}
