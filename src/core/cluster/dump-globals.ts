// Dumps the cluster's roles and tablespaces with pg_dumpall --globals-only,
// from the client folder pg_dump runs from, into a file that takes its name
// only once pg_dumpall finished and the script reads back whole. Encrypted,
// pg_dumpall writes into a FIFO whose stream is encrypted into the age file,
// which is then decrypted in memory and read back the same way.
import { decryptToMemory } from '../age/age-file.ts'
import { dumpallGlobalsArgs } from '../args.ts'
import { fileDigest, type FileDigest } from '../archive/digest.ts'
import { encryptWhileWriting } from '../dump/encrypted.ts'
import { ToolError } from '../errors.ts'
import { failureMessage } from '../process/runner.ts'
import type { Session } from '../session.ts'
import {
  foreignPlaces,
  readGlobalsScript,
  scanGlobalsScript,
  type GlobalsScript
} from './globals-script.ts'

/** What the dump of roles and tablespaces wrote. */
export interface GlobalsDump extends FileDigest {
  /** absolute path of the script */
  file: string
  /** the roles it creates */
  roles: string[]
  /** the tablespaces it creates */
  tablespaces: string[]
  /** whether their password hashes are in it */
  rolePasswords: boolean
  /** set when the file is an age file: to how many recipients */
  encryption?: { recipients: number }
}

/** Why pg_dumpall failed, in words that say what to change. */
function explain(stderr: string, session: Session): string {
  const w = session.wording
  if (/permission denied for (table|relation) pg_authid/.test(stderr)) {
    return (
      `Role passwords are read from pg_authid, which only a superuser may read (${w.set('rolePasswords', 'true')}). ` +
      `Connect as a superuser, or leave ${w.name('rolePasswords')} false to dump the roles without passwords (from pg_roles, which any user may read).\n`
    )
  }
  if (/permission denied/.test(stderr)) {
    return `The roles and tablespaces could not be read with this user's privileges.\n`
  }
  return ''
}

/**
 * Runs pg_dumpall --globals-only into `file` (a temporary path the caller
 * moves into place), encrypted to `recipients` when there are any, and
 * reads the script back: it must be whole, and hold no meta-command
 * pg_dumpall does not write.
 */
export async function dumpGlobals(
  session: Session,
  file: string,
  rolePasswords: boolean,
  recipients: readonly string[] = []
): Promise<GlobalsDump> {
  const server = await session.serverVersion()
  const client = await session.client({
    major: server.major,
    why: `the server (${server.text})`,
    tool: 'pg_dumpall'
  })
  const run = async (to: string): Promise<void> => {
    const args = dumpallGlobalsArgs({
      conninfo: session.connection.conninfo,
      file: to,
      database: session.connection.dbname,
      rolePasswords,
      noSync: recipients.length > 0
    })
    const result = await session.run(client, 'pg_dumpall', args)
    if (result.exitCode !== 0) {
      throw new ToolError(
        'failed',
        `Dumping the roles and tablespaces failed. ${explain(result.stderr, session)}${failureMessage('pg_dumpall', result)}`,
        { tool: 'pg_dumpall', exitCode: result.exitCode, stderr: result.stderr }
      )
    }
  }
  let script: GlobalsScript
  if (recipients.length === 0) {
    await run(file)
    script = await readGlobalsScript(file)
  } else {
    script = await dumpEncryptedGlobals(session, file, recipients, run)
  }
  if (!script.complete || script.metaCommands.length > 0) {
    throw new ToolError(
      'failed',
      `pg_dumpall exited 0, but ${file} is not a whole roles and tablespaces script ` +
        `(${script.complete ? `it holds psql meta-commands pg_dumpall does not write, line ${script.metaCommands[0]?.line}` : 'its closing comment is missing'}). Nothing was kept.`,
      { tool: 'pg_dumpall' }
    )
  }
  if (script.foreign.length > 0) {
    session.logger.warning(
      `${file} holds statements a restore does not apply to roles and tablespaces (${foreignPlaces(script.foreign)}): ` +
        'a restore with these globals will refuse the file. Please report this pg_dumpall version.'
    )
  }
  session.logger.info(
    `Dumped ${script.roles.length} role${script.roles.length === 1 ? '' : 's'} and ` +
      `${script.tablespaces.length} tablespace${script.tablespaces.length === 1 ? '' : 's'}` +
      (rolePasswords ? ', with their passwords' : ', without passwords') +
      (recipients.length ? ', encrypted with age' : '')
  )
  return {
    file,
    ...(await fileDigest(file)),
    roles: script.roles,
    tablespaces: script.tablespaces,
    rolePasswords,
    ...(recipients.length > 0 && {
      encryption: { recipients: recipients.length }
    })
  }
}

/**
 * pg_dumpall's script encrypted as it is written into the age file `file`,
 * then decrypted in memory with the file's own key: it must be the bytes
 * pg_dumpall wrote, and is scanned as a plain script is.
 */
async function dumpEncryptedGlobals(
  session: Session,
  file: string,
  recipients: readonly string[],
  run: (to: string) => Promise<void>
): Promise<GlobalsScript> {
  const encrypted = await encryptWhileWriting(
    session,
    file,
    recipients,
    run,
    'pg_dumpall'
  )
  const plain = await decryptToMemory(file, encrypted.readBack).catch(
    (error: unknown) => {
      throw new ToolError(
        'failed',
        `The encrypted roles and tablespaces ${file} cannot be decrypted back (${(error as Error).message}). Nothing was kept.`,
        { tool: 'pg_dumpall' }
      )
    }
  )
  if (
    plain.bytes.length !== encrypted.plain.size ||
    plain.sha256 !== encrypted.plain.sha256
  ) {
    throw new ToolError(
      'failed',
      `The encrypted roles and tablespaces ${file} decrypt to other bytes than pg_dumpall wrote. Nothing was kept.`,
      { tool: 'pg_dumpall' }
    )
  }
  session.logger.info(
    `Verified: ${file} decrypts, every chunk authenticated, to the ${plain.bytes.length} bytes pg_dumpall wrote`
  )
  return scanGlobalsScript(plain.bytes)
}
