// Preloaded into the action's process by the benchmark (NODE_OPTIONS=--import),
// plain JavaScript so that Node strips no types before the step starts (a .ts
// preload cost the step ~0.1 s, counted against it by rows 8 and 9):
// writes the process's own peak resident set size, in bytes, to the file
// PG_DUMPER_BENCH_RSS_FILE names when it exits. getrusage(RUSAGE_SELF)'s
// maxrss counts this process only, not the pg_dump it runs. Beside it, the
// bytes of the node executable's own pages resident at exit (Linux only):
// its code, paged in as it first runs (V8's optimising compilers when a
// step's code first runs hot), the same file in every node process.
import { readFileSync, writeFileSync } from 'node:fs'
import process from 'node:process'

/** Resident bytes of the mappings of the node executable, from /proc/self/smaps. */
function executableResident() {
  let smaps
  try {
    smaps = readFileSync('/proc/self/smaps', 'utf8')
  } catch {
    return undefined
  }
  let inNode = false
  let kb = 0
  for (const line of smaps.split('\n')) {
    const mapping = /^[0-9a-f]+-[0-9a-f]+ \S+ \S+ \S+ \S+\s*(.*)$/.exec(line)
    if (mapping) inNode = mapping[1] === process.execPath
    else if (inNode) kb += Number(/^Rss:\s+(\d+) kB/.exec(line)?.[1] ?? 0)
  }
  return kb * 1024
}

const file = process.env.PG_DUMPER_BENCH_RSS_FILE
if (file) {
  // only the action itself: node processes it might start do not report
  delete process.env.PG_DUMPER_BENCH_RSS_FILE
  process.on('exit', () => {
    const peak = process.resourceUsage().maxRSS * 1024
    const code = executableResident()
    writeFileSync(file, code === undefined ? `${peak}` : `${peak} ${code}`)
  })
}
