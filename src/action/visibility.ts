// Whether the repository is public, as the runner tells it in the event
// payload (GITHUB_EVENT_PATH): its artifacts can then be downloaded by
// anyone signed in to GitHub.
import { readFileSync } from 'node:fs'

interface EventPayload {
  repository?: { visibility?: unknown; private?: unknown }
}

/** True only when the event payload says the repository is public. */
export function repositoryIsPublic(): boolean {
  const path = process.env.GITHUB_EVENT_PATH
  if (!path) return false
  let event: EventPayload
  try {
    event = JSON.parse(readFileSync(path, 'utf8')) as EventPayload
  } catch {
    return false
  }
  const repository = event?.repository
  if (typeof repository?.visibility === 'string') {
    return repository.visibility === 'public'
  }
  return repository?.private === false
}
