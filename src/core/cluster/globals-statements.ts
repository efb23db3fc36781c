// The kinds of statement pg_dumpall --globals-only writes, told from a
// statement's tokens; keywords in any case, names quoted or not. Everything
// else is foreign to a globals script and is never applied.
import type { Token } from './sql-tokens.ts'
import { Reader } from './token-reader.ts'

export type Kind =
  | 'set'
  | 'session-authorization'
  | 'create-role'
  | 'alter-role'
  | 'role-setting'
  | 'role-membership'
  | 'comment'
  | 'security-label'
  | 'create-tablespace'
  | 'alter-tablespace'
  | 'privilege'

/** What a statement is: a kind and the role or tablespace it is about, or foreign. */
type Classified =
  { kind: Kind; name?: string } | { kind: 'foreign'; what: string }

/** The SETs pg_dumpall opens a globals script with. */
const SETTINGS = new Set([
  'default_transaction_read_only',
  'client_encoding',
  'standard_conforming_strings'
])

/** Role attributes ALTER ROLE … WITH takes. */
const ROLE_OPTIONS = new Set(
  [
    'SUPERUSER',
    'INHERIT',
    'CREATEROLE',
    'CREATEDB',
    'LOGIN',
    'REPLICATION',
    'BYPASSRLS'
  ]
    .flatMap(o => [o, `NO${o}`])
    .concat([
      'CONNECTION',
      'LIMIT',
      'PASSWORD',
      'ENCRYPTED',
      'VALID',
      'UNTIL',
      'NULL'
    ])
)

/** Words that, unquoted, name no role of their own but the session's, or every role. */
const ROLE_SPECS = new Set([
  'current_user',
  'current_role',
  'session_user',
  'all',
  'public',
  'none'
])

const FIRST_WORDS = new Set(
  'ALTER ANALYZE BEGIN CALL CHECKPOINT CLUSTER COMMENT COMMIT COPY CREATE DEALLOCATE DECLARE DELETE DISCARD DO DROP END EXECUTE EXPLAIN GRANT IMPORT INSERT LISTEN LOAD LOCK MERGE MOVE NOTIFY PREPARE REASSIGN REFRESH REINDEX RELEASE RESET REVOKE ROLLBACK SAVEPOINT SECURITY SELECT SET SHOW START TABLE TRUNCATE UNLISTEN UPDATE VACUUM VALUES WITH'.split(
    ' '
  )
)

function setting(r: Reader): Classified | undefined {
  if (r.keyword('SESSION')) {
    return r.keyword('AUTHORIZATION') && r.name() !== undefined && r.done
      ? { kind: 'session-authorization' }
      : undefined
  }
  const name = r.name()
  if (name === undefined || !SETTINGS.has(name)) return undefined
  if (!r.char('=') && !r.keyword('TO')) return undefined
  const rest = r.restIs(['word', 'string'])
  // quotes lexed otherwise would let a lexer disagree with psql's
  if (name === 'standard_conforming_strings')
    return r.keyword('ON') && r.done ? { kind: 'set' } : undefined
  return rest ? { kind: 'set' } : undefined
}

function alterRole(r: Reader): Classified | undefined {
  const name = r.name()
  if (name === undefined) return undefined
  // WITH, as pg_dumpall writes, or bare attributes (the same statement)
  r.keyword('WITH')
  if (!r.done && r.restAreOptions(ROLE_OPTIONS))
    return { kind: 'alter-role', name }
  if (r.keyword('IN') && !(r.keyword('DATABASE') && r.name() !== undefined))
    return undefined
  if (
    r.keyword('SET', 'RESET') &&
    r.restIs(['word', 'ident', 'string', 'number'], ',.-')
  )
    return { kind: 'role-setting', name }
  return undefined
}

/** COMMENT ON / SECURITY LABEL [FOR provider] ON, ROLE or TABLESPACE, IS 'text'. */
function onRoleOrTablespace(r: Reader, kind: Kind): Classified | undefined {
  if (!r.keyword('ON') || !r.keyword('ROLE', 'TABLESPACE')) return undefined
  const name = r.name()
  return name !== undefined && r.keyword('IS') && r.literal() && r.done
    ? { kind, name }
    : undefined
}

/** Privileges on a tablespace or a parameter. */
const PRIVILEGES = ['ALL', 'CREATE', 'SET', 'ALTER', 'SYSTEM', 'PRIVILEGES']

/** GRANT role TO role [WITH …] [GRANTED BY role], or privileges ON TABLESPACE/PARAMETER. */
function grant(r: Reader, word: string): Classified | undefined {
  if (word === 'REVOKE' || r.has('ON')) {
    // REVOKE GRANT OPTION FOR …
    if (word === 'REVOKE' && r.keyword('GRANT')) {
      if (!r.keyword('OPTION') || !r.keyword('FOR')) return undefined
    }
    while (r.keyword(...PRIVILEGES) || r.char(','));
    return r.keyword('ON') &&
      r.keyword('TABLESPACE', 'PARAMETER') &&
      r.restIs(['word', 'ident'], ',.')
      ? { kind: 'privilege' }
      : undefined
  }
  if (r.names() === undefined || !r.keyword('TO') || r.names() === undefined)
    return undefined
  if (r.keyword('WITH')) {
    while (
      r.keyword('ADMIN', 'INHERIT', 'SET', 'OPTION', 'TRUE', 'FALSE') ||
      r.char(',')
    );
  }
  if (r.keyword('GRANTED') && !(r.keyword('BY') && r.name() !== undefined))
    return undefined
  return r.done ? { kind: 'role-membership' } : undefined
}

function create(r: Reader): Classified | undefined {
  if (r.keyword('ROLE')) {
    const name = r.name()
    return name !== undefined && r.done
      ? { kind: 'create-role', name }
      : undefined
  }
  if (!r.keyword('TABLESPACE')) return undefined
  const name = r.name()
  return name !== undefined &&
    r.keyword('OWNER') &&
    r.name() !== undefined &&
    r.keyword('LOCATION') &&
    r.literal() &&
    r.done
    ? { kind: 'create-tablespace', name }
    : undefined
}

/** What a statement (its tokens, without the semicolon) is. */
export function classify(statement: readonly Token[]): Classified {
  const r = new Reader(statement, ROLE_SPECS)
  const word = r.keyword(
    'SET',
    'RESET',
    'CREATE',
    'ALTER',
    'COMMENT',
    'SECURITY',
    'GRANT',
    'REVOKE'
  )
  let found: Classified | undefined
  if (word === 'SET') found = setting(r)
  else if (word === 'RESET')
    found =
      r.keyword('SESSION') && r.keyword('AUTHORIZATION') && r.done
        ? { kind: 'session-authorization' }
        : undefined
  else if (word === 'CREATE') found = create(r)
  else if (word === 'ALTER') {
    if (r.keyword('ROLE')) found = alterRole(r)
    else if (r.keyword('TABLESPACE')) {
      const name = r.name()
      found =
        name !== undefined &&
        r.keyword('SET', 'RESET') &&
        r.restIs(['word', 'ident', 'string', 'number'], '(),=.-')
          ? { kind: 'alter-tablespace', name }
          : undefined
    }
  } else if (word === 'COMMENT') found = onRoleOrTablespace(r, 'comment')
  else if (word === 'SECURITY') {
    found =
      r.keyword('LABEL') && (!r.keyword('FOR') || r.name() !== undefined)
        ? onRoleOrTablespace(r, 'security-label')
        : undefined
  } else if (word === 'GRANT' || word === 'REVOKE') found = grant(r, word)
  if (found) return found
  const first = statement[0]
  const keyword = first?.type === 'word' ? first.value.toUpperCase() : ''
  return {
    kind: 'foreign',
    what: FIRST_WORDS.has(keyword)
      ? `${/^[AEIOU]/.test(keyword) ? 'an' : 'a'} ${keyword} statement`
      : 'a statement'
  }
}
