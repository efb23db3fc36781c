// The action's flow: read inputs, dump or restore, write the job summary. The
// one place that turns an error into a failed step.
import * as core from '@actions/core'
import { actionLogger } from './logger.ts'
import { Dumper } from '../core/dumper.ts'
import { Cancellation } from '../core/process/cancellation.ts'
import { describeError } from '../core/errors.ts'
import { dumpStep } from './dump-step.ts'
import { readInputs } from './inputs.ts'
import { restoreStep } from './restore-step.ts'
import { writeSummary, type RunSummary } from './summary.ts'

export { Outputs } from './outputs.ts'

/**
 * On SIGINT or SIGTERM (a cancelled job): stop the running tool and let the
 * flow fail and clean up; when no tool runs (hashing, uploading), clean up
 * and end the step at once.
 */
function onCancel(cancellation: Cancellation): void {
  const handler = (signal: NodeJS.Signals) => {
    if (cancellation.cancel(signal) > 0) return
    cancellation.removeTemps()
    core.setFailed(
      `OperationCancelled: Cancelled by ${signal}: temporary files were removed and nothing more was uploaded or restored.`
    )
    process.exit(1)
  }
  process.once('SIGINT', handler)
  process.once('SIGTERM', handler)
}

/** Runs the action; never throws. */
export async function run(): Promise<void> {
  let summary: RunSummary | undefined
  const cancellation = new Cancellation()
  onCancel(cancellation)
  try {
    const inputs = readInputs()
    for (const notice of inputs.notices) core.warning(notice)
    const dumper = new Dumper({
      connection: inputs.connection,
      dbname: inputs.dbname,
      serviceFile: inputs.serviceFile,
      pgBinDir: inputs.pgBinDir,
      pgVersion: inputs.pgVersion,
      installClient: inputs.installClient,
      waitTimeoutMs: inputs.waitTimeoutSeconds * 1000,
      cancellation,
      logger: actionLogger
    })
    summary = {
      mode: inputs.mode,
      database: inputs.databases.length
        ? inputs.databases.join(', ')
        : dumper.target,
      excludeSchemas: inputs.excludeSchemas
    }
    if (inputs.mode === 'dump')
      await dumpStep(inputs, dumper, summary, cancellation)
    else await restoreStep(inputs, dumper, summary, cancellation)
  } catch (error) {
    const message = describeError(error)
    if (summary) summary.error = message
    core.setFailed(message)
  }
  if (summary) await writeSummary(summary)
}
