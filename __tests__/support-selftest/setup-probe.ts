// Run by setup.test.ts in a child process with the environment under test:
// starts a server the way a test file does (`start`, `seeded` with the
// artifact backend, or `abandon`: exit with it running) and prints, as its
// last line, JSON saying how that went and which programs the harness
// spawned on the way.
import childProcess from 'node:child_process'
import { syncBuiltinESMExports } from 'node:module'

const spawned: string[] = []
const spawn = childProcess.spawn
childProcess.spawn = ((command: string, ...rest: unknown[]) => {
  const args = Array.isArray(rest[0]) ? (rest[0] as string[]) : []
  spawned.push([command, ...args].join(' '))
  return (spawn as (...a: unknown[]) => unknown)(command, ...rest)
}) as typeof childProcess.spawn
// the harness's `import { spawn }` bindings follow the patched module
syncBuiltinESMExports()

const { ensurePostgres, startServer } =
  await import('../../test-support/pg-server.ts')
const { seededServer } = await import('../../test-support/fixtures.ts')

const started = performance.now()
const result: Record<string, unknown> = {}
try {
  if (process.argv[2] === 'seeded') {
    const seeded = await seededServer({
      database: 'probe',
      seed: 'SELECT 1',
      tempPrefix: 'pg-dumper-probe-',
      artifacts: {}
    })
    await seeded.stop()
  } else if (process.argv[2] === 'abandon') {
    // a test process that ends without after(): the exit hooks must clean up
    const server = await startServer()
    await server.createDatabase('abandoned')
    console.log(JSON.stringify({ ok: true, ms: 0, spawned }))
    process.exit(1)
  } else {
    const server = await startServer()
    result.version = await server.psql('postgres', 'SHOW server_version')
    result.setup = await ensurePostgres()
    await server.stop()
  }
  result.ok = true
} catch (error) {
  result.ok = false
  result.name = error instanceof Error ? error.name : typeof error
  result.message = error instanceof Error ? error.message : String(error)
}
result.ms = Math.round(performance.now() - started)
result.spawned = spawned
console.log(JSON.stringify(result))
