#!/usr/bin/env node
// The pg-dumper command's entry point.
import { main } from './program.ts'

process.exitCode = await main(process.argv)
