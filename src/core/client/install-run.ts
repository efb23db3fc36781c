// Runs an install plan (install.ts); when PGDG cannot be used (unreachable,
// no such package), undoes what it added and installs the distribution's own
// postgresql-client instead, saying so, if that is new enough.
import { getExecOutput } from '@actions/exec'
import { HttpClient } from '@actions/http-client'
import { constants } from 'node:fs'
import { access } from 'node:fs/promises'
import { join } from 'node:path'
import type { Logger } from '../logger.ts'
import { childEnv, commandLine, displayArg } from '../process/runner.ts'
import {
  aptGetInstall,
  ClientInstallError,
  debianBinDir,
  type InstallCommand,
  type InstallPlan
} from './install.ts'

/**
 * The text of url, fetched by Node (no curl needed) through
 * @actions/http-client, which honours https_proxy and no_proxy as curl did;
 * a ClientInstallError when it fails.
 */
async function fetchInput(argv: string[], url: string): Promise<string> {
  try {
    const client = new HttpClient('pg-dumper', undefined, {
      socketTimeout: 60_000
    })
    const response = await client.get(url)
    const body = await response.readBody()
    const status = response.message.statusCode ?? 0
    if (status !== 200) throw new Error(`HTTP ${status}`)
    return body
  } catch (error) {
    const code = (error as { code?: string }).code
    const why = error instanceof Error ? error.message : String(error)
    throw new ClientInstallError(
      argv,
      -1,
      `fetching ${url} failed: ${why}${code && !why.includes(code) ? ` (${code})` : ''}`
    )
  }
}

/**
 * Runs commands one by one, logging each (output at debug). Throws
 * ClientInstallError with the failing command's stderr, unless bestEffort.
 */
export async function runCommands(
  commands: readonly InstallCommand[],
  logger: Logger,
  bestEffort = false
): Promise<void> {
  for (const { argv, input, inputUrl } of commands) {
    const [program, ...args] = argv
    if (program === undefined) continue
    const fed = inputUrl
      ? ` < ${inputUrl}`
      : input === undefined
        ? ''
        : ` <<< ${JSON.stringify(input)}`
    logger.info(`$ ${argv.map(displayArg).join(' ')}${fed}`)
    let result
    try {
      const stdin = inputUrl ? await fetchInput(argv, inputUrl) : input
      result = await getExecOutput(commandLine(program), args, {
        ignoreReturnCode: true,
        silent: true,
        env: childEnv(),
        input: stdin === undefined ? undefined : Buffer.from(stdin),
        listeners: {
          stdline: line => logger.debug(line),
          errline: line => logger.debug(line)
        }
      })
    } catch (error) {
      if (bestEffort) continue
      if (error instanceof ClientInstallError) throw error
      throw new ClientInstallError(
        argv,
        -1,
        error instanceof Error ? error.message : String(error)
      )
    }
    if (result.exitCode !== 0 && !bestEffort)
      throw new ClientInstallError(argv, result.exitCode, result.stderr.trim())
  }
}

/** bin dir of an installed major; an Error when its pg_dump is missing. */
async function installedBinDir(major: number): Promise<string> {
  const binDir = debianBinDir(major)
  const pgDump = join(binDir, 'pg_dump')
  try {
    await access(pgDump, constants.X_OK)
  } catch {
    throw new Error(
      `Installing the PostgreSQL ${major} client finished, but ${pgDump} is missing`
    )
  }
  return binDir
}

/** The command that installs the distribution's postgresql-client-<major>. */
function distributionInstall(
  major: number,
  sudo: readonly string[]
): InstallCommand[] {
  return [aptGetInstall(sudo, [`postgresql-client-${major}`])]
}

/** The major of the distribution's postgresql-client (apt-cache depends), if it has one. */
async function distributionMajor(): Promise<number | undefined> {
  const result = await getExecOutput(
    'apt-cache',
    ['depends', 'postgresql-client'],
    { ignoreReturnCode: true, silent: true, env: childEnv() }
  ).catch(() => undefined)
  const match = /Depends: postgresql-client-(\d+)\b/.exec(result?.stdout ?? '')
  return match ? Number(match[1]) : undefined
}

/** An error's message on one line (apt's stderr has several), at most 400 characters. */
const oneLine = (error: unknown) => {
  const text = (error instanceof Error ? error.message : String(error))
    .split('\n')
    .map(line => line.trim())
    .filter(Boolean)
    .join(' ')
  return text.length > 400 ? `${text.slice(0, 399)}…` : text
}

/**
 * Runs the plan and returns the installed client's bin dir
 * (/usr/lib/postgresql/<major>/bin). When a command of a plan with an undo
 * fails (PGDG unreachable, say), runs the undo, `apt-get update`, and
 * installs the distribution's postgresql-client-<N> instead, with a warning,
 * when N is at least atLeast (default: major); its bin dir is returned then.
 * Throws ClientInstallError with the failing command's stderr, or an Error
 * when no fallback fits or the bin dir has no pg_dump afterwards.
 */
export async function runInstall(
  plan: InstallPlan,
  major: number,
  logger: Logger,
  atLeast = major
): Promise<string> {
  for (const source of plan.sources) logger.info(`Adding apt source: ${source}`)
  let failure: unknown
  try {
    await runCommands(plan.commands, logger)
    return await installedBinDir(major)
  } catch (error) {
    if (!plan.undo) throw error
    failure = error
  }
  const pgdg = `PGDG (apt.postgresql.org) could not be used: ${oneLine(failure)}`
  await runCommands(plan.undo, logger, true)
  const sudo = plan.sudo ?? []
  try {
    await runCommands([{ argv: [...sudo, 'apt-get', 'update'] }], logger)
  } catch (error) {
    throw new Error(`${pgdg}; then ${oneLine(error)}`, { cause: error })
  }
  const distro = await distributionMajor()
  if (distro === undefined || distro < atLeast) {
    throw new Error(
      `${pgdg}; and the distribution's postgresql-client ` +
        (distro === undefined
          ? 'is not available'
          : `is PostgreSQL ${distro}, older than ${atLeast}`)
    )
  }
  logger.warning(
    `${pgdg}. Installing the distribution's postgresql-client-${distro} instead.`
  )
  await runCommands(distributionInstall(distro, sudo), logger)
  return installedBinDir(distro)
}
