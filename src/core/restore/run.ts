// Running a planned restore into a prepared target: pg_restore for an
// archive, psql for a plain script, and the run judged (with a script's
// failed COPYs).
import type { RestoreArgsOptions } from '../args.ts'
import type { Connection } from '../connection/connection.ts'
import type { ToolResult } from '../process/runner.ts'
import type { Session } from '../session.ts'
import type { Source } from './dump-input.ts'
import { judgeRestore, type RestoreOutcome } from './outcome.ts'
import { failedCopies } from './plain-script.ts'
import type { OneRestoreOptions, RestorePlan } from './plan.ts'
import { runArchive } from './run-archive.ts'
import { runPlain } from './run-plain.ts'
import { parsePsqlOutput } from './tool-errors.ts'

/**
 * Runs the plan's tool into `target`, once it is ready (an archive is
 * listed meanwhile); throws a failed ToolError when the restore failed.
 */
export async function runRestore(
  session: Session,
  plan: RestorePlan,
  options: OneRestoreOptions,
  target: Promise<Connection>
): Promise<RestoreOutcome> {
  const { tool, input, client } = plan
  const argOptions: Omit<RestoreArgsOptions, 'conninfo'> = {
    file: plan.file,
    excludeSchemas: options.excludeSchemas ?? [],
    ignoreErrors: options.ignoreErrors ?? false,
    jobs: plan.jobs,
    singleTransaction: options.singleTransaction,
    clean: options.clean,
    owner: options.owner,
    // a FIFO cannot be probed
    format: input.encrypted || input.streamed ? plan.format : undefined
  }
  const judge = (
    result: ToolResult,
    script?: Source | ReadonlyMap<number, string>
  ) => judged(session, plan, options, result, script)
  // asked with the connection check, of the session's own target only
  const state = plan.targetState
  if (tool !== 'psql') {
    return judge(
      await runArchive(session, client, argOptions, input, target, {
        state,
        format: plan.format,
        toc: plan.toc
      })
    )
  }
  const ready = await target
  return runPlain(
    session,
    client,
    { ...argOptions, conninfo: ready.conninfo },
    input,
    ready,
    { allowMetaCommands: options.allowMetaCommands ?? false, state },
    run => judge(run.result, run.script)
  )
}

/** The run's outcome; a plain script's failed COPYs are read from `script`. */
async function judged(
  session: Session,
  plan: RestorePlan,
  options: OneRestoreOptions,
  result: ToolResult,
  script: Source | ReadonlyMap<number, string> | undefined
): Promise<RestoreOutcome> {
  return judgeRestore(
    plan.tool,
    result,
    options.ignoreErrors ?? false,
    plan.databases[0] ?? session.target,
    session.wording,
    script === undefined
      ? undefined
      : {
          failedCopies: await failedCopies(
            script,
            parsePsqlOutput(result.stderr)
          ),
          singleTransaction: options.singleTransaction ?? false,
          quote: plan.header.dumpedBy !== undefined
        }
  )
}
