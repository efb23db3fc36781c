// The parts of a multipart upload: S3 takes at most 10,000, each but the
// last at least 5 MiB.

export const MiB = 1024 * 1024

/** The size of part `n` (1-based): doubling every 2,000 parts, ~500 GB in 10,000 parts of 8 MiB first. */
export function partSizeOf(n: number, base: number): number {
  return base * 2 ** Math.min(4, Math.floor((n - 1) / 2000))
}
