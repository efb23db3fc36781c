// What a plain SQL script says at the lines psql reported errors on: which
// COPY failed, so a restore can say whose rows were not restored.
import { createInterface } from 'node:readline'
import { openSource, type Source } from './dump-input.ts'
import type { RestoreReport } from './tool-errors.ts'

/** A `COPY <table> [(columns)] FROM stdin;` line, as pg_dump writes it; captures the table. */
export const COPY_START = /^COPY (.+?) (?:\(.*\) )?FROM stdin;$/

/** The text of the given lines of a file (1-based), read as a stream. */
async function scriptLines(
  file: Source,
  wanted: readonly number[]
): Promise<Map<number, string>> {
  const found = new Map<number, string>()
  const lines = new Set(wanted.filter(n => n > 0))
  const last = Math.max(0, ...lines)
  if (last === 0) return found
  const input = await openSource(file)
  input.setEncoding('utf8')
  input.on('error', () => {})
  const reader = createInterface({ input, crlfDelay: Infinity })
  let number = 0
  for await (const line of reader) {
    number++
    if (lines.has(number)) found.set(number, line)
    if (number >= last) break
  }
  reader.close()
  input.destroy()
  return found
}

/** A COPY whose rows were not restored, and whether psql then read them as SQL. */
export interface FailedCopy {
  table: string
  /** the COPY itself failed (no such table, no permission): its data lines ran as SQL */
  dataRanAsSql: boolean
}

/**
 * The COPYs psql reported failing, from its errors and the script's lines
 * (of a script read once: its COPY lines, by number).
 */
export async function failedCopies(
  file: Source | ReadonlyMap<number, string>,
  report: RestoreReport
): Promise<FailedCopy[]> {
  const failed = new Map<string, FailedCopy>()
  for (const table of report.copyContexts ?? [])
    failed.set(table, { table, dataRanAsSql: false })
  const lines =
    file instanceof Map
      ? new Map(
          (report.lines ?? []).flatMap(n =>
            file.has(n) ? [[n, file.get(n) as string] as const] : []
          )
        )
      : await scriptLines(file as Source, report.lines ?? [])
  for (const text of lines.values()) {
    const table = COPY_START.exec(text)?.[1]
    if (table !== undefined) failed.set(table, { table, dataRanAsSql: true })
  }
  return [...failed.values()]
}
