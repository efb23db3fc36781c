// Parsing of single action inputs, each failing with a message that names the
// input and what it accepts.
import { getBooleanInput, getInput } from '@actions/core'
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

/** The input's value, or undefined when it is empty. */
export function optional(name: string): string | undefined {
  const value = getInput(name)
  return value === '' ? undefined : value
}

/** The value if it is one of `allowed`. */
export function oneOf<T extends string>(
  name: string,
  value: string,
  allowed: readonly T[]
): T {
  if ((allowed as readonly string[]).includes(value)) return value as T
  throw new InputError(
    `Invalid '${name}' input '${value}'. Expected one of: ${allowed.join(', ')}.`
  )
}

/** true or false, as YAML spells them (also True, TRUE…); empty is false. */
export function booleanInput(name: string): boolean {
  const value = getInput(name)
  // getBooleanInput refuses an empty value, which a step can pass for an
  // input without a default
  if (value === '') return false
  try {
    return getBooleanInput(name)
  } catch (error) {
    // its TypeError names neither the value nor, plainly, what it accepts
    if (!(error instanceof TypeError)) throw error
    throw new InputError(
      `Invalid '${name}' input '${value}'. Expected one of: true, false.`
    )
  }
}

/** A whole number within [min, max], or undefined when empty. */
export function integerInput(
  name: string,
  min: number,
  max: number
): number | undefined {
  const value = optional(name)
  if (value === undefined) return undefined
  if (!/^\d+$/.test(value) || Number(value) < min || Number(value) > max) {
    throw new InputError(
      `Invalid '${name}' input '${value}'. Expected a whole number from ${min} to ${max}.`
    )
  }
  return Number(value)
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

/**
 * Database names: a list as above, an item wholly in double quotes an exact
 * name that may hold a comma (`"a,b"`, `""` for a quote in it); each once.
 */
export function databaseNamesInput(name: string): string[] {
  const names = listInput(getInput(name), true).map(item =>
    /^"(?:[^"]|"")*"$/.test(item) ? item.slice(1, -1).replace(/""/g, '"') : item
  )
  const repeated = names.find((n, i) => names.indexOf(n) !== i)
  if (repeated !== undefined) {
    throw new InputError(
      `Invalid '${name}' input: '${repeated}' is named twice. Name each database once.`
    )
  }
  return names.filter(n => n !== '')
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

/** pg_dump's compression (`gzip:6`, `zstd`, `none`, a 0–9 level), or undefined when empty. */
export function compressionInput(name: string): Compression | undefined {
  const value = optional(name)
  if (value === undefined) return undefined
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
export function compressionLevelInput(name: string): CompressionLevel {
  const value = optional(name) ?? 'auto'
  if (value === 'auto') return value
  if (/^[0-9]$/.test(value)) return Number(value)
  throw new InputError(
    `Invalid '${name}' input '${value}'. Expected auto or a whole number from 0 to 9.`
  )
}

/** A duration (`26h`, `90m`, `2d`, `1h30m`) in ms, or undefined when empty. */
export function durationInput(name: string): number | undefined {
  const value = optional(name)
  if (value === undefined) return undefined
  const ms = parseDuration(value)
  if (ms === undefined) {
    throw new InputError(
      `Invalid '${name}' input '${value}'. Expected ${DURATION_FORMS}.`
    )
  }
  return ms
}

/** A workflow run id, `latest`, or undefined (this run) when empty. */
export function runIdInput(name: string): number | 'latest' | undefined {
  const value = optional(name)
  if (value === undefined || value === 'latest') return value
  if (/^[1-9]\d*$/.test(value)) return Number(value)
  throw new InputError(
    `Invalid '${name}' input '${value}'. Expected a workflow run id (a number), 'latest', or nothing for this run.`
  )
}

/** owner/name; empty means this workflow's repository. */
export function repositoryInput(name: string): Repository {
  const value = optional(name) ?? process.env.GITHUB_REPOSITORY ?? ''
  const match = /^([\w.-]+)\/([\w.-]+)$/.exec(value)
  if (!match) {
    throw new InputError(
      `Invalid '${name}' input '${value}'. Expected owner/name.`
    )
  }
  return { owner: match[1], repo: match[2] }
}

// what @actions/artifact refuses in a name
const BAD_ARTIFACT_NAME = /[":<>|*?\r\n\\/]/

/** An artifact name @actions/artifact accepts, or undefined when empty. */
export function artifactNameInput(name: string): string | undefined {
  const value = optional(name)
  if (value === undefined) return undefined
  if (BAD_ARTIFACT_NAME.test(value) || value === '.' || value === '..') {
    throw new InputError(
      `Invalid '${name}' input '${value}'. An artifact name cannot be '.' or '..' nor contain any of: " : < > | * ? \\ / or a line break.`
    )
  }
  // @actions/artifact logs the name itself, unescaped: the runner would
  // obey a `##[error]` in it anywhere in the line
  if (value.includes('##[')) {
    throw new InputError(
      `Invalid '${name}' input '${value}'. An artifact name cannot contain '##[': @actions/artifact logs the name as it is, and the runner would read it as a workflow command.`
    )
  }
  return value
}

/**
 * A workflow file name as under .github/workflows (`nightly.yml`; that
 * folder's path before it is dropped), or undefined when empty.
 */
export function workflowInput(name: string): string | undefined {
  const value = optional(name)?.trim()
  if (value === undefined) return undefined
  const file = value.replace(/^\.github\/workflows\//, '')
  if (!/^[\w .-]+\.ya?ml$/.test(file)) {
    throw new InputError(
      `Invalid '${name}' input '${value}'. Expected a workflow file name under .github/workflows, ` +
        'ending in .yml or .yaml (letters, digits, spaces, . _ -), e.g. nightly.yml.'
    )
  }
  return file
}
