// The keys of a series' objects: `<prefix><UTC time>-<run id>.<ext>`, e.g.
// `nightly/2026-12-07T031700Z-12345.dump` (`.age` appended when encrypted),
// which sort by time and tell the store's objects from anything else under
// the prefix. Pure: no SDK.
import { posix } from 'node:path'

/** `2026-12-07T031700Z`: the UTC time, no colons (they need escaping in URLs). */
export function keyTime(date: Date): string {
  return date
    .toISOString()
    .replace(/:/g, '')
    .replace(/\.\d{3}Z$/, 'Z')
}

/** The extension a key takes from the dump's file name: `.dump`, `.sql.gz`, `.dump.age`… */
export function dumpExtension(fileName: string): string {
  const parts = fileName
    .split('.')
    .slice(1)
    .map(p => p.toLowerCase())
  const wrappers = new Set(['age', 'gz', 'lz4', 'zst'])
  let take = parts.length ? 1 : 0
  while (take < parts.length && wrappers.has(parts[parts.length - take])) take++
  const ext = parts
    .slice(parts.length - take)
    .filter(p => /^[a-z0-9]{1,10}$/.test(p))
  return ext.length ? `.${ext.join('.')}` : '.dump'
}

/** The key of a dump made now by run `runId`. */
export function dumpKey(
  prefix: string,
  runId: string,
  fileName: string,
  now = new Date()
): string {
  return `${prefix}${keyTime(now)}-${runId}${dumpExtension(fileName)}`
}

const OURS =
  /^(\d{4})-(\d{2})-(\d{2})T(\d{2})(\d{2})(\d{2})Z-(\d+)((?:\.[a-z0-9]{1,10}){1,4})$/

/** A key of the series under `prefix`: when it was made, by which run; undefined: not ours. */
export function parseDumpKey(
  prefix: string,
  key: string
): { createdAt: string; runId: number } | undefined {
  if (!key.startsWith(prefix)) return undefined
  const m = OURS.exec(key.slice(prefix.length))
  if (!m || m[8].endsWith('.sha256')) return undefined
  const [, y, mo, d, h, mi, s, run] = m
  const createdAt = `${y}-${mo}-${d}T${h}:${mi}:${s}Z`
  if (Number.isNaN(Date.parse(createdAt))) return undefined
  return { createdAt, runId: Number(run) }
}

/** This run's id (GITHUB_RUN_ID), 0 outside GitHub Actions. */
export function runId(): string {
  const id = process.env.GITHUB_RUN_ID ?? ''
  return /^\d{1,20}$/.test(id) ? id : '0'
}

/** The object's last name, safe as a file name here. */
export function safeName(key: string): string {
  const name = posix.basename(key).replace(/[^A-Za-z0-9._-]/g, '_')
  return name === '' || name.startsWith('.') ? `dump${name}` : name
}
