// Cancelling a plain restore: SIGTERM alone ends psql but lets its running
// statement go on and commit. The step must cancel the statement on the
// server, so that nothing is applied after the step has failed.
import assert from 'node:assert/strict'
import { mkdtemp, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { setTimeout as sleep } from 'node:timers/promises'
import { after, before, test } from 'node:test'
import { signalTwice, startAction, waitFor } from '../../test-support/faults.ts'
import { seededServer, type SeededServer } from '../../test-support/fixtures.ts'
import { EXTERNAL, type TestServer } from '../../test-support/pg-server.ts'
import { errorLine, pgBinDirInput } from '../../test-support/run-action.ts'

let seeded: SeededServer
let server: TestServer
let dir: string
let target: string

before(async () => {
  seeded = await seededServer({
    database: 'cancel_plain',
    seed: 'SELECT 1',
    tempPrefix: 'pg-dumper-cancel-plain-'
  })
  ;({ server, dir, db: target } = seeded)
})
after(() => seeded?.stop())

const SLEEP_S = 4

const CASES = [
  { single: 'false', twice: false },
  { single: 'true', twice: false },
  // issue 19: a second SIGTERM 10 ms later, to the process group as
  // `timeout` sends it (psql gets both)
  { single: 'true', twice: true },
  // psql, killed by the group's signal, cannot cancel its statement: the
  // server ends it once it sees psql gone (client_connection_check_interval)
  { single: 'false', twice: true }
]

for (const { single, twice } of CASES) {
  test(
    `SIGTERM${twice ? ' twice 10 ms apart to the process group' : ''} during a plain restore's statement (single-transaction ${single}) cancels it on the server: nothing is applied after the step failed`,
    { skip: EXTERNAL && 'needs a server of its own' },
    async () => {
      const cwd = await mkdtemp(join(dir, 'ws-'))
      const marker = `marker_${single}${twice ? '_twice' : ''}`
      await writeFile(
        join(cwd, 'slow.sql'),
        `CREATE TABLE ${marker} AS SELECT 1 AS x FROM pg_sleep(${SLEEP_S});\n`
      )
      const step = await startAction(
        {
          ...pgBinDirInput(),
          mode: 'restore',
          connection: server.uri(target),
          file: 'slow.sql',
          'single-transaction': single
        },
        { cwd, group: twice }
      )
      await waitFor('the slow statement to run', async () => {
        const running = await server.psql(
          'postgres',
          `SELECT count(*) FROM pg_stat_activity WHERE datname = '${target}' AND query LIKE '%pg_sleep(${SLEEP_S})%' AND state = 'active' AND pid <> pg_backend_pid()`
        )
        return running === '1'
      })
      if (twice) await signalTwice(step.pid, 'SIGTERM', { group: true })
      else process.kill(step.pid, 'SIGTERM')
      const run = await step.finished
      assert.equal(run.exitCode, 1, run.stdout)
      assert.match(errorLine(run), /OperationCancelled: Cancelled by SIGTERM/)
      // long enough for the statement to have committed, had it gone on
      await sleep((SLEEP_S + 1) * 1000)
      assert.equal(
        await server.psql(
          target,
          `SELECT to_regclass('public.${marker}') IS NULL`
        ),
        't',
        'the statement committed after the step had failed'
      )
    }
  )
}
