// The REST client for the look-ups @actions/artifact does not make: the
// Octokit of @actions/github (the runner's proxy settings) with
// @octokit/plugin-retry, the same pair @actions/artifact uses, so the bundle
// holds them once.
import { getOctokit } from '@actions/github'
import { defaults, GitHub } from '@actions/github/lib/utils'
import { retry } from '@octokit/plugin-retry'

/** How often a look-up is tried, and the first pause (then 4×, 9× it). */
export const API_ATTEMPTS = 4
const API_FIRST_DELAY_MS = 500

/** One attempt's limit; the retries each get their own. */
const ATTEMPT_TIMEOUT_MS = 30_000

/** Answers waiting cannot change: every 4xx but 429 (too many requests). */
const DO_NOT_RETRY = Array.from({ length: 100 }, (_, i) => 400 + i).filter(
  status => status !== 429
)

/** GITHUB_API_URL without a trailing slash. */
export function apiUrl(): string {
  return (process.env.GITHUB_API_URL ?? 'https://api.github.com').replace(
    /\/+$/,
    ''
  )
}

type RestClient = ReturnType<typeof getOctokit>

/** @actions/github's fetch, which honours the runner's proxy settings. */
export function proxyFetch(): typeof fetch {
  return (defaults.request?.fetch as typeof fetch | undefined) ?? fetch
}

/**
 * An Octokit for GITHUB_API_URL that retries 5xx, 429, time-outs and
 * network errors (API_ATTEMPTS in all, with backoff). Without a token it
 * asks as nobody (what a public repository shows anyone).
 */
export function restClient(token: string | undefined): RestClient {
  const fetchVia = proxyFetch()
  const options = {
    baseUrl: apiUrl(),
    userAgent: 'pg-dumper',
    retry: {
      retries: API_ATTEMPTS - 1,
      retryAfterBaseValue: API_FIRST_DELAY_MS,
      doNotRetry: DO_NOT_RETRY
    },
    request: {
      // the options replace @actions/github's, so keep its proxy-aware
      // fetch; a signal in the request options would span every retry
      fetch: (url: string, init: RequestInit) =>
        fetchVia(url, {
          ...init,
          signal: AbortSignal.timeout(ATTEMPT_TIMEOUT_MS)
        })
    }
  }
  if (token) return getOctokit(token, options, retry)
  // getOctokit insists on a token
  return new (GitHub.plugin(retry))(options)
}
