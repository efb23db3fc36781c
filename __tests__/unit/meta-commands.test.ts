// psql meta-commands found as psql's lexer finds them: a backslash outside
// quotes, dollar quotes, comments and COPY data, anywhere in a line.
import assert from 'node:assert/strict'
import { test } from 'node:test'
import { MetaCommandScanner } from '../../src/core/restore/meta-commands.ts'

function commands(script: string): string[] {
  const scanner = new MetaCommandScanner()
  return script
    .split('\n')
    .flatMap((line, i) => scanner.scan(line, i + 1))
    .map(m => `${m.line}:${m.command}`)
}

const cases: [string, string, string[]][] = [
  ['a shell', '\\! touch /tmp/x', ['1:!']],
  ['output to a file', 'SELECT 1;\n\\o /tmp/out', ['2:o']],
  ['write the buffer', '\\w /tmp/out', ['1:w']],
  ['\\g to a pipe, mid-line', 'SELECT 1 \\g |touch /tmp/x', ['1:g']],
  ['\\copy from a program', "\\copy t from program 'id'", ['1:copy']],
  ['an environment variable', '\\setenv PGPASSWORD x', ['1:setenv']],
  ['another file', '\\i /etc/passwd\n\\ir other.sql', ['1:i', '2:ir']],
  ['\\gexec', "SELECT '\\! id' \\gexec", ['1:gexec']],
  ['\\connect to another database', '\\connect other', ['1:connect']],
  [
    'pg_dump’s own restrict lines pass',
    '\\restrict abc\nSELECT 1;\n\\unrestrict abc',
    []
  ],
  ['a backslash in a string is data', "SELECT '\\! not a command';", []],
  ['an E-string escape', "SELECT E'it\\'s \\\\! fine';", []],
  ['a quote doubled in a string', "SELECT 'it''s \\o';", []],
  ['a quoted identifier', 'CREATE TABLE "a\\o"(x int);', []],
  [
    'a dollar-quoted body over lines',
    'CREATE FUNCTION f() RETURNS int AS $body$\nSELECT 1 -- \\! no\n\\! still the body\n$body$ LANGUAGE sql;',
    []
  ],
  ['after a dollar quote closes', 'SELECT $$x$$; \\! id', ['1:!']],
  ['a line comment', 'SELECT 1; -- \\! a comment', []],
  [
    'a nested block comment over lines',
    '/* a /* b */ \\! still\n*/ \\o x',
    ['2:o']
  ],
  [
    'COPY data lines are data',
    'COPY t (x) FROM stdin;\n\\! data\n\\.\n\\! after',
    ['4:!']
  ],
  [
    'COPY after comment lines, as pg_dump writes it',
    '--\n-- Data for Name: t; Type: TABLE DATA; Schema: public; Owner: -\n--\n\nCOPY public.t (x) FROM stdin;\n1\n\\.',
    []
  ],
  ['COPY over several lines', 'COPY t (x)\nFROM stdin;\n\\N\n\\.', []],
  [
    'pg_dump’s own SET standard_conforming_strings = on passes',
    'SET standard_conforming_strings = on;',
    []
  ],
  [
    'turning standard_conforming_strings off is refused',
    "SET standard_conforming_strings = off;\nSELECT 'a\\' ' \\! id';",
    ['1:standard_conforming_strings']
  ],
  [
    'so is set_config of it',
    "SELECT set_config('standard_conforming_strings', 'off', false);",
    ['1:standard_conforming_strings']
  ],
  ['a string left open over lines', "SELECT 'a\n\\! inside\n' ;", []]
]
for (const [name, script, expected] of cases) {
  test(`meta-commands: ${name}`, () => {
    assert.deepEqual(commands(script), expected)
  })
}
