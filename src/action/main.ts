// The action's flow: read inputs, dump or restore, then set the outputs and
// write the job summary from the step's report. The one place that turns an
// error into a failed step.
import * as core from './runner.ts'
import { Cancellation, describeError } from '../core/index.ts'
import { readInputs } from './inputs.ts'
import { actionLogger, actionWording, inert } from './logger.ts'
import { setOutputs } from './outputs.ts'
import type { RunReport } from './report.ts'
import { failOnSignals } from './signals.ts'
import { writeSummary } from './summary.ts'

export { Outputs } from './outputs.ts'

/**
 * Runs the action through @actions/core's index (as local-action, which
 * stubs it, calls it); never throws.
 */
export async function run(): Promise<void> {
  core.useCommands(await import('@actions/core'))
  await runStep()
}

/** Runs the action, the runner's commands as they are chosen; never throws. */
export async function runStep(): Promise<void> {
  let report: RunReport | undefined
  const cancellation = new Cancellation()
  failOnSignals(cancellation)
  try {
    const inputs = await readInputs()
    for (const notice of inputs.notices) actionLogger.warning(notice)
    // what runs the tools is loaded once the inputs are good: a run that
    // fails on an input loads only what reads them
    const [{ Dumper }, { dumpStep }, { restoreStep }] = await Promise.all([
      import('../core/index.ts'),
      import('./dump-step.ts'),
      import('./restore-step.ts')
    ])
    const dumper = new Dumper({
      ...inputs.connection,
      cancellation,
      logger: actionLogger,
      wording: actionWording
    })
    if (inputs.mode === 'dump') {
      report = {
        mode: 'dump',
        database: inputs.dump.databases?.join(', ') ?? dumper.target,
        excludeSchemas: inputs.dump.excludeSchemas ?? [],
        schemas: inputs.dump.schemas ?? []
      }
      await dumpStep(inputs, dumper, report, cancellation)
    } else {
      const { databases = [], excludeSchemas = [] } = inputs.restore
      report = {
        mode: 'restore',
        database: databases.length ? databases.join(', ') : dumper.target,
        excludeSchemas
      }
      await restoreStep(inputs, dumper, report, cancellation)
    }
  } catch (error) {
    const message = describeError(error)
    if (report) report.error = message
    core.setFailed(inert(message))
  }
  if (report) {
    setOutputs(report)
    await writeSummary(report)
  }
  // cancelled: end now, while the handlers still absorb a later signal (a
  // natural exit closes them first, and a signal then would kill the step)
  if (cancellation.reason !== undefined) process.exit(1)
}
