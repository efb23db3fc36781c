// The action's input names as action.yml spells them, and their fixed values.

/** action.yml input names. */
export const Inputs = {
  Mode: 'mode',
  Connection: 'connection',
  Service: 'service',
  ServiceFile: 'service-file',
  Dbname: 'dbname',
  File: 'file',
  Format: 'format',
  ExcludeSchemas: 'exclude-schemas',
  IgnoreErrors: 'ignore-errors',
  PgBinDir: 'pg-bin-dir',
  PgVersion: 'pg-version',
  InstallClient: 'install-client',
  WaitTimeout: 'wait-timeout',
  Jobs: 'jobs',
  Compress: 'compress',
  Schemas: 'schemas',
  ExcludeTableData: 'exclude-table-data',
  Scrub: 'scrub',
  Databases: 'databases',
  SingleTransaction: 'single-transaction',
  Clean: 'clean',
  CreateDatabase: 'create-database',
  AllowMetaCommands: 'allow-meta-commands',
  Globals: 'globals',
  RolePasswords: 'role-passwords',
  ArtifactName: 'artifact-name',
  RetentionDays: 'retention-days',
  CompressionLevel: 'compression-level',
  Overwrite: 'overwrite',
  Keep: 'keep',
  RunId: 'run-id',
  GithubToken: 'github-token',
  Repository: 'repository',
  MaxAge: 'max-age',
  Branch: 'branch',
  Workflow: 'workflow',
  EncryptTo: 'encrypt-to',
  DecryptKey: 'decrypt-key'
} as const

/** An action.yml input name. */
export type InputName = (typeof Inputs)[keyof typeof Inputs]

export const MODES = ['dump', 'restore'] as const
/** install-client's values */
export const INSTALL_CLIENT = ['auto', 'never'] as const
/** how long to wait for a server by default: service containers start late */
export const DEFAULT_WAIT_SECONDS = 30
export type Mode = (typeof MODES)[number]

/**
 * The defaults action.yml gives. The runner sets an INPUT_* variable for
 * each whether the workflow gave the input or not, so "given" means "differs
 * from its default" (readme.test.ts keeps this table in step with action.yml).
 */
export const DEFAULTS: Partial<Record<InputName, string>> = {
  jobs: '1',
  'ignore-errors': 'false',
  'install-client': 'auto',
  'wait-timeout': '30',
  'compression-level': 'auto',
  overwrite: 'false',
  'single-transaction': 'false',
  clean: 'false',
  'create-database': 'false',
  'allow-meta-commands': 'false',
  'role-passwords': 'false'
}
