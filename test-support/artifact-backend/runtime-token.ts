// ACTIONS_RUNTIME_TOKEN: the unsigned JWT a step gets, and reading the
// `Actions.Results:<run>:<job>` scope back out of it.
import { randomUUID } from 'node:crypto'

function base64url(value: unknown): string {
  return Buffer.from(JSON.stringify(value)).toString('base64url')
}

/** An unsigned JWT whose scp carries `Actions.Results:<run>:<job>`, valid for 6 hours. */
export function runtimeToken(
  runBackendId: string,
  jobBackendId: string
): string {
  const now = Math.floor(Date.now() / 1000)
  return [
    base64url({ typ: 'JWT', alg: 'none' }),
    base64url({
      iss: 'https://token.actions.githubusercontent.com',
      aud: 'vso:local',
      nbf: now - 60,
      iat: now - 60,
      exp: now + 6 * 3600,
      scp: [
        `Actions.GenericRead:${randomUUID()}`,
        `Actions.Results:${runBackendId}:${jobBackendId}`,
        `Actions.UploadArtifacts:${randomUUID()}:${jobBackendId}`
      ].join(' ')
    }),
    ''
  ].join('.')
}

/** Reads the `Actions.Results:<run>:<job>` scope from a runtime token. */
export function scopeFromToken(
  token: string
): { runBackendId: string; jobBackendId: string } | undefined {
  try {
    const payload = JSON.parse(
      Buffer.from(token.split('.')[1] ?? '', 'base64url').toString()
    ) as { scp?: unknown }
    if (typeof payload.scp !== 'string') return undefined
    for (const scope of payload.scp.split(' ')) {
      const parts = scope.split(':')
      if (parts[0] === 'Actions.Results' && parts.length === 3)
        return { runBackendId: parts[1], jobBackendId: parts[2] }
    }
  } catch {
    // not a JWT: treated like a missing scope
  }
  return undefined
}
