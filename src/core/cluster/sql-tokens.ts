// Splits SQL text into tokens as psql's lexer does with
// standard_conforming_strings on: words, quoted identifiers, strings
// (E-strings with their escapes), dollar-quoted text, numbers, single
// characters, and psql meta-commands (a backslash outside all of those,
// taking the rest of its line). Comments and white space are skipped.
import { DUMP_RESTRICT_LINE } from '../restore/meta-commands.ts'

/** One token, where it starts and ends in the text, and its line. */
export interface Token {
  type:
    | 'word'
    | 'ident'
    | 'string'
    | 'dollar'
    | 'number'
    | 'char'
    | 'semicolon'
    | 'meta'
  /** a word as written; an identifier's or string's value; a meta-command's name */
  value: string
  start: number
  end: number
  line: number
  /** a meta-command that is a whole line of pg_dump's own `\restrict KEY` or `\unrestrict KEY` */
  dumpRestrict?: boolean
}

const WORD = /[A-Za-z_\u0080-\u00ff][\w$\u0080-\u00ff]*/y
const NUMBER = /\d+(?:\.\d+)?/y
const DOLLAR_TAG = /\$(?:[A-Za-z_\u0080-\u00ff][\w\u0080-\u00ff]*)?\$/y
const META_NAME = /\\([A-Za-z]+|[^A-Za-z\s])/y

/** Where a quoted run that started at `from` (after its opening `quote`) ends, past its closing one. */
function quotedEnd(
  text: string,
  from: number,
  quote: string,
  escapes: boolean
): number {
  let i = from
  while (i < text.length) {
    const c = text[i]
    if (escapes && c === '\\') i += 2
    else if (c !== quote) i++
    else if (text[i + 1] === quote) i += 2
    else return i + 1
  }
  return text.length
}

/** The value of a quoted run: doubled quotes (and, in E-strings, escaped characters) undone. */
function unquote(body: string, quote: string, escapes: boolean): string {
  const doubled = body.split(quote + quote).join(quote)
  return escapes ? doubled.replace(/\\(.)/gs, '$1') : doubled
}

function match(pattern: RegExp, text: string, at: number): string | undefined {
  pattern.lastIndex = at
  return pattern.exec(text)?.[0]
}

/** The end of a nested block comment that opens at `from`. */
function commentEnd(text: string, from: number): number {
  let depth = 0
  let i = from
  while (i < text.length) {
    if (text.startsWith('/*', i)) {
      depth++
      i += 2
    } else if (text.startsWith('*/', i)) {
      i += 2
      if (--depth === 0) return i
    } else i++
  }
  return text.length
}

/** The tokens of `text`, in order. */
export function* tokens(text: string): Generator<Token> {
  let i = 0
  let line = 1
  const advance = (to: number) => {
    for (let j = i; j < to; j++) if (text[j] === '\n') line++
    i = to
  }
  while (i < text.length) {
    const c = text[i]
    const start = i
    const at = line
    const token = (type: Token['type'], end: number, value: string): Token => {
      advance(end)
      return { type, value, start, end, line: at }
    }
    if (/\s/.test(c)) {
      advance(i + 1)
    } else if (text.startsWith('--', i)) {
      const eol = text.indexOf('\n', i)
      advance(eol < 0 ? text.length : eol)
    } else if (text.startsWith('/*', i)) {
      advance(commentEnd(text, i))
    } else if (c === "'" || c === '"') {
      const end = quotedEnd(text, i + 1, c, false)
      const value = unquote(text.slice(i + 1, end - 1), c, false)
      yield token(c === '"' ? 'ident' : 'string', end, value)
    } else if (c === '\\') {
      const eol = text.indexOf('\n', i)
      const end = eol < 0 ? text.length : eol
      const atLineStart = i === 0 || text[i - 1] === '\n'
      const meta = token('meta', end, match(META_NAME, text, i)?.slice(1) ?? '')
      meta.dumpRestrict =
        atLineStart && DUMP_RESTRICT_LINE.test(text.slice(start, end))
      yield meta
    } else if (c === '$' && match(DOLLAR_TAG, text, i) !== undefined) {
      const tag = match(DOLLAR_TAG, text, i) as string
      const close = text.indexOf(tag, i + tag.length)
      const end = close < 0 ? text.length : close + tag.length
      yield token(
        'dollar',
        end,
        text.slice(i + tag.length, close < 0 ? end : close)
      )
    } else if (c === ';') {
      yield token('semicolon', i + 1, ';')
    } else {
      const word = match(WORD, text, i)
      if (word !== undefined && /^[eE]$/.test(word) && text[i + 1] === "'") {
        const end = quotedEnd(text, i + 2, "'", true)
        yield token(
          'string',
          end,
          unquote(text.slice(i + 2, end - 1), "'", true)
        )
      } else if (word !== undefined) {
        yield token('word', i + word.length, word)
      } else {
        const number = match(NUMBER, text, i)
        yield number !== undefined
          ? token('number', i + number.length, number)
          : token('char', i + 1, c)
      }
    }
  }
}
