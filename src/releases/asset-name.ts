// Which names a release asset may have: GitHub renames an asset whose name
// holds anything but letters, digits and `.-_+` (or starts or ends with a
// dot), so a dump would be attached under a name nobody asked for and a
// later overwrite check would miss it; a path separator would name a file
// elsewhere when downloaded.

const SAFE = /^[A-Za-z0-9_+-][A-Za-z0-9._+-]*$/

/**
 * GitHub's limit on an asset's name (255), less the room of the temporary
 * name a replacement is uploaded under (`<name>.<8 hex>.partial`).
 */
const MAX_LENGTH = 255 - 17

/** Why `name` cannot be a release asset's name; undefined when it can. */
export function assetNameProblem(name: string): string | undefined {
  if (name === '') return 'it is empty'
  if (/[/\\]/.test(name)) return 'it holds a path separator'
  if (name.length > MAX_LENGTH)
    return `it is longer than ${MAX_LENGTH} characters`
  if (!SAFE.test(name) || name.endsWith('.'))
    return 'GitHub would rename it: use letters, digits and . - _ + only, not starting or ending with a dot'
  return undefined
}
