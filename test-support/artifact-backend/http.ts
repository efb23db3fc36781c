// HTTP plumbing shared by the results and REST servers: an error that
// carries its status and body, reading and answering requests, and
// listening on and closing loopback ports.
import {
  get as httpGet,
  type IncomingMessage,
  type Server,
  type ServerResponse
} from 'node:http'
import type { AddressInfo } from 'node:net'

/** An answer other than success: the status and the service's error body. */
export class HttpError extends Error {
  status: number
  body: unknown
  constructor(status: number, body: unknown) {
    super(`HTTP ${status}`)
    this.status = status
    this.body = body
  }
}

/** The whole request (or response) body. */
export function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolvePromise, reject) => {
    const chunks: Buffer[] = []
    req.on('data', (chunk: Buffer) => chunks.push(chunk))
    req.on('end', () => resolvePromise(Buffer.concat(chunks)))
    req.on('error', reject)
  })
}

/** Answers with a JSON body. */
export function sendJson(
  res: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {}
): void {
  const text = JSON.stringify(body)
  res.writeHead(status, {
    'content-type': 'application/json; charset=utf-8',
    'content-length': Buffer.byteLength(text),
    ...headers
  })
  res.end(text)
}

/** Listens on 127.0.0.1 (port 0: any free one); resolves to the port. */
export function listen(server: Server, port = 0): Promise<number> {
  return new Promise((resolvePromise, reject) => {
    server.once('error', reject)
    server.listen(port, '127.0.0.1', () => {
      server.off('error', reject)
      resolvePromise((server.address() as AddressInfo).port)
    })
  })
}

/** Stops listening and drops open connections; resolves when closed. */
export function close(server: Server): Promise<void> {
  return new Promise(resolvePromise => {
    if (!server.listening) return resolvePromise()
    server.close(() => resolvePromise())
    server.closeAllConnections()
  })
}

/** GETs a URL without keep-alive and collects the answer. */
export function fetchUrl(url: string): Promise<{
  status: number
  headers: IncomingMessage['headers']
  body: Buffer
}> {
  return new Promise((resolvePromise, reject) => {
    httpGet(url, { agent: false }, res => {
      readBody(res).then(
        body =>
          resolvePromise({
            status: res.statusCode ?? 0,
            headers: res.headers,
            body
          }),
        reject
      )
    }).on('error', reject)
  })
}

/** The record of a request being answered, filled in by the service answering it. */
export interface CallDraft {
  method: string
  status: number
  injected: boolean
  body: unknown
}
