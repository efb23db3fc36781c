// Azurite's blob service as a child process: started on a free port with
// in-memory storage, and gone when the test process is.
import { spawn, type ChildProcess } from 'node:child_process'
import { resolve } from 'node:path'

/** Azurite's well-known development account and its published key. */
export const AZURITE_ACCOUNT = 'devstoreaccount1'
export const AZURITE_KEY =
  'Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw=='

const azuriteMain = resolve(
  import.meta.dirname,
  '../../node_modules/azurite/dist/src/blob/main.js'
)

// Azurite never exits on its own when its parent dies; this preload makes it
// exit when the stdin pipe from the test process closes.
const exitWithParent =
  'data:text/javascript,process.stdin.on("end",()=>process.exit(0)).resume()'

/** Starts Azurite's blob service in cwd; resolves once it listens, with its port. */
export async function startAzurite(
  cwd: string,
  timeoutMs: number
): Promise<{ child: ChildProcess; port: number }> {
  const child = spawn(
    process.execPath,
    [
      '--import',
      exitWithParent,
      azuriteMain,
      '--blobHost',
      '127.0.0.1',
      '--blobPort',
      '0',
      '--inMemoryPersistence',
      '--disableTelemetry',
      '--silent',
      '--skipApiVersionCheck'
    ],
    // --location conflicts with --inMemoryPersistence; cwd is the location
    { cwd, stdio: ['pipe', 'pipe', 'pipe'] }
  )
  let output = ''
  const port = await new Promise<number>((resolvePromise, reject) => {
    const timer = setTimeout(() => {
      fail(new Error(`Azurite did not start in ${timeoutMs} ms:\n${output}`))
    }, timeoutMs)
    const onData = (chunk: Buffer) => {
      output += chunk.toString()
      // --silent only hides the access log; this line is always printed
      const match = /successfully listens on http:\/\/127\.0\.0\.1:(\d+)/.exec(
        output
      )
      if (match) {
        cleanup()
        resolvePromise(Number(match[1]))
      }
    }
    const onExit = (code: number | null) =>
      fail(new Error(`Azurite exited (${code}) before listening:\n${output}`))
    const fail = (error: Error) => {
      cleanup()
      child.kill('SIGKILL')
      reject(error)
    }
    const cleanup = () => {
      clearTimeout(timer)
      child.stdout.off('data', onData)
      child.stderr.off('data', onData)
      child.off('exit', onExit)
      child.off('error', fail)
    }
    child.stdout.on('data', onData)
    child.stderr.on('data', onData)
    child.once('exit', onExit)
    child.once('error', fail)
  })
  // keep draining its output so it never blocks on a full pipe
  child.stdout.resume()
  child.stderr.resume()
  return { child, port }
}

/** Ends Azurite through its stdin (see exitWithParent), killing it after 5 s. */
export function stopAzurite(child: ChildProcess): Promise<void> {
  return new Promise(resolvePromise => {
    if (child.exitCode !== null || child.signalCode !== null)
      return resolvePromise()
    const timer = setTimeout(() => child.kill('SIGKILL'), 5000)
    child.once('exit', () => {
      clearTimeout(timer)
      resolvePromise()
    })
    // the preload exits on end of stdin; its data is in memory anyway
    child.stdin?.end()
  })
}
