// Which Store keeps or gives a run's dumps, chosen once from the inputs. A
// new store adds its case here and a file beside artifact-store.ts.
import type { DumpInputs, RestoreInputs } from '../action/inputs.ts'
import { ArtifactStore } from './artifact-store.ts'
import { BothStores } from './both-stores.ts'
import { ReleaseStore } from './release-store.ts'
import { S3Store } from './s3-store.ts'
import type { Store } from './store.ts'

/**
 * The store a dump goes to or a restore comes from; undefined: a dump only
 * written to its file, a restore of a file. A dump with both an artifact
 * and a release goes to each.
 */
export function storeFor(
  inputs: DumpInputs | RestoreInputs
): Store | undefined {
  if (inputs.mode === 'dump') {
    const { upload, prune, release, s3 } = inputs
    // the inputs refuse s3-url beside another store
    if (s3) return new S3Store(s3)
    const artifact = upload && new ArtifactStore({ upload, prune })
    const assets = release && new ReleaseStore({ attach: release })
    return artifact && assets
      ? new BothStores(artifact, assets)
      : (artifact ?? assets)
  }
  const { source } = inputs
  if (source.kind === 's3') return new S3Store(source.s3)
  if (source.kind === 'release')
    return new ReleaseStore({ source: source.release })
  return source.kind === 'artifact'
    ? new ArtifactStore({ source: source.artifact })
    : undefined
}
