// The restore's 'file' input: a dump that exists, is a regular file or a
// directory-format dump folder, and is not a symlink out of the workspace.
import { readdirSync, realpathSync, statSync } from 'node:fs'
import { isAbsolute, join, relative, resolve } from 'node:path'
import {
  databaseOfFileName,
  DUMP_PATHS,
  specialFileKind
} from '../core/index.ts'
import { existingPath, InputError } from './input-parsers.ts'

/** Whether `path` is `folder` or inside it (both absolute). */
function within(folder: string, path: string): boolean {
  const up = relative(folder, path)
  return up === '' || (!up.startsWith('..') && !isAbsolute(up))
}

/** The real path of `path`, or `path` itself when it cannot be resolved. */
function real(path: string): string {
  try {
    return realpathSync(path)
  } catch {
    return path
  }
}

/**
 * The dump named by the input `name`, checked before anything opens it: it
 * exists; it is a regular file or a folder with toc.dat (or a folder of
 * such dumps named after databases, each checked alike), never a FIFO,
 * socket or device (reading a FIFO would wait for good); and a path inside
 * the workspace (GITHUB_WORKSPACE, else the working directory) stays inside
 * it when symlinks are followed, so a link in a checkout cannot hand the
 * restore a file from elsewhere on the runner.
 */
export function restoreFileInput(name: string, path: string): string {
  existingPath(name, path, 'file')
  const refuse = (why: string) =>
    new InputError(
      `Invalid '${name}' input '${path}': ${why}. Expected ${DUMP_PATHS}.`
    )
  const absolute = resolve(path)
  const info = statSync(absolute)
  const special = specialFileKind(info)
  if (special) throw refuse(`it is ${special}`)
  if (
    info.isDirectory() &&
    !statSync(join(absolute, 'toc.dat'), { throwIfNoEntry: false })?.isFile()
  ) {
    // a dump of several databases: each entry is checked as a dump is
    const entries = readdirSync(absolute)
    if (!entries.some(e => databaseOfFileName(e) !== undefined)) {
      throw refuse('it is a folder without toc.dat')
    }
    for (const entry of entries) restoreFileInput(name, join(path, entry))
  }
  const outside = linkOutOfWorkspace(absolute)
  if (outside) throw refuse(outside)
  return path
}

/**
 * Why a path in the workspace (GITHUB_WORKSPACE, else the working
 * directory) is refused: it leads through a symlink out of it; undefined
 * when it stays inside, or is outside to begin with.
 */
export function linkOutOfWorkspace(absolute: string): string | undefined {
  const workspace = resolve(process.env.GITHUB_WORKSPACE || process.cwd())
  if (!within(workspace, absolute)) return undefined
  const target = real(absolute)
  if (within(real(workspace), target)) return undefined
  return `it leads through a symlink to ${target}, outside the workspace ${workspace}; only links that stay in the workspace are followed`
}
