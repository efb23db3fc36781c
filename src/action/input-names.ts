// The action's input names as action.yml spells them, and their fixed
// values; what each input is and does: input-registry.ts.
import type { Parser } from './input-parsers.ts'

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
  Verify: 'verify',
  VerifyConnection: 'verify-connection',
  Databases: 'databases',
  SingleTransaction: 'single-transaction',
  Clean: 'clean',
  CreateDatabase: 'create-database',
  AllowMetaCommands: 'allow-meta-commands',
  Globals: 'globals',
  RolePasswords: 'role-passwords',
  Owner: 'owner',
  Privileges: 'privileges',
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
  Release: 'release',
  S3Url: 's3-url',
  S3Endpoint: 's3-endpoint',
  S3PathStyle: 's3-path-style',
  S3Region: 's3-region',
  EncryptTo: 'encrypt-to',
  DecryptKey: 'decrypt-key'
} as const

/** An action.yml input name. */
export type InputName = (typeof Inputs)[keyof typeof Inputs]

export const MODES = ['dump', 'restore'] as const
/** install-client's values */
export const INSTALL_CLIENT = ['auto', 'never'] as const
export type Mode = (typeof MODES)[number]

/** One input: a row of the registry (input-registry.ts). */
export interface InputRow<T = unknown> {
  /** the mode it applies to (both when absent) */
  mode?: Mode
  /** it applies only together with 'artifact-name' */
  artifact?: true
  /** action.yml's default; an empty value reads as it, as on the runner */
  default?: string
  /** its line in the README's table of inputs */
  about: string
  /** the value from the text */
  parse: Parser<T>
  /** masked as given, before it is parsed */
  secret?: true
  /** checked also where it does not apply (with 'artifact-name' when it needs it) */
  checkedEverywhere?: true
  /** whether the text, which is not the default, asks for something */
  given?: (text: string, name: string) => boolean
  /** in `mode`, what to say when `input` is missing (or given) beside it */
  alongside?: {
    mode: Mode
    input: InputName
    when: 'missing' | 'given'
    notice: string
  }
}
