// Installs a PostgreSQL client of a given major from the PostgreSQL project's
// apt repository (PGDG), for when no installed client is new enough.
import { getExecOutput } from '@actions/exec'
import { constants } from 'node:fs'
import { access, readFile } from 'node:fs/promises'
import { delimiter, join } from 'node:path'
import type { Logger } from '../logger.ts'
import { childEnv, commandLine, displayArg } from '../process/runner.ts'

/** One program to run: its arguments (never a shell) and what to feed its stdin. */
export interface InstallCommand {
  argv: string[]
  input?: string
}

/** What installing takes: the commands in order, and the apt sources they add. */
interface InstallPlan {
  commands: InstallCommand[]
  /** the apt source lines the plan adds, for the log */
  sources: string[]
}

/** Where the PGDG repository key is published. */
const PGDG_KEY_URL = 'https://www.postgresql.org/media/keys/ACCC4CF8.asc'
/** Where the key goes: the path postgresql-common's apt.postgresql.org.sh uses. */
const PGDG_KEYRING = '/usr/share/postgresql-common/pgdg/apt.postgresql.org.asc'
/** The apt source file, named as on GitHub's runner images. */
const PGDG_LIST = '/etc/apt/sources.list.d/pgdg.list'

/** Where Debian's packages (PGDG's too) put a major's clients. */
export function debianBinDir(major: number): string {
  return `/usr/lib/postgresql/${major}/bin`
}

/**
 * The exact commands that install postgresql-client-<major> from PGDG, the
 * way GitHub's runner images add the repository (then remove it; we leave it):
 * the key into /usr/share/postgresql-common/pgdg/apt.postgresql.org.asc (the
 * path postgresql-common's apt.postgresql.org.sh and the PGDG wiki use), a
 * `deb [signed-by=…] https://apt.postgresql.org/pub/repos/apt <codename>-pgdg main`
 * line written by `tee` into /etc/apt/sources.list.d/pgdg.list, `apt-get
 * update`, then `apt-get install -y --no-install-recommends
 * postgresql-client-<major>` with DEBIAN_FRONTEND=noninteractive. Every
 * command is prefixed with `sudo -n` when not root.
 * Throws RangeError on a major below 10 or a codename that is not a word.
 */
export function aptInstallPlan(o: {
  major: number
  codename: string
  root: boolean
}): InstallPlan {
  if (!Number.isInteger(o.major) || o.major < 10)
    throw new RangeError(`No PGDG client package for major ${o.major}`)
  // the codename goes into an apt source line: a newline would add another source
  if (!/^[a-z][a-z0-9-]*$/.test(o.codename))
    throw new RangeError(`Not a distribution codename: ${o.codename}`)
  const source = `deb [signed-by=${PGDG_KEYRING}] https://apt.postgresql.org/pub/repos/apt ${o.codename}-pgdg main`
  const sudo = o.root ? [] : ['sudo', '-n']
  const keyDir = PGDG_KEYRING.slice(0, PGDG_KEYRING.lastIndexOf('/'))
  const commands: InstallCommand[] = [
    // the folder exists only where postgresql-common is installed
    { argv: [...sudo, 'install', '-d', keyDir] },
    { argv: [...sudo, 'curl', '-fsSL', PGDG_KEY_URL, '-o', PGDG_KEYRING] },
    { argv: [...sudo, 'tee', PGDG_LIST], input: `${source}\n` },
    // every list, not only PGDG's: a fresh container has none to resolve dependencies from
    { argv: [...sudo, 'apt-get', 'update'] },
    {
      // sudo resets the environment, so the variable travels through env(1)
      argv: [
        ...sudo,
        'env',
        'DEBIAN_FRONTEND=noninteractive',
        'apt-get',
        'install',
        '-y',
        '--no-install-recommends',
        `postgresql-client-${o.major}`
      ]
    }
  ]
  return { commands, sources: [source] }
}

/** What installPlanForThisMachine looks at; tests replace it. */
export interface MachineFacts {
  /** default process.platform */
  platform?: NodeJS.Platform
  /** default /etc/os-release */
  osReleaseFile?: string
  /** searched for apt-get, curl and sudo; default process.env.PATH */
  path?: string
  /** default: whether the user id is 0 */
  root?: boolean
}

/** The value of KEY=value (optionally quoted) in an os-release file. */
function osReleaseValue(text: string, key: string): string | undefined {
  const m = new RegExp(`^${key}=(["']?)(.*)\\1\\s*$`, 'm').exec(text)
  return m && m[2] !== '' ? m[2] : undefined
}

async function onPath(program: string, path: string): Promise<boolean> {
  for (const dir of path.split(delimiter)) {
    if (dir === '') continue
    try {
      await access(join(dir, program), constants.X_OK)
      return true
    } catch {
      // not in this folder
    }
  }
  return false
}

/**
 * The plan for this machine: Linux with apt-get, curl (and sudo unless root)
 * on PATH and a codename in /etc/os-release (UBUNTU_CODENAME first, so Ubuntu
 * derivatives use Ubuntu's, then VERSION_CODENAME). Otherwise no plan and the
 * reason in one sentence.
 */
export async function installPlanForThisMachine(
  major: number,
  facts: MachineFacts = {}
): Promise<{ plan?: InstallPlan; reason?: string }> {
  const platform = facts.platform ?? process.platform
  if (platform !== 'linux')
    return {
      reason: `installing a PostgreSQL client is automated only on Linux with apt, not on ${platform}`
    }
  const path = facts.path ?? process.env.PATH ?? ''
  const root = facts.root ?? process.getuid?.() === 0
  for (const program of ['apt-get', 'curl', ...(root ? [] : ['sudo'])]) {
    if (!(await onPath(program, path)))
      return {
        reason: `installing a PostgreSQL client needs ${program}, which is not on PATH`
      }
  }
  const file = facts.osReleaseFile ?? '/etc/os-release'
  let text: string
  try {
    text = await readFile(file, 'utf8')
  } catch {
    return { reason: `cannot read ${file} to learn the distribution` }
  }
  const codename =
    osReleaseValue(text, 'UBUNTU_CODENAME') ??
    osReleaseValue(text, 'VERSION_CODENAME')
  if (!codename) return { reason: `${file} names no distribution codename` }
  try {
    return { plan: aptInstallPlan({ major, codename, root }) }
  } catch (error) {
    return { reason: error instanceof Error ? error.message : String(error) }
  }
}

/** An install command failed; carries its exit code and stderr. */
export class ClientInstallError extends Error {
  override readonly name = 'ClientInstallError'
  readonly argv: readonly string[]
  readonly exitCode: number
  readonly stderr: string

  constructor(argv: readonly string[], exitCode: number, stderr: string) {
    super(
      `Installing the PostgreSQL client failed: ${argv.map(displayArg).join(' ')} ` +
        (exitCode < 0 ? 'could not start' : `exited ${exitCode}`) +
        (stderr ? `:\n${stderr}` : '')
    )
    this.argv = argv
    this.exitCode = exitCode
    this.stderr = stderr
  }
}

/**
 * Runs the plan's commands one by one, logging each (output at debug), and
 * returns the installed client's bin dir (/usr/lib/postgresql/<major>/bin).
 * Throws ClientInstallError with the failing command's stderr, or an Error
 * when the bin dir has no pg_dump afterwards.
 */
export async function runInstall(
  plan: InstallPlan,
  major: number,
  logger: Logger
): Promise<string> {
  for (const source of plan.sources) logger.info(`Adding apt source: ${source}`)
  for (const { argv, input } of plan.commands) {
    const [program, ...args] = argv
    if (program === undefined) continue
    logger.info(
      `$ ${argv.map(displayArg).join(' ')}` +
        (input === undefined ? '' : ` <<< ${JSON.stringify(input)}`)
    )
    let result
    try {
      result = await getExecOutput(commandLine(program), args, {
        ignoreReturnCode: true,
        silent: true,
        env: childEnv(),
        input: input === undefined ? undefined : Buffer.from(input),
        listeners: {
          stdline: line => logger.debug(line),
          errline: line => logger.debug(line)
        }
      })
    } catch (error) {
      throw new ClientInstallError(
        argv,
        -1,
        error instanceof Error ? error.message : String(error)
      )
    }
    if (result.exitCode !== 0)
      throw new ClientInstallError(argv, result.exitCode, result.stderr.trim())
  }
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
