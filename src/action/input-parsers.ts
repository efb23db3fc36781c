// The parsers of the input registry: each takes an input's text as the
// runner passes it (trimmed; '' when not given) and its name, and returns the
// value or fails with a message naming the input and what it accepts. None
// reads an input: the registry does, once.
import { existsSync, statSync } from 'node:fs'
import {
  COMPRESSION_FORMS,
  CompressionError,
  parseCompression,
  type Compression
} from '../core/index.ts'
import { DURATION_FORMS, parseDuration } from '../artifacts/durations.ts'
import type { Repository } from '../artifacts/github-api.ts'
import type { CompressionLevel } from '../artifacts/upload-plan.ts'

/** A bad input, reported before any command runs. */
export class InputError extends Error {
  override readonly name = 'InputError'
}

/** A parser of one input's text. */
export type Parser<T> = (text: string, name: string) => T

/** The text, or undefined when it is empty. */
export const text: Parser<string | undefined> = value =>
  value === '' ? undefined : value

/** A parser of one of `allowed`. */
export function oneOf<T extends string>(allowed: readonly T[]): Parser<T> {
  return (value, name) => {
    if ((allowed as readonly string[]).includes(value)) return value as T
    throw new InputError(
      `Invalid '${name}' input '${value}'. Expected one of: ${allowed.join(', ')}.`
    )
  }
}

const YAML_TRUE = ['true', 'True', 'TRUE']
const YAML_FALSE = ['false', 'False', 'FALSE']

/** true or false, as YAML spells them (also True, TRUE…); empty is false. */
export const boolean: Parser<boolean> = (value, name) => {
  if (value === '' || YAML_FALSE.includes(value)) return false
  if (YAML_TRUE.includes(value)) return true
  throw new InputError(
    `Invalid '${name}' input '${value}'. Expected one of: true, false.`
  )
}

/** true, false, or undefined when empty (for "when the dump has them"). */
export const maybeBoolean: Parser<boolean | undefined> = (value, name) =>
  value === '' ? undefined : boolean(value, name)

/** A parser of a whole number within [min, max], or undefined when empty. */
export function wholeNumber([min, max]: readonly [number, number]): Parser<
  number | undefined
> {
  return (value, name) => {
    if (value === '') return undefined
    if (!/^\d+$/.test(value) || Number(value) < min || Number(value) > max) {
      throw new InputError(
        `Invalid '${name}' input '${value}'. Expected a whole number from ${min} to ${max}.`
      )
    }
    return Number(value)
  }
}

/**
 * Splits a list input on newlines and commas, dropping blanks. For pg_dump
 * patterns (`patterns: true`) a comma or line break inside double quotes
 * belongs to the item, since patterns quote exact names that way (`"a,b"`);
 * exact names (restore) may hold a lone quote, so there quotes mean nothing.
 */
export function listInput(value: string, patterns = false): string[] {
  const items: string[] = []
  let current = ''
  let quoted = false
  for (const char of value) {
    if (patterns && char === '"') quoted = !quoted
    if (!quoted && (char === ',' || char === '\n')) {
      items.push(current)
      current = ''
    } else current += char
  }
  items.push(current)
  return items.map(s => s.trim()).filter(s => s !== '')
}

/** pg_dump patterns, as listInput reads them. */
export const patterns: Parser<string[]> = value => listInput(value, true)

/** Refuses a list naming one item twice, saying `what` to do. */
function refuseRepeated(items: string[], name: string, what: string): void {
  const repeated = items.find((n, i) => items.indexOf(n) !== i)
  if (repeated !== undefined) {
    throw new InputError(
      `Invalid '${name}' input: '${repeated}' is named twice. ${what}`
    )
  }
}

/**
 * Database names: a list as above, an item wholly in double quotes an exact
 * name that may hold a comma (`"a,b"`, `""` for a quote in it); each once.
 */
export const databaseNames: Parser<string[]> = (value, name) => {
  const names = listInput(value, true).map(item =>
    /^"(?:[^"]|"")*"$/.test(item) ? item.slice(1, -1).replace(/""/g, '"') : item
  )
  refuseRepeated(names, name, 'Name each database once.')
  return names.filter(n => n !== '')
}

/** The databases a dump is restored into: exact names, each once. */
export const copies: Parser<string[]> = (value, name) => {
  const databases = listInput(value)
  refuseRepeated(databases, name, 'Name each database to restore into once.')
  return databases
}

/** The path if it exists as the given kind. */
export function existingPath(
  name: string,
  path: string | undefined,
  kind: 'file' | 'directory'
): string | undefined {
  if (path === undefined) return undefined
  const info = existsSync(path) ? statSync(path) : undefined
  const ok = kind === 'file' ? info !== undefined : info?.isDirectory()
  if (!ok)
    throw new InputError(
      `Invalid '${name}' input: ${kind} '${path}' does not exist.`
    )
  return path
}

/** A folder that exists, or undefined when empty. */
export const folder: Parser<string | undefined> = (value, name) =>
  existingPath(name, text(value, name), 'directory')

/** pg_dump's compression (`gzip:6`, `zstd`, `none`, a 0–9 level), or undefined when empty. */
export const compression: Parser<Compression | undefined> = (value, name) => {
  if (value === '') return undefined
  try {
    return parseCompression(value)
  } catch (error) {
    if (error instanceof CompressionError) {
      throw new InputError(
        `Invalid '${name}' input '${value}'. Expected ${COMPRESSION_FORMS}.`
      )
    }
    throw error
  }
}

/** `auto` (also when empty) or a zip level 0–9. */
export const zipLevel: Parser<CompressionLevel> = (value, name) => {
  if (value === '' || value === 'auto') return 'auto'
  if (/^[0-9]$/.test(value)) return Number(value)
  throw new InputError(
    `Invalid '${name}' input '${value}'. Expected auto or a whole number from 0 to 9.`
  )
}

/** A duration (`26h`, `90m`, `2d`, `1h30m`) in ms, or undefined when empty. */
export const duration: Parser<number | undefined> = (value, name) => {
  if (value === '') return undefined
  const ms = parseDuration(value)
  if (ms === undefined) {
    throw new InputError(
      `Invalid '${name}' input '${value}'. Expected ${DURATION_FORMS}.`
    )
  }
  return ms
}

/** A workflow run id, `latest`, or undefined (this run) when empty. */
export const runId: Parser<number | 'latest' | undefined> = (value, name) => {
  if (value === '') return undefined
  if (value === 'latest') return value
  if (/^[1-9]\d*$/.test(value)) return Number(value)
  throw new InputError(
    `Invalid '${name}' input '${value}'. Expected a workflow run id (a number), 'latest', or nothing for this run.`
  )
}

/** owner/name, or undefined when empty (this workflow's repository). */
export const repository: Parser<Repository | undefined> = (value, name) =>
  value === '' ? undefined : ownerAndName(value, name)

/** owner/name, from an input or from GITHUB_REPOSITORY in its stead. */
export function ownerAndName(value: string, name: string): Repository {
  const match = /^([\w.-]+)\/([\w.-]+)$/.exec(value)
  if (!match) {
    throw new InputError(
      `Invalid '${name}' input '${value}'. Expected owner/name.`
    )
  }
  return { owner: match[1], repo: match[2] }
}
