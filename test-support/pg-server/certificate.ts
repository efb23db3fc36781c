// A self-signed certificate for a requireTls server.
import { chmod, chown } from 'node:fs/promises'
import { join } from 'node:path'
import { run, type RunResult } from './run.ts'
import type { Owner } from './server-tool.ts'

/** A self-signed certificate and its key in dataDir (server.crt, server.key). */
export async function makeCertificate(
  dataDir: string,
  owner: Owner | undefined
): Promise<string> {
  const crt = join(dataDir, 'server.crt')
  const key = join(dataDir, 'server.key')
  const args = [
    'req',
    '-x509',
    '-newkey',
    'ec',
    '-pkeyopt',
    'ec_paramgen_curve:prime256v1',
    '-nodes',
    '-keyout',
    key,
    '-out',
    crt,
    '-days',
    '30',
    '-subj',
    '/CN=localhost',
    '-addext',
    'subjectAltName=DNS:localhost,IP:127.0.0.1,IP:::1'
  ]
  let result: RunResult
  try {
    result = await run('openssl', args)
  } catch (error) {
    throw new Error(
      `requireTls needs the openssl command to make a certificate: ${String(error)}`,
      { cause: error }
    )
  }
  if (result.code !== 0) {
    throw new Error(
      `openssl req failed (exit ${result.code}): ${result.stderr}`
    )
  }
  // the server refuses a key that others can read
  await chmod(key, 0o600)
  if (owner) {
    for (const path of [crt, key]) await chown(path, owner.uid, owner.gid)
  }
  return crt
}
