// The advice when excluded schemas hold what kept objects use: extension
// members as one line per extension, the rest named then counted by kind,
// one wording at dump and at restore (read from a verbose table of contents).
import assert from 'node:assert/strict'
import { test } from 'node:test'
import { summaryRows } from '../../src/action/summary.ts'
import { tocKeptUses } from '../../src/core/archive/toc-uses.ts'
import { keptUsesWarnings, type KeptUse } from '../../src/core/kept-objects.ts'

const use = (dependent: string, used: string, extension?: string): KeptUse => {
  const [kind, object] = dependent.startsWith('table column ')
    ? ['table column', dependent.slice(13).replace(/\.[^.]+$/, '')]
    : [
        dependent.slice(0, dependent.indexOf(' ')),
        dependent.slice(dependent.indexOf(' ') + 1)
      ]
  return {
    dependent,
    kind,
    object,
    objectKind: kind === 'table column' ? 'table' : kind,
    used,
    usedKind: used.slice(0, used.lastIndexOf(' ')).replace(/ public.*$/, ''),
    extension
  }
}

test('uses of extension members are one line per extension, counted by object kind, never named one by one', () => {
  const uses = [
    use('table column tww_od.node.g', 'type public.geometry', 'postgis'),
    use('table column tww_od.node.h', 'type public.geometry', 'postgis'),
    use('table column tww_od.reach.g', 'type public.geometry', 'postgis'),
    use(
      'index tww_od.node_g_idx',
      'operator class public.gist_geometry_ops_2d',
      'postgis'
    ),
    use(
      'view tww_app.vw',
      'function public.st_length(public.geometry)',
      'postgis'
    ),
    use('table column tww_od.node.attrs', 'type public.hstore', 'hstore')
  ]
  assert.deepEqual(
    keptUsesWarnings(uses, ['public'], { at: 'dump', createsExtensions: true }),
    [
      'Kept objects (1 table) use types of extension hstore: the target needs it (the dump still creates it).',
      'Kept objects (2 tables, 1 index and 1 view) use functions, operator classes and types of extension postgis: the target needs it (the dump still creates it).'
    ]
  )
  assert.match(
    keptUsesWarnings(uses, ['public'], {
      at: 'dump',
      createsExtensions: false
    })[0],
    /the target needs it \(the dump does not create it: create it in the target first\)\.$/
  )
})

test('other uses are named, the first twenty, the rest counted by kind; the last sentence says dump or restore', () => {
  const uses = [
    ...Array.from({ length: 22 }, (_, i) =>
      use(`view app.v${String(i).padStart(2, '0')}`, 'table public.t')
    ),
    use('trigger stamp on app.item', 'function public.stamp()'),
    use('view app.v00', 'table public.t')
  ]
  const [dump] = keptUsesWarnings(uses, ['public', 'scratch'], {
    at: 'dump',
    createsExtensions: true
  })
  assert.match(
    dump,
    /^Kept objects use the excluded schemas public, scratch: view app\.v00 \(uses table public\.t\); view app\.v01/
  )
  assert.equal(dump.match(/\(uses /g)?.length, 20)
  assert.match(
    dump,
    /; … and 3 more \(2 views and 1 trigger\)\. Restoring this dump fails on them unless the target holds those objects already\.$/
  )
  const [restore] = keptUsesWarnings(uses.slice(0, 1), ['public'], {
    at: 'restore',
    createsExtensions: true
  })
  assert.equal(
    restore,
    'Kept objects use the excluded schema public: view app.v00 (uses table public.t). This restore fails on them unless the target holds those objects already.'
  )
  assert.deepEqual(
    keptUsesWarnings([], ['public'], { at: 'dump', createsExtensions: true }),
    []
  )
})

// as `pg_restore --list --verbose` prints it (PostgreSQL 15), trimmed
const list = `;
; Selected TOC Entries:
;
9; 2615 17558 SCHEMA - tww_app postgres
8; 2615 17557 SCHEMA - My Schema postgres
10; 2615 17559 SCHEMA - gis postgres
4400; 0 0 COMMENT - SCHEMA tww_app postgres
;	depends on: 9
2; 3079 16385 EXTENSION - postgis 
;	depends on: 10
3; 3079 17429 EXTENSION - hstore 
1026; 1255 17587 FUNCTION public f() postgres
1025; 1255 17575 FUNCTION tww_app touch() postgres
;	depends on: 9
226; 1259 17581 TABLE public own postgres
;	depends on: 2 2 2
223; 1259 17559 TABLE My Schema node postgres
;	depends on: 2 2 3 8
230; 1259 17615 VIEW tww_app own_v postgres
;	depends on: 226 226 9 2
227; 1259 17588 TABLE My Schema usesf postgres
;	depends on: 1026 8
4384; 0 17581 TABLE DATA public own postgres
;	depends on: 226
4226; 2606 17565 FK CONSTRAINT My Schema node node_own_fkey postgres
;	depends on: 223 226
4230; 2620 17576 TRIGGER My Schema node touch postgres
;	depends on: 223 1025
4387; 0 17609 MATERIALIZED VIEW DATA tww_app mv postgres
;	depends on: 4384`

test('a verbose table of contents tells which kept entries use the excluded schemas, in the dump’s names', () => {
  const schemas = ['My Schema', 'gis', 'public', 'tww_app']
  const pairs = (excluded: string[]) =>
    tocKeptUses(list, excluded, schemas).map(u => `${u.dependent} -> ${u.used}`)
  assert.deepEqual(pairs(['public']), [
    'table "My Schema".usesf -> function public.f()',
    'table constraint node_own_fkey on "My Schema".node -> table public.own',
    'view tww_app.own_v -> table public.own'
  ])
  // a trigger calling a function of the excluded schema; the schema's own
  // comment and the rows of a materialized view are no kept use
  assert.deepEqual(pairs(['tww_app']), [
    'trigger touch on "My Schema".node -> function tww_app.touch()'
  ])
  // an extension created in an excluded schema
  assert.deepEqual(pairs(['gis']), ['extension postgis -> schema gis'])
  // what uses the extension's entry is in no schema: nothing to say
  assert.deepEqual(pairs(['My Schema']), [])
})

test('the summary of a schemas dump names them', () => {
  const rows = new Map(
    summaryRows({
      mode: 'dump',
      database: 'tww',
      excludeSchemas: [],
      schemas: ['tww_app', 'TWW_od']
    })
  )
  assert.equal(rows.get('Schemas'), '<code>tww_app</code>, <code>TWW_od</code>')
  assert.equal(rows.get('Excluded schemas'), 'none')
  assert.equal(
    summaryRows({ mode: 'dump', database: 'tww', excludeSchemas: [] }).some(
      ([label]) => label === 'Schemas'
    ),
    false
  )
})
