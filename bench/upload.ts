// Measurement 4: the upload phase of a dump step with an artifact,
// compression-level auto against 6, against the local artifact services;
// and what the nightly measurement (nightly.ts) shares with it.
import { mkdtemp, rm } from 'node:fs/promises'
import { join } from 'node:path'
import {
  startArtifactBackend,
  type ArtifactBackend
} from '../test-support/artifact-backend.ts'
import {
  contender,
  extra,
  interleave,
  MB,
  message,
  secs,
  type Bench,
  type Contender,
  type Measurement,
  type Turn
} from './measure.ts'
import { formatMB } from './build.ts'
import { actionStep } from './steps.ts'

export const REPO = 'bench/pg-dumper'
export const TOKEN = 'ghs_bench_actions_read'
const ARTIFACT = 'bench.dump'
export const UPLOADED =
  /^Artifact .* \(id (\d+), (\d+) bytes\) uploaded in (\d+) ms/m

/** Deletes a stored artifact through the REST route, so Azurite's memory does not fill. */
export async function deleteArtifact(
  backend: ArtifactBackend,
  id: string
): Promise<void> {
  const response = await fetch(
    `${backend.apiUrl}/repos/${REPO}/actions/artifacts/${id}`,
    { method: 'DELETE', headers: { authorization: `token ${TOKEN}` } }
  )
  if (!response.ok) {
    throw new Error(`deleting artifact ${id} answered ${response.status}`)
  }
}

/** The local artifact services, with the benchmark's token for REPO. */
export const startBenchBackend = (): Promise<ArtifactBackend> =>
  startArtifactBackend({ tokens: { [TOKEN]: [REPO] } })

/**
 * Measurement 4: the upload phase of a dump step with an artifact,
 * compression-level auto (the custom dump as it is) against 6 (zipped),
 * against the local artifact services.
 */
export async function uploadMeasurement(bench: Bench): Promise<Measurement> {
  const { server, binDir, large } = bench
  const auto = contender('level auto', 's')
  const zipped = contender('level 6', 's')
  const measurement: Measurement = {
    id: 'artifact-upload',
    title: '4 artifact upload',
    a: auto,
    b: zipped,
    maxRatio: 0.5,
    target: '≤ 0.5',
    description:
      `Upload phase of a dump step with artifact-name (the custom dump of ${large.name}), as the step ` +
      `logs it ("Artifact … uploaded in N ms"), with compression-level: auto (the dump uploaded ` +
      `as it is) against compression-level: 6 (zipped), against the local artifact services ` +
      `(Azurite in memory and the loopback results service); each step in a fresh run.`,
    explain: (x, { a, b }) => {
      const autoBytes = x['artifactBytes(level auto)']
      const zipBytes = x['artifactBytes(level 6)']
      const size = (n: number | undefined) =>
        n === undefined ? '' : ` ${formatMB(n)}`
      return (
        `level auto uploaded${size(autoBytes)} in ${secs(a)}, level 6 uploaded${size(zipBytes)} in ${secs(b)}` +
        (autoBytes !== undefined && zipBytes !== undefined
          ? `; auto sent ${((autoBytes / zipBytes) * 100).toFixed(0)} % of level 6's bytes`
          : '')
      )
    }
  }
  let backend: ArtifactBackend
  try {
    backend = await startBenchBackend()
  } catch (error) {
    auto.error =
      zipped.error = `the local artifact services did not start: ${message(error)}`
    return measurement
  }
  let runId = 9000
  const upload = (level: string, side: Contender): Turn => ({
    label: `action dump + upload, compression-level ${level}`,
    sides: [side],
    run: async () => {
      const cwd = await mkdtemp(join(bench.ws, `upload-${level}-`))
      try {
        const step = await actionStep(
          {
            mode: 'dump',
            connection: server.uri(large.name),
            file: ARTIFACT,
            'artifact-name': ARTIFACT,
            'compression-level': level,
            'pg-bin-dir': binDir
          },
          {
            cwd,
            env: backend.env({
              repository: REPO,
              runId: ++runId,
              jobId: 'bench'
            }),
            probeDir: bench.ws
          }
        )
        const uploaded = UPLOADED.exec(step.run.stdout)
        if (!uploaded) {
          throw new Error(
            'the step logged no "Artifact … (id N, SIZE bytes) uploaded in MS ms" line'
          )
        }
        const [, id, bytes, ms] = uploaded
        side.samples.push(Number(ms) / 1000)
        extra(bench, `uploadStepSeconds(level ${level})`, step.seconds)
        extra(bench, `artifactBytes(level ${level})`, Number(bytes))
        if (step.peakRss !== undefined)
          extra(bench, `uploadStepPeakRssMB(level ${level})`, step.peakRss / MB)
        await deleteArtifact(backend, id)
      } finally {
        await rm(cwd, { recursive: true, force: true })
      }
    }
  })
  try {
    await interleave(bench, [upload('auto', auto), upload('6', zipped)])
  } finally {
    await backend.stop()
  }
  return measurement
}
