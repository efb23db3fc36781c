// What the step's thread and its reading thread (reading-thread.ts, the
// step's side; thread-serve.ts, the thread's) say to each other. The step
// asks for a reading (a custom archive followed while pg_dump writes it, or
// one data file of a directory archive) and passes on what it learns of
// pg_dump; the thread answers each reading once, with what it read or why
// it failed.
import { isMainThread, workerData } from 'node:worker_threads'
import { DataProblem } from '../archive/custom-data.ts'

/** Marks a worker started as a reading thread (its workerData). */
export const READER_ROLE = 'pg-dumper reading thread'

/** Whether this thread was started as a reading thread. */
export function isReadingThread(): boolean {
  return (
    !isMainThread &&
    (workerData as { role?: unknown } | null)?.role === READER_ROLE
  )
}

/** What one data file read back gave. */
export interface DataFileRead {
  /** CRC-32 of the file's bytes */
  crc: number
  /** bytes read before the reader was told the file was whole */
  early: number
  /** the file's bytes */
  length: number
}

/** A reading the step asks for. */
export type Start =
  { op: 'follow'; file: string } | { op: 'data-file'; path: string }

/** The step's requests, each about one reading (by its id). */
export type Ask =
  | (Start & { id: number })
  /** the writer has finished: read to the end */
  | { id: number; op: 'end' }
  /** the writer failed or was stopped: stop reading */
  | { id: number; op: 'stop' }

/** A failure, as it crosses between threads. */
interface Failure {
  message: string
  code?: string
  /** the archive's data did not read back (a DataProblem) */
  data: boolean
}

/** The thread's answer to one reading. */
export type Answer =
  | { id: number; ok: true; value: unknown }
  | { id: number; ok: false; failure: Failure }

export function failureOf(error: unknown): Failure {
  const { message, code } = error as NodeJS.ErrnoException
  return {
    message: typeof message === 'string' ? message : String(error),
    code,
    data: error instanceof DataProblem
  }
}

/** The failure as an Error again: a DataProblem where it was one. */
export function errorOf(failure: Failure): Error {
  if (failure.data) return new DataProblem(failure.message)
  return Object.assign(new Error(failure.message), { code: failure.code })
}
