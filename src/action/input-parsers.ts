// Parsing of single action inputs, each failing with a message that names the
// input and what it accepts.
import { getInput } from '@actions/core'
import { existsSync, statSync } from 'node:fs'

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

/** true or false; empty is false. */
export function booleanInput(name: string): boolean {
  const value = getInput(name)
  const lower = value.toLowerCase()
  if (lower === '' || lower === 'false') return false
  if (lower === 'true') return true
  throw new InputError(
    `Invalid '${name}' input '${value}'. Expected one of: true, false.`
  )
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

/** The path if it exists as the given kind. */
export function existingPath(
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
