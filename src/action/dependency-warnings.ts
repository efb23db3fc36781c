// Keeps one dependency's deprecation warning out of the step's log. Every
// artifact download runs unzip-stream (inside @actions/artifact), which
// calls the deprecated Buffer() constructor: Node keeps quiet about code
// under node_modules, but bundled it is not there any more, and every
// download printed "DeprecationWarning: Buffer() is deprecated" (DEP0005).
// Only that warning, only when unzip-stream's code is its caller: every other
// warning, another deprecation or DEP0005 from other code, still shows.

/** A frame of unzip-stream's own code, as V8 names its functions. */
const UNZIP_STREAM_FRAME = /^\s+at (?:new )?(?:UnzipStream|MatcherStream)\b/m

/** Whether a warning is unzip-stream's Buffer() deprecation, from its code and the stack that raised it. */
export function isUnzipStreamBuffer(
  code: string | undefined,
  stack: string
): boolean {
  return code === 'DEP0005' && UNZIP_STREAM_FRAME.test(stack)
}

/** The code of a warning, however emitWarning was called. */
function codeOf(
  warning: unknown,
  rest: readonly unknown[]
): string | undefined {
  const [second, third] = rest
  if (warning instanceof Error && 'code' in warning) return String(warning.code)
  if (typeof second === 'object' && second !== null && 'code' in second)
    return String(second.code)
  return typeof third === 'string' ? third : undefined
}

/** The stack of the code that is emitting a warning, deep enough to reach its caller's caller. */
function callerStack(): string {
  const limit = Error.stackTraceLimit
  Error.stackTraceLimit = 50
  try {
    return new Error().stack ?? ''
  } finally {
    Error.stackTraceLimit = limit
  }
}

/** Drops unzip-stream's DEP0005 before Node prints it; every other warning goes on. */
export function quietUnzipStreamBuffer(target: NodeJS.Process = process): void {
  const emit = target.emitWarning.bind(target) as (...args: unknown[]) => void
  target.emitWarning = (warning: unknown, ...rest: unknown[]) => {
    if (isUnzipStreamBuffer(codeOf(warning, rest), callerStack())) return
    emit(warning, ...rest)
  }
}
