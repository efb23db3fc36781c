// Preloaded into the action's process by the benchmark (NODE_OPTIONS=--import),
// plain JavaScript so that Node strips no types before the step starts (a .ts
// preload cost the step ~0.1 s, counted against it by rows 8 and 9):
// writes the process's own peak resident set size, in bytes, to the file
// PG_DUMPER_BENCH_RSS_FILE names when it exits. getrusage(RUSAGE_SELF)'s
// maxrss counts this process only, not the pg_dump it runs.
import { writeFileSync } from 'node:fs'
import process from 'node:process'

const file = process.env.PG_DUMPER_BENCH_RSS_FILE
if (file) {
  // only the action itself: node processes it might start do not report
  delete process.env.PG_DUMPER_BENCH_RSS_FILE
  process.on('exit', () => {
    writeFileSync(file, String(process.resourceUsage().maxRSS * 1024))
  })
}
