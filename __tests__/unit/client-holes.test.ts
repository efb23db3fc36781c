// Clients with known holes: which releases are fixed, and the warning for
// an older one, in each front end's words.
import assert from 'node:assert/strict'
import { describe, test } from 'node:test'
import { actionWording } from '../../src/action/logger.ts'
import { cliWording } from '../../src/cli/wording.ts'
import {
  CLIENT_HOLES,
  holeStatus,
  holeWarnings
} from '../../src/core/client/holes.ts'
import { parseVersion, type PgVersion } from '../../src/core/versions.ts'

const v = (text: string) => parseVersion(text) as PgVersion
const lobj = CLIENT_HOLES.find(h => h.cve === 'CVE-2026-6477')

describe('CVE-2026-6477 (libpq large-object reads in pg_dump)', () => {
  test('is fixed in 18.4, 17.10, 16.14, 15.18 and 14.23, for pg_dump', () => {
    assert.ok(lobj)
    assert.equal(lobj.tool, 'pg_dump')
    assert.deepEqual(lobj.fixedIn, ['14.23', '15.18', '16.14', '17.10', '18.4'])
  })

  const cases: [string, string][] = [
    ['15.17', 'older than 15.18'],
    ['15.18', 'fixed'],
    ['15.19', 'fixed'],
    ['14.0', 'older than 14.23'],
    ['14.22', 'older than 14.23'],
    ['14.23', 'fixed'],
    ['16.13', 'older than 16.14'],
    ['16.14', 'fixed'],
    // minors compare as numbers: 17.9 is older than 17.10
    ['17.9', 'older than 17.10'],
    ['17.10', 'fixed'],
    ['18.3', 'older than 18.4'],
    ['18.4', 'fixed'],
    ['18.10', 'fixed'],
    // released after the fix
    ['19.0', 'fixed'],
    ['19beta1', 'fixed'],
    // out of support: no release of these majors fixes it
    ['13.22', 'unsupported, use 14.23'],
    ['12.22', 'unsupported, use 14.23'],
    ['9.6.24', 'unsupported, use 14.23']
  ]
  for (const [version, expected] of cases) {
    test(`pg_dump ${version}: ${expected}`, () => {
      assert.ok(lobj)
      const status = holeStatus(lobj, v(version))
      const said =
        status.kind === 'fixed'
          ? 'fixed'
          : status.kind === 'older'
            ? `older than ${status.fixed.text}`
            : `unsupported, use ${status.oldest.text}`
      assert.equal(said, expected)
    })
  }

  test('an older pg_dump gets a warning naming the CVE, the release to use and the front end option names', () => {
    for (const [wording, binDir, auto] of [
      [actionWording, 'pg-bin-dir', 'install-client: auto'],
      [cliWording, '--pg-bin-dir', '--install-client auto']
    ] as const) {
      const warnings = holeWarnings('pg_dump', v('15.17'), wording)
      assert.equal(warnings.length, 1)
      const [{ cve, warning }] = warnings
      assert.equal(cve, 'CVE-2026-6477')
      assert.equal(
        warning,
        "pg_dump 15.17 is older than 15.18, the release that fixes CVE-2026-6477: a hostile server could overwrite pg_dump's stack through libpq's large-object reads (lo_read). " +
          `Use pg_dump 15.18 or newer: update postgresql-client-15, or set ${binDir} to a current client (${auto} installs the current release when no installed client fits).`
      )
    }
  })

  test('a pg_dump of a major out of support is told that no release of it is fixed, and which major to use', () => {
    const [{ warning }] = holeWarnings('pg_dump', v('13.22'), actionWording)
    assert.equal(
      warning,
      "pg_dump 13.22 is of PostgreSQL 13, past its end of life: no release of it fixes CVE-2026-6477: a hostile server could overwrite pg_dump's stack through libpq's large-object reads (lo_read). " +
        'Use pg_dump 14.23 or newer (a newer pg_dump dumps older servers too): set pg-version to 14 or later (install-client: auto installs it when it is missing), or pg-bin-dir to a current client.'
    )
  })

  test('a fixed pg_dump, and the tools that do not read large objects, get none', () => {
    assert.deepEqual(holeWarnings('pg_dump', v('15.18'), actionWording), [])
    for (const tool of ['pg_restore', 'psql', 'pg_dumpall'] as const)
      assert.deepEqual(holeWarnings(tool, v('15.17'), actionWording), [])
  })
})
