// Runs the committed bundle the way the GitHub runner does: inputs as INPUT_*
// variables, outputs and summary written to the files the runner names.
import { execFile } from 'node:child_process'
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { staleBundle } from '../scripts/source-stamp.ts'
import { clientBinDir } from './pg-server.ts'
import { repoRoot } from './repo-root.ts'
import { baseEnv, inputEnv } from './runner-env.ts'

export { repoRoot }

export const actionEntry = join(repoRoot, 'dist/index.js')
export const cliEntry = join(repoRoot, 'dist/cli/index.js')

let bundleChecked = false

/**
 * Ends this test process with one message naming `npm run bundle` when
 * dist/ was not built from the sources as they are now (its stamp, written
 * by scripts/bundle.sh, differs from a hash of them): the tests would
 * otherwise test the old bundle, or fail one by one for a reason they do not
 * name. Checked once a process, before the first run of dist/.
 */
export function exitIfBundleStale(entry: string): void {
  if (bundleChecked || (entry !== actionEntry && entry !== cliEntry)) return
  bundleChecked = true
  const stale = staleBundle(repoRoot)
  if (stale === undefined) return
  process.stderr.write(`\n${stale}\n\n`)
  process.exit(1)
}

/** What one step run left behind. */
export interface StepRun {
  exitCode: number
  stdout: string
  stderr: string
  /** outputs parsed from GITHUB_OUTPUT */
  outputs: Record<string, string>
  /** GITHUB_STEP_SUMMARY's content */
  summary: string
}

/** Parses the runner's `name<<DELIMITER … DELIMITER` output file format. */
export function parseOutputFile(text: string): Record<string, string> {
  const outputs: Record<string, string> = {}
  const lines = text.split('\n')
  for (let i = 0; i < lines.length; i++) {
    const heredoc = /^([^<=]+)<<(.+)$/.exec(lines[i])
    if (heredoc) {
      const [, name, delimiter] = heredoc
      const value: string[] = []
      while (++i < lines.length && lines[i] !== delimiter) value.push(lines[i])
      outputs[name] = value.join('\n')
    } else if (lines[i].includes('=')) {
      const at = lines[i].indexOf('=')
      outputs[lines[i].slice(0, at)] = lines[i].slice(at + 1)
    }
  }
  return outputs
}

/**
 * Runs `node dist/index.js` with the given inputs (names as in action.yml)
 * and every other default action.yml declares, as the runner sets them, in
 * `cwd`, and collects what it wrote.
 */
export async function runAction(
  inputs: Record<string, string>,
  options: {
    cwd?: string
    env?: Record<string, string>
    /** another bundle to run as the step (the benchmark's floor) */
    entry?: string
  } = {}
): Promise<StepRun> {
  exitIfBundleStale(options.entry ?? actionEntry)
  const work = await mkdtemp(join(tmpdir(), 'pg-dumper-step-'))
  try {
    const outputFile = join(work, 'output')
    const summaryFile = join(work, 'summary')
    await writeFile(outputFile, '')
    await writeFile(summaryFile, '')
    const env: Record<string, string> = {
      ...baseEnv(),
      GITHUB_OUTPUT: outputFile,
      GITHUB_STEP_SUMMARY: summaryFile,
      GITHUB_ACTIONS: 'true',
      RUNNER_TEMP: work,
      ...options.env
    }
    Object.assign(env, inputEnv(inputs))
    const { exitCode, stdout, stderr } = await execNode(
      options.entry ?? actionEntry,
      [],
      env,
      options.cwd
    )
    return {
      exitCode,
      stdout,
      stderr,
      outputs: parseOutputFile(await readFile(outputFile, 'utf8')),
      summary: await readFile(summaryFile, 'utf8')
    }
  } finally {
    await rm(work, { recursive: true, force: true })
  }
}

/** Runs the bundled CLI with argv; never rejects on a non-zero exit. */
export function runCli(
  args: string[],
  options: { cwd?: string; env?: Record<string, string> } = {}
) {
  exitIfBundleStale(cliEntry)
  return execNode(cliEntry, args, { ...baseEnv(), ...options.env }, options.cwd)
}

function execNode(
  script: string,
  args: string[],
  env: Record<string, string>,
  cwd?: string
): Promise<{ exitCode: number; stdout: string; stderr: string }> {
  return new Promise(resolvePromise => {
    execFile(
      process.execPath,
      [script, ...args],
      { env, cwd, maxBuffer: 64 * 1024 * 1024 },
      (error, stdout, stderr) => {
        const code = error
          ? typeof error.code === 'number'
            ? error.code
            : 1
          : 0
        resolvePromise({ exitCode: code, stdout, stderr })
      }
    )
  })
}

/** The pg-bin-dir input for the tests' client, when one is set. */
export function pgBinDirInput(): Record<string, string> {
  const dir = clientBinDir()
  return dir ? { 'pg-bin-dir': dir } : {}
}

/** The step's `::error::` line, or '' when it printed none. */
export function errorLine(run: StepRun): string {
  return run.stdout.split('\n').find(l => l.startsWith('::error::')) ?? ''
}

/** Everything the step printed, minus the runner's own add-mask commands. */
export function visibleLog(run: StepRun): string {
  return (run.stdout + run.stderr)
    .split('\n')
    .filter(l => !l.startsWith('::add-mask::'))
    .join('\n')
}

/**
 * Runs the bundle in a fresh workspace under `root` (also its RUNNER_TEMP),
 * with the tests' client as pg-bin-dir; returns the run and the workspace.
 */
export async function runStepIn(
  root: string,
  inputs: Record<string, string>,
  env: Record<string, string> = {}
): Promise<StepRun & { cwd: string }> {
  const cwd = await mkdtemp(join(root, 'ws-'))
  const run = await runAction(
    { ...pgBinDirInput(), ...inputs },
    { cwd, env: { RUNNER_TEMP: cwd, ...env } }
  )
  return { ...run, cwd }
}
