// Reads a plain SQL dump as pg_dump lays it out: each object under a
// header comment (`-- Name: postgis; Type: EXTENSION; Schema: -; Owner: -`),
// data as `COPY … FROM stdin;` up to `\.`. Lets a restore leave sections
// out by writing a copy without them. Streams: no script is held in memory.
import { createWriteStream } from 'node:fs'
import { createInterface } from 'node:readline'
import { Readable } from 'node:stream'
import { pipeline } from 'node:stream/promises'
import { openSource, type Source } from './dump-input.ts'
import { MetaCommandScanner, type MetaCommand } from './meta-commands.ts'
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

/** The lines of a script; the stream's errors (a cut age file) end the loop with them. */
async function* lines(source: Source): AsyncGenerator<string> {
  const input = await openSource(source)
  let failure: unknown
  input.on('error', (error: unknown) => {
    failure = error
  })
  const reader = createInterface({ input, crlfDelay: Infinity })
  try {
    for await (const line of reader) yield line
  } finally {
    reader.close()
    input.destroy()
  }
  if (failure !== undefined) throw failure as Error
}

/** What one pass over a plain script found. */
export interface PlainScan {
  sections: PlainSection[]
  /** psql meta-commands other than the ones pg_dump writes */
  metaCommands: MetaCommand[]
}

/**
 * One pass over a plain script: the sections of the types asked for, with
 * where each ends, and every meta-command pg_dump would not have written.
 */
export async function scanPlainScript(
  file: Source,
  types: ReadonlySet<string>
): Promise<PlainScan> {
  const found: PlainSection[] = []
  const metaCommands: MetaCommand[] = []
  const scanner = new MetaCommandScanner()
  let previous = ''
  let open: PlainSection | undefined
  let inCopy = false
  let number = 0
  for await (const line of lines(file)) {
    number++
    metaCommands.push(...scanner.scan(line, number))
    if (inCopy) {
      // data rows, whatever they hold, are never headers
      if (line === '\\.') {
        inCopy = false
        if (open) {
          open.last = number
          open = undefined
        }
      } else if (open) open.rows = (open.rows ?? 0) + 1
      previous = ''
      continue
    }
    if (COPY_START.test(line)) inCopy = true
    else if (
      open &&
      open.type !== 'TABLE DATA' &&
      line.trimEnd().endsWith(';')
    ) {
      open.last = number
      open = undefined
    }
    const header = previous === '--' ? HEADER.exec(line) : null
    if (header) {
      open = undefined
      const [, name, type, schema] = header
      if (types.has(type)) {
        open = { type, name, schema, first: number - 1, last: number, rows: 0 }
        found.push(open)
      }
    }
    previous = line
  }
  return { sections: found, metaCommands }
}

/** The script without the given sections' lines, as a stream. */
export function withoutSectionsStream(
  file: Source,
  sections: readonly PlainSection[]
): Readable {
  const dropped = [...sections].sort((a, b) => a.first - b.first)
  return Readable.from(
    (async function* () {
      let next = 0
      let number = 0
      for await (const line of lines(file)) {
        number++
        while (next < dropped.length && dropped[next].last < number) next++
        const section = dropped[next]
        if (section && number >= section.first && number <= section.last)
          continue
        yield `${line}\n`
      }
    })()
  )
}

/** Writes `file` to `to` without the given sections' lines. */
export async function withoutSections(
  file: Source,
  to: string,
  sections: readonly PlainSection[]
): Promise<void> {
  await pipeline(
    withoutSectionsStream(file, sections),
    createWriteStream(to, { encoding: 'utf8' })
  )
}
