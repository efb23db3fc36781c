// Proof that a scrub script's changes were kept. psql runs the script in one
// transaction, but the script may end it itself (`ROLLBACK`, `COMMIT` then
// more statements, `ROLLBACK; BEGIN; …`) and psql still exits 0 (issue 19).
// Right before and right after the script, the same session reports the id
// of its transaction in a notice carrying a token made for this run; the
// script ran whole in one transaction that committed when both reports name
// the same transaction and the server, asked from another session once psql
// has exited, says that transaction committed. An id cannot be forged: a
// transaction that ended never runs again, and one that rolled back never
// becomes committed.
import { randomBytes } from 'node:crypto'
import { ScrubFailed } from '../errors.ts'
import type { Session } from '../session.ts'

/** The statements psql runs around the script, and the token they report with. */
interface CommitProof {
  token: string
  /** runs first in the script's transaction */
  before: string
  /** runs after the script's last statement, before psql's COMMIT */
  after: string
}

/** A new proof, with its own random token. */
export function commitProof(): CommitProof {
  const token = randomBytes(16).toString('hex')
  return { token, before: report(token), after: report(token) }
}

/**
 * A notice naming the session's transaction. Every name is qualified (the
 * script may put functions of its own first on the search_path), and
 * client_min_messages is raised for the notice only (a role or the script
 * may have set it to hide notices).
 */
function report(token: string): string {
  return (
    'DO $pg_dumper$DECLARE was text := pg_catalog.current_setting($$client_min_messages$$); BEGIN ' +
    'PERFORM pg_catalog.set_config($$client_min_messages$$, $$notice$$, true); ' +
    `RAISE NOTICE $$pg_dumper scrub ${token} transaction %$$, pg_catalog.txid_current(); ` +
    'PERFORM pg_catalog.set_config($$client_min_messages$$, was, true); END$pg_dumper$'
  )
}

/** The transaction ids reported in psql's stderr: the first and the last report. */
export function reportedTransactions(
  stderr: string,
  token: string
): { before?: string; after?: string } {
  const ids = [
    ...stderr.matchAll(
      new RegExp(`pg_dumper scrub ${token} transaction (\\d+)`, 'g')
    )
  ].map(m => m[1])
  return ids.length < 2
    ? { before: ids[0] }
    : { before: ids[0], after: ids.at(-1) }
}

/**
 * Resolves when the script's transaction is proven committed; else throws
 * ScrubFailed saying what the script did (its changes may be missing from
 * the copy, which must not be dumped).
 */
export async function checkCommitted(
  session: Session,
  stderr: string,
  proof: CommitProof,
  label: string
): Promise<void> {
  const { before, after } = reportedTransactions(stderr, proof.token)
  let why = 'psql did not report the transaction it ran the script in'
  if (before !== undefined && after !== undefined) {
    // from the maintenance database: the copy's catalogue is the script's
    const status = await session.query(
      `SELECT pg_catalog.txid_status(${before})`,
      'ask whether the scrub script committed'
    )
    if (before === after && status === 'committed') return
    why =
      status === 'aborted'
        ? 'it rolled back the transaction it runs in'
        : 'it ended the transaction it runs in and went on outside it'
  }
  throw new ScrubFailed(
    `The scrub script ${label} did not commit as one transaction (${why}), so its changes cannot be proven kept: nothing was dumped and the throwaway copy was dropped. ` +
      'The script runs in one transaction that pg-dumper commits: leave out BEGIN, COMMIT, END, ROLLBACK and PREPARE TRANSACTION (SAVEPOINT and ROLLBACK TO SAVEPOINT are fine).',
    { tool: 'psql', exitCode: 0 }
  )
}
