// Reads a plain SQL dump as pg_dump lays it out: each object under a
// header comment (`-- Name: postgis; Type: EXTENSION; Schema: -; Owner: -`),
// data as `COPY … FROM stdin;` up to `\.`. A restore that leaves sections
// out blanks their lines (line numbers stay the file's), and the text psql
// gets is the text the meta-command scan read: one pass makes both. Lines
// end at LF only, as psql's do; bytes are read as latin1, one character a
// byte, so the script goes through unchanged in any encoding. Streams: no
// script is held in memory.
import { createWriteStream } from 'node:fs'
import { Readable } from 'node:stream'
import { pipeline } from 'node:stream/promises'
import { openSource, type Source } from './dump-input.ts'
import {
  DUMP_RESTRICT_LINE,
  MetaCommandScanner,
  type MetaCommand
} from './meta-commands.ts'
import { COPY_START } from './plain-script.ts'

/** One object's section of the script. */
export interface PlainSection {
  type: string
  name: string
  schema: string
  /** 1-based lines of the section, from its header to its statement's end */
  first: number
  last: number
  /** TABLE DATA: how many rows its COPY holds */
  rows?: number
}

const HEADER =
  /^-- (?:Data for )?Name: (.*); Type: (.*); Schema: (.*); Owner: .*$/

/** What one pass over a plain script found. */
interface PlainScan {
  sections: PlainSection[]
  /** psql meta-commands other than the ones pg_dump writes, in the text psql gets */
  metaCommands: MetaCommand[]
}

/**
 * One pass over a script, a line at a time: finds the sections of the
 * given types, blanks the lines of `skip` and pg_dump's own restrict lines
 * (the restore runs under a restriction of its own), and scans what is
 * left, which is exactly what `line()` hands on.
 */
export class ScriptPass implements PlainScan {
  readonly sections: PlainSection[] = []
  readonly metaCommands: MetaCommand[] = []
  /** the lines that start a COPY, by number (a streamed script is not read again) */
  readonly copies = new Map<number, string>()
  readonly #types: ReadonlySet<string>
  readonly #skip: readonly PlainSection[]
  readonly #live?: (section: PlainSection) => boolean
  #liveSkip: PlainSection | undefined
  readonly #scanner = new MetaCommandScanner()
  #number = 0
  #next = 0
  #previous = ''
  #open: PlainSection | undefined
  #inCopy = false

  /**
   * `live`: told each section of `types` as its header passes, says
   * whether to blank it from there to its end (a script read once).
   */
  constructor(
    types: ReadonlySet<string>,
    skip: readonly PlainSection[] = [],
    live?: (section: PlainSection) => boolean
  ) {
    this.#types = types
    this.#skip = [...skip].sort((a, b) => a.first - b.first)
    this.#live = live
  }

  /** The line (without its LF) as psql is to get it. */
  line(text: string): string {
    const number = ++this.#number
    this.#section(text.endsWith('\r') ? text.slice(0, -1) : text, number)
    const out =
      this.#skipped(number) ||
      this.#liveSkipped(number) ||
      (this.#scanner.betweenStatements && DUMP_RESTRICT_LINE.test(text))
        ? ''
        : text
    this.metaCommands.push(...this.#scanner.scan(out, number))
    return out
  }

  #skipped(number: number): boolean {
    const skip = this.#skip
    while (this.#next < skip.length && skip[this.#next].last < number)
      this.#next++
    const section = skip[this.#next]
    return section !== undefined && number >= section.first
  }

  /** Whether the line is in a section `live` left out: from its header to its end. */
  #liveSkipped(number: number): boolean {
    const section = this.#liveSkip
    if (!section) return false
    if (section === this.#open) return true
    this.#liveSkip = undefined
    return section.last === number
  }

  /** Follows headers, statements and COPY data to find where sections end. */
  #section(line: string, number: number): void {
    if (this.#inCopy) {
      // data rows, whatever they hold, are never headers
      if (line === '\\.') {
        this.#inCopy = false
        if (this.#open) this.#open.last = number
        this.#open = undefined
      } else if (this.#open) this.#open.rows = (this.#open.rows ?? 0) + 1
      this.#previous = ''
      return
    }
    const open = this.#open
    if (COPY_START.test(line)) {
      this.#inCopy = true
      this.copies.set(number, line)
    } else if (
      open &&
      open.type !== 'TABLE DATA' &&
      line.trimEnd().endsWith(';')
    ) {
      open.last = number
      this.#open = undefined
    }
    const header = this.#previous === '--' ? HEADER.exec(line) : null
    if (header) {
      this.#open = undefined
      const [, name, type, schema] = header
      if (this.#types.has(type)) {
        this.#open = {
          type,
          name,
          schema,
          first: number - 1,
          last: number,
          rows: 0
        }
        this.sections.push(this.#open)
        if (this.#live?.(this.#open)) this.#liveSkip = this.#open
      }
    }
    this.#previous = line
  }
}

/**
 * The script through `pass`, as chunks of whole lines; the source's errors
 * (a cut age file) end it with them. Every LF is kept, and a last line
 * without one stays without.
 */
async function* passed(
  source: Source,
  pass: ScriptPass
): AsyncGenerator<Buffer> {
  const input = await openSource(source)
  input.setEncoding('latin1')
  let rest = ''
  try {
    for await (const chunk of input as AsyncIterable<string>) {
      const lines = (rest + chunk).split('\n')
      rest = lines.pop() as string
      yield Buffer.from(lines.map(l => `${pass.line(l)}\n`).join(''), 'latin1')
    }
    if (rest !== '') yield Buffer.from(pass.line(rest), 'latin1')
  } finally {
    input.destroy()
  }
}

/**
 * One pass over a plain script: the sections of the types asked for, with
 * where each ends, and every meta-command pg_dump would not have written
 * in the text psql would get with `skip` left out.
 */
export async function scanPlainScript(
  file: Source,
  types: ReadonlySet<string>,
  skip: readonly PlainSection[] = []
): Promise<PlainScan> {
  const pass = new ScriptPass(types, skip)
  for await (const chunk of passed(file, pass)) void chunk
  return pass
}

/** The script as psql is to run it, scanned by `pass` as it goes. */
export function scriptStream(file: Source, pass: ScriptPass): Readable {
  return Readable.from(passed(file, pass), { objectMode: false })
}

/** Writes the script as psql is to run it to `to` (mode 0600), scanned by `pass`. */
export async function writeScript(
  file: Source,
  to: string,
  pass: ScriptPass
): Promise<void> {
  await pipeline(
    scriptStream(file, pass),
    createWriteStream(to, { mode: 0o600 })
  )
}
