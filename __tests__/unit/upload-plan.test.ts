// How each dump goes up as an artifact: as it is, zipped without
// recompression, or zipped — a table of format, level and compression.
import assert from 'node:assert/strict'
import { test } from 'node:test'
import { uploadPlan, type UploadPlan } from '../../src/artifacts/upload-plan.ts'
import type { DumpFormat } from '../../src/core/args.ts'
import type { Compression } from '../../src/core/dump/compression.ts'

const cases: [
  DumpFormat,
  'auto' | number,
  Compression | undefined,
  UploadPlan
][] = [
  ['custom', 'auto', undefined, { raw: true }],
  ['custom', 'auto', { method: 'zstd', level: 3 }, { raw: true }],
  ['custom', 'auto', { method: 'none' }, { raw: false, level: 6 }],
  ['custom', 6, undefined, { raw: false, level: 6 }],
  ['custom', 0, undefined, { raw: false, level: 0 }],
  ['directory', 'auto', undefined, { raw: false, level: 0 }],
  ['directory', 'auto', { method: 'none' }, { raw: false, level: 6 }],
  ['directory', 9, undefined, { raw: false, level: 9 }],
  ['plain', 'auto', undefined, { raw: false, level: 6 }],
  ['tar', 'auto', undefined, { raw: false, level: 6 }]
]

for (const [format, level, compression, plan] of cases) {
  const how = plan.raw ? 'as it is' : `zipped at level ${plan.level}`
  test(`${format} with compression-level ${level}${compression ? ` and compress ${compression.method}` : ''} goes up ${how}`, () => {
    assert.deepEqual(uploadPlan(format, level, compression), plan)
  })
}
