// The dump's 'scrub' input: SQL statements given inline, or the path of an
// SQL file, checked as restore's 'file' is (a regular file, no symlink out
// of the workspace).
import { statSync } from 'node:fs'
import { resolve } from 'node:path'
import { specialFileKind, type ScrubScript } from '../core/index.ts'
import { InputError, type Parser } from './input-parsers.ts'
import { linkOutOfWorkspace } from './restore-file.ts'

const ACCEPTS =
  'Expected the path of an SQL file, or SQL statements (several lines, or holding a ;)'

/**
 * The scrub script, or undefined when empty. A value with a line break or
 * a `;` is SQL; any other is the path of a file that must exist.
 */
export const scrub: Parser<ScrubScript | undefined> = (value, name) => {
  if (value === '') return undefined
  if (/[\n;]/.test(value)) return { sql: `${value}\n` }
  const refuse = (why: string) =>
    new InputError(`Invalid '${name}' input '${value}': ${why}. ${ACCEPTS}.`)
  const absolute = resolve(value)
  const info = statSync(absolute, { throwIfNoEntry: false })
  if (!info) throw refuse('no such file')
  if (info.isDirectory()) throw refuse('it is a folder')
  const special = specialFileKind(info)
  if (special || !info.isFile()) throw refuse(`it is ${special ?? 'no file'}`)
  const outside = linkOutOfWorkspace(absolute)
  if (outside) throw refuse(outside)
  return { file: value }
}
