// A fresh data directory for each local server: initdb for the first of a
// bin dir, a copy of a pristine template for the rest.
import { randomBytes, randomInt } from 'node:crypto'
import { rmSync } from 'node:fs'
import { chown, mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { exitOnSignals } from './os-helpers.ts'
import { quoteLiteral } from './quoting.ts'
import { run } from './run.ts'
import { serverTool, type Owner, type ServerTool } from './server-tool.ts'

/** initdb into dataDir (which must not exist) with password for the superuser. */
async function initdb(
  tool: ServerTool,
  dataDir: string,
  password: string,
  pwFile: string,
  owner: Owner | undefined
): Promise<void> {
  await writeFile(pwFile, `${password}\n`, { mode: 0o600 })
  if (owner) await chown(pwFile, owner.uid, owner.gid)
  try {
    const initArgs = [
      '-D',
      dataDir,
      '-U',
      'postgres',
      '--auth-local=scram-sha-256',
      '--auth-host=scram-sha-256',
      `--pwfile=${pwFile}`,
      '-E',
      'UTF8',
      '--no-sync'
    ]
    let init = await tool('initdb', [...initArgs, '--locale=C.UTF-8'])
    // not every system has a C.UTF-8 locale (macOS, minimal images)
    if (init.code !== 0 && /locale/i.test(init.stderr)) {
      await rm(dataDir, { recursive: true, force: true })
      init = await tool('initdb', [...initArgs, '--no-locale'])
    }
    if (init.code !== 0) {
      throw new Error(
        `initdb failed (exit ${init.code}):\n${init.stderr}${init.stdout}`
      )
    }
  } finally {
    await rm(pwFile, { force: true })
  }
}

// initdb costs ~1 s; copying an initdb'ed data dir (cp -a) a third of that.
// The first server of a bin dir in a test process runs initdb itself; from
// the second on, servers copy a pristine template made once per bin dir and
// process, then set their own password in single-user mode.
const initdbCounts = new Map<string, number>()
const templates = new Map<string, Promise<string>>()
let templateRoot: Promise<string> | undefined

function templateRootDir(owner: Owner | undefined): Promise<string> {
  templateRoot ??= (async () => {
    const dir = await mkdtemp(join(tmpdir(), 'pg-dumper-templates-'))
    process.on('exit', () => rmSync(dir, { recursive: true, force: true }))
    exitOnSignals()
    if (owner) await chown(dir, owner.uid, owner.gid)
    return dir
  })()
  return templateRoot
}

function template(bin: string, owner: Owner | undefined): Promise<string> {
  let made = templates.get(bin)
  if (!made) {
    made = (async () => {
      const root = await templateRootDir(owner)
      const dir = join(root, `data-${templates.size}-${randomInt(1e9)}`)
      const tool = serverTool(bin, root, owner !== undefined)
      const password = randomBytes(16).toString('hex')
      await initdb(tool, dir, password, `${dir}.pw`, owner)
      return dir
    })()
    templates.set(bin, made)
    made.catch(() => templates.delete(bin))
  }
  return made
}

/** A fresh cluster in dataDir whose superuser "postgres" has password. */
export async function createDataDir(
  bin: string,
  tool: ServerTool,
  dataDir: string,
  password: string,
  pwFile: string,
  owner: Owner | undefined
): Promise<void> {
  const count = (initdbCounts.get(bin) ?? 0) + 1
  initdbCounts.set(bin, count)
  if (count === 1) {
    await initdb(tool, dataDir, password, pwFile, owner)
    return
  }
  const source = await template(bin, owner)
  // as root, -a keeps the postgres user as owner
  const copy = await run('cp', ['-a', source, dataDir])
  if (copy.code !== 0) {
    throw new Error(`cp -a ${source} ${dataDir} failed: ${copy.stderr}`)
  }
  const single = await tool(
    'postgres',
    [
      '--single',
      '-D',
      dataDir,
      '-c',
      'exit_on_error=on',
      '-c',
      'fsync=off',
      '-c',
      'password_encryption=scram-sha-256',
      '-c',
      'log_checkpoints=off',
      'postgres'
    ],
    `ALTER ROLE postgres PASSWORD ${quoteLiteral(password)};\n`
  )
  if (single.code !== 0) {
    throw new Error(
      `setting the password in single-user mode failed (exit ${single.code}):\n${single.stderr}${single.stdout}`
    )
  }
}
