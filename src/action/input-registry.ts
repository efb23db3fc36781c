// The action's inputs, one row each: where it applies, action.yml's default,
// its parser (with its bounds) and the one line the README's table gives it.
// The readers, the "only applies to" notices and the checks against
// action.yml and the README come from these rows; read-input.ts is the one
// place that reads an input.
import { LIMITS } from '../core/index.ts'
import { ARTIFACT_INPUTS } from './artifact-input-rows.ts'
import { releaseTag } from './release-tag.ts'
import { S3_INPUTS } from './s3-input-rows.ts'
import { identity, recipients } from './encryption-inputs.ts'
import { formats } from './format-inputs.ts'
import {
  boolean,
  compression,
  copies,
  databaseNames,
  folder,
  listInput,
  maybeBoolean,
  oneOf,
  patterns,
  text,
  wholeNumber
} from './input-parsers.ts'
import {
  INSTALL_CLIENT,
  MODES,
  type InputName,
  type InputRow
} from './input-names.ts'
import { scrub } from './scrub-input.ts'
import { verify, verifyConnection } from './verify-inputs.ts'

const row = <T>(input: InputRow<T>): InputRow<T> => input
const dump = 'dump' as const
const restore = 'restore' as const

/** Every input, in action.yml's order. */
export const REGISTRY = {
  mode: row({ about: '`dump` or `restore`', parse: oneOf(MODES) }),
  connection: row({
    about:
      'a service name or connection string (`key=value …`, `postgresql://…`); masked',
    parse: text,
    secret: true
  }),
  service: row({
    about: 'a pg_service.conf service name, instead of `connection`',
    parse: text
  }),
  // its file is checked once the connection's secrets are masked
  'service-file': row({
    about: 'path of a pg_service.conf (sets `PGSERVICEFILE` for the tools)',
    parse: text
  }),
  dbname: row({
    about:
      "database name overriding the connection's; [several](#whole-clusters): each dumped",
    parse: databaseNames
  }),
  file: row({
    about:
      'dump: where (empty: `backup.<ext>`), may hold `{dbname}` `{ext}`; restore: the dump',
    parse: text
  }),
  format: row({
    mode: dump,
    about:
      'dump: `custom` (when empty), `plain`, `directory`, `tar`, a list; restore reads it',
    parse: formats,
    checkedEverywhere: true
  }),
  // pg_dump patterns at dump, exact names at restore
  'exclude-schemas': row({
    about:
      'schemas to leave out, at dump or at restore ([schema lists](#schema-lists))',
    parse: value => value
  }),
  schemas: row({
    mode: dump,
    about: 'dump: only these schemas',
    parse: patterns
  }),
  'exclude-table-data': row({
    mode: dump,
    about: 'dump: tables kept without their rows (pg_dump patterns: `audit.*`)',
    parse: patterns
  }),
  scrub: row({
    mode: dump,
    about:
      'dump: SQL (a file, or inline) run in a [copy](#scrubbed-fixtures), dumped instead',
    parse: scrub
  }),
  verify: row({
    mode: dump,
    default: 'archive',
    about:
      'dump: `restore` also [drills](#restore-drills) it; `archive`: the read-back alone',
    parse: verify,
    checkedEverywhere: true
  }),
  'verify-connection': row({
    mode: dump,
    about:
      'dump with `verify: restore`: the server the drill restores on (CREATEDB); masked',
    parse: verifyConnection,
    secret: true,
    alongside: {
      mode: dump,
      input: 'verify',
      when: 'missing',
      notice:
        "'verify-connection' only applies together with 'verify: restore'."
    }
  }),
  jobs: row({
    default: '1',
    about:
      'parallel jobs: pg_dump for `directory`, pg_restore for custom and directory',
    parse: wholeNumber(LIMITS.jobs)
  }),
  compress: row({
    mode: dump,
    about:
      'dump: `gzip[:1-9]` (when empty) or a bare `0`–`9`; `lz4`, `zstd` (PG 16+); `none`',
    parse: compression,
    checkedEverywhere: true
  }),
  databases: row({
    mode: restore,
    about:
      'restore into each of these, (re)created ([many databases](#many-test-databases))',
    parse: copies,
    given: value => listInput(value).length > 0,
    alongside: {
      mode: restore,
      input: 'dbname',
      when: 'given',
      notice:
        "'databases' names the databases to restore into: 'dbname' is not used."
    }
  }),
  'ignore-errors': row({
    mode: restore,
    default: 'false',
    about:
      'restore: succeed although errors were reported, counted in `ignored-errors`',
    parse: boolean,
    checkedEverywhere: true
  }),
  'pg-bin-dir': row({
    about:
      "the client tools' folder (empty: [chosen to match](#postgresql-versions))",
    parse: folder
  }),
  'pg-version': row({
    about:
      'use a client of this major (e.g. `17`), installing it if needed and allowed',
    parse: wholeNumber(LIMITS.pgVersion)
  }),
  'install-client': row({
    default: 'auto',
    about:
      '`auto`: install a matching client with apt when none fits; `never`: fail instead',
    parse: oneOf(INSTALL_CLIENT)
  }),
  'wait-timeout': row({
    default: '30',
    about:
      'seconds to wait for the server to accept connections; `0` tries once',
    parse: wholeNumber(LIMITS.waitSeconds)
  }),
  // where dumps are kept
  ...ARTIFACT_INPUTS,
  release: row({
    about:
      "dump: attach the files to the tag's [release](#releases); restore: its asset `file`",
    parse: releaseTag
  }),
  ...S3_INPUTS,
  'single-transaction': row({
    mode: restore,
    default: 'false',
    about: 'restore: all or nothing, stopping at the first error',
    parse: boolean,
    checkedEverywhere: true
  }),
  clean: row({
    mode: restore,
    default: 'false',
    about:
      'restore: drop the dumped objects first (`--clean --if-exists`; archives only)',
    parse: boolean,
    checkedEverywhere: true
  }),
  'create-database': row({
    mode: restore,
    default: 'false',
    about: 'restore: create the target database when it does not exist',
    parse: boolean,
    checkedEverywhere: true
  }),
  // restore's plain scripts, and a dump's scrub script
  'allow-meta-commands': row({
    default: 'false',
    about:
      'plain SQL restore, `scrub`: allow psql meta-commands (`\\!`, `\\o`…): trusted only',
    parse: boolean,
    alongside: {
      mode: dump,
      input: 'scrub',
      when: 'missing',
      notice:
        "'allow-meta-commands' applies to a dump only together with 'scrub'."
    }
  }),
  'encrypt-to': row({
    mode: dump,
    about:
      'dump: age public keys (`age1…`), one per line: [encrypted](#encrypted-dumps) dump',
    parse: recipients,
    checkedEverywhere: true
  }),
  'decrypt-key': row({
    mode: restore,
    about:
      'restore: the age secret key of an encrypted dump; pass it from `secrets`; masked',
    parse: identity,
    secret: true,
    checkedEverywhere: true
  }),
  // empty at restore: apply the globals the dump has beside it
  globals: row({
    about:
      '`true`: also roles and tablespaces; restore: `false` skips ([how](#whole-clusters))',
    parse: maybeBoolean,
    given: (value, name) => boolean(value, name)
  }),
  'role-passwords': row({
    mode: dump,
    default: 'false',
    about:
      "dump with `globals`: keep the roles' password hashes (needs a superuser)",
    parse: boolean,
    checkedEverywhere: true,
    alongside: {
      mode: dump,
      input: 'globals',
      when: 'missing',
      notice: "'role-passwords' only applies together with 'globals: true'."
    }
  }),
  // PUM's defaults: --no-owner --no-privileges
  owner: row({
    default: 'false',
    about:
      '`true`: keep who owns each object (no `--no-owner`), at dump and at restore',
    parse: boolean,
    checkedEverywhere: true
  }),
  // a restore applies the GRANTs an archive holds: nothing to choose there
  privileges: row({
    mode: dump,
    default: 'false',
    about:
      'dump: `true` keeps the GRANTs (no `--no-privileges`); a restore applies them',
    parse: boolean,
    checkedEverywhere: true
  })
} satisfies Record<InputName, InputRow>

/** Every row, by name. */
export const ROWS: Readonly<Record<InputName, InputRow>> = REGISTRY

/** The value type of an input. */
export type InputValue<N extends InputName> = ReturnType<
  (typeof REGISTRY)[N]['parse']
>

/**
 * The defaults action.yml gives. The runner sets an INPUT_* variable for
 * each whether the workflow gave the input or not, so "given" means "differs
 * from its default".
 */
export const DEFAULTS: Partial<Record<InputName, string>> = Object.fromEntries(
  Object.entries(ROWS)
    .filter(([, row]) => row.default !== undefined)
    .map(([name, row]) => [name, row.default])
)
