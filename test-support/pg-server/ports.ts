// Loopback ports for local servers: free right now, and claimed across every
// test process so that a deferred or stopped server keeps its port.
import { randomInt } from 'node:crypto'
import { rmSync, writeFileSync } from 'node:fs'
import { createServer } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { processAlive, readFileSyncSafe } from './os-helpers.ts'

/** The low end of the kernel's ephemeral port range, when known. */
function ephemeralLow(): number | undefined {
  const text = readFileSyncSafe('/proc/sys/net/ipv4/ip_local_port_range')
  const low = Number(text.trim().split(/\s+/)[0])
  return Number.isInteger(low) && low > 0 ? low : undefined
}

/** Listens on 127.0.0.1:port (0: any) and closes again; resolves to the port, or 0 when taken. */
function probePort(port: number): Promise<number> {
  return new Promise(resolve => {
    const server = createServer()
    server.unref()
    server.on('error', () => resolve(0))
    server.listen(port, '127.0.0.1', () => {
      const address = server.address()
      const bound = typeof address === 'object' && address ? address.port : 0
      server.close(() => resolve(bound))
    })
  })
}

/**
 * A loopback port nobody listens on right now. Taken from below the
 * ephemeral range when possible: the kernel hands ephemeral ports to every
 * outgoing connection (each psql run), which could take a port that a
 * deferStart or stopped server holds on to.
 */
export async function freePort(): Promise<number> {
  const low = ephemeralLow()
  if (low !== undefined && low > 12_000) {
    for (let attempt = 0; attempt < 50; attempt++) {
      const candidate = randomInt(10_000, low)
      if (!reservePort(candidate)) continue
      if (await probePort(candidate)) return candidate
    }
  }
  for (let attempt = 0; attempt < 20; attempt++) {
    const port = await probePort(0)
    if (port && reservePort(port)) return port
  }
  throw new Error('no free loopback port')
}

const reservedPorts = new Set<number>()
const portLock = (port: number) => join(tmpdir(), `pg-dumper-port-${port}.lock`)

/**
 * Claims a port for this process across every test process: a deferred or
 * stopped server does not listen, so probing alone would let another
 * process's server take its port. The claim is a lock file holding our pid;
 * a dead owner's claim is taken over. Released when this process exits.
 */
function reservePort(port: number): boolean {
  if (reservedPorts.has(port)) return false
  const lock = portLock(port)
  try {
    writeFileSync(lock, String(process.pid), { flag: 'wx' })
  } catch {
    const owner = Number(readFileSyncSafe(lock).trim())
    if (owner > 0 && owner !== process.pid && processAlive(owner)) return false
    writeFileSync(lock, String(process.pid))
  }
  if (reservedPorts.size === 0) {
    process.on('exit', () => {
      for (const p of reservedPorts) rmSync(portLock(p), { force: true })
    })
  }
  reservedPorts.add(port)
  return true
}
