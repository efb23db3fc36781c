// Where a server is and who connects to it, and reading that from
// PG_DUMPER_TEST_URL for an external server.

/** The connection a Cluster describes; port may move during the first start. */
export interface Connection {
  host: string
  port: number
  user: string
  password: string
  maintenanceDb: string
  /** extra conninfo keywords from the URL's query string (sslmode, …) */
  params: [string, string][]
}

const URI_KEYS = new Set(['host', 'port', 'user', 'password', 'dbname'])

/** The server PG_DUMPER_TEST_URL names; throws a clear error for a malformed URL. */
export function parseTestUrl(text: string): Connection {
  let url: URL
  try {
    url = new URL(text)
  } catch {
    throw new Error('PG_DUMPER_TEST_URL is not a valid postgresql:// URI')
  }
  if (url.protocol !== 'postgresql:' && url.protocol !== 'postgres:') {
    throw new Error('PG_DUMPER_TEST_URL must start with postgresql://')
  }
  const params = [...url.searchParams.entries()].filter(
    ([key]) => !URI_KEYS.has(key)
  )
  const host = url.hostname.replace(/^\[(.*)\]$/, '$1')
  const dbname = decodeURIComponent(url.pathname.replace(/^\//, ''))
  return {
    host:
      decodeURIComponent(host) || url.searchParams.get('host') || 'localhost',
    port: Number(url.port || url.searchParams.get('port') || 5432),
    user: decodeURIComponent(url.username) || 'postgres',
    password: decodeURIComponent(url.password),
    maintenanceDb: dbname || 'postgres',
    params
  }
}
