// The action's entry point, as action.yml names it.
import { quietUnzipStreamBuffer } from './dependency-warnings.ts'
import { run } from './main.ts'

// before anything runs: an artifact download would print it
quietUnzipStreamBuffer()
await run()
