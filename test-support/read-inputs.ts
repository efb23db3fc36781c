// readInputs() in process, as the runner would call it: the INPUT_*
// variables it sets (every default action.yml declares, plus the case's own)
// in a fresh workspace; process.env, the working folder and stdout restored after.
import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { readInputs } from '../src/action/inputs.ts'
import { ACTION_DEFAULTS, inputVariable } from './runner-env.ts'

const runner = { GITHUB_REPOSITORY: 'octo/repo', GITHUB_RUN_ID: '42' }

/**
 * readInputs() with action.yml's defaults and `inputs` as the runner sets
 * them, in a fresh workspace holding `files`; what it returned or threw, and
 * what it printed (workflow commands, which are not the test's output).
 */
export async function read(
  inputs: Record<string, string>,
  files: string[] = []
) {
  const saved = { ...process.env }
  const cwd = process.cwd()
  const ownWrite = Object.getOwnPropertyDescriptor(process.stdout, 'write')
  const workspace = await mkdtemp(join(tmpdir(), 'pg-dumper-inputs-'))
  let printed = ''
  try {
    for (const name of Object.keys(process.env))
      if (name.startsWith('INPUT_')) delete process.env[name]
    Object.assign(process.env, runner)
    for (const [name, value] of Object.entries({
      ...ACTION_DEFAULTS,
      ...inputs
    }))
      process.env[inputVariable(name)] = value
    for (const file of files) await writeFile(join(workspace, file), 'x')
    process.chdir(workspace)
    process.stdout.write = (chunk: string | Uint8Array) => {
      printed += String(chunk)
      return true
    }
    try {
      return { result: await readInputs(), printed }
    } catch (error) {
      return { error: error as Error, printed }
    }
  } finally {
    if (ownWrite) Object.defineProperty(process.stdout, 'write', ownWrite)
    else Reflect.deleteProperty(process.stdout, 'write')
    process.chdir(cwd)
    for (const name of Object.keys(process.env))
      if (!(name in saved)) delete process.env[name]
    Object.assign(process.env, saved)
    await rm(workspace, { recursive: true, force: true })
  }
}

/** The value as JSON has it: an undefined field is a missing one. */
export const plain = (value: unknown): unknown =>
  JSON.parse(JSON.stringify(value))
