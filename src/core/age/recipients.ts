// The age keys a run is given, checked before anything runs: recipients
// (public keys, `age1…`) to encrypt a dump to, and the identity (secret key,
// `AGE-SECRET-KEY-1…`) to decrypt one with.
import { ageLibrary } from './age-file.ts'

/** What a recipient may be, for messages that refuse anything else. */
export const RECIPIENT_FORMS =
  "age public keys, one per line: X25519 'age1…' (as age-keygen prints them) or post-quantum 'age1pq1…'; blank lines and '#' comments are skipped"

/** What an identity may be, for messages that refuse anything else. */
export const IDENTITY_FORMS =
  "an age secret key 'AGE-SECRET-KEY-1…' (or 'AGE-SECRET-KEY-PQ-1…'), as age-keygen writes it; '#' comment lines are skipped"

/** A recipient or identity that is not one; the message never holds a secret. */
export class AgeKeyError extends Error {
  override readonly name = 'AgeKeyError'
}

/** The meaningful lines of a key list: trimmed, without blanks and `#` comments (age's own recipients-file rules). */
function keyLines(text: string): string[] {
  return text
    .split(/\r?\n/)
    .map(line => line.trim())
    .filter(line => line !== '' && !line.startsWith('#'))
}

/** Whether the age library takes `recipient` (it checks the bech32 encoding and the key's length). */
async function validRecipient(recipient: string): Promise<boolean> {
  if (!/^age1(?:pq1)?[02-9ac-hj-np-z]+$/.test(recipient)) return false
  const { Encrypter } = await ageLibrary()
  try {
    new Encrypter().addRecipient(recipient)
    return true
  } catch {
    return false
  }
}

/**
 * The recipients of a list (one per line), each checked; throws AgeKeyError
 * naming the first bad one (a public key, so it may be shown) and its line.
 */
export async function parseRecipients(text: string): Promise<string[]> {
  const recipients = keyLines(text)
  if (recipients.length === 0) {
    throw new AgeKeyError('it holds no recipient')
  }
  for (const [i, recipient] of recipients.entries()) {
    if (await validRecipient(recipient)) continue
    const shown =
      recipient.length > 80 ? `${recipient.slice(0, 80)}…` : recipient
    const why = /^AGE-SECRET-KEY-/i.test(recipient)
      ? 'a secret key, not a public one: give the age1… line age-keygen prints as "Public key" (and keep the secret key in a secret for decrypt-key)'
      : /^ssh-/.test(recipient)
        ? 'an SSH key, which this action cannot encrypt to'
        : 'not a valid age public key'
    // a secret key pasted by mistake must not be shown
    const what = /^AGE-SECRET-KEY-/i.test(recipient)
      ? 'AGE-SECRET-KEY-…'
      : `'${shown}'`
    throw new AgeKeyError(`recipient ${i + 1} (${what}) is ${why}`)
  }
  return [...new Set(recipients)]
}

/**
 * The identity in a secret (one key; comment lines as age-keygen writes them
 * are skipped); throws AgeKeyError, never quoting the text.
 */
export async function parseIdentity(text: string): Promise<string> {
  const keys = keyLines(text)
  if (keys.length !== 1) {
    throw new AgeKeyError(
      keys.length === 0
        ? 'it holds no key'
        : `it holds ${keys.length} lines, not one key`
    )
  }
  const [key] = keys
  if (/^age1/.test(key)) {
    throw new AgeKeyError(
      'it is a public key (age1…): decrypting needs the secret key (AGE-SECRET-KEY-1…)'
    )
  }
  if (!/^AGE-SECRET-KEY-(?:PQ-)?1[02-9AC-HJ-NP-Z]+$/.test(key)) {
    throw new AgeKeyError('it is not an age secret key')
  }
  const { Decrypter } = await ageLibrary()
  try {
    new Decrypter().addIdentity(key)
  } catch {
    // the library's message may quote the key
    throw new AgeKeyError(
      'it is not a valid age secret key (its checksum or length is wrong)'
    )
  }
  return key
}
