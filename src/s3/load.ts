// The S3 code (the AWS SDK and lib-storage) loaded only when a run uses S3:
// never at start-up.

/** The SDK's client and the store's transfers, loaded on first use. */
export async function loadS3() {
  const [objects, sink, transfer] = await Promise.all([
    import('./objects.ts'),
    import('./sink.ts'),
    import('./transfer.ts')
  ])
  return { ...objects, ...sink, ...transfer }
}
