// The layers stay apart: the core knows nothing of GitHub, the front ends
// reach it only through core/index.ts, the core's folders import only
// downwards, nothing imports in a circle, and no file or function grows past
// what a reader takes in at once.
import assert from 'node:assert/strict'
import { readdir, readFile } from 'node:fs/promises'
import { dirname, join, relative, resolve } from 'node:path'
import { test } from 'node:test'
import ts from '../../test-support/typescript.js'
import { repoRoot } from '../../test-support/repo-root.ts'

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

/** Whether a source reads an input: getInput (and kin) of @actions/core or of the runner module, or an INPUT_ variable by name. */
const readsInputs = (source: string) =>
  /process\.env(?:\.INPUT_|\[['"`]INPUT_)/.test(source) ||
  (/\bget(?:Boolean|Multiline)?Input\b/.test(source) &&
    /from '(?:@actions\/core|\.\/runner\.ts)'|import\('@actions\/core'\)/.test(
      source
    ))

test("one file reads the inputs: the registry's reader", () => {
  assert.ok(readsInputs("import { getInput } from '@actions/core'"))
  assert.ok(readsInputs("import { getInput, info } from './runner.ts'"))
  assert.ok(readsInputs('process.env.INPUT_MODE'))
  assert.ok(!readsInputs("import { setSecret } from '@actions/core'"))
  // runner.ts and runner-direct.ts define getInput: of the rest, one reads
  const readers = [...sources]
    .filter(([file]) => !/^action\/runner(?:-direct)?\.ts$/.test(file))
    .filter(([, source]) => readsInputs(source))
    .map(([file]) => file)
  assert.deepEqual(readers, ['action/read-input.ts'])
})

test("the action's commands reach @actions/core's index only by local-action's run()", () => {
  // the index loads an HTTP client at import, for OIDC tokens never asked
  // for: the bundle takes the package's command modules instead
  const users = [...sources]
    .filter(([, source]) =>
      /@actions\/core/.test(source.replace(/^\s*\/\/.*$/gm, ''))
    )
    .map(([file]) => file)
    .sort()
  assert.deepEqual(users, [
    'action/main.ts',
    'action/runner-direct.ts',
    'action/runner.ts'
  ])
  for (const [file, source] of sources) {
    // a value import of the index: only `import type`, or main.ts's run()
    assert.doesNotMatch(source, /^import (?!type )[^;]*'@actions\/core'/m, file)
  }
  assert.match(
    sources.get('action/main.ts')!,
    /core\.useCommands\(await import\('@actions\/core'\)\)/
  )
})

test('the steps reach where dumps live only through the Store', () => {
  const steps = [...sources].filter(([file]) =>
    /^action\/[^/]+-step\.ts$/.test(file)
  )
  assert.equal(steps.length, 2)
  for (const [file, source] of steps) {
    const targets = localImports(file, source)
    assert.ok(targets.includes('store/store.ts'), `${file} uses no Store`)
    for (const target of targets) {
      assert.ok(
        !target.startsWith('artifacts/'),
        `${file} imports ${target}: a step talks to store/store.ts`
      )
    }
  }
})

test('the artifact code knows nothing of the stores, the action or the CLI', () => {
  for (const [file, source] of sources) {
    if (!file.startsWith('artifacts/')) continue
    for (const target of localImports(file, source)) {
      assert.ok(
        !/^(store|action|cli)\//.test(target),
        `${file} imports ${target}`
      )
    }
  }
})

test('the CLI keeps no dumps in a store', () => {
  for (const [file, source] of sources) {
    if (!file.startsWith('cli/')) continue
    for (const target of localImports(file, source)) {
      assert.ok(!target.startsWith('store/'), `${file} imports ${target}`)
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

/**
 * The core's layers, lowest first: a file imports from its own folder (or
 * itself) and from layers below its own, never from its layer's other
 * members or from above. A new folder or top-level file takes its place here.
 */
const CORE_LAYERS: readonly (readonly string[])[] = [
  // facts and words every part uses; no imports of the core
  [
    'errors.ts',
    'limits.ts',
    'logger.ts',
    'units.ts',
    'versions.ts',
    'wording.ts',
    'sql.ts',
    'schema-patterns.ts',
    'kept-objects.ts'
  ],
  // running a tool, FIFOs, temporary files; reading an archive's bytes
  ['process/', 'archive/'],
  // libpq's connection strings, choosing a client, age files, argument lists
  ['connection/', 'client/', 'age/', 'args.ts', 'tool-results.ts'],
  // one connection's tools
  ['session.ts', 'results.ts'],
  // the restore of one dump
  ['restore/'],
  // the dump of one database (the scrub uses the restore's psql checks)
  ['dump/'],
  // globals and several databases
  ['cluster/'],
  // the Dumper, which dispatches to dump/, restore/ and cluster/
  ['dumper.ts'],
  ['index.ts']
]

/** The unit of a core file (its folder, or itself at the top) and that unit's layer. */
function coreUnit(file: string): { unit: string; layer: number } {
  const inCore = file.slice('core/'.length)
  const unit = inCore.includes('/')
    ? `${inCore.slice(0, inCore.indexOf('/'))}/`
    : inCore
  const layer = CORE_LAYERS.findIndex(units => units.includes(unit))
  return { unit, layer }
}

/** The imports between core files that do not go down a layer. */
function nonDownwardImports(
  imports: readonly (readonly [string, string])[]
): string[] {
  return imports.flatMap(([file, target]) => {
    const from = coreUnit(file)
    const to = coreUnit(target)
    if (from.unit === to.unit || to.layer < from.layer) return []
    return [`${file} imports ${target}: ${to.unit} is not below ${from.unit}`]
  })
}

const coreImports = [...sources]
  .filter(([file]) => file.startsWith('core/'))
  .flatMap(([file, source]) =>
    localImports(file, source)
      .filter(target => target.startsWith('core/'))
      .map(target => [file, target] as const)
  )

test('every file of the core has its place in the layers', () => {
  const unplaced = [...sources.keys()].filter(
    file => file.startsWith('core/') && coreUnit(file).layer < 0
  )
  assert.deepEqual(unplaced, [])
})

test('the layer check refuses an import upward or sideways', () => {
  assert.deepEqual(
    nonDownwardImports([
      ['core/age/fifo.ts', 'core/dump/follow.ts'],
      ['core/client/x.ts', 'core/connection/y.ts'],
      ['core/dump/dump.ts', 'core/dump/plan.ts'],
      ['core/dump/scrub.ts', 'core/restore/restricted.ts']
    ]),
    [
      'core/age/fifo.ts imports core/dump/follow.ts: dump/ is not below age/',
      'core/client/x.ts imports core/connection/y.ts: connection/ is not below client/'
    ]
  )
})

test('no file of the core imports from its layer or above', () => {
  assert.ok(coreImports.length > 100)
  assert.deepEqual(nonDownwardImports(coreImports), [])
})
