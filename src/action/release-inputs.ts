// The 'release' input: its tag, the assets a dump will attach (their names
// checked before anything runs), and the asset a restore takes.
import { basename } from 'node:path'
import {
  databaseFileName,
  GLOBALS_AGE_FILE,
  GLOBALS_FILE,
  type DumpFormat
} from '../core/index.ts'
import { assetNameProblem } from '../releases/asset-name.ts'
import type { ReleaseAttach, ReleaseSource } from '../releases/load.ts'
import { InputError, ownerAndName } from './input-parsers.ts'
import { Inputs, type InputName, type Mode } from './input-names.ts'
import { input } from './read-input.ts'

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
  format: DumpFormat
  /** the file written (the age file when encrypted), or the folder of several */
  file: string
  encrypted: boolean
  globals: boolean
  /** several databases: each one's file in the folder */
  databases?: readonly string[]
}

/** The attachment of a dump's files, when 'release' is set. */
export function readReleaseAttach(
  tag: string | undefined,
  dump: DumpFiles
): ReleaseAttach | undefined {
  if (tag === undefined) return undefined
  if (dump.format === 'directory') {
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
  const files = dump.databases
    ? dump.databases.map(db =>
        databaseFileName(db, dump.format, dump.encrypted)
      )
    : [basename(dump.file)]
  if (dump.globals) files.push(dump.encrypted ? GLOBALS_AGE_FILE : GLOBALS_FILE)
  return {
    tag,
    repository: ownerAndName(slug, Inputs.Repository),
    token,
    overwrite: input(Inputs.Overwrite),
    assets: files.map(f =>
      checkedAsset(f, dump.databases ? Inputs.Dbname : Inputs.File)
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
  const given = input(Inputs.Repository)
  const slug = process.env.GITHUB_REPOSITORY
  if (given === undefined && !slug) {
    throw new InputError(
      `The '${Inputs.Repository}' input is required outside GitHub Actions (GITHUB_REPOSITORY is not set) ` +
        'to take a release asset: the owner/name of the repository of the release.'
    )
  }
  return {
    tag,
    repository: given ?? ownerAndName(slug ?? '', Inputs.Repository),
    token: input(Inputs.GithubToken),
    asset: checkedAsset(file, Inputs.File)
  }
}
