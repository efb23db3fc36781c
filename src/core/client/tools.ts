// The three client programs in a folder: whether they are there, and which
// version they are.
import { getExecOutput } from '@actions/exec'
import { constants } from 'node:fs'
import { access, stat } from 'node:fs/promises'
import { join } from 'node:path'
import { childEnv, commandLine, ToolNotRunnable } from '../process/runner.ts'
import { parseVersion, type PgVersion } from '../versions.ts'

/** The programs pg-dumper runs. */
export const TOOLS = ['pg_dump', 'pg_restore', 'psql'] as const

export function executableName(
  tool: string,
  platform: NodeJS.Platform
): string {
  return platform === 'win32' ? `${tool}.exe` : tool
}

/** The tools binDir lacks as executable files, of pg_dump, pg_restore and psql. */
export async function missingTools(
  binDir: string,
  platform: NodeJS.Platform = process.platform
): Promise<string[]> {
  const missing: string[] = []
  for (const tool of TOOLS) {
    const file = join(binDir, executableName(tool, platform))
    try {
      if (!(await stat(file)).isFile()) throw new Error('not a file')
      await access(file, constants.X_OK)
    } catch {
      missing.push(tool)
    }
  }
  return missing
}

/**
 * The version of the client in binDir: runs `pg_dump --version` there.
 * Throws ToolNotRunnable when it does not run, fails or prints no version.
 */
export async function clientVersion(
  binDir: string,
  platform: NodeJS.Platform = process.platform
): Promise<PgVersion> {
  const pgDump = join(binDir, executableName('pg_dump', platform))
  const result = await getExecOutput(commandLine(pgDump), ['--version'], {
    ignoreReturnCode: true,
    silent: true,
    env: childEnv()
  }).catch((error: unknown) => {
    throw new ToolNotRunnable(
      error instanceof Error ? error.message : String(error)
    )
  })
  const version =
    result.exitCode === 0 ? parseVersion(result.stdout.trim()) : undefined
  if (!version) {
    const said = (result.stderr || result.stdout).trim()
    throw new ToolNotRunnable(
      `${pgDump} --version exited ${result.exitCode}` +
        (said ? `: ${said}` : ' without a version')
    )
  }
  return version
}
