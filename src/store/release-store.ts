// GitHub release assets as a Store: a dump's files attached to the release
// of a tag (checked before dumping: the release is there, no asset is in the
// way unless overwrite is on), or one asset brought back for a restore. The
// release code (src/releases/) is loaded on first use, never at start-up.
import { randomBytes } from 'node:crypto'
import { mkdtemp } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { basename, join } from 'node:path'
import { Inputs } from '../action/input-names.ts'
import { actionLogger } from '../action/logger.ts'
import { restoreFileInput } from '../action/restore-file.ts'
import { repositoryIsPublic } from '../action/visibility.ts'
import {
  ReleaseAssetExists,
  ReleaseDigestMismatch,
  ReleaseNotFound
} from '../releases/errors.ts'
import type { Release, ReleaseAsset } from '../releases/github-releases.ts'
import {
  loadReleases,
  type ReleaseAttach,
  type ReleaseSource
} from '../releases/load.ts'
import type {
  DumpFiles,
  FetchedDump,
  FetchOptions,
  FoundDump,
  PruneResult,
  Store,
  StoredDump
} from './store.ts'

type Releases = Awaited<ReturnType<typeof loadReleases>>

/** What a release store is for: attaching a dump, or a restore's asset. */
type ReleaseStoreConfig = { attach: ReleaseAttach } | { source: ReleaseSource }

const found = (tag: string, a: ReleaseAsset): FoundDump => ({
  id: a.id,
  name: a.name,
  digest: a.digest,
  createdAt: a.createdAt,
  release: tag
})

/** Release assets, through the REST API. */
export class ReleaseStore implements Store {
  readonly #config: ReleaseStoreConfig
  #releases?: Promise<Releases>
  /** the release and its assets, as prepare() found them */
  #target?: { release: Release; assets: ReleaseAsset[] }

  constructor(config: ReleaseStoreConfig) {
    this.#config = config
  }

  #load(): Promise<Releases> {
    this.#releases ??= loadReleases()
    return this.#releases
  }

  #where(): {
    tag: string
    repository: ReleaseAttach['repository']
    token?: string
  } {
    return 'attach' in this.#config ? this.#config.attach : this.#config.source
  }

  #attach(): ReleaseAttach {
    if (!('attach' in this.#config))
      throw new Error('This release store was chosen to restore from')
    return this.#config.attach
  }

  /** The release exists, and no asset of the dump's names is in the way (but with overwrite). */
  async prepare(): Promise<void> {
    const attach = this.#attach()
    const { getRelease, listAssets } = await this.#load()
    const release = await getRelease(
      attach.repository,
      attach.tag,
      attach.token
    )
    const assets = await listAssets(attach.repository, release, attach.token)
    this.#target = { release, assets }
    const clash = assets.filter(a => attach.assets.includes(a.name))
    if (clash.length && !attach.overwrite) {
      throw new ReleaseAssetExists(
        `The release '${attach.tag}' has an asset named ${clash.map(a => `'${a.name}'`).join(', ')} already: ` +
          `set '${Inputs.Overwrite}: true' to replace it, or choose another '${Inputs.File}'. Nothing was dumped.`
      )
    }
  }

  /** Attaches each file of the dump, replacing an asset of its name (overwrite). */
  async put(dump: DumpFiles): Promise<StoredDump> {
    const attach = this.#attach()
    if (!this.#target) throw new Error('put() needs a prepare() first')
    const { release, assets } = this.#target
    const releases = await this.#load()
    const paths = dump.files ?? [dump.file]
    if (!dump.encrypted && repositoryIsPublic()) {
      actionLogger.warning(
        `This repository is public: anyone can download the assets of the release '${attach.tag}' and every row in the dump. ` +
          `Set '${Inputs.EncryptTo}' to age public keys to attach it encrypted, or keep dumps of real data in a private repository.`
      )
    }
    return actionLogger.group(
      `Attaching ${paths.length === 1 ? `'${basename(paths[0])}'` : `${paths.length} files`} to the release '${attach.tag}'`,
      async () => {
        let size = 0
        let digest = ''
        for (const path of paths) {
          const name = basename(path)
          const old = assets.find(a => a.name === name)
          // replacing: the old asset goes only once the new one is up
          const sent = await releases.uploadAsset(
            release,
            old ? `${name}.${randomBytes(4).toString('hex')}.partial` : name,
            path,
            attach.token
          )
          if (old) {
            await releases.deleteAsset(attach.repository, old, attach.token)
            actionLogger.info(`Deleted the old asset '${name}' (id ${old.id})`)
            await releases.renameAsset(
              attach.repository,
              sent.asset,
              name,
              attach.token
            )
          }
          size += sent.asset.size
          digest ||= sent.sha256
          actionLogger.info(
            `Attached '${name}' (id ${sent.asset.id}, ${sent.asset.size} bytes): ${sent.asset.url.replace(/[^/]*$/, encodeURIComponent(name))}`
          )
        }
        const names = paths.map(p => basename(p))
        return {
          id: release.id,
          name: attach.tag,
          url: release.url,
          digest,
          format: 'file',
          size,
          kind: 'release',
          release: { tag: attach.tag, url: release.url, assets: names }
        }
      }
    )
  }

  prune(): Promise<PruneResult> {
    return Promise.reject(new Error('Release assets are not pruned'))
  }

  /** The release's assets, newest first. */
  async list(): Promise<FoundDump[]> {
    const { tag, repository, token } = this.#where()
    const { getRelease, listAssets } = await this.#load()
    const release = await getRelease(repository, tag, token)
    const assets = await listAssets(repository, release, token)
    return assets
      .map(a => found(tag, a))
      .sort((a, b) => (b.createdAt ?? '').localeCompare(a.createdAt ?? ''))
  }

  /** The asset the restore names; ReleaseNotFound naming the tag and the asset. */
  async find(): Promise<FoundDump> {
    if (!('source' in this.#config))
      throw new Error('This release store was chosen to attach to')
    const { tag, repository, asset } = this.#config.source
    const assets = await this.list()
    const match = assets.find(a => a.name === asset)
    if (!match) {
      const has = assets.length
        ? `it has ${assets.map(a => `'${a.name}'`).join(', ')}`
        : 'it has none'
      throw new ReleaseNotFound(
        `The release '${tag}' of ${repository.owner}/${repository.repo} has no asset named '${asset}' (${has}): check '${Inputs.File}'.`
      )
    }
    return match
  }

  /** Downloads the asset into a fresh private folder, verifies its digest when GitHub lists one, and checks it as any 'file'. */
  async fetch(options: FetchOptions): Promise<FetchedDump> {
    const { repository, token } = this.#where()
    const asset = options.found ?? (await this.find())
    const { downloadAsset } = await this.#load()
    return actionLogger.group(
      `Downloading the asset '${asset.name}' of the release '${asset.release}'`,
      async () => {
        // mkdtemp: a new folder only this user may enter
        const dir = await mkdtemp(
          join(process.env.RUNNER_TEMP || tmpdir(), 'pg-dumper-release-')
        )
        options.track?.(dir)
        const file = join(dir, asset.name)
        const sha256 = await downloadAsset(
          repository,
          { id: asset.id, name: asset.name, size: 0, url: '' },
          file,
          token
        )
        if (asset.digest && asset.digest !== `sha256:${sha256}`) {
          throw new ReleaseDigestMismatch(
            `The asset '${asset.name}' downloaded has the SHA-256 ${sha256}, but the release lists ${asset.digest}: it was not restored.`
          )
        }
        restoreFileInput(Inputs.File, file)
        actionLogger.info(
          `Downloaded '${asset.name}' (id ${asset.id}, sha256 ${sha256})`
        )
        return { found: asset, file }
      }
    )
  }
}
