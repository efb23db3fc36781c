// The action's entry point, as action.yml names it.
import { run } from './main.ts'

await run()
