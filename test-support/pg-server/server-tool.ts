// Running the server programs (initdb, pg_ctl, postgres) of one bin dir: as
// the postgres user when we are root, since initdb refuses to run as root.
import { join } from 'node:path'
import { clientEnv } from './client.ts'
import { run, type RunResult } from './run.ts'

async function idOf(user: string, flag: '-u' | '-g'): Promise<number> {
  const result = await run('id', [flag, user])
  if (result.code !== 0) {
    throw new Error(
      `initdb refuses to run as root and there is no OS user "${user}" to run ` +
        `it as. Create one with: useradd --system ${user}`
    )
  }
  return Number(result.stdout.trim())
}

const SERVER_USER = 'postgres'

export interface Owner {
  uid: number
  gid: number
}

/** As root: the postgres user, who runs every server program (initdb refuses root). */
export async function serverOwner(): Promise<Owner | undefined> {
  if (process.getuid?.() !== 0) return undefined
  return {
    uid: await idOf(SERVER_USER, '-u'),
    gid: await idOf(SERVER_USER, '-g')
  }
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
