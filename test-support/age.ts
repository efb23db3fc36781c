// The `age` command-line tool (Debian's `age` package) for the encryption
// tests: keys made by age-keygen, files encrypted and decrypted by age
// itself. Missing, ensureAge() installs it with apt where it can, and the
// tests fail in seconds naming the command to run where it cannot.
import { execFile } from 'node:child_process'
import { readFile } from 'node:fs/promises'
import { delimiter, join } from 'node:path'
import { aptInstall } from './apt.ts'
import { fixCommand } from './pg-server/fix-command.ts'
import { isExecutable } from './pg-server/locations.ts'

const ageFixCommand = () => fixCommand('age')

/** Runs a program; resolves with its exit code and output, never rejects on a non-zero exit. */
function exec(
  program: string,
  args: readonly string[]
): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    execFile(
      program,
      [...args],
      { maxBuffer: 16 << 20 },
      (error, stdout, stderr) => {
        if (error && (error as NodeJS.ErrnoException).code === 'ENOENT') {
          reject(
            new Error(`${program} is not installed. Run: ${ageFixCommand()}`)
          )
          return
        }
        const code = error ? Number((error as { code?: unknown }).code ?? 1) : 0
        resolve({ code, stdout, stderr })
      }
    )
  })
}

async function checked(
  program: string,
  args: readonly string[]
): Promise<string> {
  const result = await exec(program, args)
  if (result.code !== 0) {
    throw new Error(
      `${program} ${args.join(' ')} failed (${result.code}): ${result.stderr}`
    )
  }
  return result.stdout
}

/** Whether age and age-keygen are on PATH. */
export function hasAge(): boolean {
  const dirs = (process.env.PATH ?? '').split(delimiter).filter(Boolean)
  return ['age', 'age-keygen'].every(p =>
    dirs.some(d => isExecutable(join(d, p)))
  )
}

/**
 * Makes sure age and age-keygen run: installs the `age` package with apt
 * when they are missing and apt can (as root or with sudo -n); fails in
 * seconds naming the command to run when it cannot.
 */
export async function ensureAge(): Promise<void> {
  if (!hasAge()) {
    try {
      await aptInstall(['age'], hasAge)
    } catch (error) {
      const why = error instanceof Error ? error.message : String(error)
      throw new Error(
        `age is not installed, and ${why.split('\n')[0]}. Run: ${ageFixCommand()}`,
        { cause: error }
      )
    }
  }
  await checked('age', ['--version'])
  await exec('age-keygen', ['--help'])
}

/** An age key pair made by age-keygen, its identity file written to `dir`. */
export interface AgeKey {
  /** the AGE-SECRET-KEY-1… line */
  identity: string
  /** the age1… public key */
  recipient: string
  /** the key file, as age-keygen writes it (comments and the key) */
  keyFile: string
  /** the key file's whole text */
  keyText: string
}

/** A fresh key pair from age-keygen. */
export async function ageKeygen(dir: string, name: string): Promise<AgeKey> {
  const keyFile = join(dir, `${name}.key`)
  await checked('age-keygen', ['-o', keyFile])
  const keyText = await readFile(keyFile, 'utf8')
  const identity = keyText
    .split('\n')
    .find(l => l.startsWith('AGE-SECRET-KEY-1'))
  const recipient = /public key: (age1\w+)/.exec(keyText)?.[1]
  if (!identity || !recipient)
    throw new Error(`age-keygen wrote no key: ${keyText}`)
  return { identity, recipient, keyFile, keyText }
}

/** `age -d -i key -o out file`; the result of the run. */
export function ageDecrypt(keyFile: string, file: string, out: string) {
  return exec('age', ['-d', '-i', keyFile, '-o', out, file])
}

/** `age -r recipient… -o out file`. */
export async function ageEncrypt(
  recipients: readonly string[],
  file: string,
  out: string
): Promise<void> {
  await checked('age', [...recipients.flatMap(r => ['-r', r]), '-o', out, file])
}
