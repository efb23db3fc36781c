// Reads a pg_dumpall --globals-only script the way pg_dumpall writes it: one
// statement per line for each role and tablespace it creates, and no psql
// meta-command but \restrict and \unrestrict. The scan finds the roles and
// tablespaces by name and every meta-command, as psql's lexer would.
import { readFile } from 'node:fs/promises'
import {
  MetaCommandScanner,
  type MetaCommand
} from '../restore/meta-commands.ts'

/** A statement of a globals script the restore looks at. */
export interface GlobalsStatement {
  kind: 'create-role' | 'alter-role' | 'create-tablespace'
  /** the role or tablespace, unquoted */
  name: string
}

/** One line of a globals script, and the statement it starts, if one of those. */
export interface GlobalsLine {
  text: string
  statement?: GlobalsStatement
}

/** A globals script read once. */
export interface GlobalsScript {
  lines: GlobalsLine[]
  /** meta-commands other than \restrict and \unrestrict */
  metaCommands: MetaCommand[]
  /** the roles it creates, in its order */
  roles: string[]
  /** the tablespaces it creates */
  tablespaces: string[]
  /** pg_dumpall's closing comment is there: the script is whole */
  complete: boolean
}

// an identifier as pg_dumpall quotes it (fmtId): bare lower case, or quoted
const IDENT = String.raw`("(?:[^"]|"")+"|[a-z_][a-z0-9_$]*)`
const PATTERNS: [GlobalsStatement['kind'], RegExp][] = [
  ['create-role', new RegExp(`^CREATE ROLE ${IDENT};$`)],
  ['alter-role', new RegExp(`^ALTER ROLE ${IDENT} WITH `)],
  ['create-tablespace', new RegExp(`^CREATE TABLESPACE ${IDENT} OWNER `)]
]
const COMPLETE = /^-- PostgreSQL database cluster dump complete$/m

/** An identifier as written, unquoted. */
export function unquoteIdent(ident: string): string {
  return ident.startsWith('"') ? ident.slice(1, -1).replace(/""/g, '"') : ident
}

/** The statement a line starts, for lines that begin between statements. */
function statementOf(text: string): GlobalsStatement | undefined {
  for (const [kind, pattern] of PATTERNS) {
    const match = pattern.exec(text)
    if (match) return { kind, name: unquoteIdent(match[1]) }
  }
  return undefined
}

/** Reads and scans a globals script (small: roles and tablespaces only). */
export async function readGlobalsScript(file: string): Promise<GlobalsScript> {
  return scanGlobalsScript(await readFile(file, 'utf8'))
}

/** Scans the text of a globals script (read from a file, or decrypted in memory). */
export function scanGlobalsScript(text: string): GlobalsScript {
  const scanner = new MetaCommandScanner()
  const lines: GlobalsLine[] = []
  const metaCommands: MetaCommand[] = []
  const roles: string[] = []
  const tablespaces: string[] = []
  text.split('\n').forEach((line, i) => {
    // a line inside a quoted comment is never a statement of its own
    const statement = scanner.betweenStatements ? statementOf(line) : undefined
    metaCommands.push(...scanner.scan(line, i + 1))
    if (statement?.kind === 'create-role') roles.push(statement.name)
    if (statement?.kind === 'create-tablespace')
      tablespaces.push(statement.name)
    lines.push({ text: line, ...(statement && { statement }) })
  })
  return {
    lines,
    metaCommands,
    roles,
    tablespaces,
    complete: COMPLETE.test(text)
  }
}
