// Durations as people write them for an artifact's age (`26h`, `90m`,
// `2d`, `1h30m`), and an age written back in the same form. Pure.

const UNIT_MS = {
  w: 7 * 86_400_000,
  d: 86_400_000,
  h: 3_600_000,
  m: 60_000,
  s: 1000
} as const
type Unit = keyof typeof UNIT_MS
const ORDER = Object.keys(UNIT_MS) as Unit[]

/** What the parser accepts, for messages. */
export const DURATION_FORMS =
  'a duration such as 26h, 90m, 2d or 1h30m: whole numbers with the units w (weeks), d (days), h (hours), m (minutes), s (seconds), largest first'

/**
 * Milliseconds of a duration (`26h`, `1d12h`, `1h 30m`), or undefined when
 * the text is not one: each unit at most once, largest first, not all zero.
 */
export function parseDuration(text: string): number | undefined {
  const value = text.trim()
  if (!/^(\d+\s*[wdhms]\s*)+$/.test(value)) return undefined
  let ms = 0
  let previous = -1
  for (const [, count, unit] of value.matchAll(/(\d+)\s*([wdhms])/g)) {
    const at = ORDER.indexOf(unit as Unit)
    if (at <= previous) return undefined
    previous = at
    ms += Number(count) * UNIT_MS[unit as Unit]
  }
  return ms > 0 && Number.isSafeInteger(ms) ? ms : undefined
}

/** An age in the form max-age takes, to the minute: `2d 3h`, `26h 5m`, `4m`. */
export function formatAge(ms: number): string {
  let rest = Math.max(0, Math.floor(ms / 60_000)) * 60_000
  if (rest === 0) return `${Math.max(0, Math.round(ms / 1000))}s`
  const parts: string[] = []
  for (const unit of ['d', 'h', 'm'] as const) {
    const count = Math.floor(rest / UNIT_MS[unit])
    rest -= count * UNIT_MS[unit]
    if (count > 0) parts.push(`${count}${unit}`)
  }
  return parts.join(' ')
}

/** How old an artifact created at `createdAt` (RFC 3339) is at `now`, in ms. */
export function ageOf(createdAt: string, now = Date.now()): number {
  return now - Date.parse(createdAt)
}
