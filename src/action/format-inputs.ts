// A dump's 'format' (one format, or a list: each database in each) and what
// 'file' may then be: a folder, or a name with the placeholders {dbname} and
// {ext}. Refuses, before anything runs, what could not all be written.
import {
  DUMP_FORMATS,
  holdsPlaceholders,
  PLACEHOLDERS,
  placeholderProblem,
  type DumpFormat
} from '../core/index.ts'
import { InputError, listInput, oneOf, type Parser } from './input-parsers.ts'
import { Inputs } from './input-names.ts'

/** 'format': `custom` when empty, else one or more formats (commas or lines), each once. */
export const formats: Parser<DumpFormat[]> = (value, name) => {
  const items = listInput(value)
  if (items.length === 0) return ['custom']
  const parsed = items.map(item => oneOf(DUMP_FORMATS)(item, name))
  const twice = parsed.find((f, i) => parsed.indexOf(f) !== i)
  if (twice !== undefined) {
    throw new InputError(
      `Invalid '${name}' input: ${twice} is listed twice. Expected each of ${DUMP_FORMATS.join(', ')} at most once.`
    )
  }
  return parsed
}

// a name that says it is one dump file: with several formats, 'file' is a
// folder or a name with placeholders
const ONE_FILE = /\.(dump|sql|tar|dir|age)$/u

/**
 * Checks 'file' against the formats and databases a dump writes: its
 * placeholders, and, with several outputs, that each gets its own name.
 * `artifact`: the dump is kept as an artifact.
 */
export function checkOutputs(
  file: string | undefined,
  list: readonly DumpFormat[],
  databases: number,
  artifact: boolean
): void {
  const several = list.length > 1
  if (several && artifact && list.includes('directory')) {
    throw new InputError(
      `The '${Inputs.Format}' input lists directory with other formats, and 'artifact-name' keeps them in one zip, where a directory dump ` +
        "(a folder of one file per table) would lie among the other dumps' files. List custom instead (pg_restore restores it selectively " +
        'and in parallel too), or dump the directory format in a step of its own.'
    )
  }
  if (file === undefined) return
  const problem = placeholderProblem(file)
  if (problem)
    throw new InputError(
      `Invalid '${Inputs.File}' input '${file}': ${problem}.`
    )
  const missing = [
    ...(several && !file.includes('{ext}') ? ['{ext}'] : []),
    ...(databases > 1 && !file.includes('{dbname}') ? ['{dbname}'] : [])
  ]
  if (holdsPlaceholders(file) && missing.length > 0) {
    throw new InputError(
      `Invalid '${Inputs.File}' input '${file}': ${several ? `'${Inputs.Format}' lists ${list.join(', ')}` : `'${Inputs.Dbname}' names ${databases} databases`}, ` +
        `so ${missing.join(' and ')} must be in the name for each dump to have its own (${PLACEHOLDERS.join(' and ')} are filled in).`
    )
  }
  if (several && !holdsPlaceholders(file) && ONE_FILE.test(file)) {
    throw new InputError(
      `Invalid '${Inputs.File}' input '${file}': '${Inputs.Format}' lists ${list.join(', ')}, so more than one file is written. ` +
        `Give a folder (each dump goes in as <dbname>.<ext>), or a name with {ext}, such as '${file.replace(ONE_FILE, '.{ext}')}'.`
    )
  }
}

/**
 * The format the upload is planned for: of several, an uncompressed one if
 * listed (the zip then compresses), else the first.
 */
export function uploadFormat(list: readonly DumpFormat[]): DumpFormat {
  return list.find(f => f === 'plain' || f === 'tar') ?? list[0]
}
