// The core states facts; a front end says them in its own words. Messages
// that point the user to an option name it through a Wording, so the action
// says `pg-bin-dir` and the CLI `--pg-bin-dir`.

/** The options a message may point the user to, by the core's names. */
export type OptionName =
  | 'allowMetaCommands'
  | 'clean'
  | 'compression'
  | 'createDatabase'
  | 'databases'
  | 'dbname'
  | 'decryptKey'
  | 'excludeSchemas'
  | 'globals'
  | 'ignoreErrors'
  | 'installClient'
  | 'pgBinDir'
  | 'pgVersion'
  | 'rolePasswords'
  | 'schemas'
  | 'scrub'
  | 'singleTransaction'
  | 'verify'
  | 'verifyConnection'

/** How a front end names its options in messages. */
export interface Wording {
  /** the option as the user writes it: `pg-bin-dir`, `--pg-bin-dir` */
  name(option: OptionName): string
  /** the option given a value: `install-client: auto`, `--install-client auto` */
  set(option: OptionName, value: string): string
}

/** Words a front end built from a table of option names and a way to set one. */
export function wordingOf(
  names: Readonly<Record<OptionName, string>>,
  set: (name: string, value: string) => string
): Wording {
  return {
    name: option => names[option],
    set: (option, value) => set(names[option], value)
  }
}

/** The core's own names (the Dumper's option fields), for library use. */
export const coreWording: Wording = wordingOf(
  {
    allowMetaCommands: 'allowMetaCommands',
    clean: 'clean',
    compression: 'compression',
    createDatabase: 'createDatabase',
    databases: 'databases',
    dbname: 'dbname',
    decryptKey: 'decryptKey',
    excludeSchemas: 'excludeSchemas',
    globals: 'globals',
    ignoreErrors: 'ignoreErrors',
    installClient: 'installClient',
    pgBinDir: 'pgBinDir',
    pgVersion: 'pgVersion',
    rolePasswords: 'rolePasswords',
    schemas: 'schemas',
    scrub: 'scrub',
    singleTransaction: 'singleTransaction',
    verify: 'verify',
    verifyConnection: 'verifyConnection'
  },
  (name, value) => `${name}: ${value}`
)
