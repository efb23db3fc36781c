// The waiting policy on scripted psql answers (the real servers are in
// core/wait.test.ts): retried while the server is not up, given up at the
// deadline, and reported at once when waiting cannot help.
import assert from 'node:assert/strict'
import { test } from 'node:test'
import {
  versionDespiteQuestion,
  waitForServer
} from '../../src/core/connection/wait.ts'
import type { ToolResult } from '../../src/core/process/runner.ts'
import { captureLogger } from '../../test-support/capture-logger.ts'

const ok: ToolResult = { exitCode: 0, stdout: '160004', stderr: '' }
const refused: ToolResult = {
  exitCode: 2,
  stdout: '',
  stderr:
    'psql: error: connection to server at "127.0.0.1", port 5999 failed: Connection refused'
}
const badPassword: ToolResult = {
  exitCode: 2,
  stdout: '',
  stderr:
    'psql: error: connection to server at "127.0.0.1", port 5432 failed: FATAL:  password authentication failed for user "app"'
}

/** An attempt answering each of `answers` in turn, then the last one again. */
function scripted(...answers: ToolResult[]) {
  let calls = 0
  const attempt = () =>
    Promise.resolve(answers[Math.min(calls++, answers.length - 1)])
  return { attempt, calls: () => calls }
}

const wait = (attempt: () => Promise<ToolResult>, timeoutMs: number) => {
  const logger = captureLogger()
  const outcome = waitForServer(attempt, {
    timeoutMs,
    logger,
    describe: '127.0.0.1:5999',
    pollMs: 20
  })
  return { logger, outcome }
}

test('a server that accepts at once is asked once, and nothing is logged', async () => {
  const { logger, outcome } = wait(scripted(ok).attempt, 5000)
  assert.deepEqual(await outcome, { ok: true, result: ok, attempts: 1 })
  assert.deepEqual(logger.lines, [])
})

test('a refused connection is retried until the server accepts, each retry logged at debug', async () => {
  const { logger, outcome } = wait(
    scripted(refused, refused, refused, ok).attempt,
    5000
  )
  const done = await outcome
  assert.equal(done.ok, true)
  assert.equal(done.attempts, 4)
  const debug = logger.lines.filter(l => l.level === 'debug')
  assert.equal(debug.length, 3)
  assert.match(
    debug[0].message,
    /^Connecting to 127\.0\.0\.1:5999: attempt 1 failed \(not reachable yet\), next in 20 ms$/
  )
  assert.match(
    logger.text(),
    /info: Waiting up to 5 s for 127\.0\.0\.1:5999 to accept connections \(not reachable yet\)…\n/
  )
  assert.match(
    logger.text(),
    /info: 127\.0\.0\.1:5999 accepts connections after \d+\.\d s$/
  )
})

test('a bad password is reported after one attempt', async () => {
  const script = scripted(badPassword, ok)
  const done = await wait(script.attempt, 5000).outcome
  assert.equal(done.ok, false)
  assert.equal(!done.ok && done.problem, 'authentication')
  assert.equal(script.calls(), 1)
})

test('a server that never comes up is given up on at the deadline, after an attempt at it', async () => {
  const script = scripted(refused)
  const started = performance.now()
  const done = await wait(script.attempt, 300).outcome
  const ms = performance.now() - started
  assert.equal(done.ok, false)
  assert.equal(!done.ok && done.problem, 'unreachable')
  assert.deepEqual(!done.ok && done.result, refused)
  assert.ok(ms >= 300 && ms < 1000, `took ${ms} ms`)
  assert.ok(script.calls() >= 5, `${script.calls()} attempts`)
})

test('wait-timeout 0 makes one attempt', async () => {
  const script = scripted(refused, ok)
  const done = await wait(script.attempt, 0).outcome
  assert.equal(done.ok, false)
  assert.equal(done.attempts, 1)
  assert.equal(script.calls(), 1)
})

test('an error the attempt throws is thrown at once, not retried', async () => {
  let calls = 0
  const attempt = () => {
    calls++
    return Promise.reject(new Error('psql was cancelled'))
  }
  await assert.rejects(wait(attempt, 5000).outcome, /psql was cancelled/)
  assert.equal(calls, 1)
})

test('a question asked with the check that fails: connected all the same, with the version alone', () => {
  const failedQuestion: ToolResult = {
    exitCode: 1,
    stdout: '15.18 (Debian 15.18-0+deb12u1)\n',
    stderr: 'ERROR:  permission denied for table t'
  }
  assert.deepEqual(versionDespiteQuestion(failedQuestion, true), {
    ...failedQuestion,
    exitCode: 0,
    stdout: '15.18 (Debian 15.18-0+deb12u1)\n'
  })
  // no question asked: a failure is the check's own
  assert.equal(versionDespiteQuestion(failedQuestion, false), failedQuestion)
  // not connected: nothing printed
  assert.equal(versionDespiteQuestion(refused, true), refused)
  // both answered: as it is
  const both: ToolResult = {
    exitCode: 0,
    stdout: '15.18\n{"user" : "app"}\n',
    stderr: ''
  }
  assert.equal(versionDespiteQuestion(both, true), both)
})
