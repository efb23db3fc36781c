// Installing what the tests need with apt, as root or through `sudo -n`, the
// way the action's install-client: auto does: one apt at a time for all test
// processes, each announced in one line on stderr.
import { rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import {
  aptGetInstall,
  installPlanForThisMachine
} from '../src/core/client/install.ts'
import { runCommands } from '../src/core/client/install-run.ts'
import type { Logger } from '../src/core/logger.ts'
import {
  exitOnSignals,
  processAlive,
  readFileSyncSafe
} from './pg-server/os-helpers.ts'

const LOCK = join(tmpdir(), 'pg-dumper-client-install.lock')

/** Runs fn while holding a lock all test processes share (one apt at a time). */
export async function withInstallLock<T>(fn: () => Promise<T>): Promise<T> {
  for (;;) {
    try {
      writeFileSync(LOCK, String(process.pid), { flag: 'wx' })
      break
    } catch {
      const owner = Number(readFileSyncSafe(LOCK).trim())
      if (!(owner > 0 && processAlive(owner))) rmSync(LOCK, { force: true })
      else await new Promise(resolve => setTimeout(resolve, 500))
    }
  }
  const release = () => rmSync(LOCK, { force: true })
  process.on('exit', release)
  exitOnSignals()
  try {
    return await fn()
  } finally {
    release()
    process.off('exit', release)
  }
}

/** Says on stderr what a test set-up does and what goes wrong; the rest stays quiet. */
export const announcingLogger: Logger = {
  info: () => undefined,
  warning: message => process.stderr.write(`pg-dumper tests: ${message}\n`),
  debug: () => undefined,
  group: (_name, fn) => fn()
}

/**
 * Why apt cannot install here (not Linux, no apt-get, not root and no sudo,
 * no codename), or undefined when it can; with the `sudo -n` prefix to use.
 */
export async function aptCannot(): Promise<{
  reason?: string
  sudo: string[]
}> {
  // the client's plan checks exactly what any apt install needs
  const { plan, reason } = await installPlanForThisMachine(16)
  return { reason: plan ? undefined : reason, sudo: plan?.sudo ?? [] }
}

/**
 * `apt-get update` and `apt-get install -y --no-install-recommends` the
 * packages, unless `present()` says another process already did. Throws
 * with the reason when apt cannot install here or the install fails.
 */
export async function aptInstall(
  packages: readonly string[],
  present: () => boolean
): Promise<void> {
  const { reason, sudo } = await aptCannot()
  if (reason) throw new Error(`apt cannot install here: ${reason}`)
  await withInstallLock(async () => {
    if (present()) return
    announcingLogger.warning(
      `installing ${packages.join(' ')} with apt, as the tests need ${packages.length > 1 ? 'them' : 'it'}`
    )
    await runCommands(
      [{ argv: [...sudo, 'apt-get', 'update'] }, aptGetInstall(sudo, packages)],
      announcingLogger
    )
  })
}
