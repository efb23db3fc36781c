// pg_dump's compression, as users write it (`gzip:6`, `lz4`, `zstd:3`,
// `none`), translated for the client that runs: PostgreSQL 15 and older know
// only gzip levels (`--compress=6`); 16 added `--compress=METHOD[:LEVEL]`.
import type { DumpFormat } from '../args.ts'
import { ToolError } from '../errors.ts'
import type { Wording } from '../wording.ts'

/** A compression method and optional level. */
export interface Compression {
  method: 'gzip' | 'lz4' | 'zstd' | 'none'
  level?: number
}

/** Why a compression cannot be used. */
export class CompressionError extends Error {
  override readonly name = 'CompressionError'
}

const LEVELS: Record<
  Exclude<Compression['method'], 'none'>,
  [number, number]
> = {
  gzip: [1, 9],
  lz4: [1, 12],
  zstd: [1, 22]
}

/** The first pg_dump major that knows each method. */
const FIRST_MAJOR: Record<Compression['method'], number> = {
  gzip: 8,
  none: 8,
  lz4: 16,
  zstd: 16
}

export const COMPRESSION_FORMS =
  'none, gzip[:1-9], lz4[:1-12], zstd[:1-22], or a gzip level 0-9'

/** Parses `gzip`, `gzip:6`, `lz4`, `zstd:3`, `none`, or a bare 0–9 gzip level. */
export function parseCompression(text: string): Compression {
  const value = text.trim().toLowerCase()
  if (/^\d$/.test(value)) {
    return value === '0'
      ? { method: 'none' }
      : { method: 'gzip', level: Number(value) }
  }
  const m = /^(none|gzip|lz4|zstd)(?::(\d+))?$/.exec(value)
  if (!m)
    throw new CompressionError(
      `'${text}' is not a compression. Expected ${COMPRESSION_FORMS}.`
    )
  const method = m[1] as Compression['method']
  if (m[2] === undefined) return { method }
  if (method === 'none') throw new CompressionError(`'none' takes no level.`)
  const [min, max] = LEVELS[method]
  const level = Number(m[2])
  if (level < min || level > max) {
    throw new CompressionError(
      `${method} levels go from ${min} to ${max}, not ${level}.`
    )
  }
  return { method, level }
}

/** The `--compress` argument for a client of `clientMajor`; throws when it cannot do it. */
export function compressArg(c: Compression, clientMajor: number): string {
  if (clientMajor < FIRST_MAJOR[c.method]) {
    throw new CompressionError(
      `compress '${describeCompression(c)}' needs pg_dump ${FIRST_MAJOR[c.method]} or newer, ` +
        `but the client that runs is PostgreSQL ${clientMajor}.`
    )
  }
  if (clientMajor >= 16) return `--compress=${describeCompression(c)}`
  return `--compress=${c.method === 'none' ? 0 : (c.level ?? 6)}`
}

/** `gzip:6`, `lz4`, `none` */
export function describeCompression(c: Compression): string {
  return c.level === undefined ? c.method : `${c.method}:${c.level}`
}

/**
 * The --compress argument for the client that runs, or none; a command
 * ToolError when the format or the client cannot do it.
 */
export function dumpCompressArg(
  format: DumpFormat,
  compression: Compression | undefined,
  clientMajor: number,
  wording: Wording
): string | undefined {
  if (compression === undefined) return undefined
  const refuse = (message: string) =>
    new ToolError('command', message, { tool: 'pg_dump' })
  if (format === 'tar' || format === 'plain') {
    throw refuse(
      `${wording.name('compression')} '${describeCompression(compression)}' applies to the custom and directory formats, not ${format}.`
    )
  }
  try {
    return compressArg(compression, clientMajor)
  } catch (error) {
    if (error instanceof CompressionError) {
      throw refuse(
        `${error.message} Use gzip or none, or a newer client (${wording.name('pgVersion')}).`
      )
    }
    throw error
  }
}
