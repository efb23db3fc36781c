// The README and the pages under docs/ link to each other: every relative
// link must reach a file of the repository, and every #anchor a heading or an
// <a id> of its page, as GitHub renders them.
import assert from 'node:assert/strict'
import { existsSync, readFileSync } from 'node:fs'
import { readdir, readFile } from 'node:fs/promises'
import { dirname, join, normalize } from 'node:path'
import { test } from 'node:test'
import { repoRoot } from '../../test-support/repo-root.ts'

const pageNames = [
  'README.md',
  ...(await readdir(join(repoRoot, 'docs')))
    .filter(name => name.endsWith('.md'))
    .sort()
    .map(name => `docs/${name}`)
]
const texts = new Map<string, string>()
for (const name of pageNames)
  texts.set(name, await readFile(join(repoRoot, name), 'utf8'))

/** The text without fenced code blocks and inline code, where links are not links. */
function prose(text: string): string {
  return text.replace(/^```[\s\S]*?^```$/gm, '').replace(/`[^`\n]*`/g, '')
}

/** The anchors GitHub gives a page: its headings' slugs and its <a id>s. */
function anchors(text: string): Set<string> {
  const found = new Set<string>()
  const seen = new Map<string, number>()
  const noCode = text.replace(/^```[\s\S]*?^```$/gm, '')
  for (const m of noCode.matchAll(/^#{1,6} +(.+?) *#*$/gm)) {
    const slug = m[1]
      .toLowerCase()
      .replace(/[^\p{L}\p{N}\- _]/gu, '')
      .replace(/ /g, '-')
    const n = seen.get(slug) ?? 0
    seen.set(slug, n + 1)
    found.add(n === 0 ? slug : `${slug}-${n}`)
  }
  for (const m of text.matchAll(/<a id="([^"]+)"/g)) found.add(m[1])
  return found
}

/** Every inline link target of a page that is not a URL. */
function relativeLinks(text: string): string[] {
  return [...prose(text).matchAll(/\]\(([^)\s]+)\)/g)]
    .map(m => m[1])
    .filter(target => !/^[a-z]+:/i.test(target))
}

test('every relative link of the README and docs/ reaches a file, and every anchor a heading', () => {
  const broken: string[] = []
  for (const [page, text] of texts) {
    for (const target of relativeLinks(text)) {
      const [path, anchor] = target.split('#', 2)
      const file = path === '' ? page : normalize(join(dirname(page), path))
      if (!existsSync(join(repoRoot, file))) {
        broken.push(`${page}: ${target} (no file ${file})`)
        continue
      }
      if (anchor === undefined || !file.endsWith('.md')) continue
      const targetText =
        texts.get(file) ?? readFileSync(join(repoRoot, file), 'utf8')
      if (!anchors(targetText).has(anchor))
        broken.push(`${page}: ${target} (no #${anchor} in ${file})`)
    }
  }
  assert.deepEqual(broken, [])
})

test('the README points to every page under docs/', () => {
  const readme = texts.get('README.md') ?? ''
  const linked = new Set(
    relativeLinks(readme).map(target => target.split('#')[0])
  )
  const missing = pageNames
    .filter(name => name.startsWith('docs/'))
    .filter(name => !linked.has(name))
  assert.deepEqual(missing, [])
})
