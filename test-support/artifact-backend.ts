// A local stand-in for GitHub's artifact services (Azurite blobs, the Twirp
// results service and the REST routes) so the real @actions/artifact can run.
// The parts live in artifact-backend/.
export {
  SERVER_URL,
  type ArtifactBackend,
  type ArtifactBackendOptions,
  type ArtifactRecord,
  type ArtifactRef,
  type BackendCall,
  type BackendMethod,
  type BlobDownload,
  type RestRoute,
  type SeedArtifactOptions,
  type StepEnvOptions,
  type TwirpMethod
} from './artifact-backend/api.ts'
export { AZURITE_ACCOUNT, AZURITE_KEY } from './artifact-backend/azurite.ts'
export { startArtifactBackend } from './artifact-backend/backend.ts'
