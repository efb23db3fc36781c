// Which Store keeps or gives a run's dumps, chosen once from the inputs. A
// new store adds its case here and a file beside artifact-store.ts.
import type { DumpInputs, RestoreInputs } from '../action/inputs.ts'
import { ArtifactStore } from './artifact-store.ts'
import type { Store } from './store.ts'

/**
 * The store a dump goes to or a restore comes from; undefined: a dump only
 * written to its file, a restore of a file.
 */
export function storeFor(
  inputs: DumpInputs | RestoreInputs
): Store | undefined {
  if (inputs.mode === 'dump') {
    const { upload, prune } = inputs
    return upload ? new ArtifactStore({ upload, prune }) : undefined
  }
  const { source } = inputs
  return source.kind === 'artifact'
    ? new ArtifactStore({ source: source.artifact })
    : undefined
}
