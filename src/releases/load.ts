// What a release store is asked to do, and the release code loaded only when
// a run attaches or takes a release asset (Octokit stays out of start-up).
import type { Repository } from './github-releases.ts'

/** A dump's files attached to a release. */
export interface ReleaseAttach {
  tag: string
  repository: Repository
  /** may write the repository's contents */
  token: string
  /** replace assets of the same names */
  overwrite: boolean
  /** the names the dump's files will have, checked before dumping */
  assets: readonly string[]
}

/** The asset a restore takes from a release. */
export interface ReleaseSource {
  tag: string
  repository: Repository
  /** none: a public repository's release, asked for as nobody */
  token?: string
  asset: string
}

/** The REST calls and transfers of release assets, loaded on first use. */
export async function loadReleases() {
  const [api, transfer] = await Promise.all([
    import('./github-releases.ts'),
    import('./transfer.ts')
  ])
  return {
    getRelease: api.getRelease,
    listAssets: api.listAssets,
    deleteAsset: api.deleteAsset,
    renameAsset: api.renameAsset,
    uploadAsset: transfer.uploadAsset,
    downloadAsset: transfer.downloadAsset
  }
}
