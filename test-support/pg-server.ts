// A throwaway PostgreSQL server for tests: a private local cluster in a temp
// dir, or an existing server named by PG_DUMPER_TEST_URL (e.g. a CI service).
// Local clusters can be of any major whose server binaries are on the machine
// (AVAILABLE_MAJORS), can require TLS, and can be started, stopped and
// started again on the same port. Server binaries come from a system install,
// else the pg-server-<N> npm packages; a missing client is installed with apt
// as the action's install-client: auto does (ensurePostgres()). The parts
// live in pg-server/.
import { ensurePostgres, serverHasExtension } from './pg-server/setup.ts'
import { EXTERNAL } from './pg-server/test-server.ts'

export {
  AVAILABLE_MAJORS,
  defaultServer,
  serverBinDir
} from './pg-server/binaries.ts'
export { clientBinDir, clientEnv, clientTool } from './pg-server/client.ts'
export { conninfoValue, quoteIdent, quoteLiteral } from './pg-server/quoting.ts'
export { run, type RunResult } from './pg-server/run.ts'
export {
  describeSetup,
  ensurePostgres,
  PostgresMissing,
  serverHasExtension,
  type PostgresSetup
} from './pg-server/setup.ts'
export { startServer } from './pg-server/start.ts'
export {
  EXTERNAL,
  type ServerOptions,
  type TestServer
} from './pg-server/test-server.ts'

/**
 * Why tests of a PostGIS model cannot run here, or false: the npm-packaged
 * servers (pg-server-*) ship no PostGIS.
 */
export async function postgisMissing(): Promise<string | false> {
  const packaged = EXTERNAL ? undefined : (await ensurePostgres()).server
  return packaged?.source === 'package' &&
    !(await serverHasExtension('postgis'))
    ? `the server is the npm package ${packaged.bin}, which has no PostGIS: install PostgreSQL with PostGIS (bash .ci/run does) to run these tests`
    : false
}
