// The reading thread's side: it reads back what the step asks for
// (thread-protocol.ts) at the lowest priority, so that its inflating and
// checksums take only the CPU pg_dump and the server leave idle. On Linux a
// nice value belongs to one thread: this one's, never the step's or the
// tools it starts. Loaded as a reading thread starts; it serves at once.
import { setPriority } from 'node:os'
import { parentPort, type MessagePort } from 'node:worker_threads'
import { GrowingDataFile } from '../archive/data-file.ts'
import { Follower } from './follow.ts'
import {
  failureOf,
  isReadingThread,
  type Answer,
  type Ask,
  type DataFileRead
} from './thread-protocol.ts'

/** The lowest priority there is (nice 19). */
const LOWEST = 19

/** What the thread does with a reading under way, as the writer's news comes in. */
interface Reading {
  end(): void
  stop(): void
}

function answer(port: MessagePort, id: number, done: Promise<unknown>): void {
  done.then(
    value => port.postMessage({ id, ok: true, value } satisfies Answer),
    (error: unknown) =>
      port.postMessage({
        id,
        ok: false,
        failure: failureOf(error)
      } satisfies Answer)
  )
}

/** Starts the reading asked for; returns how to pass the writer's news on. */
function start(port: MessagePort, ask: Ask): Reading | undefined {
  if (ask.op === 'follow') {
    const follower = new Follower(ask.file)
    answer(port, ask.id, follower.run())
    return { end: () => follower.writerEnded(), stop: () => follower.stop() }
  }
  if (ask.op === 'data-file') {
    const file = new GrowingDataFile(ask.path)
    let early: number | undefined
    const read = file.done.then((crc): DataFileRead => ({
      crc,
      early: early ?? file.position,
      length: file.position
    }))
    answer(port, ask.id, read)
    return {
      end: () => {
        early ??= file.position
        file.closed()
      },
      stop: () => file.stop()
    }
  }
  return undefined
}

function serve(port: MessagePort): void {
  if (process.platform === 'linux') {
    try {
      // 0: this thread (Linux keeps a nice value per thread)
      setPriority(0, LOWEST)
    } catch {
      // not allowed here: the reading goes on at the step's priority
    }
  }
  const readings = new Map<number, Reading>()
  port.on('message', (ask: Ask) => {
    if (ask.op === 'end' || ask.op === 'stop') {
      const reading = readings.get(ask.id)
      if (ask.op === 'end') reading?.end()
      else reading?.stop()
      return
    }
    const reading = start(port, ask)
    if (reading) readings.set(ask.id, reading)
  })
}

if (isReadingThread() && parentPort) serve(parentPort)
