// Reads and validates the action's inputs once, at the boundary, into ready
// options for the Dumper and the artifact steps. Every message names the
// input and what it accepts.
import {
  AGE_EXTENSION,
  unsafeTarget,
  type DumpFormat,
  type DumpOptions,
  type RestoreOptions
} from '../core/index.ts'
import type { ArtifactSource } from '../artifacts/find.ts'
import type { PruneRequest } from '../artifacts/prune.ts'
import type { UploadRequest } from '../artifacts/upload.ts'
import type { ReleaseAttach, ReleaseSource } from '../releases/load.ts'
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
import { checkEncryptable, encryptedPaths } from './encryption-inputs.ts'
import { checkOutputs, uploadFormat } from './format-inputs.ts'
import { inputNotices } from './input-notices.ts'
import { InputError, listInput } from './input-parsers.ts'
import { Inputs, type InputName } from './input-names.ts'
import { checkElsewhere, given, input, maskSecrets } from './read-input.ts'
import {
  readReleaseAttach,
  readReleaseSource,
  RELEASE_USES
} from './release-inputs.ts'
import { restoreFileInput } from './restore-file.ts'
import {
  maskAwsCredentials,
  readS3Put,
  readS3Take,
  s3Notices,
  S3_USES,
  type S3Put,
  type S3Take
} from './s3-inputs.ts'

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
  /** set with 'release': the dump's files attached to that release */
  release?: ReleaseAttach
  /** set with 's3-url': the dump kept as an S3 object (and 'keep' there) */
  s3?: S3Put
  /** notes about inputs that were given but do not apply */
  notices: string[]
}

/** Where a restore takes its dump from. */
type RestoreSource =
  | { kind: 'file'; file: string }
  /** `file`: which file inside the artifact, if given */
  | { kind: 'artifact'; artifact: ArtifactSource; file?: string }
  | { kind: 'release'; release: ReleaseSource }
  | { kind: 's3'; s3: S3Take }

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

async function readDump(
  value: string,
  artifactName: string | undefined
): Promise<DumpInputs> {
  const formats = input(Inputs.Format)
  const [format] = formats
  const compression = input(Inputs.Compress)
  const encryptTo = await input(Inputs.EncryptTo)
  if (encryptTo) for (const f of formats) await checkEncryptable(f)
  const cluster = readClusterDump()
  const file = input(Inputs.File)
  checkOutputs(
    file,
    formats,
    cluster.dbnames.length,
    artifactName !== undefined
  )
  // several databases, or formats, go into one folder
  const several = cluster.several || formats.length > 1
  const { file: named, upload } = readUpload(
    artifactName,
    uploadFormat(formats),
    compression,
    file,
    encryptTo !== undefined,
    cluster.severalFiles || several
  )
  const prune = readPrune(artifactName)
  // several dumps go into a folder, which the core checks; encrypted,
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
  const s3 = readS3Put(otherStores(artifactName), {
    formats,
    several,
    globals: cluster.options.globals === true
  })
  const release = readReleaseAttach(input(Inputs.Release), {
    formats,
    file: paths.file,
    encrypted: encryptTo !== undefined,
    globals: cluster.options.globals === true,
    dbnames: cluster.dbnames,
    several
  })
  return {
    mode: 'dump',
    connection: readConnectionInputs(value, cluster.dbnames),
    dump: {
      ...paths,
      encryptTo,
      format,
      ...(formats.length > 1 && { formats }),
      excludeSchemas: listInput(input(Inputs.ExcludeSchemas), true),
      schemas: input(Inputs.Schemas),
      excludeTableData: input(Inputs.ExcludeTableData),
      // never empty: an empty input reads as the row's default
      jobs: input(Inputs.Jobs) ?? 1,
      compression,
      scrub: input(Inputs.Scrub),
      verify: input(Inputs.Verify),
      verifyConnection: input(Inputs.VerifyConnection),
      allowMetaCommands: input(Inputs.AllowMetaCommands),
      // PUM's --no-owner --no-privileges unless asked
      ...(input(Inputs.Owner) && { owner: true }),
      ...(input(Inputs.Privileges) && { privileges: true }),
      ...cluster.options
    },
    upload,
    prune,
    release,
    s3,
    notices: []
  }
}

async function readRestore(
  value: string,
  artifactName: string | undefined
): Promise<RestoreInputs> {
  const decryptKey = await input(Inputs.DecryptKey)
  const ignoreErrors = input(Inputs.IgnoreErrors)
  const databases = input(Inputs.Databases)
  const cluster = readClusterRestore(databases)
  const artifact = readDownload(artifactName)
  const file = input(Inputs.File)
  const tag = input(Inputs.Release)
  const s3 = readS3Take(otherStores(artifactName))
  if (artifact && tag !== undefined) {
    throw new InputError(
      `The '${Inputs.ArtifactName}' and '${Inputs.Release}' inputs both name where the dump to restore comes from: give one of them.`
    )
  }
  let source: RestoreSource
  if (s3) source = { kind: 's3', s3 }
  else if (artifact) source = { kind: 'artifact', artifact, file }
  else if (tag !== undefined)
    source = { kind: 'release', release: readReleaseSource(tag, file) }
  else if (file === undefined) {
    throw new InputError(
      `The 'file' input is required to restore (the dump to restore), unless 'artifact-name' names an artifact to restore.`
    )
  } else {
    restoreFileInput(Inputs.File, file)
    source = { kind: 'file', file }
  }
  return {
    mode: 'restore',
    connection: readConnectionInputs(value, cluster.dbnames),
    source,
    restore: {
      excludeSchemas: listInput(input(Inputs.ExcludeSchemas)),
      ignoreErrors,
      jobs: input(Inputs.Jobs) ?? 1,
      databases,
      singleTransaction: input(Inputs.SingleTransaction),
      clean: input(Inputs.Clean),
      createDatabase: input(Inputs.CreateDatabase),
      allowMetaCommands: input(Inputs.AllowMetaCommands),
      decryptKey,
      ...(input(Inputs.Owner) && { owner: true }),
      ...cluster.options
    },
    // the object is downloaded into RUNNER_TEMP: 'file' names nothing
    notices:
      s3 && file !== undefined
        ? [
            `'${Inputs.File}' is not used with '${Inputs.S3Url}' on restore: the dump is the object it names, downloaded into RUNNER_TEMP.`
          ]
        : []
  }
}

/** The inputs naming a store other than S3, as given. */
function otherStores(artifactName: string | undefined): InputName[] {
  return [
    ...(artifactName !== undefined ? [Inputs.ArtifactName] : []),
    ...(given(Inputs.Release) ? [Inputs.Release] : [])
  ]
}

/** Reads every input; throws InputError on the first invalid one. */
export async function readInputs(): Promise<ActionInputs> {
  // secrets: masked before anything else is read or logged, in either mode
  maskSecrets()
  maskAwsCredentials()
  const mode = input(Inputs.Mode)
  const value = readConnection()
  const artifactName = input(Inputs.ArtifactName)
  await checkElsewhere(mode, artifactName !== undefined)
  const inputs =
    mode === 'dump'
      ? await readDump(value, artifactName)
      : await readRestore(value, artifactName)
  const artifact =
    inputs.mode === 'dump'
      ? inputs.upload !== undefined
      : inputs.source.kind === 'artifact'
  // what a release uses too is not "given where it does not apply"
  const release = [
    ...(given(Inputs.Release) ? RELEASE_USES[mode] : []),
    ...(given(Inputs.S3Url) ? S3_USES[mode] : [])
  ]
  inputs.notices.push(
    ...inputNotices(
      mode,
      artifact,
      name => given(name) && !release.includes(name)
    ),
    ...s3Notices(given)
  )
  return inputs
}
