// Reads a pg_dumpall --globals-only script statement by statement, as
// psql's lexer splits it (quotes, comments, dollar quotes), and tells each
// statement's kind: only what pg_dumpall writes there — roles, their
// settings, memberships, comments and labels, tablespaces and their
// privileges, and the few SETs it opens with — is a statement a restore
// applies. Anything else, and any psql meta-command but pg_dumpall's own
// `\restrict`/`\unrestrict` lines, is found with its line. The text is read
// as latin1 (a character a byte), so statements go to psql unchanged.
import { readFile } from 'node:fs/promises'
import type { MetaCommand } from '../restore/meta-commands.ts'
import { classify, type Kind } from './globals-statements.ts'
import { tokens, type Token } from './sql-tokens.ts'

/** A statement of a globals script. */
export interface GlobalsStatement {
  kind: Kind
  /** the role or tablespace it is about, as the server spells it */
  name?: string
  /** its text as written, up to and with its semicolon */
  text: string
  /** the line it starts on */
  line: number
}

/** A globals script read once. */
export interface GlobalsScript {
  /** the statements a restore may apply, in order */
  statements: GlobalsStatement[]
  /** statements pg_dumpall --globals-only does not write, by line and first word */
  foreign: { line: number; what: string }[]
  /** meta-commands other than pg_dumpall's \restrict and \unrestrict lines */
  metaCommands: MetaCommand[]
  /** the roles it creates, in its order */
  roles: string[]
  /** the tablespaces it creates */
  tablespaces: string[]
  /** pg_dumpall's closing comment is there: the script is whole */
  complete: boolean
}

const COMPLETE = /^-- PostgreSQL database cluster dump complete\r?$/m

/** Reads and scans a globals script (small: roles and tablespaces only). */
export async function readGlobalsScript(file: string): Promise<GlobalsScript> {
  return scanGlobalsScript(await readFile(file))
}

/** A name as the server spells it: the script's bytes read as UTF-8. */
function serverName(latin1: string): string {
  return Buffer.from(latin1, 'latin1').toString('utf8')
}

/** Scans the bytes of a globals script (read from a file, or decrypted in memory). */
export function scanGlobalsScript(bytes: Buffer): GlobalsScript {
  const text = bytes.toString('latin1')
  const script: GlobalsScript = {
    statements: [],
    foreign: [],
    metaCommands: [],
    roles: [],
    tablespaces: [],
    complete: COMPLETE.test(text)
  }
  let statement: Token[] = []
  for (const token of tokens(text)) {
    if (token.type === 'meta') {
      if (statement.length === 0 && token.dumpRestrict) continue
      script.metaCommands.push({
        line: token.line,
        command: token.value,
        text: ''
      })
      continue
    }
    if (token.type !== 'semicolon') {
      statement.push(token)
      continue
    }
    if (statement.length === 0) continue
    addStatement(script, statement, text.slice(statement[0].start, token.end))
    statement = []
  }
  if (statement.length > 0) {
    const [first] = statement
    script.foreign.push({ line: first.line, what: 'an unfinished statement' })
  }
  return script
}

/** Files one statement: applied (with its name), or foreign. */
function addStatement(
  script: GlobalsScript,
  statement: readonly Token[],
  text: string
): void {
  const line = statement[0].line
  const found = classify(statement)
  if (found.kind === 'foreign') {
    script.foreign.push({ line, what: found.what })
    return
  }
  const name = found.name === undefined ? undefined : serverName(found.name)
  if (found.kind === 'create-role' && name !== undefined)
    script.roles.push(name)
  if (found.kind === 'create-tablespace' && name !== undefined)
    script.tablespaces.push(name)
  script.statements.push({
    kind: found.kind,
    ...(name !== undefined && { name }),
    text,
    line
  })
}

/** Where a script's foreign statements are, for a message: lines and first words only. */
export function foreignPlaces(foreign: GlobalsScript['foreign']): string {
  const shown = foreign
    .slice(0, 10)
    .map(f => `line ${f.line}: ${f.what}`)
    .join(', ')
  return foreign.length > 10
    ? `${shown} and ${foreign.length - 10} more`
    : shown
}
