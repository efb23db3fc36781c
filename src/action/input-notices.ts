// The notices for inputs given where they do not apply, from the registry's
// rows: of the other mode, needing 'artifact-name', or used only beside
// another input.
import type { InputName, InputRow, Mode } from './input-names.ts'
import { ROWS } from './input-registry.ts'

/** Where an input applies: a mode, and whether only with 'artifact-name'. */
type Scope = Pick<InputRow, 'mode' | 'artifact'>

/** The inputs that do not apply everywhere, and where they apply. */
export const SCOPES: Partial<Record<InputName, Scope>> = Object.fromEntries(
  Object.entries(ROWS)
    .filter(([, row]) => row.mode !== undefined || row.artifact)
    .map(([name, { mode, artifact }]) => [name, { mode, artifact }])
)

const quoted = (names: readonly string[]) => names.map(n => `'${n}'`).join(', ')

/**
 * Notices for the inputs that were given (`given`) but do not apply to this
 * run: of the other mode, needing 'artifact-name' when it is not set, or
 * used only beside another input.
 */
export function inputNotices(
  mode: Mode,
  artifact: boolean,
  given: (name: InputName) => boolean
): string[] {
  const set = (Object.keys(ROWS) as InputName[]).filter(given)
  const otherMode = set.filter(name => {
    const scope = ROWS[name]
    return scope.mode !== undefined && scope.mode !== mode
  })
  const needArtifact = set.filter(
    name => !otherMode.includes(name) && ROWS[name].artifact && !artifact
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
  for (const name of set) {
    const beside = ROWS[name].alongside
    if (!beside || beside.mode !== mode) continue
    if (otherMode.includes(name) || needArtifact.includes(name)) continue
    if (given(beside.input) === (beside.when === 'given'))
      notices.push(beside.notice)
  }
  return notices
}
