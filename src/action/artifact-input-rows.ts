// The registry's rows of the artifact inputs (input-registry.ts): how a dump
// goes up and is pruned, and which artifact a restore takes.
import { artifactName, branch, workflow } from './artifact-parsers.ts'
import {
  boolean,
  duration,
  repository,
  runId,
  text,
  wholeNumber,
  zipLevel
} from './input-parsers.ts'
import type { InputRow } from './input-names.ts'

const row = <T>(input: InputRow<T>): InputRow<T> => input
const dump = 'dump' as const
const restore = 'restore' as const

/** The artifact inputs, in action.yml's order. */
export const ARTIFACT_INPUTS = {
  'artifact-name': row({
    about:
      'dump: upload as this [artifact](#artifacts); restore: take the dump from it',
    parse: artifactName
  }),
  'retention-days': row({
    mode: dump,
    artifact: true,
    about:
      "dump: days to keep the artifact, 1–400 (empty: the repository's default)",
    parse: wholeNumber([1, 400]),
    checkedEverywhere: true
  }),
  'compression-level': row({
    mode: dump,
    artifact: true,
    default: 'auto',
    about:
      'dump: `auto`: compressed dumps go up as they are, the rest zipped at 6; or `0`–`9`',
    parse: zipLevel,
    checkedEverywhere: true
  }),
  overwrite: row({
    mode: dump,
    artifact: true,
    default: 'false',
    about:
      'dump: replace an artifact of that name in this run (else a clash fails)',
    parse: boolean,
    checkedEverywhere: true
  }),
  keep: row({
    mode: dump,
    artifact: true,
    about:
      'dump: delete older artifacts of that name beyond the newest N ([pruning](#pruning))',
    parse: wholeNumber([1, 10_000]),
    checkedEverywhere: true
  }),
  'run-id': row({
    mode: restore,
    artifact: true,
    about:
      "restore: empty for this run, a run's id, or `latest`: the newest of that name",
    parse: runId
  }),
  'github-token': row({
    artifact: true,
    about:
      'for `run-id`, `actions: read` (`${{ github.token }}`); for `keep`, write; masked',
    parse: text,
    secret: true,
    alongside: {
      mode: dump,
      input: 'keep',
      when: 'missing',
      notice:
        "'github-token' is used on a dump only with 'keep' (to delete older artifacts)."
    }
  }),
  repository: row({
    mode: restore,
    artifact: true,
    about:
      'restore: `owner/name` to take the artifact from (empty: this repository)',
    parse: repository
  }),
  'max-age': row({
    mode: restore,
    artifact: true,
    about:
      'restore, `run-id: latest`: fail when the newest is older (`26h`, `2d`, `1h30m`)',
    parse: duration
  }),
  branch: row({
    mode: restore,
    artifact: true,
    about:
      'restore, `run-id: latest`: the newest uploaded by a run of this branch',
    parse: branch
  }),
  workflow: row({
    artifact: true,
    about:
      '`run-id: latest` and `keep`: only runs of this workflow file (`nightly.yml`)',
    parse: workflow,
    alongside: {
      mode: dump,
      input: 'keep',
      when: 'missing',
      notice:
        "'workflow' is used on a dump only with 'keep' (which artifacts it counts)."
    }
  })
}
