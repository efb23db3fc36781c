// TypeScript for the checks that parse the sources (architecture.test.ts,
// exports.test.ts), loaded with require(). `import ts from 'typescript'`
// first has Node scan its 9 MB of CommonJS for the names it exports
// (cjs-module-lexer), about a second of CPU in each process that loads it;
// require() skips that scan. Its types: typescript.d.ts beside it.
import { createRequire } from 'node:module'

export default createRequire(import.meta.url)('typescript')
