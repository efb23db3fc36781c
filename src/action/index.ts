// The action's entry point, as action.yml names it.
import { servedAsReadingThread } from '../core/index.ts'
import { quietUnzipStreamBuffer } from './dependency-warnings.ts'
import { runStep } from './main.ts'

// a thread the step started to read its dump back (see the core's
// reading-thread.ts) starts here, and does only that
if (!(await servedAsReadingThread(import.meta.url))) {
  // before anything runs: an artifact download would print it
  quietUnzipStreamBuffer()
  // the runner's commands through @actions/core's command modules (runner.ts)
  await runStep()
}
