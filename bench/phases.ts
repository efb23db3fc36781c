// Which measurements a run takes, in which order, on which shapes: the
// dumps (1, 2, 5) and restores (3, 10) on each shape, then the rows of one
// shape or of none (4, 7, 13, 8, 9, 11, 12, 6).
import { drillMeasurements } from './drill.ts'
import { dumpMeasurements } from './dumps.ts'
import { fixtureMeasurements } from './fixtures.ts'
import type { Bench, Measurement } from './measure.ts'
import { nightlyMeasurement } from './nightly.ts'
import { wanted, type Options } from './options.ts'
import { restoreMeasurements } from './restore.ts'
import { s3Measurement } from './s3.ts'
import { startupMeasurement } from './startup.ts'
import { uploadMeasurement } from './upload.ts'

const rowNumber = (m: Measurement) => Number.parseInt(m.title, 10)

/** Takes the measurements `opts` asks for. */
export async function takeMeasurements(
  bench: Bench,
  opts: Options
): Promise<Measurement[]> {
  const want = (...rows: number[]) => wanted(opts, ...rows)
  const measurements: Measurement[] = []
  for (const [index, dbs] of bench.shapes.entries()) {
    // 10 runs on the first shape only, like 4 and 7
    const fourSteps = index === 0 && want(10)
    if (!want(1, 2, 3, 5) && !fourSteps) continue
    bench.log(
      `\n━━ Dumps of the ${dbs.shape} shape: bare pg_dump -Fc, action custom, bare pg_dump -Fd -j${bench.jobs}, ` +
        `action directory (jobs ${bench.jobs}), action on the small db`
    )
    const dumps = await dumpMeasurements(bench, dbs)
    measurements.push(...dumps.measurements.filter(m => want(rowNumber(m))))
    if (want(3) || fourSteps) {
      bench.log(
        `\n━━ Restores of the ${dbs.shape} shape: one step with databases (4) vs ` +
          [
            want(3) && 'pg_restore + 3 FILE_COPY clones',
            fourSteps && '4 restore steps'
          ]
            .filter(Boolean)
            .join(' and ')
      )
      measurements.push(
        ...(await restoreMeasurements(bench, dbs, dumps.dump, {
          copies: want(3),
          fourSteps
        }))
      )
    }
  }
  const first = bench.shapes[0].shape
  if (want(4)) {
    bench.log(`\n━━ Artifact uploads (${first}): compression-level auto vs 6`)
    measurements.push({ ...(await uploadMeasurement(bench)), shape: first })
  }
  if (want(7)) {
    bench.log(
      `\n━━ Nightly (${first}): one dump step with artifact-name vs pg_dump -Fc + upload-artifact's upload`
    )
    measurements.push({ ...(await nightlyMeasurement(bench)), shape: first })
  }
  if (want(13)) {
    bench.log(
      `\n━━ S3 (${first}): one dump step streamed to S3 vs pg_dump -Fc + aws s3 cp's upload`
    )
    measurements.push({ ...(await s3Measurement(bench)), shape: first })
  }
  if (want(8, 9)) {
    bench.log(
      '\n━━ Fixtures: action restore vs bare pg_restore, action dump vs bare pg_dump, on a small PostGIS model'
    )
    const fixtures = await fixtureMeasurements(bench)
    measurements.push(...fixtures.filter(m => want(rowNumber(m))))
  }
  if (want(11, 12)) {
    bench.log(
      `\n━━ Restore drills (${first}): verify restore vs archive, the drill vs bare pg_restore of the same dump`
    )
    const drills = await drillMeasurements(bench)
    measurements.push(
      ...drills
        .filter(m => want(rowNumber(m)))
        .map(m => ({ ...m, shape: first }))
    )
  }
  if (want(6)) {
    bench.log("\n━━ Start-up: a step failing on a bad input vs node -e ''")
    measurements.push(await startupMeasurement(bench))
  }
  return measurements
}
