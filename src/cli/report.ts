// What the CLI prints on stdout after a run: `key: value` lines, one fact
// each, named like the action's outputs.
import {
  formatBytes,
  type DumpResult,
  type RestoreResult
} from '../core/index.ts'

function print(lines: Record<string, string | number>): void {
  for (const [key, value] of Object.entries(lines)) {
    process.stdout.write(`${key}: ${value}\n`)
  }
}

/** Prints what a dump wrote. */
export function printDump(result: DumpResult): void {
  print({
    file: result.file,
    size: `${result.size} (${formatBytes(result.size)})`,
    sha256: result.sha256,
    'server-version': result.serverVersion,
    'client-version': result.clientVersion,
    ...(result.globals && { 'globals-file': result.globals.file }),
    ...(result.verified && {
      'verified-tables': result.verified.tables,
      'verified-rows': result.verified.rows
    })
  })
}

/** Prints what a restore did. */
export function printRestore(result: RestoreResult): void {
  print({
    file: result.file,
    format: result.format,
    'server-version': result.serverVersion,
    'client-version': result.clientVersion,
    databases: result.databases.join(','),
    'ignored-errors': result.ignoredErrors
  })
}
