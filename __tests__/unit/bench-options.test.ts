// The benchmark's command line (bench/options.ts), its database shapes
// (bench/shapes.ts) and how a row's figures meet its target
// (bench/report.ts): what `npm run bench` measures is decided here, before
// any server starts.
import assert from 'node:assert/strict'
import { test } from 'node:test'
import { parseOptions, parseSize, wanted } from '../../bench/options.ts'
import type { Contender, Measurement } from '../../bench/measure.ts'
import { evaluate, sortRows, textTable } from '../../bench/report.ts'
import { SHAPES, SHAPE_NAMES } from '../../bench/shapes.ts'

test('by default: 1 GB, 3 runs, every shape, jobs 2, every row', () => {
  const opts = parseOptions([])!
  assert.equal(opts.sizeBytes, 2 ** 30)
  assert.equal(opts.runs, 3)
  assert.deepEqual(opts.shapes, ['mixed', 'compressible', 'incompressible'])
  assert.equal(opts.jobs, 2)
  assert.equal(opts.only.size, 0)
  assert.ok(wanted(opts, 1) && wanted(opts, 10))
})

test('--shapes picks shapes, in the shapes’ own order', () => {
  assert.deepEqual(
    parseOptions(['--shapes', 'incompressible, mixed'])!.shapes,
    ['mixed', 'incompressible']
  )
  assert.deepEqual(parseOptions(['--shapes=compressible'])!.shapes, [
    'compressible'
  ])
})

for (const bad of ['bogus', '', 'mixed,zipped', ',']) {
  test(`--shapes '${bad}' is refused, naming the shapes`, () =>
    assert.throws(
      () => parseOptions(['--shapes', bad]),
      /--shapes .*expected one or more of mixed, compressible, incompressible/
    ))
}

test('--only takes rows 1–13; --jobs 2 or more; --runs 1 or more', () => {
  const opts = parseOptions(['--only', '3,10', '--jobs', '4', '--runs', '1'])!
  assert.deepEqual([...opts.only], [3, 10])
  assert.equal(opts.jobs, 4)
  assert.ok(wanted(opts, 1, 3) && !wanted(opts, 1, 2))
  assert.throws(() => parseOptions(['--only', '14']), /--only '14'/)
  assert.throws(() => parseOptions(['--jobs', '1']), /--jobs '1'/)
  assert.throws(() => parseOptions(['--runs', '0']), /--runs '0'/)
  assert.throws(() => parseOptions(['--shape', 'mixed']), /--shape/)
  assert.equal(parseOptions(['--help']), undefined)
})

test('--size reads binary units and wants 20 MB or more', () => {
  assert.equal(parseSize('60MB'), 60 * 2 ** 20)
  assert.equal(parseSize('1.5g'), 1.5 * 2 ** 30)
  assert.throws(() => parseSize('10MB'), /at least 20MB/)
  assert.throws(() => parseSize('big'), /expected e.g. 1GB/)
})

test('the shapes: mixed, compressible (4 tables, an index each), incompressible (one bytea table)', () => {
  assert.deepEqual(SHAPE_NAMES, ['mixed', 'compressible', 'incompressible'])
  for (const shape of SHAPES) {
    const share = shape.tables.reduce((sum, t) => sum + t.share, 0)
    assert.ok(Math.abs(share - 1) < 1e-9, `${shape.name}: shares sum to 1`)
    const names = shape.tables.map(t => t.name)
    assert.equal(new Set(names).size, names.length)
  }
  const [mixed, compressible, incompressible] = SHAPES
  assert.equal(mixed.sizeShare, 1)
  assert.equal(compressible.tables.length, 4)
  assert.ok(compressible.tables.every(t => t.indexes.length === 1))
  assert.ok(compressible.tables.every(t => /\bjsonb\b/.test(t.create)))
  assert.equal(incompressible.tables.length, 1)
  assert.match(incompressible.tables[0].create, /\bbytea\b/)
  // the pool uses pgcrypto only where the server has it
  assert.match(incompressible.pool({ pgcrypto: true }), /gen_random_bytes/)
  assert.doesNotMatch(incompressible.pool({ pgcrypto: false }), /pgcrypto/)
  assert.match(incompressible.pool({ pgcrypto: false }), /sha256/)
})

const side = (
  label: string,
  samples: number[],
  unit: Contender['unit'] = 's'
) => ({ label, unit, samples }) as Contender

function row(
  a: number[],
  b: number[],
  more: Partial<Measurement> = {}
): Measurement {
  return {
    id: 'x',
    title: '1 custom dump (compressible)',
    shape: 'compressible',
    a: side('action', a),
    b: side('bare', b),
    maxRatio: 1.05,
    target: '≤ 1.05',
    description: '',
    ...more
  }
}

test('a row passes at or under its ratio, on the medians, and keeps its shape', () => {
  const pass = evaluate(row([10.4, 10.5, 99], [10, 10, 10]))
  assert.equal(pass.ratio, 1.05)
  assert.equal(pass.pass, true)
  assert.equal(pass.shape, 'compressible')
  assert.equal(evaluate(row([10.6], [10])).pass, false)
})

test('row 5: under the absolute bound and flat with size, both', () => {
  const rss = (a: number, b: number) =>
    evaluate(
      row([a], [b], {
        title: '5 action peak RSS (mixed)',
        a: side('large db', [a], 'MB'),
        b: side('small db', [b], 'MB'),
        maxRatio: 1.1,
        maxA: 120
      })
    ).pass
  assert.equal(rss(100, 95), true)
  assert.equal(rss(125, 120), false) // flat, but over 120 MB
  assert.equal(rss(110, 90), false) // under 120 MB, but grows with size
})

test('a skipped row is neither an error nor a result', () => {
  const skipped = evaluate(
    row([10], [], { skipped: 'needs PostgreSQL 15 or newer' })
  )
  assert.equal(skipped.error, undefined)
  assert.equal(skipped.pass, undefined)
  assert.equal(skipped.ratio, undefined)
  assert.match(textTable([skipped]), /— skipped[\s\S]*needs PostgreSQL 15/)
})

test('rows print by number, then by shape in --shapes order', () => {
  const titled = (title: string, shape?: string) =>
    evaluate(row([1], [1], { title, shape }))
  const rows = sortRows(
    [
      titled('10 restore vs 4 steps (mixed)', 'mixed'),
      titled('2 directory dump (incompressible)', 'incompressible'),
      titled('1 custom dump (incompressible)', 'incompressible'),
      titled('6 a run failing on a bad input'),
      titled('1 custom dump (mixed)', 'mixed'),
      titled('2 directory dump (mixed)', 'mixed')
    ],
    ['mixed', 'incompressible']
  )
  assert.deepEqual(
    rows.map(r => r.title),
    [
      '1 custom dump (mixed)',
      '1 custom dump (incompressible)',
      '2 directory dump (mixed)',
      '2 directory dump (incompressible)',
      '6 a run failing on a bad input',
      '10 restore vs 4 steps (mixed)'
    ]
  )
})
