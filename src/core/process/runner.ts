// Runs one PostgreSQL program through @actions/exec: argument array (never a
// shell), password through the environment, command logged with secrets
// redacted, exit code and stderr handed back for the caller to judge.
import { getExecOutput } from '@actions/exec'
import { join } from 'node:path'
import type { Tool } from '../errors.ts'
import type { Logger } from '../logger.ts'

/** How a tool run ended. */
export interface ToolResult {
  /** the exit code; -1 when the process ended on a signal */
  exitCode: number
  stdout: string
  stderr: string
}

/** The tool's own message, or what its exit says when it printed none. */
export function failureMessage(tool: Tool, result: ToolResult): string {
  if (result.stderr) return result.stderr
  return result.exitCode === -1
    ? `${tool} was killed by a signal`
    : `${tool} exited with code ${result.exitCode}`
}

/** The tool could not be started at all (missing executable, spawn error). */
export class ToolNotRunnable extends Error {
  override readonly name = 'ToolNotRunnable'
  /** the tool that is missing, when it is known */
  readonly tool?: Tool

  constructor(message: string, tool?: Tool) {
    super(message)
    this.tool = tool
  }
}

/** What every run shares: where the binaries are and what the child gets. */
interface ToolRunnerOptions {
  /** folder holding pg_dump, pg_restore and psql; undefined = PATH */
  binDir?: string
  /** variables added to the child's environment (PGPASSWORD, PGSERVICEFILE) */
  env?: Record<string, string>
  /** strings that must never be logged */
  secrets?: readonly string[]
  logger: Logger
  /** log the command at debug level only (repeated probes) */
  quiet?: boolean
  /** told each line of the tool's stderr as it comes (secrets redacted) */
  onErrLine?: (line: string) => void
  /** told each line of the tool's stdout as it comes (a session kept open) */
  onOutLine?: (line: string) => void
  /** written to the tool's standard input, which is then closed; never logged */
  input?: Buffer
  /** keep stderr out of the debug log (a scrub script's errors quote its lines) */
  unloggedStderr?: boolean
}

// pg tools end an invalid-arguments message with this hint
const USAGE_HINT = /Try "[\w.-]+ --help" for more information/

/** True when a tool's stderr says its arguments were invalid. */
export function isUsageError(stderr: string): boolean {
  return USAGE_HINT.test(stderr)
}

/**
 * The program as @actions/exec's first argument, which it reads as a command
 * line and splits at spaces: a path such as
 * `C:\Program Files\PostgreSQL\17\bin\psql.exe` is quoted. Every program
 * the core runs goes through here.
 */
export function commandLine(executable: string): string {
  if (executable.includes('"')) {
    throw new ToolNotRunnable(
      `Cannot run a program whose path holds a double quote: ${executable}`
    )
  }
  return /\s/.test(executable) ? `"${executable}"` : executable
}

/**
 * Quotes an argument for display only; commands are never run through a
 * shell. Control characters (a line break in a file name) are shown escaped,
 * `$'…\n…'`, so a logged command stays on one line and cannot start a
 * workflow command.
 */
export function displayArg(arg: string): string {
  if (/^[\w@%+=:,./-]+$/.test(arg)) return arg
  // eslint-disable-next-line no-control-regex
  if (!/[\u0000-\u001f\u007f]/.test(arg))
    return `'${arg.replace(/'/g, `'\\''`)}'`
  const escaped = [...arg]
    .map(c => {
      const code = c.codePointAt(0) as number
      if (c === '\\' || c === "'") return `\\${c}`
      if (c === '\n') return '\\n'
      if (c === '\t') return '\\t'
      if (c === '\r') return '\\r'
      return code < 0x20 || code === 0x7f
        ? `\\x${code.toString(16).padStart(2, '0')}`
        : c
    })
    .join('')
  return `$'${escaped}'`
}

/** Replaces every secret in text by ***. */
export function redact(text: string, secrets: readonly string[]): string {
  let out = text
  for (const secret of secrets) {
    if (secret.length > 0) out = out.split(secret).join('***')
  }
  return out
}

/**
 * The child's environment: ours, without the runner's INPUT_* variables (the
 * connection input holds the password), plus the given variables.
 */
export function childEnv(
  extra: Record<string, string> = {}
): Record<string, string> {
  const env: Record<string, string> = {}
  for (const [key, value] of Object.entries(process.env)) {
    if (value !== undefined && !key.startsWith('INPUT_')) env[key] = value
  }
  return { ...env, ...extra }
}

/** Runs PostgreSQL programs with the shared options. */
export class ToolRunner {
  readonly options: ToolRunnerOptions

  constructor(options: ToolRunnerOptions) {
    this.options = options
  }

  /** The path (or bare name, for PATH lookup) of a tool. */
  executable(tool: Tool): string {
    const { binDir } = this.options
    const name = process.platform === 'win32' ? `${tool}.exe` : tool
    return binDir ? join(binDir, name) : name
  }

  /** Runs the tool to completion; throws ToolNotRunnable if it never started. */
  async run(tool: Tool, args: readonly string[]): Promise<ToolResult> {
    const { logger, secrets = [] } = this.options
    const executable = this.executable(tool)
    const shown = [executable, ...args].map(displayArg).join(' ')
    const line = `$ ${redact(shown, secrets)}`
    if (this.options.quiet) logger.debug(line)
    else logger.info(line)
    try {
      const result = await getExecOutput(commandLine(executable), [...args], {
        ignoreReturnCode: true,
        silent: true,
        env: childEnv(this.options.env),
        ...(this.options.input && { input: this.options.input }),
        listeners: {
          ...(this.options.onOutLine && { stdline: this.options.onOutLine }),
          errline: raw => {
            const line = redact(raw, secrets)
            if (!this.options.unloggedStderr) logger.debug(line)
            this.options.onErrLine?.(line)
          }
        }
      })
      return {
        exitCode: typeof result.exitCode === 'number' ? result.exitCode : -1,
        stdout: result.stdout,
        stderr: redact(result.stderr.trim(), secrets)
      }
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error)
      throw new ToolNotRunnable(redact(message, secrets))
    }
  }
}
