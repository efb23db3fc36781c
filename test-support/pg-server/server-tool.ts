// Running the server programs (initdb, pg_ctl, postgres) of one bin dir: as
// the postgres user when we are root, since initdb refuses to run as root.
import { join } from 'node:path'
import { clientEnv } from './client.ts'
import { run, type RunResult } from './run.ts'

async function idOf(user: string, flag: '-u' | '-g'): Promise<number> {
  const result = await run('id', [flag, user])
  if (result.code !== 0) throw new Error(`id ${flag} ${user}: ${result.stderr}`)
  return Number(result.stdout.trim())
}

const SERVER_USER = 'postgres'

export interface Owner {
  uid: number
  gid: number
}

/**
 * Creates the OS user the server runs as, as .ci/run and Debian's
 * postgresql package do: a fresh container has none, and initdb refuses root.
 */
async function createServerUser(): Promise<void> {
  process.stderr.write(
    `pg-dumper tests: creating the OS user "${SERVER_USER}" to run PostgreSQL as (initdb refuses root)\n`
  )
  const args = ['--system', '--user-group', '--no-create-home', SERVER_USER]
  const made = await run('useradd', args).catch((error: unknown) => ({
    code: -1,
    stdout: '',
    stderr: String(error)
  }))
  // another test process may have made it meanwhile
  const exists = await run('id', ['-u', SERVER_USER])
  if (exists.code !== 0) {
    throw new Error(
      `initdb refuses to run as root and there is no OS user "${SERVER_USER}" to run ` +
        `it as; creating one failed (${made.stderr.trim()}). Run: useradd ${args.join(' ')}`
    )
  }
}

let owner: Promise<Owner> | undefined

/**
 * As root: the postgres user, who runs every server program (initdb refuses
 * root), created when missing. Undefined when not root.
 */
export function serverOwner(): Promise<Owner | undefined> {
  if (process.getuid?.() !== 0) return Promise.resolve(undefined)
  owner ??= (async () => {
    const exists = await run('id', ['-u', SERVER_USER]).catch(
      (error: unknown) => {
        throw new Error(
          `initdb refuses to run as root, and finding the OS user "${SERVER_USER}" to run it as failed: ${String(error)}`
        )
      }
    )
    if (exists.code !== 0) {
      await createServerUser()
    }
    return {
      uid: await idOf(SERVER_USER, '-u'),
      gid: await idOf(SERVER_USER, '-g')
    }
  })()
  owner.catch(() => (owner = undefined))
  return owner
}

/** True when the server user can run bin's programs (a package under /root cannot). */
export async function ownerCanRun(bin: string): Promise<boolean> {
  const test = await run('runuser', [
    '-u',
    SERVER_USER,
    '--',
    'test',
    '-x',
    join(bin, 'postgres')
  ])
  return test.code === 0
}

export type ServerTool = (
  tool: string,
  args: string[],
  input?: string
) => Promise<RunResult>

/** Runs bin's programs in cwd, as the postgres user when we are root. */
export function serverTool(
  bin: string,
  cwd: string,
  asRoot: boolean
): ServerTool {
  // English messages: the port-collision and locale checks read them
  const env: NodeJS.ProcessEnv = { ...clientEnv(), LC_MESSAGES: 'C' }
  delete env.LC_ALL
  return (tool, args, input) =>
    asRoot
      ? run('runuser', ['-u', SERVER_USER, '--', join(bin, tool), ...args], {
          env,
          cwd,
          input
        })
      : run(join(bin, tool), args, { env, cwd, input })
}
