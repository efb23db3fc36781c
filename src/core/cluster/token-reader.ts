// Reads a statement's tokens from the front: keywords in any case, names
// quoted or folded to lower case as the server folds them.
import type { Token } from './sql-tokens.ts'

/** A statement's tokens, read from the front. */
export class Reader {
  readonly #tokens: readonly Token[]
  /** bare words that are never a name (CURRENT_USER and the like) */
  readonly #notNames: ReadonlySet<string>
  #at = 0

  constructor(tokens: readonly Token[], notNames: ReadonlySet<string>) {
    this.#tokens = tokens
    this.#notNames = notNames
  }

  get done(): boolean {
    return this.#at >= this.#tokens.length
  }

  /** The next token if it is one of these keywords (any case); consumed. */
  keyword(...words: string[]): string | undefined {
    const t = this.#tokens[this.#at]
    if (t?.type !== 'word') return undefined
    const word = t.value.toUpperCase()
    if (!words.includes(word)) return undefined
    this.#at++
    return word
  }

  /** A name: an identifier as written in quotes, or a bare word folded to lower case; not a role spec. */
  name(): string | undefined {
    const t = this.#tokens[this.#at]
    if (t?.type === 'ident') {
      this.#at++
      return t.value
    }
    if (t?.type !== 'word') return undefined
    const folded = t.value.replace(/[A-Z]+/g, s => s.toLowerCase())
    if (this.#notNames.has(folded)) return undefined
    this.#at++
    return folded
  }

  /** Names separated by commas. */
  names(): string[] | undefined {
    const names: string[] = []
    do {
      const name = this.name()
      if (name === undefined) return undefined
      names.push(name)
    } while (this.char(','))
    return names
  }

  /** True when a word left is this keyword. */
  has(word: string): boolean {
    return this.#tokens
      .slice(this.#at)
      .some(t => t.type === 'word' && t.value.toUpperCase() === word)
  }

  char(c: string): boolean {
    const t = this.#tokens[this.#at]
    if (t?.type !== 'char' || t.value !== c) return false
    this.#at++
    return true
  }

  /** True when every token left is one of `types` (and chars among `chars`). */
  restIs(types: readonly Token['type'][], chars = ''): boolean {
    return this.#tokens
      .slice(this.#at)
      .every(t =>
        t.type === 'char' ? chars.includes(t.value) : types.includes(t.type)
      )
  }

  /** The next token if it is a string or NULL. */
  literal(): boolean {
    const t = this.#tokens[this.#at]
    if (t?.type === 'string' || this.keyword('NULL')) {
      if (t?.type === 'string') this.#at++
      return true
    }
    return false
  }

  /** The rest are these keywords, with their values (strings, numbers, minus signs). */
  restAreOptions(words: ReadonlySet<string>): boolean {
    return this.#tokens
      .slice(this.#at)
      .every(t =>
        t.type === 'word'
          ? words.has(t.value.toUpperCase())
          : t.type === 'string' ||
            t.type === 'number' ||
            (t.type === 'char' && t.value === '-')
      )
  }
}
