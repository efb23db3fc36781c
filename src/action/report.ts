// What one run did, as a step reports it: main writes the outputs and the
// job summary from it, in one place.
import type { DumpResult, RestoreResult } from '../core/index.ts'
import type { PruneOutcome, StoredDump } from '../store/store.ts'
import type { Mode } from './input-names.ts'

/** Where a restore's dump came from. */
export interface ReportSource {
  artifact?: string
  artifactId?: number
  /** the run it came from (undefined: this run) */
  runId?: number
  branch?: string
  /** the release the dump came from, as its tag, and the asset's name */
  release?: string
  asset?: string
  /** the S3 object the dump came from, `s3://bucket/key` */
  s3?: string
  file: string
}

/** What one run did; filled as the step goes, so a failed run reports what it got to. */
export interface RunReport {
  mode: Mode
  /** the database (or service) dumped from or restored into */
  database: string
  excludeSchemas: readonly string[]
  /** dump: only these schemas (`schemas`), as given */
  schemas?: readonly string[]
  /** what the Dumper reported about the dump file */
  result?: DumpResult | RestoreResult
  /** dump: the dump as its store keeps it (the uploaded artifact, or the release's assets) */
  artifact?: StoredDump
  /** dump with keep: what pruning deleted, and what it could not */
  prune?: PruneOutcome
  /** restore: where the dump came from */
  source?: ReportSource
  /** `<ErrorName>: <message>` when the run failed */
  error?: string
}
