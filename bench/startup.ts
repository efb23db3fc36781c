// Measurement 6: how long a run that fails on its first input takes, against
// starting Node with nothing to do. Most of it was importing
// @actions/artifact, which the action now loads only when an artifact is used.
import { execFile } from 'node:child_process'
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
          // the floor: node importing @actions/core, which every step needs
          // (it imports @actions/http-client and undici at load, for OIDC)
          extra(
            bench,
            'importActionsCoreSeconds',
            await timed(() =>
              exec(
                process.execPath,
                ['--input-type=module', '-e', "await import('@actions/core')"],
                { cwd: repoRoot }
              )
            )
          )
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
    maxRatio: 3,
    target: '≤ 3',
    description:
      'Wall time of `node dist/index.js` run as a step with every action.yml default and `mode: bogus` ' +
      "(it fails with InputError before anything runs) against `node -e ''`, " +
      `${SAMPLES} of each per run, taking turns.`,
    explain: (x, { a, b }) => {
      const core = x.importActionsCoreSeconds
      return (
        `node -e '' takes ${secs(b)}, the bad-input step ${secs(a)}: the step spends ` +
        `${secs(a - b)} beyond starting node (loading dist/index.js, reading its inputs, failing)` +
        (core === undefined
          ? ''
          : `; node importing @actions/core alone (unbundled; it loads @actions/http-client and undici at import) ` +
            `takes ${secs(core)}, ${(core / b).toFixed(2)} × node -e '': ` +
            `the step adds ${secs(a - core)} to that floor`)
      )
    }
  }
}
