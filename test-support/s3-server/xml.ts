// S3's XML: answers built as S3 writes them (the SDK parses them), the few
// request documents read, and the error every refusal becomes.

/** A refusal as S3 answers it: the status, the error code, its message. */
export class S3Failure extends Error {
  readonly status: number
  readonly code: string
  constructor(status: number, code: string, message: string) {
    super(message)
    this.name = 'S3Failure'
    this.status = status
    this.code = code
  }
}

export function escapeXml(text: string): string {
  return text.replace(
    /[<>&'"]/g,
    c =>
      ({
        '<': '&lt;',
        '>': '&gt;',
        '&': '&amp;',
        "'": '&apos;',
        '"': '&quot;'
      })[c] ?? c
  )
}

function unescapeXml(text: string): string {
  return text.replace(
    /&(lt|gt|amp|apos|quot|#\d+|#x[0-9a-f]+);/gi,
    (_, e: string) => {
      const named: Record<string, string> = {
        lt: '<',
        gt: '>',
        amp: '&',
        apos: "'",
        quot: '"'
      }
      if (named[e]) return named[e]
      return String.fromCodePoint(
        e[1] === 'x' || e[1] === 'X'
          ? parseInt(e.slice(2), 16)
          : parseInt(e.slice(1), 10)
      )
    }
  )
}

/** One element's children: `{ tag: value }` or nested objects, as plain as the requests are. */
export type XmlNode = string | { [tag: string]: XmlNode | XmlNode[] }

/** A document of nested elements without attributes (what the SDK sends). */
export function element(tag: string, children: XmlNode): string {
  if (typeof children === 'string')
    return `<${tag}>${escapeXml(children)}</${tag}>`
  const inner = Object.entries(children)
    .map(([name, value]) =>
      Array.isArray(value)
        ? value.map(v => element(name, v)).join('')
        : element(name, value)
    )
    .join('')
  return `<${tag}>${inner}</${tag}>`
}

export function document(tag: string, children: XmlNode): string {
  const body = element(tag, children).replace(
    `<${tag}>`,
    `<${tag} xmlns="http://s3.amazonaws.com/doc/2006-03-01/">`
  )
  return `<?xml version="1.0" encoding="UTF-8"?>\n${body}`
}

/** The texts of every `<tag>…</tag>` inside each `<outer>…</outer>` block. */
export function blocks(
  xml: string,
  outer: string,
  fields: readonly string[]
): Record<string, string>[] {
  const found: Record<string, string>[] = []
  const outerRe = new RegExp(
    `<${outer}(?:\\s[^>]*)?>([\\s\\S]*?)</${outer}>`,
    'g'
  )
  for (const [, inner] of xml.matchAll(outerRe)) {
    const row: Record<string, string> = {}
    for (const field of fields) {
      const m = new RegExp(`<${field}>([\\s\\S]*?)</${field}>`).exec(inner)
      if (m) row[field] = unescapeXml(m[1])
    }
    found.push(row)
  }
  return found
}

export function errorDocument(
  failure: S3Failure,
  resource: string,
  requestId: string
): string {
  return document('Error', {
    Code: failure.code,
    Message: failure.message,
    Resource: resource,
    RequestId: requestId
  }).replace(' xmlns="http://s3.amazonaws.com/doc/2006-03-01/"', '')
}
