// Typed errors of the artifact front end, each telling the user what to do next.

/** Base class of every artifact error. */
class ArtifactError extends Error {
  override readonly name: string = 'ArtifactError'
}

/** No artifact of that name where we looked. */
export class ArtifactNotFound extends ArtifactError {
  override readonly name = 'ArtifactNotFound'
}

/** The artifact exists but has expired; its content is gone. */
export class ArtifactExpired extends ArtifactError {
  override readonly name = 'ArtifactExpired'
}

/** run-id latest found an artifact older than max-age: the dumps stopped. */
export class ArtifactTooOld extends ArtifactError {
  override readonly name = 'ArtifactTooOld'
}

/** The token is missing, invalid, or lacks `actions: read` on the repository. */
export class ArtifactAccessDenied extends ArtifactError {
  override readonly name = 'ArtifactAccessDenied'
}

/** The downloaded bytes do not match the digest recorded at upload. */
export class ArtifactDigestMismatch extends ArtifactError {
  override readonly name = 'ArtifactDigestMismatch'
}

/** An artifact of that name already exists in this run and overwrite is off. */
export class ArtifactAlreadyExists extends ArtifactError {
  override readonly name = 'ArtifactAlreadyExists'
}

/** Artifacts were asked for outside GitHub Actions (no runtime token). */
export class ArtifactRuntimeMissing extends ArtifactError {
  override readonly name = 'ArtifactRuntimeMissing'
}

/** The artifact service or API failed in a way the user cannot fix. */
export class ArtifactServiceError extends ArtifactError {
  override readonly name = 'ArtifactServiceError'
}

/**
 * Whether @actions/artifact reported that there is no artifact of that name.
 * Told by the error's name rather than by `instanceof ArtifactNotFoundError`:
 * @github/local-action replaces the library with a stub that exports no
 * ArtifactNotFoundError and throws its own class of that name.
 */
export function isArtifactNotFound(error: unknown): boolean {
  return error instanceof Error && error.name === 'ArtifactNotFoundError'
}
