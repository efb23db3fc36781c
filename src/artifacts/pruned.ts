// An artifact pruning deleted, and how the log and the summary name it. Kept
// apart from prune.ts so that the summary does not load the REST client.
import { formatAge } from './durations.ts'

/** An artifact pruning deleted (or tried to), for the log, outputs and summary. */
export interface PrunedArtifact {
  id: number
  name: string
  /** the run that uploaded it */
  runId?: number
  branch?: string
  createdAt: string
  /** its age when it was deleted, in ms */
  ageMs: number
  expired: boolean
}

/** One artifact as the log and the summary name it. */
export function prunedLabel(a: PrunedArtifact): string {
  return (
    `id ${a.id}${a.runId !== undefined ? ` from run ${a.runId}` : ''}` +
    `${a.branch ? ` on ${a.branch}` : ''}, ${formatAge(a.ageMs)} old` +
    `${a.expired ? ', expired' : ''}`
  )
}
