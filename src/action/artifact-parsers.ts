// The registry's parsers of the artifact inputs' values: an artifact's
// name, a workflow file, a branch.
import { InputError, type Parser } from './input-parsers.ts'

// what @actions/artifact refuses in a name
const BAD_ARTIFACT_NAME = /[":<>|*?\r\n\\/]/

/** An artifact name @actions/artifact accepts, or undefined when empty. */
export const artifactName: Parser<string | undefined> = (value, name) => {
  if (value === '') return undefined
  if (BAD_ARTIFACT_NAME.test(value) || value === '.' || value === '..') {
    throw new InputError(
      `Invalid '${name}' input '${value}'. An artifact name cannot be '.' or '..' nor contain any of: " : < > | * ? \\ / or a line break.`
    )
  }
  // @actions/artifact logs the name itself, unescaped: the runner would
  // obey a `##[error]` in it anywhere in the line
  if (value.includes('##[')) {
    throw new InputError(
      `Invalid '${name}' input '${value}'. An artifact name cannot contain '##[': @actions/artifact logs the name as it is, and the runner would read it as a workflow command.`
    )
  }
  return value
}

/**
 * A workflow file name as under .github/workflows (`nightly.yml`; that
 * folder's path before it is dropped), or undefined when empty.
 */
export const workflow: Parser<string | undefined> = (value, name) => {
  const trimmed = value.trim()
  if (trimmed === '') return undefined
  const file = trimmed.replace(/^\.github\/workflows\//, '')
  if (!/^[\w .-]+\.ya?ml$/.test(file)) {
    throw new InputError(
      `Invalid '${name}' input '${trimmed}'. Expected a workflow file name under .github/workflows, ` +
        'ending in .yml or .yaml (letters, digits, spaces, . _ -), e.g. nightly.yml.'
    )
  }
  return file
}

/** A branch name (`refs/heads/` dropped), or undefined when empty. */
export const branch: Parser<string | undefined> = (value, name) => {
  if (value === '') return undefined
  const branch = value.trim().replace(/^refs\/heads\//, '')
  // git refuses control characters in a ref name
  // eslint-disable-next-line no-control-regex
  if (branch === '' || /[\0-\x1f\x7f]/.test(branch)) {
    throw new InputError(
      `Invalid '${name}' input '${value}'. Expected a branch name, e.g. main.`
    )
  }
  return branch
}
