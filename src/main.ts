// The action's flow: read inputs, dump or restore, set outputs. The one place
// that turns an error into a failed step.
import * as core from '@actions/core'
import { actionLogger } from './action-logger.ts'
import { Dumper } from './core/dumper.ts'
import { describeError } from './core/errors.ts'
import { readInputs, type ActionInputs } from './inputs.ts'

/** action.yml output names. */
export const Outputs = {
  File: 'file',
  Size: 'size',
  Sha256: 'sha256',
  ServerVersion: 'server-version',
  IgnoredErrors: 'ignored-errors'
} as const

async function execute(inputs: ActionInputs): Promise<void> {
  const dumper = new Dumper({
    connection: inputs.connection,
    dbname: inputs.dbname,
    serviceFile: inputs.serviceFile,
    pgBinDir: inputs.pgBinDir,
    logger: actionLogger
  })
  const result =
    inputs.mode === 'dump'
      ? await dumper.dump({
          file: inputs.file,
          format: inputs.format,
          excludeSchemas: inputs.excludeSchemas
        })
      : await dumper.restore({
          file: inputs.file,
          excludeSchemas: inputs.excludeSchemas,
          ignoreErrors: inputs.ignoreErrors
        })
  core.setOutput(Outputs.File, result.file)
  core.setOutput(Outputs.Size, result.size)
  core.setOutput(Outputs.Sha256, result.sha256)
  core.setOutput(Outputs.ServerVersion, result.serverVersion)
  if ('ignoredErrors' in result) {
    core.setOutput(Outputs.IgnoredErrors, result.ignoredErrors)
  }
}

/** Runs the action; never throws. */
export async function run(): Promise<void> {
  try {
    const inputs = readInputs()
    for (const notice of inputs.notices) core.warning(notice)
    await execute(inputs)
  } catch (error) {
    core.setFailed(describeError(error))
  }
}
