// Typed errors of the release assets, each telling the user what to do next.

/** Base class of every release error. */
class ReleaseError extends Error {
  override readonly name: string = 'ReleaseError'
}

/** No release of that tag, or no asset of that name in it. */
export class ReleaseNotFound extends ReleaseError {
  override readonly name = 'ReleaseNotFound'
}

/** An asset of that name is attached already and overwrite is off. */
export class ReleaseAssetExists extends ReleaseError {
  override readonly name = 'ReleaseAssetExists'
}

/** The token is missing, invalid, or lacks `contents: write` (or read). */
export class ReleaseAccessDenied extends ReleaseError {
  override readonly name = 'ReleaseAccessDenied'
}

/** The downloaded bytes do not match the digest GitHub lists for the asset. */
export class ReleaseDigestMismatch extends ReleaseError {
  override readonly name = 'ReleaseDigestMismatch'
}

/** The API failed in a way the user cannot fix. */
export class ReleaseServiceError extends ReleaseError {
  override readonly name = 'ReleaseServiceError'
}
