// `npm run demo`: seeds a tiny shop database, then dumps and restores it with
// the bundled action (dist/index.js) run as the GitHub runner runs it, first
// through local files, then through workflow artifacts (demo-artifacts.ts).
import { existsSync, rmSync } from 'node:fs'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { basename, join } from 'node:path'
import { styleText } from 'node:util'
import {
  clientBinDir,
  describeSetup,
  ensurePostgres,
  startServer,
  type PostgresSetup,
  type TestServer
} from '../test-support/pg-server.ts'
import {
  actionEntry,
  runAction,
  type StepRun
} from '../test-support/run-action.ts'
import type { ArtifactBackend } from '../test-support/artifact-backend.ts'
import {
  artifactRoundTrip,
  startBackend,
  type StepOptions
} from './demo-artifacts.ts'

const SEED = `
CREATE TABLE customers (id int PRIMARY KEY, name text NOT NULL, city text NOT NULL);
CREATE TABLE products (id int PRIMARY KEY, name text NOT NULL,
  price numeric(8, 2) NOT NULL CHECK (price >= 0));
CREATE TABLE orders (id int PRIMARY KEY,
  customer_id int NOT NULL REFERENCES customers, product_id int NOT NULL REFERENCES products,
  quantity int NOT NULL CHECK (quantity > 0), ordered_at date NOT NULL);
CREATE VIEW order_totals AS
  SELECT c.name, count(*) AS orders, sum(p.price * o.quantity) AS total
  FROM orders o JOIN customers c ON c.id = o.customer_id JOIN products p ON p.id = o.product_id
  GROUP BY c.name;
INSERT INTO customers VALUES (1, 'Zoë Müller', 'Zürich'), (2, 'José Álvarez', 'Málaga'),
  (3, 'Søren Kierkegaard', 'København'), (4, 'Ayşe Yılmaz', 'İstanbul'),
  (5, 'Дмитрий Иванов', 'Москва'), (6, '李小龍', '香港'), (7, 'Nguyễn Văn An', 'Hà Nội'),
  (8, 'François Dupont', 'Besançon'), (9, 'Łukasz Wójcik', 'Łódź'),
  (10, 'Ólafur Arnalds', 'Reykjavík'), (11, '山田太郎', '東京'), (12, 'Ana Peña', 'São Paulo');
INSERT INTO products VALUES (1, 'Espresso ☕', 2.50), (2, 'Croissant 🥐', 1.80),
  (3, 'Crème brûlée', 4.20), (4, 'Smørrebrød', 6.90), (5, 'Bánh mì', 5.50),
  (6, 'Pão de queijo', 3.10), (7, 'Baklava', 3.60), (8, 'Pierogi', 7.40),
  (9, 'Пельмени', 6.80), (10, '抹茶ラテ', 4.60), (11, 'Churros', 3.30), (12, 'Kanelbulle', 2.90);
INSERT INTO orders SELECT g, 1 + g * 5 % 12, 1 + g * 7 % 12, 1 + g % 3, date '2024-03-01' + g
  FROM generate_series(1, 12) g;`
const RELATIONS = ['customers', 'products', 'orders', 'order_totals']

type Style = Parameters<typeof styleText>[0]
const paint = (style: Style) => (text: string) => styleText(style, text)
const [bold, dim, green, red, yellow] = [
  'bold',
  'dim',
  'green',
  'red',
  'yellow'
].map(s => paint(s as Style))
const heading = (text: string) => console.log(`\n${bold(`━━ ${text}`)}`)
const message = (error: unknown) =>
  error instanceof Error ? error.message : String(error)

/**
 * The step's log as the runner shows it: no add-mask or debug lines, groups
 * as headings, warnings in yellow, lines matching `highlight` standing out.
 */
function printLog(run: StepRun, highlight?: RegExp): void {
  for (const line of (run.stdout + run.stderr).trimEnd().split('\n')) {
    if (/^::(add-mask|debug|endgroup)::/.test(line)) continue
    const [, kind, text] = /^::(warning|error)::(.*)$/.exec(line) ?? []
    if (line.startsWith('::group::')) console.log(bold(`  ▸ ${line.slice(9)}`))
    else if (kind)
      console.log((kind === 'error' ? red : yellow)(`    ${kind}: ${text}`))
    else if (highlight?.test(line)) console.log(`  ${bold('→')} ${line}`)
    else console.log(dim(`    ${line}`))
  }
}

/** Runs the bundled action in `cwd` and prints what it did; throws if it failed. */
async function step(
  cwd: string,
  inputs: Record<string, string>,
  { env, highlight, brief = false }: StepOptions = {}
): Promise<StepRun> {
  const bin = clientBinDir()
  const run = await runAction(
    { ...inputs, ...(bin && { 'pg-bin-dir': bin }) },
    { cwd, env }
  )
  if (run.exitCode !== 0) {
    printLog(run, highlight)
    const error = run.stdout.split('\n').find(l => l.startsWith('::error::'))
    throw new Error(
      `The ${inputs.mode} step failed: ${error?.slice(9) ?? 'see its log above'}`
    )
  }
  if (brief) {
    const done =
      run.stdout.split('\n').find(l => /^(Wrote|Restored) /.test(l)) ?? 'done'
    console.log(
      `  ${inputs.mode.padEnd(8)}${basename(run.outputs.file)}: ${done}`
    )
    return run
  }
  printLog(run, highlight)
  const width = Math.max(...Object.keys(run.outputs).map(k => k.length))
  console.log('\n  outputs:')
  for (const [key, value] of Object.entries(run.outputs)) {
    console.log(`    ${key.padEnd(width)}  ${bold(value)}`)
  }
  return run
}

/** Each relation's "row count|md5 of its rows", by name. */
async function census(server: TestServer, db: string) {
  const sql = RELATIONS.map(
    r =>
      `SELECT '${r}', count(*), md5(string_agg(t::text, ',' ORDER BY t::text)) FROM ${r} t`
  ).join(' UNION ALL ')
  const rows = (await server.psql(db, sql)).split('\n')
  return new Map(
    rows.map(row => [row.split('|')[0], row.slice(row.indexOf('|') + 1)])
  )
}

/** Prints source vs copy row counts (or one line); throws unless all match. */
async function compare(
  server: TestServer,
  source: string,
  copy: string,
  brief = false
): Promise<void> {
  const [a, b] = [await census(server, source), await census(server, copy)]
  const differ = RELATIONS.filter(r => a.get(r) !== b.get(r))
  const row = (cells: string[]) =>
    `  ${cells[0].padEnd(14)}${cells[1].padStart(8)}${cells[2].padStart(8)}  ${cells[3]}`
  if (!brief)
    console.log(bold(row(['relation', 'source', 'copy', 'same rows'])))
  for (const r of brief ? [] : RELATIONS) {
    const count = (m: Map<string, string>) => m.get(r)?.split('|')[0] ?? '-'
    const same = differ.includes(r) ? red('✗') : green('✓')
    console.log(row([r, count(a), count(b), same]))
  }
  if (differ.length) {
    throw new Error(`${copy} differs from ${source} in: ${differ.join(', ')}`)
  }
  if (brief)
    console.log(`  ${green('✓')} ${copy} has the same rows as ${source}`)
}

/** Dumps and restores through local files; returns the seeded database. */
async function demo(server: TestServer, ws: string): Promise<string> {
  const source = await server.createDatabase('shop')
  await server.psql(source, SEED)
  console.log(`Seeded ${bold(source)}: customers, products, orders and a view.`)
  const connection = server.uri(source)

  heading('Dump, custom format')
  await step(ws, { mode: 'dump', connection })

  heading('Restore into a new database')
  const copy = await server.createDatabase('shop_copy')
  await step(ws, {
    mode: 'restore',
    connection,
    dbname: copy,
    file: 'backup.dump'
  })

  heading(`Source ${source} vs copy ${copy}`)
  await compare(server, source, copy)

  heading('Plain SQL round trip')
  const plainCopy = await server.createDatabase('shop_plain')
  const brief = { brief: true }
  await step(ws, { mode: 'dump', connection, format: 'plain' }, brief)
  const restore = { mode: 'restore', dbname: plainCopy, file: 'backup.sql' }
  await step(ws, { ...restore, connection }, brief)
  await compare(server, source, plainCopy, true)
  return source
}

async function main(): Promise<number> {
  if (!existsSync(actionEntry)) {
    console.error(
      red(`No bundle at ${actionEntry}: run 'npm run bundle' first.`)
    )
    return 1
  }
  let server: TestServer
  let setup: PostgresSetup
  try {
    // a missing client is installed here (apt, as install-client: auto
    // does); what cannot be had fails now, naming the command to run
    setup = await ensurePostgres()
    server = await startServer()
  } catch (error) {
    console.error(red(`No PostgreSQL to run against: ${message(error)}`))
    if (!message(error).includes('PG_DUMPER_TEST_URL'))
      console.error(
        'Or point the demo at a server you have: ' +
          'PG_DUMPER_TEST_URL=postgresql://user:password@host:5432/postgres npm run demo'
      )
    return 1
  }
  const ws = await mkdtemp(join(tmpdir(), 'pg-dumper-demo-'))
  // Ctrl-C: exit (the server harness may do so first, stopping its server;
  // Azurite exits with us as its stdin closes) and remove the workspace
  process.once('SIGINT', () => process.exit(130))
  process.on('exit', () => rmSync(ws, { recursive: true, force: true }))
  let backend: ArtifactBackend | undefined
  try {
    const where = server.external ? 'PG_DUMPER_TEST_URL' : 'throwaway'
    console.log(
      `PostgreSQL ${await server.major()} (${where}) on ${server.host}:${server.port}`
    )
    console.log(dim(describeSetup(setup)))
    console.log(`Workspace ${ws}`)
    const source = await demo(server, ws)

    heading('Local artifact services')
    backend = await startBackend()
    await artifactRoundTrip(
      {
        server,
        source,
        ws,
        heading,
        step,
        compare: copy => compare(server, source, copy)
      },
      backend
    )
    console.log(
      green(
        '\n✓ Dump, restore, the plain round trip and the artifact round trip all worked.'
      )
    )
    return 0
  } catch (error) {
    console.error(red(`\n✗ ${message(error)}`))
    return 1
  } finally {
    await Promise.all([server.stop(), backend?.stop()])
    await rm(ws, { recursive: true, force: true })
  }
}

process.exitCode = await main()
