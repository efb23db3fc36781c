// Finds the psql meta-commands in a SQL script, as psql's own lexer would:
// a backslash outside quotes, dollar quotes and comments starts one, even in
// the middle of a line (`SELECT 1 \g |sh`). A restore changes the target
// database and nothing else, so only the meta-commands pg_dump writes are
// let through; `\!`, `\o`, `\w`, `\g |…`, `\copy … program`, `\setenv`,
// `\i` and the rest are refused before anything runs.

/** The meta-commands pg_dump's plain format uses, and only those. */
const DUMP_META_COMMANDS: ReadonlySet<string> = new Set([
  'restrict',
  'unrestrict'
])

/** A whole line of pg_dump's or pg_dumpall's own `\restrict KEY` or `\unrestrict KEY` (since August 2025). */
export const DUMP_RESTRICT_LINE = /^\\(?:un)?restrict [A-Za-z0-9]+\r?$/

/** A meta-command found, with where. */
export interface MetaCommand {
  line: number
  /** its name without the backslash, e.g. `!`, `o`, `copy`; or `standard_conforming_strings`, set other than on */
  command: string
  /** the line's text, cut short */
  text: string
}

type State =
  | { in: 'sql' }
  | { in: 'quote'; escapes: boolean }
  | { in: 'ident' }
  | { in: 'dollar'; tag: string }
  | { in: 'comment'; depth: number }
  | { in: 'copy' }

const DOLLAR_TAG = /^\$([A-Za-z_\u0080-\uffff][\w\u0080-\uffff]*)?\$/
const COPY_FROM_STDIN = /\bFROM\s+stdin\b/i
const SCS_ON = /^\s*SET\s+standard_conforming_strings\s*(=|TO)\s*'?on'?\s*$/i

/**
 * A line-by-line lexer over a script: `scan` returns the meta-commands of
 * each line, keeping quotes, dollar quotes, comments and COPY data open
 * across lines.
 */
export class MetaCommandScanner {
  #state: State = { in: 'sql' }
  // the statement so far, to see a COPY … FROM stdin end
  #statement = ''

  /** True between statements: outside quotes, comments, COPY data and any statement begun. */
  get betweenStatements(): boolean {
    return this.#state.in === 'sql' && this.#statement.trim() === ''
  }

  /** The meta-commands that start on this line. */
  scan(text: string, line: number): MetaCommand[] {
    if (this.#state.in === 'copy') {
      // psql ends COPY data at \. before LF or CR LF
      if (text === '\\.' || text === '\\.\r') this.#state = { in: 'sql' }
      return []
    }
    const found: MetaCommand[] = []
    let i = 0
    while (i < text.length) {
      const state: State = this.#state
      const c = text[i]
      if (state.in !== 'sql') {
        const next = this.#skipQuoted(state, text, i)
        if (next === undefined) return found
        i = next
        continue
      }
      if (c === '-' && text[i + 1] === '-') {
        text = text.slice(0, i)
        break
      }
      if (c === '/' && text[i + 1] === '*') {
        this.#state = { in: 'comment', depth: 1 }
        i += 2
        continue
      }
      if (c === "'") {
        const escapes =
          i > 0 && /[eE]/.test(text[i - 1]) && !/\w/.test(text[i - 2] ?? '')
        this.#state = { in: 'quote', escapes }
        i++
        continue
      }
      if (c === '"') {
        this.#state = { in: 'ident' }
        i++
        continue
      }
      if (c === '$' && !/[\w$]/.test(text[i - 1] ?? '')) {
        const tag = DOLLAR_TAG.exec(text.slice(i))?.[0]
        if (tag) {
          this.#state = { in: 'dollar', tag }
          i += tag.length
          continue
        }
      }
      if (c === '\\') {
        const name = /^\\([A-Za-z]+|[^A-Za-z\s])/.exec(text.slice(i))?.[1] ?? ''
        if (!DUMP_META_COMMANDS.has(name)) {
          found.push({ line, command: name, text: text.slice(0, 120) })
        }
        // a meta-command takes the rest of the line as its arguments
        this.#statement = ''
        return found
      }
      if (c === ';') {
        const statement = this.#statement + text.slice(0, i)
        this.#statement = ''
        // psql lexes quotes by the server's standard_conforming_strings:
        // a script that turns it off could hide a meta-command from this
        // scan inside what it reads as a string (pg_dump only sets it on)
        if (
          /standard_conforming_strings/i.test(statement) &&
          !SCS_ON.test(statement)
        ) {
          found.push({
            line,
            command: 'standard_conforming_strings',
            text: text.slice(0, 120)
          })
        }
        if (/^\s*COPY\b/i.test(statement) && COPY_FROM_STDIN.test(statement)) {
          this.#state = { in: 'copy' }
          return found
        }
        text = text.slice(i + 1)
        i = 0
        continue
      }
      i++
    }
    if (this.#state.in === 'sql') this.#statement += `${text}\n`
    return found
  }
  /**
   * Inside a quote, a quoted identifier, a dollar quote or a comment: where
   * lexing goes on in `text` from `i`, or undefined when the dollar quote
   * runs past the line.
   */
  #skipQuoted(
    state: Exclude<State, { in: 'sql' } | { in: 'copy' }>,
    text: string,
    i: number
  ): number | undefined {
    const c = text[i]
    switch (state.in) {
      case 'quote':
        if (state.escapes && c === '\\') return i + 2
        if (c !== "'") return i + 1
        if (text[i + 1] === "'") return i + 2
        this.#state = { in: 'sql' }
        return i + 1
      case 'ident':
        if (c === '"') this.#state = { in: 'sql' }
        return i + 1
      case 'dollar': {
        const end = text.indexOf(state.tag, i)
        if (end < 0) return undefined
        this.#state = { in: 'sql' }
        return end + state.tag.length
      }
      case 'comment':
        if (c === '*' && text[i + 1] === '/') {
          this.#state =
            state.depth > 1
              ? { in: 'comment', depth: state.depth - 1 }
              : { in: 'sql' }
          return i + 2
        }
        if (c === '/' && text[i + 1] === '*') {
          this.#state = { in: 'comment', depth: state.depth + 1 }
          return i + 2
        }
        return i + 1
    }
  }
}

/** Where the meta-commands of a script are, for a message: the first ten by line, and how many more. */
export function metaCommandPlaces(found: readonly MetaCommand[]): string {
  const shown = found
    .slice(0, 10)
    .map(m =>
      m.command === 'standard_conforming_strings'
        ? `line ${m.line}: standard_conforming_strings set other than on`
        : `line ${m.line}: \\${m.command}`
    )
    .join(', ')
  return found.length > 10 ? `${shown} and ${found.length - 10} more` : shown
}
