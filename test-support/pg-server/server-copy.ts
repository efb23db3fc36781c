// A pg-server-<N> package the postgres user cannot reach (node_modules under
// /root, mode 700) is linked or copied into a temp folder it can, removed
// when the process exits.
import { rmSync } from 'node:fs'
import { chmod, mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { basename, dirname, join } from 'node:path'
import { exitOnSignals } from './os-helpers.ts'
import { run } from './run.ts'
import { ownerCanRun, type Owner } from './server-tool.ts'

const copies = new Map<string, Promise<string>>()

async function copyPackage(bin: string): Promise<string> {
  const native = dirname(bin)
  if (basename(native) !== 'native') {
    throw new Error(
      `the OS user postgres cannot run ${bin}/postgres: make the folder readable by it`
    )
  }
  const dir = await mkdtemp(join(tmpdir(), 'pg-dumper-server-bin-'))
  process.on('exit', () => rmSync(dir, { recursive: true, force: true }))
  exitOnSignals()
  await chmod(dir, 0o755)
  const target = join(dir, 'native')
  // hard links cost nothing; another file system needs a copy
  let copy = await run('cp', ['-al', native, target])
  if (copy.code !== 0) {
    await rm(target, { recursive: true, force: true })
    copy = await run('cp', ['-a', native, target])
  }
  if (copy.code !== 0) {
    throw new Error(`cp -a ${native} ${target} failed: ${copy.stderr}`)
  }
  return join(target, 'bin')
}

/**
 * bin itself when the server's owner can run its programs (or we are not
 * root); else a copy of its pg-server-<N> package where the owner can.
 */
export function runnableBin(
  bin: string,
  owner: Owner | undefined
): Promise<string> {
  if (!owner) return Promise.resolve(bin)
  let made = copies.get(bin)
  if (!made) {
    made = ownerCanRun(bin).then(ok => (ok ? bin : copyPackage(bin)))
    copies.set(bin, made)
    made.catch(() => copies.delete(bin))
  }
  return made
}
