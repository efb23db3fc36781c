// The one command that gets a PostgreSQL server or client onto this kind of
// machine, for the messages that say what the tests lack.
import { readFileSync } from 'node:fs'

/** What fixCommand looks at; self-tests replace it. */
export interface CommandFacts {
  platform?: NodeJS.Platform
  root?: boolean
  /** the text of /etc/os-release */
  osRelease?: string
}

function distributions(text: string): string[] {
  const value = (key: string) =>
    new RegExp(`^${key}=(["']?)(.*)\\1\\s*$`, 'm').exec(text)?.[2] ?? ''
  return `${value('ID')} ${value('ID_LIKE')}`.split(/\s+/).filter(Boolean)
}

/** What is missing: a server, the client tools, or the `age` tool. */
export type Missing = 'server' | 'client' | 'age'

/**
 * The install command for what is missing: a server (which brings the
 * client tools too), the client tools alone, or age, and `also` in the same
 * command. Debian/Ubuntu: apt-get; Fedora/RHEL: dnf; Alpine: apk; Arch:
 * pacman; openSUSE: zypper; macOS: Homebrew. With sudo unless root (never
 * for Homebrew). Elsewhere a sentence, since there is no one command to name.
 */
export function fixCommand(
  what: Missing,
  facts: CommandFacts = {},
  also: readonly Missing[] = []
): string {
  const wanted = [what, ...also.filter(m => m !== what)]
  const platform = facts.platform ?? process.platform
  const sentence = () =>
    `install ${wanted
      .map(m =>
        m === 'age'
          ? 'age'
          : `PostgreSQL 14 or newer (${m === 'server' ? 'server and client tools' : 'the client tools'})`
      )
      .join(' and ')}`
  if (platform === 'darwin') {
    return `brew install ${wanted.map(m => (m === 'age' ? 'age' : 'postgresql@17')).join(' ')}`
  }
  if (platform !== 'linux') return `${sentence()} for ${platform}`
  let text = facts.osRelease
  if (text === undefined) {
    try {
      text = readFileSync('/etc/os-release', 'utf8')
    } catch {
      text = ''
    }
  }
  const ids = distributions(text)
  const sudo = (facts.root ?? process.getuid?.() === 0) ? '' : 'sudo '
  const is = (...names: string[]) => names.some(n => ids.includes(n))
  // package names: [server, client]; age is `age` everywhere
  const names = (server: string, client: string) =>
    [
      ...new Set(
        wanted.map(m =>
          m === 'age' ? 'age' : m === 'server' ? server : client
        )
      )
    ].join(' ')
  if (is('debian', 'ubuntu')) {
    return `${sudo}apt-get install -y ${names('postgresql', 'postgresql-client')}`
  }
  if (is('fedora', 'rhel', 'centos')) {
    return `${sudo}dnf install -y ${names('postgresql-server', 'postgresql')}`
  }
  if (is('alpine')) {
    return `${sudo}apk add ${names('postgresql', 'postgresql-client')}`
  }
  if (is('arch')) {
    return `${sudo}pacman -S --noconfirm ${names('postgresql', 'postgresql')}`
  }
  if (is('suse', 'opensuse')) {
    return `${sudo}zypper install -y ${names('postgresql-server', 'postgresql')}`
  }
  return `${sentence()} with this system's package manager`
}
