// The peer way's upload (measurement 7, nightly.ts): one file kept as an
// artifact the way actions/upload-artifact does by default, the real
// @actions/artifact in a node process of its own (it reads its environment
// when it loads), zipped at compression level 6.
// Usage: node bench/peer-upload.ts NAME FILE
// Prints {"id":…,"size":…} as its last line.
import { dirname, resolve } from 'node:path'
import { DefaultArtifactClient } from '@actions/artifact'

const [name, file] = process.argv.slice(2)
if (!name || !file) throw new Error('usage: peer-upload.ts NAME FILE')
const path = resolve(file)
// upload-artifact: the files its glob found, their common folder as the root,
// compression-level 6 (its default) and no retention-days
const { id, size } = await new DefaultArtifactClient().uploadArtifact(
  name,
  [path],
  dirname(path),
  { compressionLevel: 6 }
)
console.log(JSON.stringify({ id, size }))
