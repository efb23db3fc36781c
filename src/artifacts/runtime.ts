// What the artifact front end needs from the GitHub Actions runtime: that
// it is there, and where an artifact's page is.
import { ArtifactRuntimeMissing } from './errors.ts'

/** Fails unless the step runs inside GitHub Actions with the artifact runtime. */
export function requireRuntime(what: string): void {
  if (!process.env.ACTIONS_RUNTIME_TOKEN || !process.env.ACTIONS_RESULTS_URL) {
    throw new ArtifactRuntimeMissing(
      `${what} needs the GitHub Actions artifact runtime, but ACTIONS_RUNTIME_TOKEN ` +
        'or ACTIONS_RESULTS_URL is not set: this step is not running in a GitHub Actions job. ' +
        "Leave 'artifact-name' empty to work with a local file only."
    )
  }
}

const server = () =>
  (process.env.GITHUB_SERVER_URL ?? 'https://github.com').replace(/\/+$/, '')

/** The artifact's page on GitHub. */
export function artifactUrl(id: number): string {
  return `${server()}/${process.env.GITHUB_REPOSITORY}/actions/runs/${process.env.GITHUB_RUN_ID}/artifacts/${id}`
}

/** A workflow run's page on GitHub; `repository` is owner/name. */
export function runUrl(repository: string, runId: number): string {
  return `${server()}/${repository}/actions/runs/${runId}`
}
