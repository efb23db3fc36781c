// The artifacts' bytes: one blob each in an Azurite container, reached by
// the library through signed (SAS) URLs like GitHub's.
import {
  BlobSASPermissions,
  BlobServiceClient,
  StorageSharedKeyCredential,
  type BlockBlobClient,
  type ContainerClient
} from '@azure/storage-blob'
import type { BlobDownload } from './api.ts'
import { AZURITE_ACCOUNT, AZURITE_KEY } from './azurite.ts'
import { fetchUrl } from './http.ts'
import type { Artifact } from './store.ts'

export class Blobs {
  #container: ContainerClient | undefined

  /** Connects to Azurite's account URL and makes the container. */
  async connect(blobUrl: string, container: string): Promise<void> {
    const service = new BlobServiceClient(
      blobUrl,
      new StorageSharedKeyCredential(AZURITE_ACCOUNT, AZURITE_KEY)
    )
    this.#container = service.getContainerClient(container)
    await this.#container.createIfNotExists()
  }

  blob(a: Artifact): BlockBlobClient {
    if (!this.#container) throw new Error('backend not started')
    return this.#container.getBlockBlobClient(a.blobName)
  }

  /** stores bytes as the artifact's blob, with its mime type */
  async write(a: Artifact, bytes: Buffer): Promise<void> {
    await this.blob(a).upload(bytes, bytes.length, {
      blobHTTPHeaders: { blobContentType: a.mimeType }
    })
  }

  /** a URL the library may create and write the blob through */
  uploadUrl(a: Artifact): Promise<string> {
    return this.blob(a).generateSasUrl({
      permissions: BlobSASPermissions.parse('cw'),
      expiresOn: new Date(Date.now() + 3600_000)
    })
  }

  /**
   * A read URL whose response names the file: the library saves an
   * unarchived artifact under Content-Disposition's file name (else
   * `artifact`), so the SAS overrides it (rscd) like GitHub's does.
   */
  downloadUrl(a: Artifact): Promise<string> {
    const fileName = a.mimeType === 'application/zip' ? `${a.name}.zip` : a.name
    const ascii = fileName.replace(/[^\x20-\x7e]|["\\]/g, '_')
    return this.blob(a).generateSasUrl({
      permissions: BlobSASPermissions.parse('r'),
      expiresOn: new Date(Date.now() + 3600_000),
      contentDisposition: `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(fileName)}`
    })
  }

  /** fetches the blob through the same kind of signed URL a download gets */
  async read(a: Artifact): Promise<BlobDownload> {
    const url = await this.downloadUrl(a)
    const { status, headers, body } = await fetchUrl(url)
    if (status !== 200)
      throw new Error(`blob download answered ${status}: ${body.toString()}`)
    const contentDisposition = headers['content-disposition'] ?? ''
    const star = /filename\*\s*=\s*UTF-8''([^;]*)/i.exec(contentDisposition)
    const plain = /filename\s*=\s*"([^"]*)"/i.exec(contentDisposition)
    return {
      bytes: body,
      contentType: headers['content-type'] ?? '',
      contentDisposition,
      fileName: star ? decodeURIComponent(star[1]) : plain?.[1],
      url
    }
  }
}
