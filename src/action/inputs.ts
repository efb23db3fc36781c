// Reads and validates the action's inputs once, at the boundary, into ready
// options for the Dumper and the artifact steps. Every message names the
// input and what it accepts.
import { getInput } from '@actions/core'
import {
  AGE_EXTENSION,
  DUMP_FORMATS,
  unsafeTarget,
  type DumpFormat,
  type DumpOptions,
  type RestoreOptions
} from '../core/index.ts'
import type { ArtifactSource } from '../artifacts/find.ts'
import type { PruneRequest } from '../artifacts/prune.ts'
import type { UploadRequest } from '../artifacts/upload.ts'
import { readDownload, readPrune, readUpload } from './artifact-inputs.ts'
import {
  DEFAULT_FOLDER,
  readClusterDump,
  readClusterRestore
} from './cluster-inputs.ts'
import {
  readConnection,
  readConnectionInputs,
  type ConnectionInputs
} from './connection-inputs.ts'
import { inputNotices } from './input-notices.ts'
import {
  artifactNameInput,
  booleanInput,
  compressionInput,
  compressionLevelInput,
  InputError,
  integerInput,
  listInput,
  oneOf,
  optional
} from './input-parsers.ts'
import { DEFAULTS, Inputs, MODES, type InputName } from './input-names.ts'
import {
  encryptedPaths,
  identityInput,
  recipientsInput
} from './encryption-inputs.ts'
import { restoreFileInput } from './restore-file.ts'
import { scrubInput } from './scrub-input.ts'
import { maskToken } from './secrets.ts'

export { Inputs }

/** The validated inputs of a dump. */
export interface DumpInputs {
  mode: 'dump'
  connection: ConnectionInputs
  /** what to dump, and where (with encrypt-to, `file` is the age file, or the folder of several) */
  dump: DumpOptions & { file: string; format: DumpFormat }
  /** set when the dump is kept as an artifact (`file` is the dump's path) */
  upload?: Omit<UploadRequest, 'file'>
  /** set with 'keep': the older artifacts of the name to delete after the upload */
  prune?: PruneRequest
  /** notes about inputs that were given but do not apply */
  notices: string[]
}

/** Where a restore takes its dump from. */
type RestoreSource =
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
type ActionInputs = DumpInputs | RestoreInputs

const DEFAULT_FILE: Record<DumpFormat, string> = {
  custom: 'backup.dump',
  plain: 'backup.sql',
  directory: 'backup.dir',
  tar: 'backup.tar'
}

async function readDump(value: string, notices: string[]): Promise<DumpInputs> {
  const format = oneOf(
    Inputs.Format,
    optional(Inputs.Format) ?? 'custom',
    DUMP_FORMATS
  )
  booleanInput(Inputs.IgnoreErrors)
  const compression = compressionInput(Inputs.Compress)
  maskToken(optional(Inputs.GithubToken))
  const encryptTo = await recipientsInput(format)
  const cluster = readClusterDump()
  const { file: named, upload } = readUpload(
    format,
    compression,
    optional(Inputs.File),
    encryptTo !== undefined,
    cluster.severalFiles
  )
  const prune = readPrune()
  const { several } = cluster
  // several databases go into a folder, which the core checks; encrypted,
  // each file in it is an age file (and globals.sql.age, as beside one dump)
  const paths =
    encryptTo && !several
      ? encryptedPaths(named ?? `${DEFAULT_FILE[format]}${AGE_EXTENSION}`)
      : { file: named ?? (several ? DEFAULT_FOLDER : DEFAULT_FILE[format]) }
  for (const file of several
    ? []
    : [paths.file, paths.plainFile ?? paths.file]) {
    const unsafe = unsafeTarget(file, format === 'directory')
    if (unsafe) {
      throw new InputError(
        `Invalid '${Inputs.File}' input '${file}': ${unsafe}. Choose another file.`
      )
    }
  }
  const connection = readConnectionInputs(value, cluster.dbnames)
  const jobs = integerInput(Inputs.Jobs, 1, 64) ?? 1
  for (const input of [
    Inputs.SingleTransaction,
    Inputs.Clean,
    Inputs.CreateDatabase
  ])
    booleanInput(input)
  return {
    mode: 'dump',
    connection,
    dump: {
      ...paths,
      encryptTo,
      format,
      excludeSchemas: listInput(getInput(Inputs.ExcludeSchemas), true),
      schemas: listInput(getInput(Inputs.Schemas), true),
      excludeTableData: listInput(getInput(Inputs.ExcludeTableData), true),
      jobs,
      compression,
      scrub: scrubInput(Inputs.Scrub),
      allowMetaCommands: booleanInput(Inputs.AllowMetaCommands),
      ...cluster.options
    },
    upload,
    prune,
    notices
  }
}

async function readRestore(
  value: string,
  notices: string[],
  decryptKey: string | undefined
): Promise<RestoreInputs> {
  oneOf(Inputs.Format, optional(Inputs.Format) ?? 'custom', DUMP_FORMATS)
  await recipientsInput('custom')
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
    integerInput(Inputs.Keep, 1, 10_000)
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
      decryptKey,
      ...cluster.options
    },
    notices
  }
}

/** Reads every input; throws InputError on the first invalid one. */
export async function readInputs(): Promise<ActionInputs> {
  // a secret: masked before anything else is read or logged, in either mode
  const decryptKey = await identityInput()
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
  const inputs =
    mode === 'dump'
      ? await readDump(value, [])
      : await readRestore(value, [], decryptKey)
  const artifact =
    inputs.mode === 'dump'
      ? inputs.upload !== undefined
      : inputs.source.kind === 'artifact'
  inputs.notices.push(...inputNotices(mode, artifact, given))
  return inputs
}
