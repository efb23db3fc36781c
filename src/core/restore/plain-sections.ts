// Reads a plain SQL dump as pg_dump lays it out: each object under a
// header comment (`-- Name: postgis; Type: EXTENSION; Schema: -; Owner: -`),
// data as `COPY … FROM stdin;` up to `\.`. Lets a restore leave sections
// out by writing a copy without them. Streams: no script is held in memory.
import { createReadStream, createWriteStream } from 'node:fs'
import { once } from 'node:events'
import { createInterface } from 'node:readline'
import { finished } from 'node:stream/promises'
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

function lines(file: string) {
  return createInterface({
    input: createReadStream(file, { encoding: 'utf8' }),
    crlfDelay: Infinity
  })
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
  file: string,
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

/** Writes `file` to `to` without the given sections' lines. */
export async function withoutSections(
  file: string,
  to: string,
  sections: readonly PlainSection[]
): Promise<void> {
  const out = createWriteStream(to, { encoding: 'utf8' })
  const dropped = [...sections].sort((a, b) => a.first - b.first)
  let next = 0
  let number = 0
  for await (const line of lines(file)) {
    number++
    while (next < dropped.length && dropped[next].last < number) next++
    const section = dropped[next]
    if (section && number >= section.first && number <= section.last) continue
    if (!out.write(`${line}\n`)) await once(out, 'drain')
  }
  out.end()
  await finished(out)
}
