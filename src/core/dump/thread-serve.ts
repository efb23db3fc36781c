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
  type DataFileRead,
  type Start
} from './thread-protocol.ts'

/** The lowest priority there is (nice 19). */
const LOWEST = 19

/** A reading under way: its result, and what the writer's news does to it. */
interface Reading {
  done: Promise<unknown>
  end(): void
  stop(): void
}

/** Starts the reading asked for. */
function start(ask: Start): Reading {
  if (ask.op === 'follow') {
    const follower = new Follower(ask.file)
    return {
      done: follower.run(),
      end: () => follower.writerEnded(),
      stop: () => follower.stop()
    }
  }
  const file = new GrowingDataFile(ask.path)
  let early: number | undefined
  return {
    done: file.done.then((crc): DataFileRead => ({
      crc,
      early: early ?? file.position,
      length: file.position
    })),
    end: () => {
      early ??= file.position
      file.closed()
    },
    stop: () => file.stop()
  }
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
    if (ask.op === 'end') return readings.get(ask.id)?.end()
    if (ask.op === 'stop') return readings.get(ask.id)?.stop()
    const reading = start(ask)
    readings.set(ask.id, reading)
    const { id } = ask
    reading.done
      .then(
        value => port.postMessage({ id, ok: true, value } satisfies Answer),
        (error: unknown) => {
          const failure = failureOf(error)
          port.postMessage({ id, ok: false, failure } satisfies Answer)
        }
      )
      .finally(() => readings.delete(id))
  })
}

if (isReadingThread() && parentPort) serve(parentPort)
