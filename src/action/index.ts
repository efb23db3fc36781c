// The action's entry point, as action.yml names it.
import { quietUnzipStreamBuffer } from './dependency-warnings.ts'
import { runStep } from './main.ts'

// before anything runs: an artifact download would print it
quietUnzipStreamBuffer()
// the runner's commands through @actions/core's command modules (runner.ts)
await runStep()
