// The bundled action reads its dump back in a thread of its own at the
// lowest priority while pg_dump writes it: that thread alone is niced, never
// the step's own thread or pg_dump, and the dump is verified as before. A
// pg-bin-dir whose pg_dump looks at the step's threads while it dumps
// shows it.
import assert from 'node:assert/strict'
import {
  chmod,
  mkdir,
  readFile,
  readdir,
  rm,
  symlink,
  writeFile
} from 'node:fs/promises'
import { join } from 'node:path'
import { after, before, describe, test } from 'node:test'
import { seededServer, type SeededServer } from '../../test-support/fixtures.ts'
import { clientBinDir } from '../../test-support/pg-server.ts'
import { runStepIn } from '../../test-support/run-action.ts'

let seeded: SeededServer
let bin: string
let seen: string

before(async () => {
  seeded = await seededServer({
    database: 'niced',
    seed: `CREATE TABLE "Mixed Case" (id int, body text);
INSERT INTO "Mixed Case" SELECT i, repeat(md5(i::text), 10) FROM generate_series(1, 50000) i;
CREATE TABLE other AS SELECT generate_series(1, 20000) AS x;`,
    tempPrefix: 'pg-dumper-niced-'
  })
  bin = join(seeded.dir, 'bin')
  seen = join(seeded.dir, 'seen')
  await mkdir(bin)
  await mkdir(seen)
  const real = clientBinDir()
  const tool = (t: string) => (real ? join(real, t) : t)
  for (const t of ['pg_restore', 'psql']) await symlink(tool(t), join(bin, t))
  // runs pg_dump; until a thread of the step is at nice 19 (10 s at most;
  // the step waits for this script, so its reading thread waits too), then
  // writes every thread of the step, pg_dump and itself with their nice
  // values
  await writeFile(
    join(bin, 'pg_dump'),
    `#!/bin/bash
case "$1" in --version|-V) exec "${tool('pg_dump')}" "$@" ;; esac
"${tool('pg_dump')}" "$@" &
dump=$!
nice_of() { local s; s=$(<"$1") || return; s=\${s##*) }; set -- $s; echo "\${17}"; }
# pg_dump's, while it surely runs (the step waits for this script's end)
dumped="pg_dump $dump $(nice_of /proc/$dump/stat)"
for i in $(seq 200); do
  for t in /proc/$PPID/task/*; do [ "$(nice_of "$t/stat")" = 19 ] && break 2; done
  sleep 0.05
done
{
  for t in /proc/$PPID/task/*; do echo "step \${t##*/} $(nice_of "$t/stat")"; done
  echo "$dumped"
  echo "wrapper $$ $(nice_of /proc/$$/stat)"
  echo "parent $PPID"
} > "${seen}/$$.txt"
wait $dump
`
  )
  await chmod(join(bin, 'pg_dump'), 0o755)
})
after(() => seeded?.stop())

/** What the pg_dump wrapper saw while it dumped: one run's lines. */
async function seenOnce(): Promise<string[][]> {
  const files = await readdir(seen)
  assert.equal(files.length, 1, files.join(' '))
  const text = await readFile(join(seen, files[0]), 'utf8')
  return text
    .trim()
    .split('\n')
    .map(line => line.split(' '))
}

describe('the read-back thread', () => {
  for (const [format, inputs] of [
    ['custom', {}],
    ['directory', { format: 'directory', jobs: '2' }]
  ] as const) {
    test(`of a ${format} dump runs at nice 19, the step and pg_dump at their own priority`, async () => {
      await rm(seen, { recursive: true })
      await mkdir(seen)
      const run = await runStepIn(seeded.dir, {
        mode: 'dump',
        connection: seeded.server.uri(seeded.db),
        'pg-bin-dir': bin,
        ...inputs
      })
      assert.equal(run.exitCode, 0, run.stdout + run.stderr)
      assert.match(run.stdout, /Verified: /)
      const lines = await seenOnce()
      const all = lines.map(line => line.join(' ')).join('\n')
      const step = lines.filter(([who]) => who === 'step')
      // a thread of the step's own, not its main thread (its id the process's)
      const [, parent] = lines.find(([who]) => who === 'parent') ?? []
      const niced = step.filter(([, , nice]) => nice === '19')
      assert.equal(niced.length, 1, all)
      assert.notEqual(niced[0][1], parent, all)
      assert.ok(
        step.some(([, tid, nice]) => tid === parent && nice === '0'),
        all
      )
      // every other thread, pg_dump and what started it: the step's priority
      const others = lines.filter(
        ([who, , nice]) => who !== 'parent' && nice !== '19'
      )
      assert.ok(
        others.some(([who]) => who === 'pg_dump'),
        all
      )
      assert.ok(
        others.some(([who]) => who === 'wrapper'),
        all
      )
      for (const [who, id, nice] of others) {
        assert.equal(nice, '0', `${who} ${id} at nice ${nice}`)
      }
    })
  }
})
