#!/usr/bin/env node
// The pg-dumper command's entry point.
import { cancelled, main } from './program.ts'

process.exitCode = await main(process.argv)
// cancelled: end now, while the handlers still absorb a later signal (a
// natural exit closes them first, and a signal then would kill the command)
if (process.exitCode !== 0 && cancelled()) process.exit()
