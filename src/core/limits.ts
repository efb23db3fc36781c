// The bounds both front ends hold a value to: the action's inputs and the
// CLI's flags read them from here.

/** Inclusive [min, max] of the whole numbers the front ends accept. */
export const LIMITS = {
  /** parallel jobs of pg_dump (directory) and pg_restore */
  jobs: [1, 64],
  /** seconds to wait for the server to accept connections */
  waitSeconds: [0, 3600],
  /** a client's major version */
  pgVersion: [9, 99]
} as const
