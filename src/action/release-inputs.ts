// The 'release' input: its tag, the assets a dump will attach (their names
// checked before anything runs), and the asset a restore takes.
import { basename } from 'node:path'
import {
  expandName,
  GLOBALS_AGE_FILE,
  GLOBALS_FILE,
  holdsPlaceholders,
  severalOutputs,
  type DumpFormat
} from '../core/index.ts'
import { assetNameProblem } from '../releases/asset-name.ts'
import type { ReleaseAttach, ReleaseSource } from '../releases/load.ts'
import { InputError, ownerAndName } from './input-parsers.ts'
import { Inputs, type InputName, type Mode } from './input-names.ts'
import { input } from './read-input.ts'
import { repositoryToTake } from './artifact-inputs.ts'

/** The inputs a release uses too, so no notice says they do not apply. */
export const RELEASE_USES: Record<Mode, readonly InputName[]> = {
  dump: [Inputs.Overwrite, Inputs.GithubToken],
  restore: [Inputs.GithubToken, Inputs.Repository]
}

/** An asset's name, refused as the input `name` that made it. */
function checkedAsset(asset: string, from: string): string {
  const problem = assetNameProblem(asset)
  if (problem) {
    throw new InputError(
      `Invalid '${from}' input: the release asset '${asset}' cannot be attached: ${problem}.`
    )
  }
  return asset
}

/** What a dump writes, as far as its asset names go. */
interface DumpFiles {
  /** each database is dumped in each */
  formats: readonly DumpFormat[]
  /** the file written (the age file when encrypted), or the folder of several, placeholders and all */
  file: string
  encrypted: boolean
  globals: boolean
  /** the names in 'dbname' (none: the connection's database) */
  dbnames: readonly string[]
  /** several databases or formats: each file goes into one folder */
  several: boolean
}

/**
 * The names the dump's files will have, as far as the inputs tell: a
 * placeholder {dbname} with no 'dbname' is the connection's database, known
 * only once connected (its asset is then not checked before dumping).
 */
function assetNames(dump: DumpFiles): string[] {
  const { file, formats, dbnames, encrypted } = dump
  let names: string[]
  if (dump.several) {
    names = dbnames.length
      ? severalOutputs(file, dbnames, formats, encrypted).files.map(f => f.name)
      : []
  } else if (holdsPlaceholders(file)) {
    names = dbnames.length
      ? [expandName(basename(file), dbnames[0], formats[0])]
      : []
  } else names = [basename(file)]
  if (dump.globals) names.push(encrypted ? GLOBALS_AGE_FILE : GLOBALS_FILE)
  return names
}

/** The attachment of a dump's files, when 'release' is set. */
export function readReleaseAttach(
  tag: string | undefined,
  dump: DumpFiles
): ReleaseAttach | undefined {
  if (tag === undefined) return undefined
  if (dump.formats.includes('directory')) {
    throw new InputError(
      `The '${Inputs.Release}' input attaches files, and a directory-format dump is a folder: ` +
        `use 'format: custom' or 'tar' to attach it to a release.`
    )
  }
  const token = input(Inputs.GithubToken)
  if (token === undefined) {
    throw new InputError(
      `The '${Inputs.Release}' input needs the '${Inputs.GithubToken}' input: a token that may attach assets, ` +
        "e.g. 'github-token: ${{ github.token }}' with 'permissions: contents: write'."
    )
  }
  const slug = process.env.GITHUB_REPOSITORY ?? ''
  if (!slug) {
    throw new InputError(
      `The '${Inputs.Release}' input attaches to this repository's release, but GITHUB_REPOSITORY is not set.`
    )
  }
  return {
    tag,
    repository: ownerAndName(slug, Inputs.Repository),
    token,
    overwrite: input(Inputs.Overwrite),
    assets: assetNames(dump).map(f =>
      checkedAsset(f, dump.dbnames.length > 1 ? Inputs.Dbname : Inputs.File)
    )
  }
}

/** The asset a restore takes from the release of `tag`: 'file' names it. */
export function readReleaseSource(
  tag: string,
  file: string | undefined
): ReleaseSource {
  if (file === undefined) {
    throw new InputError(
      `The '${Inputs.Release}' input needs the '${Inputs.File}' input to restore: the name of the release's asset.`
    )
  }
  return {
    tag,
    repository: repositoryToTake(
      'a release asset: the owner/name of the repository of the release'
    ),
    token: input(Inputs.GithubToken),
    asset: checkedAsset(file, Inputs.File)
  }
}
