// The repository's root folder, in a module of its own: the unit tests that
// read the repository's files load nothing else (run-action.ts loads the
// server harness, which looks for PostgreSQL binaries as it loads).
import { resolve } from 'node:path'

/** The repository's root folder. */
export const repoRoot = resolve(import.meta.dirname, '..')
