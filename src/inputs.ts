// Reads and validates the action's inputs once, at the boundary, into a
// typed object. Every message names the input and what it accepts.
import { getInput, setSecret } from '@actions/core'
import { existsSync, statSync } from 'node:fs'
import { DUMP_FORMATS, type DumpFormat } from './core/args.ts'
import { ConnectionStringError, parseConnection } from './core/connection.ts'

/** action.yml input names. */
export const Inputs = {
  Mode: 'mode',
  Connection: 'connection',
  Service: 'service',
  ServiceFile: 'service-file',
  Dbname: 'dbname',
  File: 'file',
  Format: 'format',
  ExcludeSchemas: 'exclude-schemas',
  IgnoreErrors: 'ignore-errors',
  PgBinDir: 'pg-bin-dir'
} as const

export const MODES = ['dump', 'restore'] as const
export type Mode = (typeof MODES)[number]

/** A bad input, reported before any command runs. */
export class InputError extends Error {
  override readonly name = 'InputError'
}

/** The validated inputs of one run. */
export interface ActionInputs {
  /** dump or restore */
  mode: Mode
  /** service name or connection string, as given (a secret) */
  connection: string
  /** path of a pg_service.conf, if given */
  serviceFile?: string
  /** database name overriding the connection's */
  dbname?: string
  /** the dump file (dump: where to write; restore: what to read) */
  file: string
  /** dump format; restore recognises the file's own */
  format: DumpFormat
  /** schemas to leave out */
  excludeSchemas: string[]
  /** restore: succeed despite errors, counting them */
  ignoreErrors: boolean
  /** folder of pg_dump/pg_restore/psql; undefined = PATH */
  pgBinDir?: string
  /** notes about inputs that were given but do not apply */
  notices: string[]
}

const DEFAULT_FILE: Record<DumpFormat, string> = {
  custom: 'backup.dump',
  plain: 'backup.sql'
}

function optional(name: string): string | undefined {
  const value = getInput(name)
  return value === '' ? undefined : value
}

function oneOf<T extends string>(
  name: string,
  value: string,
  allowed: readonly T[]
): T {
  if ((allowed as readonly string[]).includes(value)) return value as T
  throw new InputError(
    `Invalid '${name}' input '${value}'. Expected one of: ${allowed.join(', ')}.`
  )
}

function booleanInput(name: string): boolean {
  const value = getInput(name).toLowerCase()
  if (value === '' || value === 'false') return false
  if (value === 'true') return true
  throw new InputError(
    `Invalid '${name}' input '${getInput(name)}'. Expected one of: true, false.`
  )
}

/** Splits a list input on newlines and commas, dropping blanks. */
export function listInput(value: string): string[] {
  return value
    .split(/[\n,]/)
    .map(s => s.trim())
    .filter(s => s !== '')
}

/** Registers every form of the password as a secret before anything is logged. */
function readConnection(): string {
  const connection = optional(Inputs.Connection)
  const service = optional(Inputs.Service)
  if (connection !== undefined) setSecret(connection)
  if ((connection === undefined) === (service === undefined)) {
    throw new InputError(
      `Exactly one of the 'connection' and 'service' inputs is required` +
        (connection === undefined ? ', and neither was given.' : ', not both.')
    )
  }
  if (service !== undefined && /[=]|:\/\//.test(service)) {
    throw new InputError(
      `Invalid 'service' input: it takes a service name from pg_service.conf. ` +
        `Pass a connection string in the 'connection' input instead.`
    )
  }
  const value = (connection ?? service) as string
  try {
    const { password } = parseConnection(value)
    if (password) {
      setSecret(password)
      setSecret(encodeURIComponent(password))
    }
  } catch (error) {
    if (error instanceof ConnectionStringError) {
      const name = connection !== undefined ? Inputs.Connection : Inputs.Service
      throw new InputError(`Invalid '${name}' input: ${error.message}.`)
    }
    throw error
  }
  return value
}

function existing(
  name: string,
  path: string | undefined,
  kind: 'file' | 'directory'
) {
  if (path === undefined) return undefined
  const info = existsSync(path) ? statSync(path) : undefined
  const ok = kind === 'file' ? info !== undefined : info?.isDirectory()
  if (!ok)
    throw new InputError(
      `Invalid '${name}' input: ${kind} '${path}' does not exist.`
    )
  return path
}

/** Reads every input; throws InputError on the first invalid one. */
export function readInputs(): ActionInputs {
  const mode = oneOf(Inputs.Mode, getInput(Inputs.Mode), MODES)
  const connection = readConnection()
  const notices: string[] = []
  const formatValue = optional(Inputs.Format)
  const format = oneOf(Inputs.Format, formatValue ?? 'custom', DUMP_FORMATS)
  const ignoreErrors = booleanInput(Inputs.IgnoreErrors)
  if (mode === 'restore' && formatValue !== undefined) {
    notices.push(
      `The 'format' input applies to dump only: restore recognises the file's format.`
    )
  }
  if (mode === 'dump' && ignoreErrors) {
    notices.push(`The 'ignore-errors' input applies to restore only.`)
  }
  let file = optional(Inputs.File)
  if (mode === 'dump') file ??= DEFAULT_FILE[format]
  else if (file === undefined) {
    throw new InputError(
      `The 'file' input is required to restore: the dump to restore.`
    )
  } else existing(Inputs.File, file, 'file')
  return {
    mode,
    connection,
    serviceFile: existing(
      Inputs.ServiceFile,
      optional(Inputs.ServiceFile),
      'file'
    ),
    dbname: optional(Inputs.Dbname),
    file,
    format,
    excludeSchemas: listInput(getInput(Inputs.ExcludeSchemas)),
    ignoreErrors,
    pgBinDir: existing(Inputs.PgBinDir, optional(Inputs.PgBinDir), 'directory'),
    notices
  }
}
