// The layers stay apart: the core knows nothing of GitHub, the front ends
// reach it only through core/index.ts, nothing imports in a circle, and no
// file or function grows past what a reader takes in at once.
import assert from 'node:assert/strict'
import { readdir, readFile } from 'node:fs/promises'
import { dirname, join, relative, resolve } from 'node:path'
import { test } from 'node:test'
import ts from 'typescript'
import { repoRoot } from '../../test-support/run-action.ts'

const srcDir = join(repoRoot, 'src')
const coreDir = join(srcDir, 'core')

/** Every .ts file under src/, as a path relative to src/. */
async function sourceFiles(): Promise<string[]> {
  return (await readdir(srcDir, { recursive: true }))
    .filter(f => f.endsWith('.ts'))
    .map(f => f.split('\\').join('/'))
}

/** The relative imports of a file, resolved to paths relative to src/. */
function localImports(file: string, source: string): string[] {
  const specs = [
    ...source.matchAll(/(?:from|import)\s*\(?\s*'(\.{1,2}\/[^']+)'/g)
  ].map(m => m[1])
  return specs.map(spec =>
    relative(srcDir, resolve(srcDir, dirname(file), spec))
      .split('\\')
      .join('/')
  )
}

const sources = new Map<string, string>()
for (const file of await sourceFiles()) {
  sources.set(file, await readFile(join(srcDir, file), 'utf8'))
}

test('no file of the core imports @actions/core', async () => {
  const files = (await readdir(coreDir, { recursive: true })).filter(f =>
    f.endsWith('.ts')
  )
  assert.ok(files.length > 5)
  for (const file of files) {
    const source = await readFile(join(coreDir, file), 'utf8')
    assert.doesNotMatch(
      source,
      /from '@actions\/core'|import\('@actions\/core'\)/,
      file
    )
  }
})

test('the CLI does not import @actions/core either', async () => {
  const files = await readdir(join(repoRoot, 'src/cli'))
  for (const file of files) {
    const source = await readFile(join(repoRoot, 'src/cli', file), 'utf8')
    assert.doesNotMatch(source, /@actions\/core/, file)
  }
})

test('the front ends and the artifact code import the core only through core/index.ts', () => {
  const outside = [...sources].filter(([file]) => !file.startsWith('core/'))
  assert.ok(outside.length > 10)
  for (const [file, source] of outside) {
    for (const target of localImports(file, source)) {
      if (target.startsWith('core/'))
        assert.equal(target, 'core/index.ts', `${file} imports ${target}`)
    }
  }
})

test('the core imports nothing from the front ends or the artifact code', () => {
  for (const [file, source] of sources) {
    if (!file.startsWith('core/')) continue
    for (const target of localImports(file, source)) {
      assert.ok(target.startsWith('core/'), `${file} imports ${target}`)
    }
  }
})

test('the CLI imports nothing of the action or the artifact code', () => {
  for (const [file, source] of sources) {
    if (!file.startsWith('cli/')) continue
    for (const target of localImports(file, source)) {
      assert.ok(
        !/^(action|artifacts)\//.test(target),
        `${file} imports ${target}`
      )
    }
  }
})

test('no import cycles among the source files', () => {
  const graph = new Map(
    [...sources].map(([file, source]) => [file, localImports(file, source)])
  )
  const state = new Map<string, 'visiting' | 'done'>()
  const visit = (file: string, path: string[]) => {
    if (state.get(file) === 'done') return
    assert.notEqual(
      state.get(file),
      'visiting',
      `import cycle: ${[...path, file].join(' → ')}`
    )
    state.set(file, 'visiting')
    for (const next of graph.get(file) ?? []) visit(next, [...path, file])
    state.set(file, 'done')
  }
  for (const file of graph.keys()) visit(file, [])
})

test('no file in src/ is over 300 lines', () => {
  for (const [file, source] of sources) {
    const lines = source.split('\n').length
    assert.ok(lines <= 300, `${file} has ${lines} lines`)
  }
})

/** The longest a function, method or arrow function may be, in lines. */
const MAX_FUNCTION_LINES = 120

/** Every function of a source file with a body: where it starts and how many lines it spans. */
function functionSpans(
  file: string,
  source: string
): { name: string; line: number; lines: number }[] {
  const tree = ts.createSourceFile(file, source, ts.ScriptTarget.Latest, true)
  const spans: { name: string; line: number; lines: number }[] = []
  const visit = (node: ts.Node) => {
    if (ts.isFunctionLike(node) && 'body' in node && node.body) {
      const first = tree.getLineAndCharacterOfPosition(node.getStart(tree)).line
      const last = tree.getLineAndCharacterOfPosition(node.getEnd()).line
      const named = node.name?.getText(tree)
      const holder = node.parent
      const name =
        named ??
        (ts.isVariableDeclaration(holder) || ts.isPropertyAssignment(holder)
          ? holder.name.getText(tree)
          : '(anonymous)')
      spans.push({ name, line: first + 1, lines: last - first + 1 })
    }
    ts.forEachChild(node, visit)
  }
  visit(tree)
  return spans
}

test('the function-length check sees functions, methods and arrows', () => {
  const source = [
    'export function a() {',
    '  const b = () => {',
    '    return 1',
    '  }',
    '  return b',
    '}',
    'class C { m() { return 2 } }'
  ].join('\n')
  assert.deepEqual(
    functionSpans('x.ts', source).map(s => [s.name, s.line, s.lines]),
    [
      ['a', 1, 6],
      ['b', 2, 3],
      ['m', 7, 1]
    ]
  )
})

test(`no function in src/ is over ${MAX_FUNCTION_LINES} lines`, () => {
  const long = [...sources].flatMap(([file, source]) =>
    functionSpans(file, source)
      .filter(s => s.lines > MAX_FUNCTION_LINES)
      .map(s => `${file}:${s.line} ${s.name} has ${s.lines} lines`)
  )
  assert.deepEqual(long, [])
})
