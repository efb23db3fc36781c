// A Logger that remembers every line, so tests can read what a user would see.
import type { Logger } from '../src/core/logger.ts'

export interface CapturedLogger extends Logger {
  lines: { level: 'info' | 'warning' | 'debug' | 'group'; message: string }[]
  /** every line joined, for scanning */
  text(): string
}

export function captureLogger(): CapturedLogger {
  const lines: CapturedLogger['lines'] = []
  return {
    lines,
    info: message => void lines.push({ level: 'info', message }),
    warning: message => void lines.push({ level: 'warning', message }),
    debug: message => void lines.push({ level: 'debug', message }),
    group: async (name, fn) => {
      lines.push({ level: 'group', message: name })
      return fn()
    },
    text: () => lines.map(l => `${l.level}: ${l.message}`).join('\n')
  }
}
