// The runner's commands (inputs, log lines, groups, masks, outputs, the job
// summary): @actions/core's, by one of two ways to the same code. The bundle's
// entry (index.ts) takes its command modules directly (runner-direct.ts), so
// the step loads no HTTP client; run() called by anything else, such as
// local-action (which stubs the package's index to show what a run sets),
// goes through the index.
import type * as Core from '@actions/core'
import * as direct from './runner-direct.ts'

type Commands = Pick<
  typeof Core,
  | 'getInput'
  | 'setSecret'
  | 'info'
  | 'debug'
  | 'warning'
  | 'setFailed'
  | 'group'
  | 'setOutput'
  | 'summary'
>

let commands: Commands = direct

/** Writes the runner's commands through `chosen` from now on. */
export function useCommands(chosen: Commands): void {
  commands = chosen
}

/** An input as the runner passes it (`INPUT_<NAME>`), trimmed. */
export const getInput = (name: string): string => commands.getInput(name)
/** Masks `secret` in the rest of the job's log. */
export const setSecret = (secret: string): void => commands.setSecret(secret)
export const info = (message: string): void => commands.info(message)
export const debug = (message: string): void => commands.debug(message)
export const warning = (message: string): void => commands.warning(message)
/** An error annotation, and the step's exit code 1. */
export const setFailed = (message: string): void => commands.setFailed(message)
/** Runs `fn` inside a foldable group of the log. */
export const group = <T>(name: string, fn: () => Promise<T>): Promise<T> =>
  commands.group(name, fn)
/** Sets a step output, in the file the runner names. */
export const setOutput = (name: string, value: unknown): void =>
  commands.setOutput(name, value)
/** The job summary being written. */
export const summary = (): Commands['summary'] => commands.summary
