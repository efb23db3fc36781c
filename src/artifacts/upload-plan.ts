// How a dump goes up as an artifact: the file itself when pg_dump already
// compressed it, else zipped, and at which level. Pure: decided from the
// inputs before anything runs.
import type { Compression, DumpFormat } from '../core/index.ts'

/** `auto`, or a zip compression level 0–9. */
export type CompressionLevel = 'auto' | number

/** How the dump goes up: the file itself, or zipped at a level. */
export interface UploadPlan {
  /** upload the file as it is; the artifact is then named after the file */
  raw: boolean
  /** zip level when not raw */
  level?: number
  /** the file is an age file (encrypt-to): as incompressible as it gets */
  encrypted?: true
}

/** zip's default level, for content worth compressing */
const DEFAULT_ZIP_LEVEL = 6

/**
 * auto: a compressed custom archive goes up as the file itself when the
 * artifact bears the file's name (`sameName`) and goes up alone, else
 * zipped without compressing again (level 0, "stored"), as is a compressed
 * directory archive (many files) and several dumps (`severalFiles`: the
 * globals beside it, or several databases); anything uncompressed (plain
 * SQL, tar, compress none) is zipped at level 6. A number: zipped at that
 * level. An age file (`encrypted`) is treated as a compressed custom archive.
 */
export function uploadPlan(
  format: DumpFormat,
  level: CompressionLevel,
  compression?: Compression,
  sameName = true,
  encrypted = false,
  severalFiles = false
): UploadPlan {
  if (encrypted) {
    // ciphertext does not compress: the file itself, or stored
    const plan: UploadPlan =
      level !== 'auto'
        ? { raw: false, level }
        : sameName && !severalFiles
          ? { raw: true }
          : { raw: false, level: 0 }
    return { ...plan, encrypted: true }
  }
  if (level !== 'auto') return { raw: false, level }
  const compressed =
    (format === 'custom' || format === 'directory') &&
    compression?.method !== 'none'
  if (!compressed) return { raw: false, level: DEFAULT_ZIP_LEVEL }
  return format === 'custom' && sameName && !severalFiles
    ? { raw: true }
    : { raw: false, level: 0 }
}
