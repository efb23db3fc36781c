// Runs psql on a plain SQL dump in restricted mode. The lines of sections
// the target must keep (an extension a DBA created, its comment, the data
// of its configuration tables) are blanked, and the text psql reads is
// the very text the meta-command scan read, passed through a FIFO (a
// private copy where there are no FIFOs).
import { join } from 'node:path'
import { Readable } from 'node:stream'
import { psqlRestoreArgs, type RestoreArgsOptions } from '../args.ts'
import { stopChildTool } from '../process/cancellation.ts'
import { feedingFifo } from '../process/fifo.ts'
import type { ResolvedClient } from '../client/resolver.ts'
import type { Connection } from '../connection/connection.ts'
import { ToolError } from '../errors.ts'
import type { ToolResult } from '../process/runner.ts'
import { withTrackedTemp } from '../process/temp.ts'
import type { Session } from '../session.ts'
import {
  skipAsItPasses,
  targetsOwn,
  type ExtensionEntry,
  type TargetState
} from './extensions.ts'
import { metaCommandPlaces, type MetaCommand } from './meta-commands.ts'
import { StreamRefused } from './stream-input.ts'
import {
  scanPlainScript,
  ScriptPass,
  scriptStream,
  writeScript,
  type PlainSection
} from './plain-sections.ts'
import { naming, runScript } from './restricted.ts'
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

/** The result of psql, and the script it ran (errors' lines refer to it; of a streamed script, its COPY lines). */
interface PlainRun {
  result: ToolResult
  script: Source | ReadonlyMap<number, string>
}

/**
 * The meta-commands found, refused, naming where; quotes nothing of the
 * script. `ran`: psql had run the script up to them (a streamed script).
 */
function metaCommandsError(
  session: Session,
  found: readonly MetaCommand[],
  ran = false
): ToolError {
  const places = metaCommandPlaces(found)
  const outcome = ran
    ? 'so psql was stopped before it read them (what it ran before them stays in the target unless the restore was one transaction)'
    : 'so nothing was run'
  return new ToolError(
    'command',
    `The SQL script holds psql meta-commands that reach outside the target database (${places}), ` +
      `${outcome}: pg_dump writes none of these, and psql would run them on this machine (a shell, files written or read). ` +
      `Restore a dump made by pg_dump, or, for a script you wrote and trust, set ${session.wording.name('allowMetaCommands')}.`,
    { tool: 'psql' }
  )
}

/** Refuses the meta-commands found. */
function refuseMetaCommands(
  session: Session,
  found: readonly MetaCommand[]
): void {
  if (found.length > 0) throw metaCommandsError(session, found)
}

/**
 * Runs `tool` on a path psql reads the script from as `pass` hands it on:
 * a FIFO, or where there are none (Windows) a private copy.
 */
function feedScript<T>(
  session: Session,
  input: DumpInput,
  pass: ScriptPass,
  tool: (path: string) => Promise<T>
): Promise<T> {
  if (process.platform !== 'win32' || input.encrypted) {
    const stream = () => Promise.resolve(scriptStream(input.source, pass))
    return feedingFifo(session.cancellation, stream, tool)
  }
  return withTrackedTemp(
    session.cancellation,
    { prefix: 'script' },
    async dir => {
      const copy = join(dir, 'restore.sql')
      await writeScript(input.source, copy, pass)
      return tool(copy)
    }
  )
}

/** What a plain restore may do, and what it knows of the target. */
interface PlainHow {
  allowMetaCommands: boolean
  state?: TargetState | undefined
}

/**
 * Runs psql into `target`; `fn` sees the script that ran before it is
 * removed. `state`: the target's, when asked with the connection check.
 */
export async function runPlain<T>(
  session: Session,
  client: ResolvedClient,
  o: RestoreArgsOptions,
  input: DumpInput,
  target: Connection,
  { allowMetaCommands, state }: PlainHow,
  after: (run: PlainRun) => Promise<T>
): Promise<T> {
  if (input.streamed) {
    const run = (path: string) =>
      runScript(
        session,
        client,
        r => psqlRestoreArgs({ ...o, file: path, restricted: r }),
        !allowMetaCommands
      )
    return after(
      await runStreamed(session, input, { allowMetaCommands, state }, run)
    )
  }
  const whole = await scanPlainScript(input.source, TYPES)
  if (!allowMetaCommands) refuseMetaCommands(session, whole.metaCommands)
  const skipped = await targetsOwn(
    session,
    target,
    whole.sections,
    extensionEntry,
    section => Promise.resolve(section.rows ?? 0),
    state
  )
  const skip = [...skipped]
  // blanking lines changes what the rest of the script means to a lexer
  if (skip.length > 0 && !allowMetaCommands) {
    const left = await scanPlainScript(input.source, new Set(), skip)
    refuseMetaCommands(session, left.metaCommands)
  }
  const restricted = !allowMetaCommands
  const pass = new ScriptPass(new Set(), skip)
  const result = await feedScript(session, input, pass, async path =>
    naming(
      await runScript(
        session,
        client,
        r => psqlRestoreArgs({ ...o, file: path, restricted: r }),
        restricted
      ),
      path,
      input.file
    )
  )
  return after({ result, script: input.source })
}

/**
 * A script streamed from its store, read once. The target's extensions
 * were asked ahead, so the sections it keeps are left out as their headers
 * pass; the meta-command scan runs on the text as it goes to psql, and at
 * the first meta-command psql is ended before it gets its line.
 */
async function runStreamed(
  session: Session,
  input: DumpInput,
  { allowMetaCommands, state }: PlainHow,
  run: (path: string) => Promise<ToolResult>
): Promise<PlainRun> {
  if (!state || state.extensions.some(e => e.config.some(c => !c.insert))) {
    throw new StreamRefused(
      'the target has an extension whose configuration tables may need their rows counted first, which takes a second pass over the script'
    )
  }
  const whys: string[] = []
  const pass = new ScriptPass(TYPES, [], section => {
    const entry = extensionEntry(section)
    const why = entry && skipAsItPasses(entry, state.extensions)
    if (why) whys.push(why)
    return why !== undefined
  })
  let refused: ToolError | undefined
  const checked = async function* () {
    for await (const chunk of scriptStream(input.source, pass)) {
      // the chunk's lines were scanned before any of them goes on
      if (!allowMetaCommands && pass.metaCommands.length > 0) {
        refused = metaCommandsError(session, pass.metaCommands, true)
        await stopChildTool('psql')
        throw refused
      }
      yield chunk as Buffer
    }
  }
  const result = await feedingFifo(
    session.cancellation,
    () => Promise.resolve(Readable.from(checked(), { objectMode: false })),
    async path => naming(await run(path), path, input.file)
  )
  // psql, ended by us, may have stopped reading before the error came
  const failure = refused ?? input.streamed?.failure()
  if (failure !== undefined) throw failure as Error
  if (whys.length)
    session.logger.info(
      `Skipped, as the target already has them: ${whys.join('; ')}`
    )
  return { result, script: pass.copies }
}
