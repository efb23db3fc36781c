// The 'release' input's parser: a tag as git allows it.
import { InputError, type Parser } from './input-parsers.ts'

/** A release's tag as git allows it, or undefined when empty. */
export const releaseTag: Parser<string | undefined> = (value, name) => {
  if (value === '') return undefined
  // git check-ref-format's rules, and GitHub's length limit
  if (
    value.length > 255 ||
    /[\s\p{Cc}~^:?*[\\]|\.\.|@\{|^[-/.]|[/.]$|\/\/|\.lock$/u.test(value)
  ) {
    throw new InputError(
      `Invalid '${name}' input '${value}'. Expected a release's tag, e.g. v1.2.0.`
    )
  }
  return value
}
