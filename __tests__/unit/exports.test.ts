// Every export of a file in src/ is imported by another file (of src/, the
// tests, their support, the scripts or the benchmarks): what only its own
// file uses is not exported, so a file's exports are the surface others
// rely on.
import assert from 'node:assert/strict'
import { readdir, readFile } from 'node:fs/promises'
import { dirname, join, relative, resolve } from 'node:path'
import { test } from 'node:test'
import ts from '../../test-support/typescript.js'
import { repoRoot } from '../../test-support/repo-root.ts'

/** A file's exported names, and the names it imports from each file. */
interface Surface {
  exports: string[]
  /** imported file (relative to the repository) → names, or '*' for all */
  imports: Map<string, Set<string>>
}

const hasExport = (node: ts.Node): boolean =>
  ts.canHaveModifiers(node) &&
  (ts.getModifiers(node) ?? []).some(
    m => m.kind === ts.SyntaxKind.ExportKeyword
  )

/** What a file exports and imports; `file` is relative to the repository. */
function surfaceOf(file: string, source: string): Surface {
  const tree = ts.createSourceFile(file, source, ts.ScriptTarget.Latest, true)
  const exports: string[] = []
  const imports = new Map<string, Set<string>>()
  const use = (spec: string, names: readonly string[]) => {
    if (!spec.startsWith('.')) return
    const target = relative(repoRoot, resolve(repoRoot, dirname(file), spec))
      .split('\\')
      .join('/')
    const set = imports.get(target) ?? new Set<string>()
    for (const name of names) set.add(name)
    imports.set(target, set)
  }
  const visit = (node: ts.Node) => {
    if (ts.isImportDeclaration(node)) {
      const clause = node.importClause
      const bindings = clause?.namedBindings
      use((node.moduleSpecifier as ts.StringLiteral).text, [
        ...(clause?.name ? ['default'] : []),
        ...(bindings && ts.isNamespaceImport(bindings) ? ['*'] : []),
        ...(bindings && ts.isNamedImports(bindings)
          ? bindings.elements.map(e => (e.propertyName ?? e.name).text)
          : [])
      ])
    } else if (ts.isExportDeclaration(node)) {
      const clause = node.exportClause
      const named = clause && ts.isNamedExports(clause) ? clause.elements : []
      exports.push(...named.map(e => e.name.text))
      if (node.moduleSpecifier) {
        use(
          (node.moduleSpecifier as ts.StringLiteral).text,
          clause ? named.map(e => (e.propertyName ?? e.name).text) : ['*']
        )
      }
    } else if (ts.isExportAssignment(node)) {
      exports.push('default')
    } else if (hasExport(node)) {
      if (ts.isVariableStatement(node)) {
        for (const d of node.declarationList.declarations)
          exports.push(d.name.getText(tree))
      } else {
        const name = (node as ts.DeclarationStatement).name
        exports.push(name ? name.getText(tree) : 'default')
      }
    } else if (
      ts.isCallExpression(node) &&
      node.expression.kind === ts.SyntaxKind.ImportKeyword &&
      node.arguments.length > 0 &&
      ts.isStringLiteralLike(node.arguments[0])
    ) {
      // import('…'): any of its exports
      use(node.arguments[0].text, ['*'])
    }
    ts.forEachChild(node, visit)
  }
  visit(tree)
  return { exports, imports }
}

/** The exports of src/ files that no other file imports: `file: name`. */
function unimportedExports(files: ReadonlyMap<string, string>): string[] {
  const surfaces = new Map(
    [...files].map(([file, source]) => [file, surfaceOf(file, source)])
  )
  const used = (file: string, name: string) =>
    [...surfaces].some(([other, { imports }]) => {
      const names = other === file ? undefined : imports.get(file)
      return names !== undefined && (names.has(name) || names.has('*'))
    })
  return [...surfaces]
    .filter(([file]) => file.startsWith('src/'))
    .flatMap(([file, { exports }]) =>
      exports.filter(name => !used(file, name)).map(name => `${file}: ${name}`)
    )
}

test('the export check sees what other files import, and only that', () => {
  const files = new Map([
    [
      'src/a.ts',
      'export const one = 1\nexport function two() {}\nexport interface Three {}\nexport { four } from "./b.ts"\nconst five = 5\nexport { five }'
    ],
    ['src/b.ts', 'export const four = 4\nexport type Six = 6'],
    ['src/c.ts', 'export const seven = 7\nexport const eight = 8'],
    [
      '__tests__/x.test.ts',
      "import { one, type Three } from '../src/a.ts'\nconst c = () => import('../src/c.ts')"
    ]
  ])
  assert.deepEqual(unimportedExports(files), [
    'src/a.ts: two',
    'src/a.ts: four',
    'src/a.ts: five',
    'src/b.ts: Six'
  ])
})

test('every export in src/ is imported by another file', async () => {
  const files = new Map<string, string>()
  for (const dir of ['src', '__tests__', 'test-support', 'scripts', 'bench']) {
    const names = await readdir(join(repoRoot, dir), {
      recursive: true
    }).catch(() => [] as string[])
    for (const name of names) {
      const file = `${dir}/${name.split('\\').join('/')}`
      if (!file.endsWith('.ts') || file.includes('/results/')) continue
      files.set(file, await readFile(join(repoRoot, file), 'utf8'))
    }
  }
  assert.ok([...files.keys()].filter(f => f.startsWith('src/')).length > 100)
  // `npm run local-action` runs the entry its script names by calling run()
  const pkg = JSON.parse(
    await readFile(join(repoRoot, 'package.json'), 'utf8')
  ) as { scripts: Record<string, string> }
  const entry = /\s(src\/\S+\.ts)\s/.exec(pkg.scripts['local-action'])?.[1]
  assert.equal(entry, 'src/action/main.ts')
  files.set('local-action', `import { run } from './${entry}'`)
  assert.deepEqual(unimportedExports(files), [])
})
