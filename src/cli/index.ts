#!/usr/bin/env node
// The pg-dumper command's entry point.
import { servedAsReadingThread } from '../core/index.ts'
import { cancelled, main } from './program.ts'

// a thread the command started to read its dump back (see the core's
// reading-thread.ts) starts here, and does only that
if (!(await servedAsReadingThread(import.meta.url))) {
  process.exitCode = await main(process.argv)
  // cancelled: end now, while the handlers still absorb a later signal (a
  // natural exit closes them first, and a signal then would kill the command)
  if (process.exitCode !== 0 && cancelled()) process.exit()
}
