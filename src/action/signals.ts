// A cancelled job sends SIGINT or SIGTERM: stop the running tool, clean up,
// and fail the step saying so.
import * as core from './runner.ts'
import { cancelOnSignals, type Cancellation } from '../core/index.ts'
import { inert } from './logger.ts'

/**
 * On SIGINT or SIGTERM: stop the running tool and let the flow fail and
 * clean up; when no tool runs (hashing, uploading), clean up (files, and a
 * scrub's throwaway database) and end the step. A later signal waits for
 * the clean-up, saying so.
 */
export function failOnSignals(cancellation: Cancellation): void {
  cancelOnSignals(cancellation, {
    stopped: signal => {
      core.setFailed(
        inert(
          `OperationCancelled: Cancelled by ${signal}: temporary files were removed and nothing more was uploaded or restored.`
        )
      )
      process.exit(1)
    },
    repeated: (signal, first) =>
      core.info(
        `Received ${signal} while cleaning up after ${first}: the clean-up finishes first`
      )
  })
}
