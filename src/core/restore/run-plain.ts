// Runs psql on a plain SQL dump, from a copy without the sections the
// target must keep (an extension a DBA created, its comment, the data of
// its configuration tables) when there are any.
import { join } from 'node:path'
import { psqlRestoreArgs, type RestoreArgsOptions } from '../args.ts'
import type { ResolvedClient } from '../client/resolver.ts'
import type { Connection } from '../connection/connection.ts'
import { ToolError } from '../errors.ts'
import type { ToolResult } from '../process/runner.ts'
import { withTrackedTemp } from '../process/temp.ts'
import type { Session } from '../session.ts'
import { targetsOwn, type ExtensionEntry } from './extensions.ts'
import { metaCommandPlaces, type MetaCommand } from './meta-commands.ts'
import {
  scanPlainScript,
  withoutSections,
  withoutSectionsStream,
  type PlainSection
} from './plain-sections.ts'
import type { DumpInput, Source } from './dump-input.ts'

const TYPES = new Set(['EXTENSION', 'COMMENT', 'TABLE DATA'])

function extensionEntry(section: PlainSection): ExtensionEntry | undefined {
  if (section.type === 'EXTENSION')
    return { kind: 'extension', name: section.name }
  if (section.type === 'COMMENT' && section.name.startsWith('EXTENSION '))
    return { kind: 'comment', name: section.name.slice('EXTENSION '.length) }
  if (section.type === 'TABLE DATA')
    return { kind: 'data', schema: section.schema, table: section.name }
  return undefined
}

/** The result of psql, and the script it ran (errors' lines refer to it). */
export interface PlainRun {
  result: ToolResult
  script: Source
}

/** Refuses the meta-commands found, naming where; quotes nothing of the script. */
function refuseMetaCommands(
  session: Session,
  found: readonly MetaCommand[]
): void {
  if (found.length === 0) return
  const places = metaCommandPlaces(found)
  throw new ToolError(
    'command',
    `The SQL script holds psql meta-commands that reach outside the target database (${places}), ` +
      'so nothing was run: pg_dump writes none of these, and psql would run them on this machine (a shell, files written or read). ' +
      `Restore a dump made by pg_dump, or, for a script you wrote and trust, set ${session.wording.name('allowMetaCommands')}.`,
    { tool: 'psql' }
  )
}

/** Runs psql into `target`; `fn` sees the script that ran before it is removed. */
export async function runPlain<T>(
  session: Session,
  client: ResolvedClient,
  o: RestoreArgsOptions,
  input: DumpInput,
  target: Connection,
  allowMetaCommands: boolean,
  after: (run: PlainRun) => Promise<T>
): Promise<T> {
  const { sections, metaCommands } = await scanPlainScript(input.source, TYPES)
  if (!allowMetaCommands) refuseMetaCommands(session, metaCommands)
  const psql = (file: string) =>
    session.run(client, 'psql', psqlRestoreArgs({ ...o, file }))
  const run = async (script: Source) =>
    after({ result: await input.read(psql, script), script })
  const skipped = await targetsOwn(
    session,
    target,
    sections,
    extensionEntry,
    section => Promise.resolve(section.rows ?? 0)
  )
  if (skipped.size === 0) return run(input.source)
  if (input.encrypted) {
    // decrypted afresh and filtered on the way into psql: never a file
    return run(() =>
      Promise.resolve(withoutSectionsStream(input.source, [...skipped]))
    )
  }
  return withTrackedTemp(
    session.cancellation,
    { prefix: 'script' },
    async dir => {
      const script = join(dir, 'restore.sql')
      await withoutSections(o.file, script, [...skipped])
      return run(script)
    }
  )
}
