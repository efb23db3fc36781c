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

/**
 * The install command for what is missing: a server (which brings the
 * client tools too) or the client tools alone. Debian/Ubuntu: apt-get;
 * Fedora/RHEL: dnf; Alpine: apk; Arch: pacman; openSUSE: zypper; macOS:
 * Homebrew. With sudo unless root (never for Homebrew). Elsewhere a
 * sentence, since there is no one command to name.
 */
export function fixCommand(
  what: 'server' | 'client',
  facts: CommandFacts = {}
): string {
  const platform = facts.platform ?? process.platform
  if (platform === 'darwin') return 'brew install postgresql@17'
  if (platform !== 'linux') {
    return `install PostgreSQL 14 or newer (${what === 'server' ? 'server and client tools' : 'the client tools'}) for ${platform}`
  }
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
  const server = what === 'server'
  const is = (...names: string[]) => names.some(n => ids.includes(n))
  if (is('debian', 'ubuntu')) {
    return `${sudo}apt-get install -y ${server ? 'postgresql' : 'postgresql-client'}`
  }
  if (is('fedora', 'rhel', 'centos')) {
    return `${sudo}dnf install -y ${server ? 'postgresql-server' : 'postgresql'}`
  }
  if (is('alpine')) {
    return `${sudo}apk add ${server ? 'postgresql' : 'postgresql-client'}`
  }
  if (is('arch')) return `${sudo}pacman -S --noconfirm postgresql`
  if (is('suse', 'opensuse')) {
    return `${sudo}zypper install -y ${server ? 'postgresql-server' : 'postgresql'}`
  }
  return `install PostgreSQL 14 or newer (${server ? 'server and client tools' : 'the client tools'}) with this system's package manager`
}
