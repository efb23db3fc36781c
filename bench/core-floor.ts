// The floor of measurement 6: a step that reads one input with
// @actions/core and fails on it, as the action does on a bad input, and
// nothing else. The benchmark bundles it with ncc as the action is bundled
// and times it beside the action: what it takes is what any action built on
// @actions/core takes to fail on its first input.
import * as core from '@actions/core'

core.setFailed(
  `InputError: Invalid 'mode' input '${core.getInput('mode')}'. Expected one of: dump, restore.`
)
