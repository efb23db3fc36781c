// action.yml output names.
export const Outputs = {
  File: 'file',
  Size: 'size',
  Sha256: 'sha256',
  ServerVersion: 'server-version',
  ClientVersion: 'client-version',
  IgnoredErrors: 'ignored-errors',
  Databases: 'databases',
  ArtifactId: 'artifact-id',
  ArtifactUrl: 'artifact-url',
  ArtifactDigest: 'artifact-digest'
} as const
