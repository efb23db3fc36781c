// Which psql releases have restricted mode (\restrict, August 2025), which
// every script pg-dumper runs through psql needs.
import assert from 'node:assert/strict'
import { chmod, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { after, before, describe, test } from 'node:test'
import { ClientResolver } from '../../src/core/client/resolver.ts'
import { PgClientVersionMismatch } from '../../src/core/errors.ts'
import { coreWording } from '../../src/core/wording.ts'
import { captureLogger } from '../../test-support/capture-logger.ts'
import {
  hasRestrictedMode,
  parseVersion,
  RESTRICTED_MODE_RELEASES
} from '../../src/core/versions.ts'

const cases: [string, boolean][] = [
  ['12.22', false],
  ['13.21', false],
  ['13.22', true],
  ['14.18', false],
  ['14.19', true],
  ['15.13', false],
  ['15.14', true],
  ['15.18', true],
  ['16.9', false],
  ['16.10', true],
  ['17.5', false],
  ['17.6', true],
  ['18.0', true],
  ['18beta1', true],
  ['19.1', true],
  ['9.6.24', false]
]
for (const [text, has] of cases) {
  test(`psql ${text} ${has ? 'has' : 'has no'} restricted mode`, () => {
    const version = parseVersion(text)
    assert.ok(version)
    assert.equal(hasRestrictedMode(version), has)
  })
}

test('the message names the first release of each major that has it', () => {
  assert.equal(
    RESTRICTED_MODE_RELEASES,
    '13.22, 14.19, 15.14, 16.10, 17.6 or newer of each major, or any 18+'
  )
})

describe('choosing a psql for a script', () => {
  let root: string
  before(async () => {
    root = await mkdtemp(join(tmpdir(), 'pg-dumper-restricted-'))
    // an old 15 and a current 16, as Debian lays them out
    for (const [major, version] of [
      ['15', '15.13'],
      ['16', '16.10']
    ]) {
      const bin = join(root, 'usr/lib/postgresql', major, 'bin')
      await mkdir(bin, { recursive: true })
      for (const tool of ['pg_dump', 'pg_restore', 'psql']) {
        await writeFile(
          join(bin, tool),
          `#!/bin/sh\necho '${tool} (PostgreSQL) ${version}'\n`
        )
        await chmod(join(bin, tool), 0o755)
      }
    }
  })
  after(() => rm(root, { recursive: true, force: true }))

  const resolver = (install: 'never' | 'auto' = 'never') =>
    new ClientResolver(
      { install, search: { root, platform: 'linux', path: '' } },
      captureLogger(),
      coreWording
    )
  const need = { major: 15, why: 'the server (15.13)', tool: 'psql' as const }

  test('without a script, the oldest client new enough', async () => {
    assert.equal((await resolver().resolve(need)).version?.text, '15.13')
  })
  test('for a script, the oldest with restricted mode', async () => {
    const chosen = await resolver().resolve({ ...need, restricted: true })
    assert.equal(chosen.version?.text, '16.10')
  })
  test('none with restricted mode: PgClientVersionMismatch naming the releases', async () => {
    await assert.rejects(
      resolver().resolve({ ...need, major: 17, restricted: true }),
      (error: unknown) =>
        error instanceof PgClientVersionMismatch &&
        /restricted mode.*13\.22, 14\.19, 15\.14, 16\.10, 17\.6/.test(
          error.message
        ) &&
        /installClient.*never/.test(error.message)
    )
  })
})
