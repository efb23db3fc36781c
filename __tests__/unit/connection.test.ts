// Tests for src/core/connection.ts: libpq-compatible parsing of service names,
// key=value strings and URIs, password extraction, and leak-free errors.
import { test } from 'node:test'
import assert from 'node:assert/strict'
import {
  ConnectionStringError,
  parseConnection,
  quoteConninfoValue
} from '../../src/core/connection/parse.ts'
import type { ConnectionFields as Connection } from '../../src/core/connection/parse.ts'

interface ParseCase {
  name: string
  input: string
  dbname?: string
  expected: Connection
}

const parseCases: ParseCase[] = [
  // service names
  {
    name: 'a bare word is a service name',
    input: 'prod',
    expected: { conninfo: 'service=prod', service: 'prod' }
  },
  {
    name: 'a service name may contain a dash',
    input: 'my-service',
    expected: { conninfo: 'service=my-service', service: 'my-service' }
  },
  {
    name: 'a service name may be unicode',
    input: 'données-prod',
    expected: { conninfo: 'service=données-prod', service: 'données-prod' }
  },
  {
    name: 'whitespace around a service name is ignored',
    input: '  prod\n',
    expected: { conninfo: 'service=prod', service: 'prod' }
  },
  {
    name: 'a service name containing a space is quoted',
    input: 'my service',
    expected: { conninfo: "service='my service'", service: 'my service' }
  },
  {
    name: 'the dbname override is appended to a service name',
    input: 'prod',
    dbname: 'app',
    expected: {
      conninfo: 'service=prod dbname=app',
      service: 'prod',
      dbname: 'app'
    }
  },
  // key=value
  {
    name: 'a key=value string keeps its keys in order',
    input: 'host=localhost port=5432 dbname=app user=me',
    expected: {
      conninfo: 'host=localhost port=5432 dbname=app user=me',
      host: 'localhost',
      port: '5432',
      dbname: 'app'
    }
  },
  {
    name: 'whitespace around = is allowed',
    input: 'host = localhost   port= 5432\tdbname =app',
    expected: {
      conninfo: 'host=localhost port=5432 dbname=app',
      host: 'localhost',
      port: '5432',
      dbname: 'app'
    }
  },
  {
    name: 'tabs and newlines separate pairs',
    input: 'host=h\tport=5\ndbname=d\r\n',
    expected: {
      conninfo: 'host=h port=5 dbname=d',
      host: 'h',
      port: '5',
      dbname: 'd'
    }
  },
  {
    name: 'a quoted value may contain spaces',
    input: "host=h options='-c search_path=a,b -c work_mem=64MB'",
    expected: {
      conninfo: "host=h options='-c search_path=a,b -c work_mem=64MB'",
      host: 'h'
    }
  },
  {
    name: 'escaped quotes and backslashes in a quoted value survive',
    input: "dbname='it\\'s a \\\\ test'",
    expected: {
      conninfo: "dbname='it\\'s a \\\\ test'",
      dbname: "it's a \\ test"
    }
  },
  {
    name: 'a backslash escapes the next character in a bare value',
    input: "dbname=a\\ b\\'c\\\\d",
    expected: { conninfo: "dbname='a b\\'c\\\\d'", dbname: "a b'c\\d" }
  },
  {
    name: "an empty quoted value '' is kept",
    input: "host=h dbname=''",
    expected: { conninfo: "host=h dbname=''", host: 'h', dbname: '' }
  },
  {
    name: 'the password is extracted and left out of the conninfo',
    input: 'host=h password=s3cret dbname=app',
    expected: {
      conninfo: 'host=h dbname=app',
      password: 's3cret',
      host: 'h',
      dbname: 'app'
    }
  },
  {
    name: 'a quoted password with spaces and quotes is extracted',
    input: "password='correct \\'horse\\' battery' host=h",
    expected: {
      conninfo: 'host=h',
      password: "correct 'horse' battery",
      host: 'h'
    }
  },
  {
    name: 'the last of repeated keys wins, in the first position',
    input: 'host=a port=1 password=x host=b password=y',
    expected: { conninfo: 'host=b port=1', password: 'y', host: 'b', port: '1' }
  },
  {
    name: 'no whitespace is needed after a closing quote',
    input: "host='h'port=5",
    expected: { conninfo: 'host=h port=5', host: 'h', port: '5' }
  },
  {
    name: 'a blank after = makes the next word the value, as in libpq',
    input: 'host= port=5',
    expected: { conninfo: 'host=port=5', host: 'port=5' }
  },
  {
    name: 'unknown keywords are passed through',
    input: 'host=h frobnicate=yes',
    expected: { conninfo: 'host=h frobnicate=yes', host: 'h' }
  },
  {
    name: 'a :// inside a key=value password does not make it a URI',
    input: 'host=h password=ab://cd',
    expected: { conninfo: 'host=h', password: 'ab://cd', host: 'h' }
  },
  {
    name: 'service=… in a key=value string sets service',
    input: 'service=prod dbname=x',
    expected: {
      conninfo: 'service=prod dbname=x',
      service: 'prod',
      dbname: 'x'
    }
  },
  {
    name: 'the dbname override replaces dbname in place',
    input: 'host=h dbname=old port=1',
    dbname: 'new db',
    expected: {
      conninfo: "host=h dbname='new db' port=1",
      host: 'h',
      port: '1',
      dbname: 'new db'
    }
  },
  {
    name: 'the dbname override is appended when there is no dbname',
    input: 'host=h',
    dbname: 'new',
    expected: { conninfo: 'host=h dbname=new', host: 'h', dbname: 'new' }
  },
  {
    name: 'an empty dbname override is no override',
    input: 'host=h dbname=old',
    dbname: '',
    expected: { conninfo: 'host=h dbname=old', host: 'h', dbname: 'old' }
  },
  // URIs
  {
    name: 'a URI gives user, host, port and dbname, and its password',
    input: 'postgresql://alice:s3cret@db.example.com:5433/app',
    expected: {
      conninfo: 'user=alice host=db.example.com port=5433 dbname=app',
      password: 's3cret',
      host: 'db.example.com',
      port: '5433',
      dbname: 'app'
    }
  },
  {
    name: 'a percent-encoded password is decoded, with @:/?#&=% space and quote',
    input: 'postgresql://alice:p%40%3A%2F%3F%23%26%3D%25%20%27q@h/db',
    expected: {
      conninfo: 'user=alice host=h dbname=db',
      password: "p@:/?#&=% 'q",
      host: 'h',
      dbname: 'db'
    }
  },
  {
    name: 'a raw : inside the password is part of it',
    input: 'postgresql://alice:a:b@h',
    expected: { conninfo: 'user=alice host=h', password: 'a:b', host: 'h' }
  },
  {
    name: 'the postgres:// prefix is accepted',
    input: 'postgres://u:pw@h/db',
    expected: {
      conninfo: 'user=u host=h dbname=db',
      password: 'pw',
      host: 'h',
      dbname: 'db'
    }
  },
  {
    name: 'an IPv6 host in [...] loses its brackets',
    input: 'postgresql://[2001:db8::1]:5432/db',
    expected: {
      conninfo: 'host=2001:db8::1 port=5432 dbname=db',
      host: '2001:db8::1',
      port: '5432',
      dbname: 'db'
    }
  },
  {
    name: 'multiple hosts with ports become comma lists',
    input: 'postgresql://h1:5432,[::1]:5433/db',
    expected: {
      conninfo: 'host=h1,::1 port=5432,5433 dbname=db',
      host: 'h1,::1',
      port: '5432,5433',
      dbname: 'db'
    }
  },
  {
    name: 'a host without a port leaves an empty port entry',
    input: 'postgresql://h1:5432,h2/db',
    expected: {
      conninfo: 'host=h1,h2 port=5432, dbname=db',
      host: 'h1,h2',
      port: '5432,',
      dbname: 'db'
    }
  },
  {
    name: 'multiple hosts without ports keep an all-empty port list, as in libpq',
    input: 'postgresql://h1,h2/db',
    expected: {
      conninfo: 'host=h1,h2 port=, dbname=db',
      host: 'h1,h2',
      port: ',',
      dbname: 'db'
    }
  },
  {
    name: 'a percent-encoded host is a unix socket directory',
    input: 'postgresql://%2Fvar%2Frun%2Fpostgresql/db',
    expected: {
      conninfo: 'host=/var/run/postgresql dbname=db',
      host: '/var/run/postgresql',
      dbname: 'db'
    }
  },
  {
    name: 'a unix socket directory may come as ?host=',
    input: 'postgresql:///db?host=/tmp',
    expected: { conninfo: 'dbname=db host=/tmp', host: '/tmp', dbname: 'db' }
  },
  {
    name: 'query parameters become decoded conninfo keys',
    input:
      'postgresql://h/db?sslmode=require&application_name=pg%20dumper&connect_timeout=5',
    expected: {
      conninfo:
        "host=h dbname=db sslmode=require application_name='pg dumper' connect_timeout=5",
      host: 'h',
      dbname: 'db'
    }
  },
  {
    name: 'a ?password= parameter is extracted',
    input: 'postgresql://u@h/db?password=p%26w&sslmode=disable',
    expected: {
      conninfo: 'user=u host=h dbname=db sslmode=disable',
      password: 'p&w',
      host: 'h',
      dbname: 'db'
    }
  },
  {
    name: '?password= wins over the userinfo password',
    input: 'postgresql://u:old@h?password=new',
    expected: { conninfo: 'user=u host=h', password: 'new', host: 'h' }
  },
  {
    name: 'a URI without a host gives only the dbname',
    input: 'postgresql:///mydb',
    expected: { conninfo: 'dbname=mydb', dbname: 'mydb' }
  },
  {
    name: 'a bare postgresql:// means all defaults',
    input: 'postgresql://',
    expected: { conninfo: '' }
  },
  {
    name: 'userinfo without a password is fine',
    input: 'postgresql://alice@h/db',
    expected: {
      conninfo: 'user=alice host=h dbname=db',
      host: 'h',
      dbname: 'db'
    }
  },
  {
    name: 'an empty userinfo password is no password',
    input: 'postgresql://alice:@h',
    expected: { conninfo: 'user=alice host=h', host: 'h' }
  },
  {
    name: 'the dbname override replaces the URI path in place',
    input: 'postgresql://u:pw@h/old?sslmode=require',
    dbname: 'new',
    expected: {
      conninfo: 'user=u host=h dbname=new sslmode=require',
      password: 'pw',
      host: 'h',
      dbname: 'new'
    }
  },
  {
    name: 'the dbname override is appended to a URI without a path',
    input: 'postgresql://h?sslmode=require',
    dbname: 'new',
    expected: {
      conninfo: 'host=h sslmode=require dbname=new',
      host: 'h',
      dbname: 'new'
    }
  },
  {
    name: '?dbname= overrides the URI path',
    input: 'postgresql://h/a?dbname=b',
    expected: { conninfo: 'host=h dbname=b', host: 'h', dbname: 'b' }
  },
  {
    name: 'ssl=true means sslmode=require, as in libpq',
    input: 'postgresql://h/db?ssl=true',
    expected: {
      conninfo: 'host=h dbname=db sslmode=require',
      host: 'h',
      dbname: 'db'
    }
  },
  {
    name: '+ is not a space and # is not a fragment in a libpq URI',
    input: 'postgresql://h/db#1?application_name=a+b',
    expected: {
      conninfo: 'host=h dbname=db#1 application_name=a+b',
      host: 'h',
      dbname: 'db#1'
    }
  },
  {
    name: 'percent-encoded UTF-8 is decoded',
    input: 'postgresql://h/d%C3%A9mo',
    expected: { conninfo: 'host=h dbname=démo', host: 'h', dbname: 'démo' }
  },
  {
    name: 'a trailing newline after a URI is ignored',
    input: 'postgresql://u:pw@h/db\n',
    expected: {
      conninfo: 'user=u host=h dbname=db',
      password: 'pw',
      host: 'h',
      dbname: 'db'
    }
  }
]

for (const c of parseCases) {
  void test(`parseConnection: ${c.name}`, () => {
    assert.deepEqual(parseConnection(c.input, c.dbname), c.expected)
  })
}

interface ErrorCase {
  name: string
  input: string
  dbname?: string
  message: RegExp
  /** strings the message must not contain, besides the raw input */
  secrets?: string[]
}

const errorCases: ErrorCase[] = [
  {
    name: 'an empty string is rejected',
    input: '',
    message: /empty; expected a service name, a key=value/
  },
  {
    name: 'a whitespace-only string is rejected',
    input: ' \t\n ',
    message: /empty/
  },
  {
    name: 'a mysql:// URI is rejected, naming the accepted schemes',
    input: 'mysql://root:hunter2@h/db',
    message:
      /unsupported URI scheme 'mysql:\/\/'.*'postgresql:\/\/' or 'postgres:\/\/'/,
    secrets: ['hunter2']
  },
  {
    name: 'a JDBC URI is rejected with a hint',
    input: 'jdbc:postgresql://h/db?password=hunter2',
    message: /drop the 'jdbc:' prefix/,
    secrets: ['hunter2']
  },
  {
    name: 'the URI scheme is case-sensitive, as in libpq',
    input: 'POSTGRESQL://u:hunter2@h/db',
    message: /unsupported URI scheme/,
    secrets: ['hunter2']
  },
  {
    name: 'an unterminated quote names the keyword',
    input: "host=h password='hunter2",
    message:
      /unterminated quoted value for 'password' \(the quote opens at position 17\)/,
    secrets: ['hunter2']
  },
  {
    name: 'a quote ended by a backslash is unterminated',
    input: "host=h password='hunter2\\'",
    message: /unterminated quoted value for 'password'/,
    secrets: ['hunter2']
  },
  {
    name: 'an unknown keyword is not named in a message',
    input: "host=h password=hunter two='x",
    message: /unterminated quoted value for the keyword at position 24/,
    secrets: ['hunter', 'two=']
  },
  {
    name: 'a word without = in a key=value string is rejected by position',
    input: 'host=h hunter2 dbname=x',
    message: /expected key=value at position 8 .*found a word without '='/,
    secrets: ['hunter2']
  },
  {
    name: 'an unquoted password with spaces is rejected without echoing it',
    input: 'password=correct horse battery host=h',
    message: /expected key=value at position 18/,
    secrets: ['correct', 'horse', 'battery']
  },
  {
    name: 'a keyword that is not lowercase letters and underscores is rejected',
    input: 'host=h Port=5',
    message: /invalid keyword at position 8/
  },
  {
    name: 'a bad percent-escape in the password is rejected',
    input: 'postgresql://u:hunter2%zz@h/db',
    message: /invalid percent-encoding in the password at position 23/,
    secrets: ['hunter2']
  },
  {
    name: 'a truncated percent-escape is rejected',
    input: 'postgresql://u:hunter2@h/db%2',
    message: /invalid percent-encoding in the database name at position 28/,
    secrets: ['hunter2']
  },
  {
    name: '%00 is rejected',
    input: 'postgresql://u:hunter2%00@h',
    message: /%00 at position 23 .* in the password/,
    secrets: ['hunter2']
  },
  {
    name: 'percent-encoded bytes that are not UTF-8 are rejected',
    input: 'postgresql://u:hunter2%FF@h',
    message: /not valid UTF-8/,
    secrets: ['hunter2']
  },
  {
    name: 'an unterminated IPv6 address is rejected',
    input: 'postgresql://u:hunter2@[::1/db',
    message: /unterminated IPv6 address .* position 24/,
    secrets: ['hunter2']
  },
  {
    name: 'an empty IPv6 address is rejected',
    input: 'postgresql://u:hunter2@[]/db',
    message: /empty IPv6 address/,
    secrets: ['hunter2']
  },
  {
    name: 'junk after an IPv6 address is rejected',
    input: 'postgresql://u:hunter2@[::1]x/db',
    message: /unexpected character at position 29/,
    secrets: ['hunter2']
  },
  {
    name: 'a query parameter without = is rejected',
    input: 'postgresql://h/db?hunter2',
    message: /query parameter 1 of the URI \(at position 19\) is not key=value/,
    secrets: ['hunter2']
  },
  {
    name: 'a raw = in a query value is rejected, as in libpq',
    input: 'postgresql://h/db?sslmode=require&password=a=hunter2',
    message: /query parameter 2 .* second '='; percent-encode it as %3D/,
    secrets: ['hunter2']
  },
  {
    name: 'a NUL character is rejected',
    input: 'host=h password=hunter2\0x',
    message: /NUL character/,
    secrets: ['hunter2']
  }
]

for (const c of errorCases) {
  void test(`parseConnection error: ${c.name}`, () => {
    assert.throws(
      () => parseConnection(c.input, c.dbname),
      (error: unknown) => {
        assert.ok(error instanceof ConnectionStringError)
        assert.equal(error.name, 'ConnectionStringError')
        assert.match(error.message, c.message)
        if (c.input.trim() !== '') {
          assert.ok(!error.message.includes(c.input), 'message leaks the input')
        }
        for (const secret of c.secrets ?? []) {
          assert.ok(!error.message.includes(secret), `message leaks ${secret}`)
        }
        return true
      }
    )
  })
}

const quoteCases: { name: string; value: string; expected: string }[] = [
  {
    name: 'a plain value stays bare',
    value: 'localhost',
    expected: 'localhost'
  },
  { name: 'an empty value is quoted', value: '', expected: "''" },
  { name: 'a value with a space is quoted', value: 'a b', expected: "'a b'" },
  { name: 'a tab forces quoting', value: 'a\tb', expected: "'a\tb'" },
  { name: 'a quote is escaped', value: "it's", expected: "'it\\'s'" },
  { name: 'a backslash is escaped', value: 'C:\\x', expected: "'C:\\\\x'" },
  { name: '= and , stay bare', value: 'a=b,c', expected: 'a=b,c' },
  { name: 'unicode stays bare', value: 'démo', expected: 'démo' },
  {
    name: 'a non-breaking space is not C whitespace',
    value: 'a\u00a0b',
    expected: 'a\u00a0b'
  }
]

for (const c of quoteCases) {
  void test(`quoteConninfoValue: ${c.name}`, () => {
    assert.equal(quoteConninfoValue(c.value), c.expected)
  })
}

void test('quoteConninfoValue: a NUL character is rejected', () => {
  assert.throws(() => quoteConninfoValue('a\0b'), ConnectionStringError)
})

const nastyValues = [
  "it's",
  '\\',
  "\\'",
  "'\\''",
  'trailing\\',
  'two words',
  ' leading and trailing ',
  'semi;colon',
  'new\nline',
  'cr\r\ntab\t',
  'ünïcødé 🔑',
  '-leading-dash',
  '--dbname=evil',
  '$(id) `id`',
  'a=b',
  '=',
  '"double"',
  '%41%',
  'postgresql://u:p@h',
  ''
]

for (const v of nastyValues) {
  void test(`round-trip: password and dbname ${JSON.stringify(v)}`, () => {
    const quoted = quoteConninfoValue(v)
    const parsed = parseConnection(`host=h dbname=${quoted} password=${quoted}`)
    assert.equal(parsed.password, v)
    assert.equal(parsed.conninfo, `host=h dbname=${quoted}`)
    assert.deepEqual(parseConnection(parsed.conninfo), {
      conninfo: parsed.conninfo,
      host: 'h',
      dbname: v
    })
  })
}
