// Reads and validates the action's inputs once, at the boundary, into ready
// options for the Dumper and the artifact steps. Every message names the
// input and what it accepts.
import { getInput, setSecret } from '@actions/core'
import {
  ConnectionStringError,
  DUMP_FORMATS,
  unsafeTarget,
  type ConnectionOptions,
  type DumpFormat,
  type DumpOptions,
  type RestoreOptions
} from '../core/index.ts'
import type { ArtifactSource } from '../artifacts/find.ts'
import type { UploadRequest } from '../artifacts/upload.ts'
import { readDownload, readUpload } from './artifact-inputs.ts'
import {
  DEFAULT_FOLDER,
  readClusterDump,
  readClusterRestore
} from './cluster-inputs.ts'
import { inputNotices } from './input-notices.ts'
import {
  artifactNameInput,
  booleanInput,
  compressionInput,
  compressionLevelInput,
  existingPath,
  InputError,
  integerInput,
  listInput,
  oneOf,
  optional
} from './input-parsers.ts'
import {
  DEFAULT_WAIT_SECONDS,
  DEFAULTS,
  INSTALL_CLIENT,
  Inputs,
  MODES,
  type InputName
} from './input-names.ts'
import { restoreFileInput } from './restore-file.ts'
import { maskConnection, maskToken } from './secrets.ts'

export { InputError, Inputs, listInput }

/** How the Dumper reaches the database: the inputs both modes share. */
export type ConnectionInputs = ConnectionOptions

/** The validated inputs of a dump. */
export interface DumpInputs {
  mode: 'dump'
  connection: ConnectionInputs
  /** what to dump, and where */
  dump: DumpOptions & { file: string; format: DumpFormat }
  /** set when the dump is kept as an artifact (`file` is the dump's path) */
  upload?: Omit<UploadRequest, 'file'>
  /** notes about inputs that were given but do not apply */
  notices: string[]
}

/** Where a restore takes its dump from. */
export type RestoreSource =
  | { kind: 'file'; file: string }
  /** `file`: which file inside the artifact, if given */
  | { kind: 'artifact'; artifact: ArtifactSource; file?: string }

/** The validated inputs of a restore. */
export interface RestoreInputs {
  mode: 'restore'
  connection: ConnectionInputs
  source: RestoreSource
  /** how to restore (the file comes from `source`) */
  restore: Omit<RestoreOptions, 'file'>
  /** notes about inputs that were given but do not apply */
  notices: string[]
}

/** The validated inputs of one run. */
export type ActionInputs = DumpInputs | RestoreInputs

const DEFAULT_FILE: Record<DumpFormat, string> = {
  custom: 'backup.dump',
  plain: 'backup.sql',
  directory: 'backup.dir',
  tar: 'backup.tar'
}

/** The connection or service input, its secrets masked before anything is logged. */
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
  try {
    maskConnection(connection, value, optional(Inputs.ServiceFile))
  } catch (error) {
    if (error instanceof ConnectionStringError) {
      const name = connection !== undefined ? Inputs.Connection : Inputs.Service
      throw new InputError(`Invalid '${name}' input: ${error.message}.`)
    }
    throw error
  }
  return value
}

/**
 * The inputs both modes share: how the Dumper reaches the database. With
 * several names in 'dbname' the connection keeps its own database.
 */
function readConnectionInputs(
  value: string,
  dbnames: readonly string[]
): ConnectionInputs {
  return {
    connection: value,
    dbname: dbnames.length === 1 ? dbnames[0] : undefined,
    serviceFile: existingPath(
      Inputs.ServiceFile,
      optional(Inputs.ServiceFile),
      'file'
    ),
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
    waitTimeoutMs:
      (integerInput(Inputs.WaitTimeout, 0, 3600) ?? DEFAULT_WAIT_SECONDS) * 1000
  }
}

function readDump(value: string, notices: string[]): DumpInputs {
  const format = oneOf(
    Inputs.Format,
    optional(Inputs.Format) ?? 'custom',
    DUMP_FORMATS
  )
  booleanInput(Inputs.IgnoreErrors)
  const compression = compressionInput(Inputs.Compress)
  maskToken(optional(Inputs.GithubToken))
  const cluster = readClusterDump()
  const { file: named, upload } = readUpload(
    format,
    compression,
    optional(Inputs.File),
    cluster.severalFiles
  )
  const { several } = cluster
  // several databases go into a folder, which the core checks
  const file = named ?? (several ? DEFAULT_FOLDER : DEFAULT_FILE[format])
  const unsafe = several
    ? undefined
    : unsafeTarget(file, format === 'directory')
  if (unsafe) {
    throw new InputError(
      `Invalid '${Inputs.File}' input '${file}': ${unsafe}. Choose another file.`
    )
  }
  const connection = readConnectionInputs(value, cluster.dbnames)
  const jobs = integerInput(Inputs.Jobs, 1, 64) ?? 1
  for (const input of [
    Inputs.SingleTransaction,
    Inputs.Clean,
    Inputs.CreateDatabase,
    Inputs.AllowMetaCommands
  ])
    booleanInput(input)
  return {
    mode: 'dump',
    connection,
    dump: {
      file,
      format,
      excludeSchemas: listInput(getInput(Inputs.ExcludeSchemas), true),
      schemas: listInput(getInput(Inputs.Schemas), true),
      excludeTableData: listInput(getInput(Inputs.ExcludeTableData), true),
      jobs,
      compression,
      ...cluster.options
    },
    upload,
    notices
  }
}

function readRestore(value: string, notices: string[]): RestoreInputs {
  oneOf(Inputs.Format, optional(Inputs.Format) ?? 'custom', DUMP_FORMATS)
  const ignoreErrors = booleanInput(Inputs.IgnoreErrors)
  compressionInput(Inputs.Compress)
  const databases = listInput(getInput(Inputs.Databases))
  const repeated = databases.find((name, i) => databases.indexOf(name) !== i)
  if (repeated !== undefined) {
    throw new InputError(
      `Invalid '${Inputs.Databases}' input: '${repeated}' is named twice. Name each database to restore into once.`
    )
  }
  const cluster = readClusterRestore(databases)
  if (artifactNameInput(Inputs.ArtifactName) !== undefined) {
    integerInput(Inputs.RetentionDays, 1, 400)
    compressionLevelInput(Inputs.CompressionLevel)
    booleanInput(Inputs.Overwrite)
  }
  const artifact = readDownload()
  const file = optional(Inputs.File)
  let source: RestoreSource
  if (artifact) source = { kind: 'artifact', artifact, file }
  else if (file === undefined) {
    throw new InputError(
      `The 'file' input is required to restore (the dump to restore), unless 'artifact-name' names an artifact to restore.`
    )
  } else {
    restoreFileInput(Inputs.File, file)
    source = { kind: 'file', file }
  }
  const connection = readConnectionInputs(value, cluster.dbnames)
  const jobs = integerInput(Inputs.Jobs, 1, 64) ?? 1
  return {
    mode: 'restore',
    connection,
    source,
    restore: {
      excludeSchemas: listInput(getInput(Inputs.ExcludeSchemas)),
      ignoreErrors,
      jobs,
      databases,
      singleTransaction: booleanInput(Inputs.SingleTransaction),
      clean: booleanInput(Inputs.Clean),
      createDatabase: booleanInput(Inputs.CreateDatabase),
      allowMetaCommands: booleanInput(Inputs.AllowMetaCommands),
      ...cluster.options
    },
    notices
  }
}

/** Reads every input; throws InputError on the first invalid one. */
export function readInputs(): ActionInputs {
  const mode = oneOf(Inputs.Mode, getInput(Inputs.Mode), MODES)
  const value = readConnection()
  // given: set to something other than its default (the runner passes
  // every default, so "set at all" tells nothing)
  const given = (name: InputName) => {
    if (name === Inputs.Databases) return listInput(getInput(name)).length > 0
    // restore reads an empty 'globals' as "when the dump has them"
    if (name === Inputs.Globals) return booleanInput(name)
    const value = optional(name)
    if (value === undefined) return false
    const fallback = DEFAULTS[name]
    return fallback === undefined || value.trim().toLowerCase() !== fallback
  }
  const inputs = mode === 'dump' ? readDump(value, []) : readRestore(value, [])
  const artifact =
    inputs.mode === 'dump'
      ? inputs.upload !== undefined
      : inputs.source.kind === 'artifact'
  inputs.notices.push(...inputNotices(mode, artifact, given))
  return inputs
}
