// Where an S3 store keeps dumps, as the inputs name it. No SDK: the inputs
// and the store read it at start-up.

/** The credentials of the standard AWS environment (masked when read). */
interface S3Credentials {
  accessKeyId: string
  secretAccessKey: string
  sessionToken?: string
}

/** A bucket and where in it, and how to reach it. */
export interface S3Location {
  bucket: string
  /** '' or ending in '/': the series' objects are right under it */
  prefix: string
  /** restore: this exact object instead of the newest under `prefix` */
  key?: string
  /** an S3-compatible service's URL (none: AWS) */
  endpoint?: string
  pathStyle: boolean
  region: string
  credentials: S3Credentials
}
