// The one place that reads the action's inputs: each input's text as the
// runner passes it, masked first when it is a secret, then parsed by its row
// of the registry.
import { getInput, setSecret } from './runner.ts'
import { REGISTRY, ROWS, type InputValue } from './input-registry.ts'
import type { InputName, Mode } from './input-names.ts'

// the secrets this run has registered with the runner: each is masked once
const masked = new Set<string>()

/** An input's text as the runner passes it (trimmed); its default when empty. */
function textOf(name: InputName): string {
  const value = getInput(name)
  const row = ROWS[name]
  if (row.secret && value !== '' && !masked.has(value)) {
    setSecret(value)
    masked.add(value)
  }
  return value === '' ? (row.default ?? '') : value
}

/** An input's value, parsed by its row; throws InputError naming it. */
export function input<N extends InputName>(name: N): InputValue<N> {
  return REGISTRY[name].parse(textOf(name), name) as InputValue<N>
}

/** Masks every secret input as given, before anything else is read or logged. */
export function maskSecrets(): void {
  // a new run: nothing of it masked yet
  masked.clear()
  for (const name of Object.keys(ROWS) as InputName[]) {
    if (ROWS[name].secret) textOf(name)
  }
}

/**
 * Whether an input was given: set to something other than its default (the
 * runner passes every default, so "set at all" tells nothing), or, where its
 * row says, set to something that asks for anything.
 */
export function given(name: InputName): boolean {
  const value = getInput(name)
  const row = ROWS[name]
  if (row.given) return row.given(value, name)
  return value !== '' && value.toLowerCase() !== row.default
}

/**
 * Checks the inputs of the other mode whose rows are checked everywhere (a
 * typo fails in either mode); those that need 'artifact-name' only with it.
 */
export async function checkElsewhere(
  mode: Mode,
  artifact: boolean
): Promise<void> {
  for (const name of Object.keys(ROWS) as InputName[]) {
    const row = ROWS[name]
    if (!row.checkedEverywhere || row.mode === undefined || row.mode === mode)
      continue
    if (!row.artifact || artifact) await row.parse(textOf(name), name)
  }
}
