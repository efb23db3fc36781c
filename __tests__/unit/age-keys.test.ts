// The age keys the inputs take: recipients (public keys) and an identity
// (the secret key), parsed as age's own recipients and identity files are.
import assert from 'node:assert/strict'
import { describe, test } from 'node:test'
import { generateX25519Identity, identityToRecipient } from 'age-encryption'
import {
  AgeKeyError,
  parseIdentity,
  parseRecipients
} from '../../src/core/age/recipients.ts'
import { ageKind } from '../../src/core/age/age-file.ts'

const identity = await generateX25519Identity()
const recipient = await identityToRecipient(identity)
const other = await identityToRecipient(await generateX25519Identity())

describe('parseRecipients', () => {
  test('takes one per line, skipping blanks and # comments, trimmed, without repeats', async () => {
    assert.deepEqual(
      await parseRecipients(
        `# ops\n  ${recipient}  \n\n${other}\r\n${recipient}\n`
      ),
      [recipient, other]
    )
  })

  const bad: [string, string, RegExp][] = [
    ['empty', '# only a comment\n', /holds no recipient/],
    [
      'a typo',
      `${recipient}\nage1qqqq`,
      /recipient 2 \('age1qqqq'\) is not a valid age public key/
    ],
    [
      'a bad checksum',
      recipient.slice(0, -1) + (recipient.endsWith('q') ? 'p' : 'q'),
      /recipient 1 .* not a valid/
    ],
    ['an SSH key', 'ssh-ed25519 AAAAC3Nza', /an SSH key/],
    [
      'two keys on a line',
      `${recipient} ${other}`,
      /not a valid age public key/
    ]
  ]
  for (const [what, text, message] of bad) {
    test(`refuses ${what}`, async () => {
      await assert.rejects(
        () => parseRecipients(text),
        (error: unknown) => {
          assert.ok(error instanceof AgeKeyError)
          assert.match(error.message, message)
          return true
        }
      )
    })
  }

  test('refuses a secret key pasted as a recipient without showing it', async () => {
    await assert.rejects(
      () => parseRecipients(identity),
      (error: unknown) => {
        assert.ok(error instanceof AgeKeyError)
        assert.match(error.message, /is a secret key, not a public one/)
        assert.ok(!error.message.includes(identity.slice(16)))
        return true
      }
    )
  })
})

describe('parseIdentity', () => {
  test("takes age-keygen's key file, its comments skipped", async () => {
    const file = `# created: 2026-01-01T00:00:00Z\n# public key: ${recipient}\n${identity}\n`
    assert.equal(await parseIdentity(file), identity)
  })

  for (const [what, text, message] of [
    ['a public key', recipient, /it is a public key/],
    ['two keys', `${identity}\n${identity}`, /2 lines, not one key/],
    ['nothing', '\n# x\n', /holds no key/],
    [
      'a bad checksum',
      `${identity.slice(0, -2)}QQ`,
      /not a valid age secret key/
    ],
    ['a password', 'hunter2-but-longer', /not an age secret key/]
  ] as const) {
    test(`refuses ${what}, never quoting it`, async () => {
      await assert.rejects(
        () => parseIdentity(text),
        (error: unknown) => {
          assert.ok(error instanceof AgeKeyError)
          assert.match(error.message, message)
          const secret = text.trim().slice(4, 20)
          if (secret) assert.ok(!error.message.includes(secret))
          return true
        }
      )
    })
  }
})

test('ageKind tells a binary and an armored age file from a dump', () => {
  assert.equal(
    ageKind(Buffer.from('age-encryption.org/v1\n-> X25519 abc\n')),
    'age'
  )
  assert.equal(
    ageKind(Buffer.from('-----BEGIN AGE ENCRYPTED FILE-----\nYWdl')),
    'armored'
  )
  assert.equal(ageKind(Buffer.from('PGDMP\x01\x0e')), undefined)
  assert.equal(
    ageKind(Buffer.from('--\n-- PostgreSQL database dump\n')),
    undefined
  )
})
