// Preloaded into a step's process by a test (NODE_OPTIONS=--import): writes
// the file: URLs of every module the process loaded, one per line, to the
// file PG_DUMPER_LOADED_FILE names, when it exits. Plain JavaScript, like
// bench/rss-probe.js, so that loading it strips no types.
import { appendFileSync } from 'node:fs'
import { registerHooks } from 'node:module'
import process from 'node:process'

const file = process.env.PG_DUMPER_LOADED_FILE
if (file) {
  delete process.env.PG_DUMPER_LOADED_FILE
  const loaded = new Set()
  registerHooks({
    load(url, context, nextLoad) {
      loaded.add(url)
      return nextLoad(url, context)
    }
  })
  process.on('exit', () => {
    appendFileSync(file, [...loaded].join('\n') + '\n')
  })
}
