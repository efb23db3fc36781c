// Workflow artifacts as a Store: a series is the artifacts of one name. The
// artifact code (src/artifacts/) is loaded on first use, never at start-up;
// the words the log, warnings and errors use are the ones the steps used.
import { ArtifactAccessDenied } from '../artifacts/errors.ts'
import type { ArtifactSource } from '../artifacts/find.ts'
import { loadArtifacts } from '../artifacts/load.ts'
import type { PruneRequest, PruneScope } from '../artifacts/prune.ts'
import { prunedLabel } from '../artifacts/pruned.ts'
import type { UploadRequest } from '../artifacts/upload.ts'
import { Inputs } from '../action/input-names.ts'
import { actionLogger } from '../action/logger.ts'
import { repositoryIsPublic } from '../action/visibility.ts'
import type {
  DumpFiles,
  FetchedDump,
  FetchOptions,
  FoundDump,
  PruneOutcome,
  PruneResult,
  Store,
  StoredDump
} from './store.ts'

type Artifacts = Awaited<ReturnType<typeof loadArtifacts>>

/** What an artifact store is for: a dump's upload (and pruning), or a restore's artifact. */
type ArtifactStoreConfig =
  | { upload: Omit<UploadRequest, 'file'>; prune?: PruneRequest }
  | { source: ArtifactSource }

/** Workflow artifacts, through @actions/artifact and the REST API. */
export class ArtifactStore implements Store {
  readonly keep?: number
  readonly #config: ArtifactStoreConfig
  #artifacts?: Promise<Artifacts>
  #client?: ReturnType<Artifacts['client']>
  /** what pruning considers, decided by prepare() */
  #scope?: PruneScope

  constructor(config: ArtifactStoreConfig) {
    this.#config = config
    if ('upload' in config) this.keep = config.prune?.keep
  }

  async #load(): Promise<{
    artifacts: Artifacts
    client: ReturnType<Artifacts['client']>
  }> {
    this.#artifacts ??= loadArtifacts()
    const artifacts = await this.#artifacts
    this.#client ??= artifacts.client()
    return { artifacts, client: this.#client }
  }

  #upload(): { upload: Omit<UploadRequest, 'file'>; prune?: PruneRequest } {
    if (!('upload' in this.#config))
      throw new Error('This artifact store was chosen to restore from')
    return this.#config
  }

  #source(): ArtifactSource {
    if (!('source' in this.#config))
      throw new Error('This artifact store was chosen to upload to')
    return this.#config.source
  }

  /** The runtime is there, the name is free (or overwrite is on), and the token may list for 'keep'. */
  async prepare(): Promise<void> {
    const { upload, prune } = this.#upload()
    const { artifacts, client } = await this.#load()
    await artifacts.checkUpload(client, upload)
    if (prune) this.#scope = await artifacts.checkPrune(prune, upload.name)
  }

  async put(dump: DumpFiles): Promise<StoredDump> {
    const { upload } = this.#upload()
    const { artifacts, client } = await this.#load()
    if (!dump.encrypted && repositoryIsPublic()) {
      actionLogger.warning(
        `This repository is public: anyone signed in to GitHub can download the artifact '${upload.name}' and every row in the dump. ` +
          `Set '${Inputs.EncryptTo}' to age public keys to upload it encrypted, or keep dumps of real data in a private repository.`
      )
    }
    const { file, files, root } = dump
    return actionLogger.group(
      `Uploading the artifact '${upload.name}'`,
      async () => {
        const started = performance.now()
        const done = await artifacts.uploadDump(
          client,
          { ...upload, file, files, root },
          actionLogger
        )
        actionLogger.info(
          `Artifact ${done.name} (id ${done.id}, ${done.size} bytes) uploaded in ${Math.round(performance.now() - started)} ms: ${done.url}`
        )
        return done
      }
    )
  }

  /**
   * Deletes the older artifacts beyond 'keep', of this run's branch. A token
   * that may not delete fails the step (it would never prune, and storage
   * would fill night after night); any other failure is a warning, as the
   * next run prunes again.
   */
  async prune(kept: StoredDump): Promise<PruneResult> {
    const { prune: request } = this.#upload()
    const scope = this.#scope
    if (!request || !scope)
      throw new Error("prune() needs 'keep' and a prepare() first")
    const { artifacts } = await this.#load()
    const outcome = await actionLogger.group(
      `Pruning the artifacts named '${kept.name}' (keep: ${request.keep})`,
      () => artifacts.pruneArtifacts(request, scope, kept, actionLogger)
    )
    return { outcome, failure: warnAbout(outcome, kept) }
  }

  async list(): Promise<FoundDump[]> {
    const { artifacts, client } = await this.#load()
    if ('source' in this.#config)
      return artifacts.listSeries(client, this.#config.source)
    const { upload, prune } = this.#config
    return artifacts.listSeries(client, {
      name: upload.name,
      token: prune?.token,
      repository: prune?.repository ?? { owner: '', repo: '' }
    })
  }

  async find(): Promise<FoundDump> {
    const { artifacts, client } = await this.#load()
    return artifacts.findArtifact(client, this.#source())
  }

  /** Finds the artifact (unless given), downloads it into a fresh folder and verifies its digest. */
  async fetch(options: FetchOptions): Promise<FetchedDump> {
    const source = this.#source()
    const { artifacts, client } = await this.#load()
    const downloaded = await actionLogger.group(
      `Downloading the artifact '${source.name}'`,
      () =>
        artifacts.downloadDump(client, source, {
          ...options,
          logger: actionLogger
        })
    )
    return { found: downloaded.artifact, file: downloaded.file }
  }
}

/** Warns of what pruning left, and returns the error when the token may not delete. */
function warnAbout(outcome: PruneOutcome, kept: StoredDump): Error | undefined {
  if (outcome.skipped) {
    actionLogger.warning(
      `Nothing was pruned: ${outcome.skipped}. 'keep' deletes only artifacts of the repository's own runs ` +
        "on this run's branch, and never from a fork's run."
    )
  }
  const still = `The dump was uploaded as '${kept.name}' (id ${kept.id}) and is kept`
  const done = outcome.deleted.length
    ? `; ${outcome.deleted.length} older one(s) were deleted first: ${outcome.deleted.map(a => a.id).join(', ')}`
    : '; no older one was deleted'
  for (const { artifact, reason } of outcome.failed) {
    actionLogger.warning(
      `${artifact ? `Could not delete '${artifact.name}' ${prunedLabel(artifact)}` : 'Could not list the artifacts to prune'}: ` +
        `${reason} ${still}; the next run with 'keep' tries again.`
    )
  }
  if (outcome.denied) {
    return new ArtifactAccessDenied(
      `${outcome.denied.message} ${still}${done}.`
    )
  }
  return undefined
}
