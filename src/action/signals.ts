// A cancelled job sends SIGINT or SIGTERM: stop the running tool, clean up,
// and fail the step saying so.
import * as core from '@actions/core'
import type { Cancellation } from '../core/index.ts'
import { inert } from './logger.ts'

/**
 * On SIGINT or SIGTERM: stop the running tool and let the flow fail and
 * clean up; when no tool runs (hashing, uploading), clean up (files, and a
 * scrub's throwaway database) and end the step.
 */
export function failOnSignals(cancellation: Cancellation): void {
  const handler = (signal: NodeJS.Signals) => {
    if (cancellation.cancel(signal) > 0) return
    // a throwaway database (scrub) is dropped before the step ends
    void cancellation.cleanUp().finally(() => {
      core.setFailed(
        inert(
          `OperationCancelled: Cancelled by ${signal}: temporary files were removed and nothing more was uploaded or restored.`
        )
      )
      process.exit(1)
    })
  }
  process.once('SIGINT', handler)
  process.once('SIGTERM', handler)
}
