// The runner's commands as the bundle writes them: @actions/core's own
// command modules, each function doing what the package's index does. Not
// through the index: that imports an HTTP client (@actions/http-client and
// undici, about 1 MB of bundle) for OIDC tokens this action never asks for,
// and loading it was a third of the step's start-up. The package exports
// only its index, hence the paths to its files.
import { EOL } from 'node:os'
import {
  issue,
  issueCommand
} from '../../node_modules/@actions/core/lib/command.js'
import {
  issueFileCommand,
  prepareKeyValueMessage
} from '../../node_modules/@actions/core/lib/file-command.js'
import { toCommandValue } from '../../node_modules/@actions/core/lib/utils.js'

export { summary } from '../../node_modules/@actions/core/lib/summary.js'

export function getInput(name: string): string {
  const variable = `INPUT_${name.replace(/ /g, '_').toUpperCase()}`
  return (process.env[variable] ?? '').trim()
}

export function setSecret(secret: string): void {
  issueCommand('add-mask', {}, secret)
}

export function info(message: string): void {
  process.stdout.write(message + EOL)
}

export function debug(message: string): void {
  issueCommand('debug', {}, message)
}

export function warning(message: string | Error): void {
  issueCommand('warning', {}, message.toString())
}

export function setFailed(message: string | Error): void {
  process.exitCode = 1
  issueCommand('error', {}, message.toString())
}

export async function group<T>(name: string, fn: () => Promise<T>): Promise<T> {
  issue('group', name)
  try {
    return await fn()
  } finally {
    issue('endgroup')
  }
}

export function setOutput(name: string, value: unknown): void {
  if (process.env.GITHUB_OUTPUT) {
    issueFileCommand('OUTPUT', prepareKeyValueMessage(name, value))
    return
  }
  process.stdout.write(EOL)
  issueCommand('set-output', { name }, toCommandValue(value))
}
