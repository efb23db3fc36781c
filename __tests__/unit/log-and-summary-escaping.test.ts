// What reaches the workflow log and the job summary from names, files and
// dumps: inert() against a model of the runner's command parser, and the
// summary's escaping (#11 points 4 and 5).
import assert from 'node:assert/strict'
import { describe, test } from 'node:test'
import { inert } from '../../src/action/logger.ts'
import {
  escapeCell,
  escapeHtml,
  summaryRows
} from '../../src/action/summary.ts'

/** The commands a runner has registered (OrdinalIgnoreCase there too). */
const COMMANDS = [
  'add-mask',
  'add-matcher',
  'add-path',
  'debug',
  'echo',
  'endgroup',
  'error',
  'group',
  'notice',
  'remove-matcher',
  'save-state',
  'set-env',
  'set-output',
  'stop-commands',
  'warning'
]
const registered = (name: string) => COMMANDS.includes(name.toLowerCase())

/** .NET's char.IsWhiteSpace, which string.TrimStart() removes. */
const DOTNET_WHITE =
  /[\t-\r \u0085\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]/

/**
 * Characters an ICU (culture-aware) comparison may skip; with `culture` the
 * model's StartsWith/IndexOf skip them, as the runner's do on Linux.
 */
const IGNORABLE = /[\p{Cf}\p{Cc}]/u

/** string.IndexOf(pattern, from): the first index a match starts at, or -1. */
function indexOf(
  text: string,
  pattern: string,
  from: number,
  culture: boolean
) {
  for (let i = from; i < text.length; i++) {
    if (culture && IGNORABLE.test(text[i])) continue
    let t = i
    let p = 0
    while (p < pattern.length && t < text.length) {
      if (culture && IGNORABLE.test(text[t]) && !IGNORABLE.test(pattern[p])) {
        t++
        continue
      }
      if (text[t] !== pattern[p]) break
      t++
      p++
    }
    if (p === pattern.length) return i
  }
  return -1
}

/**
 * The runner's ActionCommand.TryParseV2, then TryParse, for one line: the
 * command it would run, or undefined.
 */
function runnerCommand(line: string, culture: boolean): string | undefined {
  let start = 0
  while (start < line.length && DOTNET_WHITE.test(line[start])) start++
  const message = line.slice(start)
  // culture-aware StartsWith: the match may begin after ignorable characters
  const first = indexOf(message, '::', 0, culture)
  const startsWith =
    first === 0 ||
    (culture &&
      first > 0 &&
      [...message.slice(0, first)].every(c => IGNORABLE.test(c)))
  if (startsWith) {
    const end = indexOf(message, '::', 2, culture)
    if (end >= 0) {
      const info = message.slice(2, end)
      const name = info.split(' ')[0]
      if (registered(name)) return name
    }
  }
  const prefix = indexOf(line, '##[', 0, culture)
  if (prefix < 0) return undefined
  const rb = line.indexOf(']', prefix)
  if (rb < 0) return undefined
  const name = line.slice(prefix + 3, rb).split(' ')[0]
  return registered(name) ? name : undefined
}

/** The commands the runner would find in text written raw (core.info). */
const commandsIn = (text: string, culture: boolean) =>
  text
    .split(/\r\n|\r|\n/)
    .map(line => runnerCommand(line, culture))
    .filter(c => c !== undefined)

/** [case, text, whether the runner obeys the raw text (ordinal or ICU)] */
const HOSTILE: [string, string, boolean][] = [
  ['NEL then ::warning::', '\u0085::warning::pwned', true],
  ['NBSP then ::error::', '\u00a0::error::pwned', true],
  ['an ideographic space then ::error::', '\u3000::error::pwned', true],
  ['a line separator then ::warning::', '\u2028::warning::pwned', true],
  // one leading character the runner does not trim shifts its fixed offsets:
  // the command name it reads is ':warning'
  ['a BOM then ::warning::', '\ufeff::warning::pwned', false],
  ['a BOM and NEL then ::warning::', '\ufeff\u0085::warning::pwned', false],
  ['##[error] inside a line', 'x ##[error] y', true],
  ['##[warning] at the start', '##[warning]pwned', true],
  ['###[error]', 'x ###[error]pwned', true],
  ['a second line after \\n', 'ok\n  ::set-output name=a::b', true],
  ['a second line after a lone \\r', 'ok\r\u2003::add-mask::x', true],
  ['::stop-commands::', '::stop-commands::tok', true],
  ['::: three colons', ':::warning::pwned', false],
  ['::warning:: after a line separator mid-line', 'a\u2028::warning::x', false],
  ['a zero-width space already between #s', 'x #\u200b#[error]pwned', false],
  ['a zero-width space already after ##', 'x ##\u200b[error]pwned', false]
]

describe('inert(): text the runner never reads as a workflow command', () => {
  for (const [name, text] of HOSTILE) {
    test(name, () => {
      const out = inert(text)
      for (const culture of [false, true]) {
        assert.deepEqual(
          commandsIn(out, culture),
          [],
          `${JSON.stringify(out)} (${culture ? 'ICU' : 'ordinal'})`
        )
      }
      assert.equal(inert(out), out, 'inert twice is inert once')
      assert.equal(out.replace(/\u200b/g, ''), text.replace(/\u200b/g, ''))
    })
  }

  test('the model obeys the raw texts as the runner would', () => {
    for (const [name, text, obeyed] of HOSTILE) {
      const found = [false, true].some(c => commandsIn(text, c).length > 0)
      assert.equal(found, obeyed, name)
    }
  })

  test('exact replacements', () => {
    const table: [string, string][] = [
      ['\u0085::warning::pwned', '\u0085:\u200b:warning::pwned'],
      ['\u00a0::error::pwned', '\u00a0:\u200b:error::pwned'],
      ['x ##[error] y', 'x #\u200b#[error] y'],
      ['\ufeff::warning::x', '\ufeff:\u200b:warning::x'],
      ['a\n\t::error::b', 'a\n\t:\u200b:error::b']
    ]
    for (const [text, expected] of table) assert.equal(inert(text), expected)
  })

  test('ordinary text is unchanged', () => {
    for (const text of [
      'Dumped 1.2 MB (custom) in 0.3 s',
      "$ pg_dump --format=custom '--file=a b.dump' --dbname=x",
      'time 12:30:: ok',
      'a :: b',
      '# heading [x] #[y] ##',
      'Ünïcødé 🐘 multi\nline',
      ''
    ]) {
      assert.equal(inert(text), text)
    }
  })

  test('a long line of blanks stays fast', () => {
    const text = `${' '.repeat(200_000)}x\n`.repeat(5)
    const started = performance.now()
    assert.equal(inert(text), text)
    assert.ok(performance.now() - started < 1000)
  })
})

describe('the job summary escapes what it writes', () => {
  const IMG = '<img src=x onerror=alert(1)>'
  test('escapeHtml and escapeCell', () => {
    assert.equal(
      escapeHtml(`${IMG} & "q" <a href="h">`),
      '&lt;img src=x onerror=alert(1)&gt; &amp; &quot;q&quot; &lt;a href=&quot;h&quot;&gt;'
    )
    assert.equal(escapeHtml('a\n\nb'), 'a\n\nb')
    assert.equal(
      escapeCell('a\r\n\n![x](http://e/x.png)'),
      'a&#13;&#10;&#10;![x](http://e/x.png)'
    )
  })

  test('no cell holds markup or a line break from a name', () => {
    const name = `${IMG}\n\n![pwn](http://evil.invalid/p.png) <a href="http://evil.invalid">x</a>`
    const rows = summaryRows({
      mode: 'restore',
      database: name,
      excludeSchemas: [name, 'plain'],
      source: {
        artifact: 'nightly',
        artifactId: 7,
        runId: 12,
        branch: name,
        file: name
      }
    })
    assert.ok(rows.length >= 3)
    for (const [label, cell] of rows) {
      assert.doesNotMatch(cell, /<(?!\/?code>)/, `${label}: ${cell}`)
      assert.doesNotMatch(cell, /[\r\n]/, label)
      assert.match(cell, /&lt;img src=x onerror=alert\(1\)&gt;|plain/)
    }
  })
})
