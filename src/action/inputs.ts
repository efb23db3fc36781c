// Reads and validates the action's inputs once, at the boundary, into a
// typed object. Every message names the input and what it accepts.
import { getInput, setSecret } from '@actions/core'
import { basename } from 'node:path'
import { DUMP_FORMATS, type DumpFormat } from '../core/args.ts'
import {
  ConnectionStringError,
  parseConnection
} from '../core/connection/parse.ts'
import { servicePassword } from '../core/connection/service-file.ts'
import { unsafeTarget } from '../core/dump/atomic-file.ts'
import {
  COMPRESSION_FORMS,
  CompressionError,
  parseCompression,
  type Compression
} from '../core/dump/compression.ts'
import type { Repository } from '../artifacts/github-api.ts'
import {
  uploadPlan,
  type CompressionLevel,
  type UploadPlan
} from '../artifacts/upload.ts'
import {
  booleanInput,
  existingPath,
  InputError,
  integerInput,
  listInput,
  oneOf,
  optional
} from './input-parsers.ts'

export { InputError, listInput }

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
  Databases: 'databases',
  SingleTransaction: 'single-transaction',
  Clean: 'clean',
  CreateDatabase: 'create-database',
  ArtifactName: 'artifact-name',
  RetentionDays: 'retention-days',
  CompressionLevel: 'compression-level',
  Overwrite: 'overwrite',
  RunId: 'run-id',
  GithubToken: 'github-token',
  Repository: 'repository'
} as const

export const MODES = ['dump', 'restore'] as const
const INSTALL_CLIENT = ['auto', 'never'] as const
/** how long to wait for a server by default: service containers start late */
export const DEFAULT_WAIT_SECONDS = 30
export type Mode = (typeof MODES)[number]

/** Artifact inputs, when `artifact-name` is set. */
export interface ArtifactInputs {
  /** dump: the artifact's name (a raw upload's is the file's name); restore: the artifact to take */
  name: string
  /** dump: raw or zipped, and at which level */
  plan: UploadPlan
  /** dump: days to keep it; undefined = the repository's default */
  retentionDays?: number
  /** dump: replace an artifact of the same name from this run */
  overwrite: boolean
  /** restore: undefined = this run; a run id; or the newest unexpired */
  runId?: number | 'latest'
  /** restore: token for another run or latest (a secret) */
  token?: string
  /** restore: the repository to take it from */
  repository: Repository
}

/** The validated inputs of one run. */
export interface ActionInputs {
  /** dump or restore */
  mode: Mode
  /** service name or connection string, as given (a secret) */
  connection: string
  /** path of a pg_service.conf, if given */
  serviceFile?: string
  /** database name overriding the connection's */
  dbname?: string
  /** dump: where to write; restore: what to read (with an artifact: which file in it, if given) */
  file?: string
  /** dump format; restore recognises the file's own */
  format: DumpFormat
  /** schemas to leave out */
  excludeSchemas: string[]
  /** restore: succeed despite errors, counting them */
  ignoreErrors: boolean
  /** folder of pg_dump/pg_restore/psql; undefined = choose one */
  pgBinDir?: string
  /** use a client of this major */
  pgVersion?: number
  /** install a missing client where possible (auto) or never */
  installClient: 'auto' | 'never'
  /** seconds to wait for the server to accept connections */
  waitTimeoutSeconds: number
  /** parallel jobs: pg_dump (directory), pg_restore (custom, directory) */
  jobs: number
  /** dump: pg_dump's compression; undefined = pg_dump's default */
  compression?: Compression
  /** dump: only these schemas (patterns) */
  schemas: string[]
  /** dump: tables whose rows are left out (patterns) */
  excludeTableData: string[]
  /** restore: restore into each of these databases ((re)created) */
  databases: string[]
  /** restore: all or nothing */
  singleTransaction: boolean
  /** restore: drop the dumped objects first */
  clean: boolean
  /** restore: create the target database when missing */
  createDatabase: boolean
  /** set when the dump goes to, or the restore comes from, an artifact */
  artifact?: ArtifactInputs
  /** notes about inputs that were given but do not apply */
  notices: string[]
}

const DEFAULT_FILE: Record<DumpFormat, string> = {
  custom: 'backup.dump',
  plain: 'backup.sql',
  directory: 'backup.dir',
  tar: 'backup.tar'
}

// what @actions/artifact refuses in a name
const BAD_ARTIFACT_NAME = /[":<>|*?\r\n\\/]/

/** Registers every form of the password as a secret before anything is logged. */
function readConnection(): string {
  const connection = optional(Inputs.Connection)
  const service = optional(Inputs.Service)
  if (connection !== undefined) setSecret(connection)
  if ((connection === undefined) === (service === undefined)) {
    throw new InputError(
      `Exactly one of the 'connection' and 'service' inputs is required` +
        (connection === undefined ? ', and neither was given.' : ', not both.')
    )
  }
  if (service !== undefined && /[=]|:\/\//.test(service)) {
    throw new InputError(
      `Invalid 'service' input: it takes a service name from pg_service.conf. ` +
        `Pass a connection string in the 'connection' input instead.`
    )
  }
  const value = (connection ?? service) as string
  if (process.env.PGPASSWORD) setSecret(process.env.PGPASSWORD)
  try {
    const parsed = parseConnection(value)
    const fromService = parsed.service
      ? servicePassword(parsed.service, {
          serviceFile: optional(Inputs.ServiceFile)
        })
      : undefined
    for (const password of [parsed.password, fromService]) {
      if (password) {
        setSecret(password)
        setSecret(encodeURIComponent(password))
      }
    }
  } catch (error) {
    if (error instanceof ConnectionStringError) {
      const name = connection !== undefined ? Inputs.Connection : Inputs.Service
      throw new InputError(`Invalid '${name}' input: ${error.message}.`)
    }
    throw error
  }
  return value
}

function readCompressionLevel(): CompressionLevel {
  const value = optional(Inputs.CompressionLevel) ?? 'auto'
  if (value === 'auto') return value
  if (/^[0-9]$/.test(value)) return Number(value)
  throw new InputError(
    `Invalid '${Inputs.CompressionLevel}' input '${value}'. Expected auto or a whole number from 0 to 9.`
  )
}

function readCompression(): Compression | undefined {
  const value = optional(Inputs.Compress)
  if (value === undefined) return undefined
  try {
    return parseCompression(value)
  } catch (error) {
    if (error instanceof CompressionError) {
      throw new InputError(
        `Invalid '${Inputs.Compress}' input '${value}'. Expected ${COMPRESSION_FORMS}.`
      )
    }
    throw error
  }
}

function readRunId(): number | 'latest' | undefined {
  const value = optional(Inputs.RunId)
  if (value === undefined || value === 'latest') return value
  if (/^[1-9]\d*$/.test(value)) return Number(value)
  throw new InputError(
    `Invalid '${Inputs.RunId}' input '${value}'. Expected a workflow run id (a number), 'latest', or nothing for this run.`
  )
}

function readRepository(): Repository {
  const value =
    optional(Inputs.Repository) ?? process.env.GITHUB_REPOSITORY ?? ''
  const match = /^([\w.-]+)\/([\w.-]+)$/.exec(value)
  if (!match) {
    throw new InputError(
      `Invalid '${Inputs.Repository}' input '${value}'. Expected owner/name.`
    )
  }
  return { owner: match[1], repo: match[2] }
}

function readArtifact(
  mode: Mode,
  format: DumpFormat,
  compression: Compression | undefined,
  file: string | undefined,
  notices: string[]
) {
  const token = optional(Inputs.GithubToken)
  if (token !== undefined) setSecret(token)
  const name = optional(Inputs.ArtifactName)
  const given = (input: string) => optional(input) !== undefined
  const unused = (inputs: string[], why: string) => {
    const set = inputs.filter(given)
    if (set.length) notices.push(`${set.map(i => `'${i}'`).join(', ')} ${why}`)
  }
  if (name === undefined) {
    unused(
      [
        Inputs.RetentionDays,
        Inputs.CompressionLevel,
        Inputs.Overwrite,
        Inputs.RunId,
        Inputs.GithubToken,
        Inputs.Repository
      ],
      "only apply together with 'artifact-name'."
    )
    return { file, artifact: undefined }
  }
  if (BAD_ARTIFACT_NAME.test(name) || name === '.' || name === '..') {
    throw new InputError(
      `Invalid '${Inputs.ArtifactName}' input '${name}'. An artifact name cannot be '.' or '..' nor contain any of: " : < > | * ? \\ / or a line break.`
    )
  }
  const retentionDays = integerInput(Inputs.RetentionDays, 1, 400)
  const plan = uploadPlan(format, readCompressionLevel(), compression)
  const overwrite = booleanInput(Inputs.Overwrite)
  const runId = readRunId()
  const repository = readRepository()
  if (mode === 'dump') {
    unused(
      [Inputs.RunId, Inputs.GithubToken, Inputs.Repository],
      'only apply to restore.'
    )
    if (plan.raw) {
      // uploaded as the file itself, the artifact bears the file's name
      if (file === undefined) file = name
      else if (basename(file) !== name) {
        throw new InputError(
          `Invalid '${Inputs.ArtifactName}' input '${name}': a ${format} dump is uploaded as the file itself ` +
            `(compression-level: auto), so the artifact is named after the file '${basename(file)}'. ` +
            `Set 'artifact-name' to '${basename(file)}', leave 'file' empty, or set 'compression-level' to 0–9 to upload a zip named '${name}'.`
        )
      }
    }
    return {
      file,
      artifact: { name, plan, retentionDays, overwrite, repository }
    }
  }
  unused(
    [Inputs.RetentionDays, Inputs.CompressionLevel, Inputs.Overwrite],
    'only apply to dump.'
  )
  if (runId !== undefined && token === undefined) {
    throw new InputError(
      `The '${Inputs.RunId}' input '${runId}' needs the '${Inputs.GithubToken}' input: a token that can read ` +
        "the repository's Actions, e.g. 'github-token: ${{ github.token }}' with 'permissions: actions: read'."
    )
  }
  return { file, artifact: { name, plan, overwrite, runId, token, repository } }
}

/** Reads every input; throws InputError on the first invalid one. */
export function readInputs(): ActionInputs {
  const mode = oneOf(Inputs.Mode, getInput(Inputs.Mode), MODES)
  const connection = readConnection()
  const notices: string[] = []
  const formatValue = optional(Inputs.Format)
  const format = oneOf(Inputs.Format, formatValue ?? 'custom', DUMP_FORMATS)
  const ignoreErrors = booleanInput(Inputs.IgnoreErrors)
  if (mode === 'restore' && formatValue !== undefined) {
    notices.push(
      `The 'format' input applies to dump only: restore recognises the file's format.`
    )
  }
  if (mode === 'dump' && ignoreErrors) {
    notices.push(`The 'ignore-errors' input applies to restore only.`)
  }
  const compression = readCompression()
  const schemas = listInput(getInput(Inputs.Schemas), true)
  const excludeTableData = listInput(getInput(Inputs.ExcludeTableData), true)
  const databases = listInput(getInput(Inputs.Databases))
  const given = (inputs: string[]) =>
    inputs.filter(i => optional(i) !== undefined).map(i => `'${i}'`)
  const dumpOnly = given([
    Inputs.Compress,
    Inputs.Schemas,
    Inputs.ExcludeTableData
  ])
  if (mode === 'restore' && dumpOnly.length) {
    notices.push(`${dumpOnly.join(', ')} only apply to dump.`)
  }
  const restoreOnly = given([
    Inputs.Databases,
    Inputs.SingleTransaction,
    Inputs.Clean,
    Inputs.CreateDatabase
  ]).filter(i => i !== `'${Inputs.Databases}'` || databases.length > 0)
  if (mode === 'dump' && restoreOnly.length) {
    notices.push(`${restoreOnly.join(', ')} only apply to restore.`)
  }
  if (mode === 'restore' && databases.length && optional(Inputs.Dbname)) {
    notices.push(
      `'databases' names the databases to restore into: 'dbname' is not used.`
    )
  }
  const { file: resolved, artifact } = readArtifact(
    mode,
    format,
    compression,
    optional(Inputs.File),
    notices
  )
  let file = resolved
  if (mode === 'dump') {
    file ??= DEFAULT_FILE[format]
    const unsafe = unsafeTarget(file, format === 'directory')
    if (unsafe) {
      throw new InputError(
        `Invalid '${Inputs.File}' input '${file}': ${unsafe}. Choose another file.`
      )
    }
  } else if (artifact === undefined) {
    if (file === undefined) {
      throw new InputError(
        `The 'file' input is required to restore (the dump to restore), unless 'artifact-name' names an artifact to restore.`
      )
    }
    existingPath(Inputs.File, file, 'file')
  }
  return {
    mode,
    connection,
    serviceFile: existingPath(
      Inputs.ServiceFile,
      optional(Inputs.ServiceFile),
      'file'
    ),
    dbname: optional(Inputs.Dbname),
    file,
    format,
    excludeSchemas: listInput(getInput(Inputs.ExcludeSchemas), mode === 'dump'),
    ignoreErrors,
    pgBinDir: existingPath(
      Inputs.PgBinDir,
      optional(Inputs.PgBinDir),
      'directory'
    ),
    pgVersion: integerInput(Inputs.PgVersion, 9, 99),
    installClient: oneOf(
      Inputs.InstallClient,
      optional(Inputs.InstallClient) ?? 'auto',
      INSTALL_CLIENT
    ),
    waitTimeoutSeconds:
      integerInput(Inputs.WaitTimeout, 0, 3600) ?? DEFAULT_WAIT_SECONDS,
    jobs: integerInput(Inputs.Jobs, 1, 64) ?? 1,
    compression,
    schemas,
    excludeTableData,
    databases: mode === 'restore' ? databases : [],
    singleTransaction: booleanInput(Inputs.SingleTransaction),
    clean: booleanInput(Inputs.Clean),
    createDatabase: booleanInput(Inputs.CreateDatabase),
    artifact,
    notices
  }
}
