// Reading a plain dump by its sections, and writing it without some, with
// data rows never taken for headers.
import assert from 'node:assert/strict'
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { after, before, test } from 'node:test'
import {
  scanPlainScript,
  withoutSections
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

test('writes the script without the given sections, and nothing else', async () => {
  const sections = (
    await scanPlainScript(file, new Set(['EXTENSION', 'COMMENT', 'TABLE DATA']))
  ).sections
  const out = join(dir, 'filtered.sql')
  await withoutSections(file, out, [sections[0], sections[1], sections[3]])
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
  assert.equal(text.split('\n').length, SCRIPT.split('\n').length - (5 + 5 + 6))
})
