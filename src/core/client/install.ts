// Installs a PostgreSQL client of a given major from the PostgreSQL project's
// apt repository (PGDG), for when no installed client is new enough; when
// PGDG cannot be used, undoes what it added and takes the distribution's own
// postgresql-client if that is new enough (install-run.ts).
import { constants } from 'node:fs'
import { access, readFile } from 'node:fs/promises'
import { delimiter, join } from 'node:path'
import { displayArg } from '../process/runner.ts'

/** One program to run: its arguments (never a shell) and what to feed its stdin. */
export interface InstallCommand {
  argv: string[]
  input?: string
  /** fed to stdin instead of input: fetched with Node, no curl needed */
  inputUrl?: string
}

/** What installing takes: the commands in order, and the apt sources they add. */
export interface InstallPlan {
  commands: InstallCommand[]
  /** the apt source lines the plan adds, for the log */
  sources: string[]
  /** when a command fails: removes the source, the key and their folders if left empty */
  undo?: InstallCommand[]
  /** what each command runs under: [] as root, else ['sudo', '-n'] */
  sudo?: string[]
}

/** Where the PGDG repository key is published. */
const PGDG_KEY_URL = 'https://www.postgresql.org/media/keys/ACCC4CF8.asc'
/** Where the key goes: the path postgresql-common's apt.postgresql.org.sh uses. */
export const PGDG_KEYRING =
  '/usr/share/postgresql-common/pgdg/apt.postgresql.org.asc'
/** The apt source file, named as on GitHub's runner images. */
const PGDG_LIST = '/etc/apt/sources.list.d/pgdg.list'

/** Where Debian's packages (PGDG's too) put a major's clients. */
export function debianBinDir(major: number): string {
  return `/usr/lib/postgresql/${major}/bin`
}

/** `apt-get install` of `packages`, without prompts or recommends, through `sudo` when given. */
export function aptGetInstall(
  sudo: readonly string[],
  packages: readonly string[]
): InstallCommand {
  // sudo resets the environment, so the variable travels through env(1)
  return {
    argv: [
      ...sudo,
      'env',
      'DEBIAN_FRONTEND=noninteractive',
      'apt-get',
      'install',
      '-y',
      '--no-install-recommends',
      ...packages
    ]
  }
}

/**
 * The exact commands that install postgresql-client-<major> from PGDG, the
 * way GitHub's runner images add the repository (then remove it; we leave it):
 * the key, fetched by Node, written by `tee` into
 * /usr/share/postgresql-common/pgdg/apt.postgresql.org.asc (the
 * path postgresql-common's apt.postgresql.org.sh and the PGDG wiki use), a
 * `deb [signed-by=…] https://apt.postgresql.org/pub/repos/apt <codename>-pgdg main`
 * line written by `tee` into /etc/apt/sources.list.d/pgdg.list, `apt-get
 * update`, then `apt-get install -y --no-install-recommends
 * postgresql-client-<major>` with DEBIAN_FRONTEND=noninteractive. Every
 * command is prefixed with `sudo -n` when not root. Its undo removes the
 * source file, the key and the folders `install -d` made, if empty.
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
    { argv: [...sudo, 'tee', PGDG_KEYRING], inputUrl: PGDG_KEY_URL },
    { argv: [...sudo, 'tee', PGDG_LIST], input: `${source}\n` },
    // every list, not only PGDG's: a fresh container has none to resolve dependencies from
    { argv: [...sudo, 'apt-get', 'update'] },
    aptGetInstall(sudo, [`postgresql-client-${o.major}`])
  ]
  const undo: InstallCommand[] = [
    { argv: [...sudo, 'rm', '-f', PGDG_LIST, PGDG_KEYRING] },
    {
      argv: [
        ...sudo,
        'rmdir',
        '--ignore-fail-on-non-empty',
        keyDir,
        keyDir.slice(0, keyDir.lastIndexOf('/'))
      ]
    }
  ]
  return { commands, sources: [source], undo, sudo }
}

/** What installPlanForThisMachine looks at; tests replace it. */
export interface MachineFacts {
  /** default process.platform */
  platform?: NodeJS.Platform
  /** default /etc/os-release */
  osReleaseFile?: string
  /** searched for apt-get and sudo; default process.env.PATH */
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
 * The plan for this machine: Linux with apt-get (and sudo unless root)
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
  for (const program of ['apt-get', ...(root ? [] : ['sudo'])]) {
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
