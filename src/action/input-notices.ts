// Which input applies to which mode, in one table, and the notices for
// inputs that were given where they do not apply.
import type { InputName, Mode } from './input-names.ts'

/** Where an input applies: a mode, and whether only with 'artifact-name'. */
interface Scope {
  mode?: Mode
  artifact?: true
}

/** Inputs that do not apply everywhere; the others apply to both modes. */
export const SCOPES: Partial<Record<InputName, Scope>> = {
  format: { mode: 'dump' },
  compress: { mode: 'dump' },
  schemas: { mode: 'dump' },
  'exclude-table-data': { mode: 'dump' },
  scrub: { mode: 'dump' },
  'ignore-errors': { mode: 'restore' },
  databases: { mode: 'restore' },
  'single-transaction': { mode: 'restore' },
  clean: { mode: 'restore' },
  'create-database': { mode: 'restore' },
  'role-passwords': { mode: 'dump' },
  // allow-meta-commands: restore's plain scripts, and a dump's scrub script
  // (a notice below)
  'retention-days': { mode: 'dump', artifact: true },
  'compression-level': { mode: 'dump', artifact: true },
  overwrite: { mode: 'dump', artifact: true },
  keep: { mode: 'dump', artifact: true },
  'run-id': { mode: 'restore', artifact: true },
  // a dump uses it only with 'keep' (said below)
  'github-token': { artifact: true },
  repository: { mode: 'restore', artifact: true },
  'max-age': { mode: 'restore', artifact: true },
  branch: { mode: 'restore', artifact: true },
  // a dump uses it only with 'keep' (said below)
  workflow: { artifact: true },
  'encrypt-to': { mode: 'dump' },
  'decrypt-key': { mode: 'restore' }
}

const quoted = (names: readonly string[]) => names.map(n => `'${n}'`).join(', ')

/**
 * Notices for the inputs that were given (`given`) but do not apply to this
 * run: of the other mode, or needing 'artifact-name' when it is not set.
 */
export function inputNotices(
  mode: Mode,
  artifact: boolean,
  given: (name: InputName) => boolean
): string[] {
  const set = (Object.keys(SCOPES) as InputName[]).filter(given)
  const otherMode = set.filter(name => {
    const scope = SCOPES[name]
    return scope?.mode !== undefined && scope.mode !== mode
  })
  const needArtifact = set.filter(
    name => !otherMode.includes(name) && SCOPES[name]?.artifact && !artifact
  )
  const other = mode === 'dump' ? 'restore' : 'dump'
  const notices: string[] = []
  if (otherMode.length) {
    notices.push(`${quoted(otherMode)} only apply to ${other}.`)
  }
  if (needArtifact.length) {
    notices.push(
      `${quoted(needArtifact)} only apply together with 'artifact-name'.`
    )
  }
  if (mode === 'dump' && artifact && given('github-token') && !given('keep')) {
    notices.push(
      `'github-token' is used on a dump only with 'keep' (to delete older artifacts).`
    )
  }
  if (mode === 'dump' && artifact && given('workflow') && !given('keep')) {
    notices.push(
      `'workflow' is used on a dump only with 'keep' (which artifacts it counts).`
    )
  }
  if (mode === 'dump' && given('allow-meta-commands') && !given('scrub')) {
    notices.push(
      `'allow-meta-commands' applies to a dump only together with 'scrub'.`
    )
  }
  if (mode === 'dump' && given('role-passwords') && !given('globals')) {
    notices.push(`'role-passwords' only applies together with 'globals: true'.`)
  }
  if (mode === 'restore' && given('databases') && given('dbname')) {
    notices.push(
      `'databases' names the databases to restore into: 'dbname' is not used.`
    )
  }
  return notices
}
