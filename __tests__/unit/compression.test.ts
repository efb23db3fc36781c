// Parsing the compress input and writing it for each client version.
import assert from 'node:assert/strict'
import { test } from 'node:test'
import {
  compressArg,
  CompressionError,
  parseCompression
} from '../../src/core/dump/compression.ts'

const parsed: [string, unknown][] = [
  ['gzip', { method: 'gzip' }],
  ['gzip:6', { method: 'gzip', level: 6 }],
  ['GZIP:9', { method: 'gzip', level: 9 }],
  ['lz4', { method: 'lz4' }],
  ['zstd:3', { method: 'zstd', level: 3 }],
  ['zstd:22', { method: 'zstd', level: 22 }],
  ['none', { method: 'none' }],
  ['0', { method: 'none' }],
  ['5', { method: 'gzip', level: 5 }]
]
for (const [text, expected] of parsed) {
  test(`parses '${text}'`, () =>
    assert.deepEqual(parseCompression(text), expected))
}

for (const bad of [
  'brotli',
  'gzip:0',
  'gzip:10',
  'lz4:13',
  'zstd:23',
  'none:1',
  '',
  'gzip:',
  '10'
]) {
  test(`refuses '${bad}'`, () =>
    assert.throws(() => parseCompression(bad), CompressionError))
}

const args: [string, number, string | RegExp][] = [
  ['gzip:9', 15, '--compress=9'],
  ['gzip', 15, '--compress=6'],
  ['none', 15, '--compress=0'],
  ['gzip:9', 16, '--compress=gzip:9'],
  ['zstd:3', 17, '--compress=zstd:3'],
  ['lz4', 18, '--compress=lz4'],
  ['none', 16, '--compress=none'],
  [
    'zstd:3',
    15,
    /compress 'zstd:3' needs pg_dump 16 or newer, but the client that runs is PostgreSQL 15/
  ],
  ['lz4', 14, /compress 'lz4' needs pg_dump 16 or newer/]
]
for (const [text, major, expected] of args) {
  test(`'${text}' for pg_dump ${major}: ${String(expected)}`, () => {
    const c = parseCompression(text)
    if (typeof expected === 'string')
      assert.equal(compressArg(c, major), expected)
    else assert.throws(() => compressArg(c, major), expected)
  })
}
