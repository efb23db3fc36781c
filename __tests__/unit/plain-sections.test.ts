// Reading a plain dump by its sections, and writing it without some, with
// data rows never taken for headers.
import assert from 'node:assert/strict'
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { after, before, test } from 'node:test'
import {
  scanPlainScript,
  ScriptPass,
  writeScript
} from '../../src/core/restore/plain-sections.ts'

const SCRIPT = `--
-- PostgreSQL database dump
--

--
-- Name: postgis; Type: EXTENSION; Schema: -; Owner: -
--

CREATE EXTENSION IF NOT EXISTS postgis WITH SCHEMA public;


--
-- Name: EXTENSION postgis; Type: COMMENT; Schema: -; Owner: 
--

COMMENT ON EXTENSION postgis IS 'PostGIS geometry and geography spatial types and functions';


--
-- Data for Name: notes; Type: TABLE DATA; Schema: public; Owner: -
--

COPY public.notes (body) FROM stdin;
--
-- Name: evil; Type: EXTENSION; Schema: -; Owner: -
\\.


--
-- Data for Name: spatial_ref_sys; Type: TABLE DATA; Schema: public; Owner: -
--

COPY public.spatial_ref_sys (srid, auth_name, auth_srid, srtext, proj4text) FROM stdin;
\\.


--
-- PostgreSQL database dump complete
--
`

let dir: string
let file: string
before(async () => {
  dir = await mkdtemp(join(tmpdir(), 'pg-dumper-sections-'))
  file = join(dir, 'dump.sql')
  await writeFile(file, SCRIPT)
})
after(() => rm(dir, { recursive: true, force: true }))

test('finds the sections asked for, with their extent and rows', async () => {
  const sections = (
    await scanPlainScript(file, new Set(['EXTENSION', 'COMMENT', 'TABLE DATA']))
  ).sections
  assert.deepEqual(
    sections.map(s => [s.type, s.name, s.schema, s.first, s.last, s.rows]),
    [
      ['EXTENSION', 'postgis', '-', 5, 9, 0],
      ['COMMENT', 'EXTENSION postgis', '-', 12, 16, 0],
      ['TABLE DATA', 'notes', 'public', 19, 26, 2],
      ['TABLE DATA', 'spatial_ref_sys', 'public', 29, 34, 0]
    ]
  )
})

test('data rows that look like a header are data', async () => {
  const sections = (await scanPlainScript(file, new Set(['EXTENSION'])))
    .sections
  assert.deepEqual(
    sections.map(s => s.name),
    ['postgis']
  )
})

test('writes the script with the given sections blanked, and nothing else', async () => {
  const sections = (
    await scanPlainScript(file, new Set(['EXTENSION', 'COMMENT', 'TABLE DATA']))
  ).sections
  const out = join(dir, 'filtered.sql')
  await writeScript(
    file,
    out,
    new ScriptPass(new Set(), [sections[0], sections[1], sections[3]])
  )
  const text = await readFile(out, 'utf8')
  assert.doesNotMatch(
    text,
    /CREATE EXTENSION|COMMENT ON EXTENSION|spatial_ref_sys/
  )
  assert.match(
    text,
    /COPY public\.notes \(body\) FROM stdin;\n--\n-- Name: evil; Type: EXTENSION; Schema: -; Owner: -\n\\\.\n/
  )
  assert.match(text, /-- PostgreSQL database dump complete\n--\n$/)
  // blanked, not deleted: psql's line numbers are the file's
  assert.equal(text.split('\n').length, SCRIPT.split('\n').length)
  assert.equal(text.split('\n')[30], '')
  assert.equal(text.split('\n')[21], SCRIPT.split('\n')[21])
})

test('the text psql gets is the text scanned: a blanked line that opened a dollar quote', async () => {
  // the line that opened the quote is in a skipped section: what follows
  // is no longer quoted, and the scan of the text psql gets finds the \!
  const hostile = join(dir, 'hostile.sql')
  await writeFile(
    hostile,
    [
      '--',
      '-- Name: plpgsql; Type: EXTENSION; Schema: -; Owner: -',
      '--',
      '',
      'CREATE EXTENSION IF NOT EXISTS plpgsql; SELECT $q$',
      '\\! touch /tmp/x',
      '$q$;',
      ''
    ].join('\n')
  )
  const whole = await scanPlainScript(hostile, new Set(['EXTENSION']))
  assert.deepEqual(whole.metaCommands, [])
  const pass = new ScriptPass(new Set(), [{ ...whole.sections[0], last: 5 }])
  const out = join(dir, 'hostile-out.sql')
  await writeScript(hostile, out, pass)
  assert.deepEqual(
    pass.metaCommands.map(m => [m.line, m.command]),
    [[6, '!']]
  )
  assert.equal((await readFile(out, 'utf8')).split('\n')[5], '\\! touch /tmp/x')
})

test('pg_dump’s own restrict lines are blanked, CR/LF ends COPY data, and bytes pass unchanged', async () => {
  const crlf = join(dir, 'crlf.sql')
  const bytes = Buffer.concat([
    Buffer.from(
      '\\restrict abc123\r\nCOPY t (x) FROM stdin;\r\n\\! row\r\n\\.\r\n'
    ),
    Buffer.from([0xe9, 0x0a]), // latin1 é: not UTF-8, kept as it is
    Buffer.from('\\! after\r\n\\unrestrict abc123\n')
  ])
  await writeFile(crlf, bytes)
  const pass = new ScriptPass(new Set())
  const out = join(dir, 'crlf-out.sql')
  await writeScript(crlf, out, pass)
  assert.deepEqual(
    pass.metaCommands.map(m => [m.line, m.command]),
    [[6, '!']]
  )
  const written = await readFile(out)
  const expected = Buffer.from(
    bytes
      .toString('latin1')
      .replace('\\restrict abc123\r', '')
      .replace('\\unrestrict abc123', ''),
    'latin1'
  )
  assert.deepEqual(written, expected)
})
