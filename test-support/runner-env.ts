// The environment the GitHub runner gives a step: the inputs as INPUT_*
// variables, with every default action.yml declares set whether the
// workflow gave that input or not, as the runner does.
import { readFileSync } from 'node:fs'
import { writeFile } from 'node:fs/promises'
import { join, resolve } from 'node:path'
import { parse } from 'yaml'

const repoRoot = resolve(import.meta.dirname, '..')

interface ActionYml {
  inputs: Record<string, { default?: string }>
}

/** The defaults action.yml declares, by input name. */
export const ACTION_DEFAULTS: Readonly<Record<string, string>> = (() => {
  const action = parse(
    readFileSync(join(repoRoot, 'action.yml'), 'utf8')
  ) as ActionYml
  return Object.fromEntries(
    Object.entries(action.inputs).flatMap(([name, input]) =>
      input.default === undefined ? [] : [[name, input.default]]
    )
  )
})()

/** The variable the runner sets for an input: INPUT_<NAME>, spaces as _. */
export const inputVariable = (name: string) =>
  `INPUT_${name.replace(/ /g, '_').toUpperCase()}`

/** The process environment without any INPUT_* or GITHUB_* of the caller's. */
export function baseEnv(): Record<string, string> {
  const env: Record<string, string> = {}
  for (const [k, v] of Object.entries(process.env)) {
    if (v !== undefined && !k.startsWith('INPUT_') && !k.startsWith('GITHUB_'))
      env[k] = v
  }
  return env
}

/** INPUT_* variables for the given inputs, on top of action.yml's defaults. */
export function inputEnv(
  inputs: Record<string, string>
): Record<string, string> {
  const env: Record<string, string> = {}
  for (const [name, value] of Object.entries({
    ...ACTION_DEFAULTS,
    ...inputs
  })) {
    env[inputVariable(name)] = value
  }
  return env
}

/**
 * Writes the event payload the runner names in GITHUB_EVENT_PATH, with the
 * repository's visibility as GitHub sends it (`visibility`, `private`);
 * returns that variable. Without one, the action sees no payload, as outside
 * GitHub.
 */
export async function eventPayload(
  dir: string,
  visibility: 'public' | 'private'
): Promise<{ GITHUB_EVENT_PATH: string }> {
  const path = join(dir, `event-${visibility}.json`)
  await writeFile(
    path,
    JSON.stringify({
      repository: { visibility, private: visibility !== 'public' }
    })
  )
  return { GITHUB_EVENT_PATH: path }
}
