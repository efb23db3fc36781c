// Loads the artifact code only when a run keeps or takes an artifact:
// @actions/artifact and its dependencies are most of the bundle, and most
// of a run's start-up time when loaded for nothing.

/** The artifact client and the steps that use it, loaded on first use. */
export async function loadArtifacts() {
  const [{ DefaultArtifactClient }, upload, find, download, prune] =
    await Promise.all([
      import('@actions/artifact'),
      import('./upload.ts'),
      import('./find.ts'),
      import('./download.ts'),
      import('./prune.ts')
    ])
  return {
    client: () => new DefaultArtifactClient(),
    checkUpload: upload.checkUpload,
    uploadDump: upload.uploadDump,
    findArtifact: find.findArtifact,
    listSeries: find.listSeries,
    downloadDump: download.downloadDump,
    checkPrune: prune.checkPrune,
    pruneArtifacts: prune.pruneArtifacts
  }
}
