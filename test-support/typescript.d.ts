// The types of typescript.js: TypeScript itself, as `import ts from
// 'typescript'` gives it.
import ts from 'typescript'
export default ts
