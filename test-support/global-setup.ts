// `npm test`'s global setup (node --test --test-global-setup): before any
// test file starts, gets what the suite needs here, once for all of them:
// the PostgreSQL client tools (the action's apt plan: PGDG, else the
// distribution's client) and age. Where they cannot be installed (not root
// and no sudo, no apt, another system), it ends the run in seconds with one
// message naming the one command to run, having started and written
// nothing. Each test file still checks for itself, so that it runs alone.
import { ensureAge, hasAge } from './age.ts'
import { aptCannot } from './apt.ts'
import { fixCommand } from './pg-server/fix-command.ts'
import {
  describeSetup,
  ensurePostgres,
  PostgresMissing
} from './pg-server/setup.ts'

function stop(message: string): never {
  process.stderr.write(`\npg-dumper tests cannot run here. ${message}\n\n`)
  process.exit(1)
}

export async function globalSetup(): Promise<void> {
  // age is named in the same command when apt cannot install it either
  const ageToo = !hasAge() && Boolean((await aptCannot()).reason)
  try {
    const setup = await ensurePostgres()
    await ensureAge()
    process.stderr.write(`pg-dumper tests: ${describeSetup(setup)}\n`)
  } catch (error) {
    if (!(error instanceof PostgresMissing) || !ageToo) {
      stop(error instanceof Error ? error.message : String(error))
    }
    const alone = `Run: ${fixCommand(error.missing)}`
    const both = `Run: ${fixCommand(error.missing, {}, ['age'])}`
    stop(error.message.replace(alone, `age is missing too. ${both}`))
  }
}
