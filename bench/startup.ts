// Measurement 6: how long a run that fails on its first input takes, against
// starting Node with nothing to do. Most of it was importing
// @actions/artifact, which the action now loads only when an artifact is used.
// Its floor, timed beside it: core-floor.ts (read one input with
// @actions/core, fail), bundled with ncc as the action is.
import { execFile } from 'node:child_process'
import { join } from 'node:path'
import { promisify } from 'node:util'
import { repoRoot, runAction } from '../test-support/run-action.ts'
import { extra, secs, type Bench, type Measurement } from './measure.ts'

const exec = promisify(execFile)

/** Samples per contender in each run: a start-up is short, so take several. */
const SAMPLES = 5

async function timed(run: () => Promise<unknown>): Promise<number> {
  const started = performance.now()
  await run()
  return (performance.now() - started) / 1000
}

/** A step with an invalid `mode` (InputError, exit 1) vs `node -e ''`. */
export async function startupMeasurement(bench: Bench): Promise<Measurement> {
  const floorDir = join(bench.ws, 'core-floor')
  await exec(
    join(repoRoot, 'node_modules', '.bin', 'ncc'),
    ['build', join(import.meta.dirname, 'core-floor.ts'), '-o', floorDir, '-q'],
    { cwd: repoRoot }
  )
  // run as the runner runs a step, like the action beside it
  const floorStep = async () => {
    const run = await runAction(
      { mode: 'bogus' },
      { cwd: bench.ws, entry: join(floorDir, 'index.js') }
    )
    if (run.exitCode !== 1 || !/::error::InputError: /.test(run.stdout))
      throw new Error(
        `the @actions/core floor step did not fail: ${run.stdout}`
      )
  }
  const bad = {
    label: 'bad-input step',
    unit: 's' as const,
    samples: [] as number[]
  }
  const bare = {
    label: "node -e ''",
    unit: 's' as const,
    samples: [] as number[]
  }
  for (let i = 0; i < bench.runs; i++) {
    for (let k = 0; k < SAMPLES; k++) {
      const order = (i + k) % 2 === 0 ? [0, 1] : [1, 0]
      for (const side of order) {
        if (side === 0) {
          bad.samples.push(
            await timed(async () => {
              const run = await runAction({ mode: 'bogus' }, { cwd: bench.ws })
              if (!/::error::InputError: Invalid 'mode' input/.test(run.stdout))
                throw new Error(
                  `the bad-input step did not fail on its input: ${run.stdout.slice(-200)}`
                )
            })
          )
        } else {
          bare.samples.push(
            await timed(() => exec(process.execPath, ['-e', '']))
          )
          // the floor: a bundle of @actions/core alone failing on its input
          extra(bench, 'coreOnlyStepSeconds', await timed(floorStep))
        }
      }
    }
    bench.log(
      `  run ${i + 1}/${bench.runs}  ${SAMPLES} bad-input steps and ${SAMPLES} bare node starts`
    )
  }
  return {
    id: 'bad-input-startup',
    title: '6 a run failing on a bad input',
    a: bad,
    b: bare,
    maxRatio: 2.5,
    target: '≤ 2.5',
    description:
      'Wall time of `node dist/index.js` run as a step with every action.yml default and `mode: bogus` ' +
      "(it fails with InputError before anything runs) against `node -e ''`, " +
      `${SAMPLES} of each per run, taking turns.`,
    explain: (x, { a, b }) => {
      const floor = x.coreOnlyStepSeconds
      return (
        `node -e '' takes ${secs(b)}, the bad-input step ${secs(a)}: the step spends ` +
        `${secs(a - b)} beyond starting node (loading dist/index.js, reading its inputs, failing)` +
        (floor === undefined
          ? ''
          : `; a step of @actions/core alone (bench/core-floor.ts bundled with ncc: read the input, fail) ` +
            `takes ${secs(floor)}, ${(floor / b).toFixed(2)} × node -e '' ` +
            `(it loads @actions/http-client and undici at import, for OIDC): ` +
            `the action adds ${secs(a - floor)} to that floor`)
      )
    }
  }
}
