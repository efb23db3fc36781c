// The core's messages in the CLI's words: options named as flags.
import { wordingOf, type Wording } from '../core/index.ts'

/** Options named as flags: `--pg-bin-dir`, `--install-client auto`. */
export const cliWording: Wording = wordingOf(
  {
    allowMetaCommands: '--allow-meta-commands',
    clean: '--clean',
    compression: '--compress',
    createDatabase: '--create-database',
    databases: '--databases',
    dbname: '--dbname',
    decryptKey: '--decrypt-key-file',
    excludeSchemas: '-N/--exclude-schema',
    globals: '--globals',
    ignoreErrors: '-x',
    installClient: '--install-client',
    pgBinDir: '--pg-bin-dir',
    pgVersion: '--pg-version',
    rolePasswords: '--role-passwords',
    schemas: '-n/--schema',
    scrub: '--scrub',
    singleTransaction: '--single-transaction',
    verify: '--verify',
    verifyConnection: '--verify-connection'
  },
  (name, value) => `${name} ${value}`
)
