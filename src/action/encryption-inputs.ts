// The age inputs: 'encrypt-to' (dump: recipients, and what 'file' then
// names) and 'decrypt-key' (restore: a secret, masked at once).
import { setSecret } from './runner.ts'
import { AGE_EXTENSION, type DumpFormat } from '../core/index.ts'
import { InputError, type Parser } from './input-parsers.ts'
import { Inputs } from './input-names.ts'

// the age library (and the curves it checks keys with) is loaded only when a
// key is given: a run without one, or failing on another input, never loads it
const core = () => import('../core/index.ts')

/** 'encrypt-to': the recipients, or undefined when it is empty. */
export const recipients: Parser<Promise<string[] | undefined>> = async (
  value,
  name
) => {
  if (value.trim() === '') return undefined
  const { AgeKeyError, parseRecipients, RECIPIENT_FORMS } = await core()
  try {
    return await parseRecipients(value)
  } catch (error) {
    if (!(error instanceof AgeKeyError)) throw error
    throw new InputError(
      `Invalid '${name}' input: ${error.message}. Expected ${RECIPIENT_FORMS}.`
    )
  }
}

/** Refuses a format that 'encrypt-to' cannot encrypt. */
export async function checkEncryptable(format: DumpFormat): Promise<void> {
  const { ENCRYPTABLE_FORMATS } = await core()
  if (ENCRYPTABLE_FORMATS.includes(format)) return
  throw new InputError(
    `The '${Inputs.EncryptTo}' input encrypts one stream, and a ${format} dump is ${format === 'directory' ? 'a folder of many files' : 'written by pg_dump through plaintext temporary files'}: ` +
      `set '${Inputs.Format}' to ${ENCRYPTABLE_FORMATS.join(' or ')} (custom keeps pg_restore's selective and parallel restore).`
  )
}

/**
 * Where an encrypted dump goes, from 'file': a name ending in `.age` is the
 * age file, and no plaintext is kept; any other name asks for the plaintext
 * dump there, and the age file is that name plus `.age` beside it.
 */
export function encryptedPaths(file: string): {
  file: string
  plainFile?: string
} {
  return file.endsWith(AGE_EXTENSION)
    ? { file }
    : { file: `${file}${AGE_EXTENSION}`, plainFile: file }
}

/**
 * 'decrypt-key': the identity, undefined when empty. The registry has
 * masked it as given; its lines are masked here, before it is even checked.
 */
export const identity: Parser<Promise<string | undefined>> = async (
  value,
  name
) => {
  if (value.trim() === '') return undefined
  for (const line of value.split(/\r?\n/)) {
    if (line.trim().length >= 8) setSecret(line.trim())
  }
  const { AgeKeyError, IDENTITY_FORMS, parseIdentity } = await core()
  try {
    return await parseIdentity(value)
  } catch (error) {
    if (!(error instanceof AgeKeyError)) throw error
    throw new InputError(
      `Invalid '${name}' input: ${error.message}. Expected ${IDENTITY_FORMS}.`
    )
  }
}
