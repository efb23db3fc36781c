// The errors of the S3 store users see, each saying what to do next.

/** Base class of every S3 error. */
class S3StoreError extends Error {
  override readonly name: string = 'S3StoreError'
}

/** S3 refused or failed a request (access, bucket, network): its code and what was asked. */
export class S3RequestFailed extends S3StoreError {
  override readonly name = 'S3RequestFailed'
}

/** No dump under the prefix, or the exact key is not there. */
export class S3DumpNotFound extends S3StoreError {
  override readonly name = 'S3DumpNotFound'
}

/** The newest dump under the prefix is older than max-age: the dumps stopped. */
export class S3DumpTooOld extends S3StoreError {
  override readonly name = 'S3DumpTooOld'
}

/** The downloaded bytes do not match the SHA-256 recorded at upload. */
export class S3DigestMismatch extends S3StoreError {
  override readonly name = 'S3DigestMismatch'
}
